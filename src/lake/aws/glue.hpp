// The AWS Glue Data Catalog's JSON API (GetDatabases, GetTables with NextToken paging,
// GetTable), signed with SigV4, and a Catalog over it: Iceberg tables are those whose
// Parameters say table_type = ICEBERG and give a metadata_location.
#pragma once

#include <string>
#include <vector>

#include "lake/aws/credentials.hpp"
#include "lake/catalog.hpp"
#include "lake/http.hpp"

namespace lakedev::lake::aws {

struct GlueTable {
  std::string database;
  std::string name;
  std::string table_type;         // Parameters.table_type ("ICEBERG", or empty)
  std::string metadata_location;  // Parameters.metadata_location
};

struct GlueSettings {
  std::string endpoint;  // https://glue.<region>.amazonaws.com unless overridden
  std::string region;
  std::string catalog_id;   // empty: the caller's account
  std::string s3_endpoint;  // empty: AWS's
  AwsCredentials credentials;
  RetryPolicy retry;
};

class GlueClient {
 public:
  explicit GlueClient(GlueSettings settings) : s_(std::move(settings)) {}
  std::vector<std::string> GetDatabases();
  std::vector<GlueTable> GetTables(const std::string& database);
  GlueTable GetTable(const std::string& database, const std::string& table);
  // Requests sent so far (pages included), for tests.
  int requests() const { return requests_; }

 private:
  std::string Call(const std::string& operation, const std::string& body,
                   const std::string& resource);
  GlueSettings s_;
  int requests_ = 0;
};

// Settings for a `type: glue` catalog: region, endpoint, catalog_id and profile from its
// configuration, the rest from the AWS chain (environment, ~/.aws files, STS).
GlueSettings ResolveGlueSettings(const CatalogConfig& config);

class GlueCatalog : public Catalog {
 public:
  explicit GlueCatalog(GlueSettings settings) : settings_(std::move(settings)) {}
  std::vector<std::string> ListDatabases() override;
  std::vector<CatalogTable> ListTables(const std::string& database) override;
  std::optional<StorageAccess> Storage() const override;

 private:
  GlueSettings settings_;
};

}  // namespace lakedev::lake::aws
