#include "lake/rest_catalog.hpp"

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "lake/workers.hpp"

namespace lakedev::lake {

namespace {

using Json = nlohmann::json;

Json ParseJson(const std::string& body, const std::string& what) {
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    throw Error(ErrorKind::kIo, what + ": the catalog did not answer with JSON", {},
                "check the catalog `uri:`");
  }
  return j;
}

}  // namespace

std::string RestNamespacePath(const std::string& database) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t dot = database.find('.', start);
    out += PercentEncode(database.substr(start, dot - start));
    if (dot == std::string::npos) break;
    out += "%1F";
    start = dot + 1;
  }
  return out;
}

RestSettings ReadRestSettings(const CatalogConfig& config) {
  auto opt = [&](const char* key) {
    auto it = config.options.find(key);
    return it == config.options.end() ? std::string() : it->second;
  };
  RestSettings s;
  s.uri = opt("uri");
  while (s.uri.ends_with("/"))
    s.uri.pop_back();
  ParseUrl(s.uri);
  s.warehouse = opt("warehouse");
  s.credential = opt("credential");
  s.token = opt("token");
  if (!opt("scope").empty()) s.scope = opt("scope");
  return s;
}

std::string RestCatalog::Bearer() {
  std::lock_guard lock(mu_);
  if (!s_.token.empty()) return s_.token;
  if (s_.credential.empty() || !bearer_.empty()) return bearer_;
  size_t colon = s_.credential.find(':');
  std::string id = colon == std::string::npos ? "" : s_.credential.substr(0, colon);
  std::string secret = colon == std::string::npos ? s_.credential : s_.credential.substr(colon + 1);
  HttpRequest r{"POST",
                s_.uri + "/v1/oauth/tokens",
                {{"Content-Type", "application/x-www-form-urlencoded"}},
                "grant_type=client_credentials&client_id=" + PercentEncode(id) + "&client_secret=" +
                    PercentEncode(secret) + "&scope=" + PercentEncode(s_.scope)};
  HttpClient http(s_.retry);
  HttpResponse resp = http.Send(r, "REST catalog OAuth2 token");
  Json j = ParseJson(resp.body, "REST catalog OAuth2 token");
  if (resp.status != 200 || !j.contains("access_token")) {
    // Never echo the request: it holds the secret.
    throw Error(ErrorKind::kConfig,
                "the REST catalog refused the credential (HTTP " + std::to_string(resp.status) +
                    (j.contains("error") ? ", " + j["error"].dump() : "") + ")",
                {}, "check `credential: <client id>:<client secret>` of the catalog");
  }
  bearer_ = j["access_token"].get<std::string>();
  return bearer_;
}

std::string RestCatalog::Base() {
  {
    std::lock_guard lock(mu_);
    if (prefix_) return s_.uri + "/v1" + (prefix_->empty() ? "" : "/" + *prefix_);
  }
  std::string path =
      "/v1/config" + (s_.warehouse.empty() ? "" : "?warehouse=" + PercentEncode(s_.warehouse));
  Json config = ParseJson(Get(s_.uri + path, "REST catalog config"), "REST catalog config");
  std::string prefix;
  for (const char* part : {"defaults", "overrides"}) {
    if (config.contains(part) && config[part].contains("prefix"))
      prefix = config[part]["prefix"].get<std::string>();
  }
  std::lock_guard lock(mu_);
  prefix_ = prefix;
  return s_.uri + "/v1" + (prefix.empty() ? "" : "/" + prefix);
}

std::string RestCatalog::Get(const std::string& url, const std::string& what) {
  HttpRequest r{"GET", url, {{"Accept", "application/json"}}, ""};
  std::string bearer = Bearer();
  if (!bearer.empty()) r.headers.emplace_back("Authorization", "Bearer " + bearer);
  HttpClient http(s_.retry);
  HttpResponse resp = http.Send(r, what);
  if (resp.status == 200) return resp.body;
  Json j = Json::parse(resp.body, nullptr, false);
  std::string message;
  if (j.is_object() && j.contains("error") && j["error"].is_object())
    message = j["error"].value("message", "");
  std::string fix = resp.status == 401 || resp.status == 403
                        ? "check the catalog's `token:` or `credential:` and what it may read"
                    : resp.status == 404 ? "check the name; `lakedev sources register --dry-run` "
                                           "shows what the catalog lists"
                                         : "";
  throw Error(ErrorKind::kConfig,
              what + " failed (HTTP " + std::to_string(resp.status) + ")" +
                  (message.empty() ? "" : ": " + message),
              {}, fix);
}

std::vector<std::string> RestCatalog::ListDatabases() {
  std::vector<std::string> out;
  std::string token;
  do {
    std::string url =
        Base() + "/namespaces" + (token.empty() ? "" : "?pageToken=" + PercentEncode(token));
    Json page = ParseJson(Get(url, "REST catalog list namespaces"), "list namespaces");
    for (const auto& ns : page.value("namespaces", Json::array())) {
      std::string name;
      for (const auto& level : ns)
        name += (name.empty() ? "" : ".") + level.get<std::string>();
      out.push_back(name);
    }
    token = page.contains("next-page-token") && page["next-page-token"].is_string()
                ? page["next-page-token"].get<std::string>()
                : "";
  } while (!token.empty());
  return out;
}

void RestCatalog::RememberStorage(const std::string& body) {
  Json j = ParseJson(body, "load table");
  if (!j.contains("config") || !j["config"].is_object()) return;
  const Json& c = j["config"];
  if (!c.contains("s3.access-key-id")) return;
  StorageAccess a{c.value("s3.access-key-id", ""), c.value("s3.secret-access-key", ""),
                  c.value("s3.session-token", ""),
                  c.value("client.region", c.value("s3.region", "")), c.value("s3.endpoint", "")};
  std::lock_guard lock(mu_);
  storage_ = a;
}

std::string RestCatalog::LoadTable(const std::string& database, const std::string& table) {
  std::string body =
      Get(Base() + "/namespaces/" + RestNamespacePath(database) + "/tables/" + PercentEncode(table),
          "REST catalog load table " + database + "." + table);
  RememberStorage(body);
  Json j = ParseJson(body, "load table");
  return j.value("metadata-location", "");
}

std::vector<CatalogTable> RestCatalog::ListTables(const std::string& database) {
  std::vector<std::string> names;
  std::string token;
  do {
    std::string url = Base() + "/namespaces/" + RestNamespacePath(database) + "/tables" +
                      (token.empty() ? "" : "?pageToken=" + PercentEncode(token));
    Json page = ParseJson(Get(url, "REST catalog list tables of " + database), "list tables");
    for (const auto& id : page.value("identifiers", Json::array()))
      names.push_back(id.at("name").get<std::string>());
    token = page.contains("next-page-token") && page["next-page-token"].is_string()
                ? page["next-page-token"].get<std::string>()
                : "";
  } while (!token.empty());
  // The listing gives names only; each table's metadata location takes one load.
  std::vector<CatalogTable> out(names.size());
  RunParallel(names.size(), 8, [&](size_t i) {
    out[i] = {database, names[i], LoadTable(database, names[i])};
  });
  return out;
}

std::optional<StorageAccess> RestCatalog::Storage() const {
  std::lock_guard lock(const_cast<std::mutex&>(mu_));
  return storage_;
}

}  // namespace lakedev::lake
