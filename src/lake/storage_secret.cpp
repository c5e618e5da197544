#include "lake/storage_secret.hpp"

#include "lake/http.hpp"
#include "lake/registry.hpp"

namespace lakedev::lake {

std::string StorageSecretSql(const std::string& catalog, const StorageAccess& a) {
  std::string sql = "CREATE OR REPLACE TEMPORARY SECRET " + QuoteIdentifier("lakedev_" + catalog) +
                    " (TYPE s3, KEY_ID " + QuoteString(a.key_id) + ", SECRET " +
                    QuoteString(a.secret);
  if (!a.session_token.empty()) sql += ", SESSION_TOKEN " + QuoteString(a.session_token);
  if (!a.region.empty()) sql += ", REGION " + QuoteString(a.region);
  if (!a.endpoint.empty()) {
    Url u = ParseUrl(a.endpoint);
    sql += ", ENDPOINT " + QuoteString(u.Authority()) + ", URL_STYLE 'path', USE_SSL " +
           (u.scheme == "https" ? "true" : "false");
  }
  return sql + ")";
}

void CreateStorageSecret(duckdb::Connection& conn, const std::string& catalog,
                         const StorageAccess& access) {
  try {
    conn.Query(StorageSecretSql(catalog, access));
  } catch (const Error& e) {
    // DuckDB may quote the statement back; keep only its first line, which does not.
    std::string first = e.message().substr(0, e.message().find('\n'));
    if (first.find(access.secret) != std::string::npos) first = "(message withheld)";
    throw Error(ErrorKind::kDatabase,
                "cannot create the S3 secret for catalog '" + catalog + "': " + first, {},
                "check that the httpfs extension loads (lakedev debug)");
  }
}

}  // namespace lakedev::lake
