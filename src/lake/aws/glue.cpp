#include "lake/aws/glue.hpp"

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "lake/aws/sts.hpp"

namespace lakedev::lake::aws {

namespace {

using Json = nlohmann::json;

// "com.amazonaws.glue#EntityNotFoundException" -> "EntityNotFoundException".
std::string ErrorType(const Json& body) {
  std::string t = body.value("__type", std::string());
  if (size_t hash = t.rfind('#'); hash != std::string::npos) t = t.substr(hash + 1);
  if (size_t colon = t.find(':'); colon != std::string::npos) t = t.substr(0, colon);
  return t;
}

std::string ErrorMessage(const Json& body) {
  if (body.contains("message") && body["message"].is_string()) return body["message"];
  if (body.contains("Message") && body["Message"].is_string()) return body["Message"];
  return "";
}

bool Throttled(const HttpResponse& r) {
  if (r.status == 429 || r.status >= 500) return true;
  if (r.status != 400) return false;
  return r.body.find("ThrottlingException") != std::string::npos ||
         r.body.find("TooManyRequestsException") != std::string::npos ||
         r.body.find("RequestLimitExceeded") != std::string::npos;
}

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string GlueClient::Call(const std::string& operation, const std::string& body,
                             const std::string& resource) {
  HttpRequest request{
      "POST",
      s_.endpoint,
      {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", "AWSGlue." + operation}},
      body};
  HttpClient http(s_.retry);
  std::string what = "Glue " + operation + " " + resource;
  HttpResponse r = http.Send(
      request, what,
      [&](HttpRequest& req) {
        ++requests_;
        SignV4(req, s_.credentials, {s_.region, "glue"});
      },
      Throttled);
  if (r.status == 200) return r.body;

  Json err = Json::parse(r.body, nullptr, false);
  std::string type = err.is_object() ? ErrorType(err) : "";
  std::string message = err.is_object() ? ErrorMessage(err) : "";
  std::string text = what + " failed (HTTP " + std::to_string(r.status) +
                     (type.empty() ? "" : ", " + type) + ")" +
                     (message.empty() ? "" : ": " + message);
  std::string fix;
  if (type == "AccessDeniedException" || r.status == 403) {
    fix = "the credentials (" + s_.credentials.source + ") lack glue:" + operation + " on " +
          resource + "; ask for it (registration also needs glue:GetDatabase(s), glue:GetTable(s)" +
          " and s3:GetObject on the tables' data)";
  } else if (type == "EntityNotFoundException") {
    fix = "check the name, the region (" + s_.region + ")" +
          (s_.catalog_id.empty() ? "" : " and catalog_id (" + s_.catalog_id + ")") +
          "; `aws glue get-databases` lists what there is";
  } else if (type == "ExpiredTokenException" || type == "UnrecognizedClientException" ||
             type == "InvalidSignatureException" || type == "IncompleteSignatureException" ||
             type == "SignatureDoesNotMatch") {
    fix = "the credentials (" + s_.credentials.source +
          ") are invalid or expired; refresh them (aws sso login, new keys) and run again";
  } else if (Throttled(r)) {
    fix = "Glue is throttling or failing (gave up after " + std::to_string(http.last_attempts()) +
          " attempts); run again later, or with fewer --workers";
  }
  throw Error(ErrorKind::kConfig, text, {}, fix);
}

std::vector<std::string> GlueClient::GetDatabases() {
  std::vector<std::string> out;
  std::string token;
  do {
    Json body = {{"MaxResults", 100}};
    if (!s_.catalog_id.empty()) body["CatalogId"] = s_.catalog_id;
    if (!token.empty()) body["NextToken"] = token;
    Json page = Json::parse(Call("GetDatabases", body.dump(), "the catalog"));
    for (const auto& d : page.value("DatabaseList", Json::array()))
      out.push_back(d.value("Name", std::string()));
    token = page.value("NextToken", std::string());
  } while (!token.empty());
  return out;
}

namespace {

GlueTable FromJson(const std::string& database, const Json& t) {
  GlueTable g{database, t.value("Name", std::string()), "", ""};
  if (t.contains("Parameters") && t["Parameters"].is_object()) {
    const Json& p = t["Parameters"];
    g.table_type = p.value("table_type", std::string());
    g.metadata_location = p.value("metadata_location", std::string());
  }
  return g;
}

}  // namespace

std::vector<GlueTable> GlueClient::GetTables(const std::string& database) {
  std::vector<GlueTable> out;
  std::string token;
  do {
    Json body = {{"DatabaseName", database}, {"MaxResults", 100}};
    if (!s_.catalog_id.empty()) body["CatalogId"] = s_.catalog_id;
    if (!token.empty()) body["NextToken"] = token;
    Json page = Json::parse(Call("GetTables", body.dump(), "database " + database));
    for (const auto& t : page.value("TableList", Json::array()))
      out.push_back(FromJson(database, t));
    token = page.value("NextToken", std::string());
  } while (!token.empty());
  return out;
}

GlueTable GlueClient::GetTable(const std::string& database, const std::string& table) {
  Json body = {{"DatabaseName", database}, {"Name", table}};
  if (!s_.catalog_id.empty()) body["CatalogId"] = s_.catalog_id;
  Json r = Json::parse(Call("GetTable", body.dump(), "table " + database + "." + table));
  return FromJson(database, r.value("Table", Json::object()));
}

GlueSettings ResolveGlueSettings(const CatalogConfig& config) {
  auto opt = [&](const char* key) {
    auto it = config.options.find(key);
    return it == config.options.end() ? std::string() : it->second;
  };
  AwsSettings aws{opt("profile"), opt("region")};
  AwsFiles files = AwsFiles::Load();
  GlueSettings s;
  s.region = ResolveRegion(aws, files);
  if (s.region.empty()) {
    throw Error(ErrorKind::kConfig, "glue catalog '" + config.name + "' has no region", config.at,
                "add `region:` to the catalog, or set AWS_REGION");
  }
  s.endpoint = opt("endpoint");
  if (s.endpoint.empty()) s.endpoint = EndpointOverride("glue", aws, files);
  if (s.endpoint.empty()) s.endpoint = "https://glue." + s.region + ".amazonaws.com/";
  ParseUrl(s.endpoint);  // a bad endpoint fails here, before any request
  s.catalog_id = opt("catalog_id");
  s.s3_endpoint = opt("s3_endpoint");
  if (s.s3_endpoint.empty()) s.s3_endpoint = EndpointOverride("s3", aws, files);
  s.credentials = ResolveCredentials(aws, files, AssumeRole);
  return s;
}

std::optional<StorageAccess> GlueCatalog::Storage() const {
  const AwsCredentials& c = settings_.credentials;
  return StorageAccess{c.access_key_id, c.secret_access_key, c.session_token, settings_.region,
                       settings_.s3_endpoint};
}

std::vector<std::string> GlueCatalog::ListDatabases() {
  return GlueClient(settings_).GetDatabases();
}

std::vector<CatalogTable> GlueCatalog::ListTables(const std::string& database) {
  std::vector<CatalogTable> out;
  for (GlueTable& t : GlueClient(settings_).GetTables(database)) {
    if (Lower(t.table_type) != "iceberg" || t.metadata_location.empty()) continue;
    out.push_back({database, std::move(t.name), std::move(t.metadata_location)});
  }
  return out;
}

}  // namespace lakedev::lake::aws
