// An Iceberg REST catalog (the Iceberg REST OpenAPI spec): GET /v1/config for the prefix,
// namespaces and tables listed with page tokens, each table loaded for its metadata
// location. Authentication: a bearer `token:`, or `credential: <client id>:<secret>`
// exchanged at POST /v1/oauth/tokens (OAuth2 client credentials). Storage credentials the
// catalog vends with a table (s3.access-key-id, ...) are what DuckDB reads S3 with.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "lake/catalog.hpp"
#include "lake/http.hpp"

namespace lakedev::lake {

struct RestSettings {
  std::string uri;         // https://host/api/catalog (without /v1)
  std::string warehouse;   // sent to /v1/config
  std::string credential;  // "client_id:client_secret"
  std::string token;       // a bearer token, used as is
  std::string scope = "PRINCIPAL_ROLE:ALL";
  RetryPolicy retry;
};

RestSettings ReadRestSettings(const CatalogConfig& config);

class RestCatalog : public Catalog {
 public:
  explicit RestCatalog(RestSettings settings) : s_(std::move(settings)) {}
  std::vector<std::string> ListDatabases() override;
  std::vector<CatalogTable> ListTables(const std::string& database) override;
  std::optional<StorageAccess> Storage() const override;

  // The metadata location of one table (GET .../tables/{table}).
  std::string LoadTable(const std::string& database, const std::string& table);

 private:
  // GET or POST under the catalog's base; throws Error naming `what` on failure.
  std::string Get(const std::string& path, const std::string& what);
  std::string Base();  // uri + "/v1" + ("/" + prefix), after reading /v1/config once
  std::string Bearer();
  void RememberStorage(const std::string& load_table_json);

  RestSettings s_;
  std::mutex mu_;  // the token, the prefix and vended credentials are shared by workers
  std::optional<std::string> prefix_;
  std::string bearer_;
  std::optional<StorageAccess> storage_;
};

// "a.b" -> "a%1Fb": a multi-level namespace in a REST path.
std::string RestNamespacePath(const std::string& database);

}  // namespace lakedev::lake
