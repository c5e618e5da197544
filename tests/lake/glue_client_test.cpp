// The Glue client against a Glue-speaking server of our own (cpp-httplib): what moto does
// not do — pages with NextToken, throttling, 5xx, 403 and expired credentials.
#include "lake/aws/glue.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/error.hpp"

namespace lakedev::lake::aws {
namespace {

using Json = nlohmann::json;

// Answers Glue calls with `respond(target, body, request number)`.
class FakeGlue {
 public:
  using Responder = std::function<void(const std::string&, const Json&, int, httplib::Response&)>;
  explicit FakeGlue(Responder respond) : respond_(std::move(respond)) {
    server_.Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      int n = ++requests_;
      std::string auth = req.get_header_value("Authorization");
      if (!auth.starts_with("AWS4-HMAC-SHA256 Credential=AKID/") ||
          auth.find("/eu-west-1/glue/aws4_request") == std::string::npos ||
          req.get_header_value("Content-Type") != "application/x-amz-json-1.1") {
        res.status = 400;
        res.set_content(R"({"__type":"IncompleteSignatureException","message":"bad"})",
                        "application/x-amz-json-1.1");
        return;
      }
      std::string target = req.get_header_value("X-Amz-Target");
      respond_(target.substr(target.find('.') + 1), Json::parse(req.body), n, res);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeGlue() {
    server_.stop();
    thread_.join();
  }
  GlueSettings Settings() const {
    GlueSettings s;
    s.endpoint = "http://127.0.0.1:" + std::to_string(port_) + "/";
    s.region = "eu-west-1";
    s.credentials = {"AKID", "SECRET", "", "test keys"};
    s.retry.base_delay = std::chrono::milliseconds(1);
    s.retry.max_delay = std::chrono::milliseconds(5);
    return s;
  }
  int requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  Responder respond_;
  httplib::Server server_;
  std::thread thread_;
  std::mutex mu_;
  int port_ = 0;
  int requests_ = 0;
};

void Reply(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/x-amz-json-1.1");
}

// 250 tables in pages of at most MaxResults (100); every third is not Iceberg.
void PagedTables(const std::string& op, const Json& body, int, httplib::Response& res) {
  ASSERT_EQ(op, "GetTables");
  ASSERT_LE(body.value("MaxResults", 1000), 100);
  int start = body.contains("NextToken") ? std::stoi(body["NextToken"].get<std::string>()) : 0;
  int end = std::min(start + body.value("MaxResults", 100), 250);
  Json page = {{"TableList", Json::array()}};
  for (int i = start; i < end; ++i) {
    Json t = {{"Name", "t" + std::to_string(i)}, {"DatabaseName", body["DatabaseName"]}};
    if (i % 3) {
      t["Parameters"] = {{"table_type", i % 2 ? "ICEBERG" : "iceberg"},
                         {"metadata_location", "s3://b/t" + std::to_string(i) + "/m.json"}};
    }
    page["TableList"].push_back(t);
  }
  if (end < 250) page["NextToken"] = std::to_string(end);
  Reply(res, 200, page);
}

TEST(GlueClient, FollowsNextTokenThroughEveryPage) {
  FakeGlue glue(PagedTables);
  GlueClient client(glue.Settings());
  auto tables = client.GetTables("raw");
  ASSERT_EQ(tables.size(), 250u);
  EXPECT_EQ(tables.front().name, "t0");
  EXPECT_EQ(tables.back().name, "t249");
  EXPECT_EQ(client.requests(), 3);

  GlueCatalog catalog(glue.Settings());
  auto iceberg = catalog.ListTables("raw");
  EXPECT_EQ(iceberg.size(), 166u);  // the 2 of every 3 with Parameters, either spelling
  EXPECT_EQ(iceberg[0].name, "t1");
  EXPECT_EQ(iceberg[0].metadata_location, "s3://b/t1/m.json");
}

TEST(GlueClient, RetriesThrottlingAndServerErrors) {
  FakeGlue glue([](const std::string& op, const Json& body, int n, httplib::Response& res) {
    if (n == 1)
      return Reply(res, 400, {{"__type", "ThrottlingException"}, {"message", "Rate exceeded"}});
    if (n == 2) return Reply(res, 503, {{"message", "Service Unavailable"}});
    Reply(res, 200, {{"DatabaseList", {{{"Name", "raw"}}, {{"Name", "staging"}}}}});
  });
  GlueClient client(glue.Settings());
  EXPECT_EQ(client.GetDatabases(), (std::vector<std::string>{"raw", "staging"}));
  EXPECT_EQ(glue.requests(), 3);
}

Error CallFails(FakeGlue& glue) {
  try {
    GlueClient(glue.Settings()).GetTables("raw");
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return Error(ErrorKind::kInternal, "");
}

TEST(GlueClient, PersistentThrottlingGivesUpWithAFix) {
  FakeGlue glue([](const std::string&, const Json&, int, httplib::Response& res) {
    Reply(res, 400,
          {{"__type", "com.amazonaws.glue#ThrottlingException"}, {"message", "Rate exceeded"}});
  });
  Error e = CallFails(glue);
  EXPECT_EQ(glue.requests(), 5);
  EXPECT_NE(e.message().find("Glue GetTables database raw failed (HTTP 400, ThrottlingException)"),
            std::string::npos)
      << e.message();
  EXPECT_NE(e.fix().find("gave up after 5 attempts"), std::string::npos) << e.fix();
}

TEST(GlueClient, AccessDeniedNamesThePermission) {
  FakeGlue glue([](const std::string&, const Json&, int, httplib::Response& res) {
    Reply(res, 400,
          {{"__type", "AccessDeniedException"},
           {"Message",
            "User: arn:aws:iam::1:user/me is not authorized to perform: "
            "glue:GetTables"}});
  });
  Error e = CallFails(glue);
  EXPECT_EQ(glue.requests(), 1);  // not retried
  EXPECT_NE(e.message().find("not authorized to perform: glue:GetTables"), std::string::npos);
  EXPECT_NE(e.fix().find("(test keys) lack glue:GetTables on database raw"), std::string::npos)
      << e.fix();
}

TEST(GlueClient, ExpiredTokenSaysRefresh) {
  FakeGlue glue([](const std::string&, const Json&, int, httplib::Response& res) {
    Reply(res, 400,
          {{"__type", "ExpiredTokenException"},
           {"message", "The security token included in the request is expired"}});
  });
  Error e = CallFails(glue);
  EXPECT_NE(e.fix().find("invalid or expired; refresh them"), std::string::npos) << e.fix();
  EXPECT_EQ(e.message().find("SECRET"), std::string::npos);
  EXPECT_EQ(e.fix().find("SECRET"), std::string::npos);
}

TEST(GlueClient, InjectedForbiddenWithoutBody) {
  FakeGlue glue([](const std::string&, const Json&, int, httplib::Response& res) {
    res.status = 403;
    res.set_content("Forbidden", "text/plain");
  });
  Error e = CallFails(glue);
  EXPECT_NE(e.message().find("HTTP 403"), std::string::npos);
  EXPECT_NE(e.fix().find("lack glue:GetTables"), std::string::npos);
}

}  // namespace
}  // namespace lakedev::lake::aws
