// The DuckDB secret through which views read a catalog's files in S3. Temporary: it lives
// in the connection, so no credential is ever written into the database file.
#pragma once

#include <string>

#include "adapters/duckdb/database.hpp"
#include "lake/catalog.hpp"

namespace lakedev::lake {

// CREATE OR REPLACE TEMPORARY SECRET lakedev_<catalog> (TYPE s3, ...). Errors never show
// the statement (it holds the secret).
void CreateStorageSecret(duckdb::Connection& conn, const std::string& catalog,
                         const StorageAccess& access);

// The statement, for tests.
std::string StorageSecretSql(const std::string& catalog, const StorageAccess& access);

}  // namespace lakedev::lake
