// SigV4 against botocore: sigv4_cases.json is what botocore's signer produced for each
// request (tests/lake/sigv4_oracle.py writes it; ctest re-runs it with --check).
#include "lake/aws/sigv4.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/paths.hpp"

namespace lakedev::lake::aws {
namespace {

TEST(SigV4, MatchesBotocore) {
  auto cases = nlohmann::json::parse(ReadFile(LAKEDEV_TESTS_DIR "/lake/sigv4_cases.json"));
  ASSERT_GE(cases.size(), 10u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c["name"].get<std::string>());
    HttpRequest r;
    r.method = c["method"];
    r.url = c["url"];
    r.body = c["body"];
    for (const auto& h : c["headers"])
      r.headers.emplace_back(h[0], h[1]);
    AwsCredentials creds{c["access_key_id"], c["secret_access_key"], c["session_token"], "test"};
    SigningScope scope{c["region"], c["service"]};
    const auto& want = c["expected"];

    HttpRequest with_date = r;
    with_date.headers.emplace_back("Host", ParseUrl(r.url).Authority());
    with_date.headers.emplace_back("X-Amz-Date", c["amz_date"].get<std::string>());
    if (!creds.session_token.empty())
      with_date.headers.emplace_back("X-Amz-Security-Token", creds.session_token);
    if (scope.service == "s3")
      with_date.headers.emplace_back("X-Amz-Content-Sha256", Sha256Hex(r.body));
    EXPECT_EQ(CanonicalRequest(with_date, scope), want["canonical_request"].get<std::string>());

    SignV4(r, creds, scope, c["amz_date"]);
    std::string authorization;
    for (const auto& [k, v] : r.headers) {
      if (k == "Authorization") authorization = v;
      if (k == "X-Amz-Content-Sha256") {
        EXPECT_EQ(v, want["x_amz_content_sha256"]);
      }
    }
    EXPECT_EQ(authorization, want["authorization"].get<std::string>());
  }
}

TEST(SigV4, SecretNeverAppearsInHeaders) {
  HttpRequest r{"POST", "https://glue.us-east-1.amazonaws.com/", {}, "{}"};
  SignV4(r, {"AKID", "SECRET-VALUE", "", "test"}, {"us-east-1", "glue"}, "20260101T000000Z");
  for (const auto& [k, v] : r.headers)
    EXPECT_EQ(v.find("SECRET-VALUE"), std::string::npos) << k;
}

TEST(ParseUrl, PartsAndAuthority) {
  Url u = ParseUrl("http://127.0.0.1:5057/iceberg/v1?x=1");
  EXPECT_EQ(u.host, "127.0.0.1");
  EXPECT_EQ(u.port, 5057);
  EXPECT_EQ(u.path, "/iceberg/v1");
  EXPECT_EQ(u.query, "x=1");
  EXPECT_EQ(u.Authority(), "127.0.0.1:5057");
  EXPECT_EQ(ParseUrl("https://glue.us-east-1.amazonaws.com:443").Authority(),
            "glue.us-east-1.amazonaws.com");
  EXPECT_EQ(ParseUrl("https://h").path, "/");
  EXPECT_THROW(ParseUrl("glue.amazonaws.com"), Error);
  EXPECT_THROW(ParseUrl("ftp://x/"), Error);
}

}  // namespace
}  // namespace lakedev::lake::aws

namespace lakedev::lake::aws {
namespace {

// The worked example of AWS's SigV4 documentation ("Examples of the complete Signature
// Version 4 signing process": IAM ListUsers, 2015-08-30).
TEST(SigV4, AwsDocumentationExample) {
  HttpRequest r{"GET",
                "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
                {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
                ""};
  SignV4(r, {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", "docs"},
         {"us-east-1", "iam"}, "20150830T123600Z");
  EXPECT_EQ(r.headers.back().second,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

}  // namespace
}  // namespace lakedev::lake::aws
