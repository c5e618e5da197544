#include "adapters/relation_cache.hpp"

#include <cctype>

namespace lakedev::adapters {

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

RelationCache::Key RelationCache::SchemaKey(const std::string& database,
                                            const std::string& schema) {
  return {Lower(database), Lower(schema)};
}

std::map<std::string, RelationInfo>& RelationCache::Schema(Session& session,
                                                           const std::string& database,
                                                           const std::string& schema) {
  Key key = SchemaKey(database, schema);
  auto it = schemas_.find(key);
  if (it != schemas_.end()) return it->second;
  std::map<std::string, RelationInfo> listed;
  for (auto& r : session.ListRelations(database, schema))
    listed[Lower(r.identifier)] = r;
  return schemas_[key] = std::move(listed);
}

std::optional<RelationInfo> RelationCache::Get(Session& session, const std::string& database,
                                               const std::string& schema,
                                               const std::string& identifier) {
  std::lock_guard lock(mu_);
  auto& relations = Schema(session, database, schema);
  auto it = relations.find(Lower(identifier));
  if (it == relations.end()) return std::nullopt;
  return it->second;
}

std::vector<RelationInfo> RelationCache::List(Session& session, const std::string& database,
                                              const std::string& schema) {
  std::lock_guard lock(mu_);
  std::vector<RelationInfo> out;
  for (const auto& [name, r] : Schema(session, database, schema))
    out.push_back(r);
  return out;
}

void RelationCache::Add(const RelationInfo& relation) {
  std::lock_guard lock(mu_);
  auto it = schemas_.find(SchemaKey(relation.database, relation.schema));
  // A schema never listed is listed when first asked, and will include it then.
  if (it != schemas_.end()) it->second[Lower(relation.identifier)] = relation;
}

void RelationCache::Drop(const std::string& database, const std::string& schema,
                         const std::string& identifier) {
  std::lock_guard lock(mu_);
  auto it = schemas_.find(SchemaKey(database, schema));
  if (it != schemas_.end()) it->second.erase(Lower(identifier));
}

void RelationCache::Rename(const RelationInfo& from, const RelationInfo& to) {
  std::lock_guard lock(mu_);
  auto it = schemas_.find(SchemaKey(from.database, from.schema));
  std::optional<RelationInfo> moved;
  if (it != schemas_.end()) {
    auto r = it->second.find(Lower(from.identifier));
    if (r != it->second.end()) {
      moved = r->second;
      it->second.erase(r);
    }
  }
  auto dest = schemas_.find(SchemaKey(to.database, to.schema));
  if (dest == schemas_.end()) return;
  RelationInfo info = to;
  if (info.type.empty() && moved) info.type = moved->type;
  dest->second[Lower(to.identifier)] = info;
}

void RelationCache::DropSchema(const std::string& database, const std::string& schema) {
  std::lock_guard lock(mu_);
  schemas_[SchemaKey(database, schema)].clear();
}

void RelationCache::AddSchema(const std::string& database, const std::string& schema) {
  std::lock_guard lock(mu_);
  schemas_.try_emplace(SchemaKey(database, schema));
}

void RelationCache::Clear() {
  std::lock_guard lock(mu_);
  schemas_.clear();
}

}  // namespace lakedev::adapters
