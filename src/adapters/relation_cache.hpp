// dbt's relation cache: the relations of each schema, listed from the database once (on
// first use) and then kept current as nodes create, rename and drop relations, so that
// materializations ask "does this exist?" without a query each time. Shared by the worker
// threads. Names compare case-insensitively (DuckDB's and Trino's unquoted identifiers).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"

namespace lakedev::adapters {

class RelationCache {
 public:
  // The relation, listing its schema through `session` if the cache has not seen it yet.
  std::optional<RelationInfo> Get(Session& session, const std::string& database,
                                  const std::string& schema, const std::string& identifier);
  std::vector<RelationInfo> List(Session& session, const std::string& database,
                                 const std::string& schema);
  void Add(const RelationInfo& relation);
  void Drop(const std::string& database, const std::string& schema, const std::string& identifier);
  void Rename(const RelationInfo& from, const RelationInfo& to);
  void DropSchema(const std::string& database, const std::string& schema);
  // A schema created now is known to be empty.
  void AddSchema(const std::string& database, const std::string& schema);
  // Forgets everything (after a rolled-back transaction the listing may be stale).
  void Clear();

 private:
  using Key = std::pair<std::string, std::string>;  // lower-case (database, schema)
  static Key SchemaKey(const std::string& database, const std::string& schema);
  std::map<std::string, RelationInfo>& Schema(Session& session, const std::string& database,
                                              const std::string& schema);

  std::mutex mu_;
  std::map<Key, std::map<std::string, RelationInfo>> schemas_;  // by lower-case identifier
};

std::string Lower(std::string s);

}  // namespace lakedev::adapters
