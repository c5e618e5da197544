// api.Relation as dbt-duckdb renders it: "database"."schema"."identifier", each part
// quoted unless its quote policy says no, parts left out by include(...).
#pragma once

#include <string>

#include "jinja/value.hpp"

namespace lakedev::context {

struct RelationParts {
  std::string database;
  std::string schema;
  std::string identifier;
  std::string type;  // "table", "view", "cte", "" (unknown)
  bool quote_database = true;
  bool quote_schema = true;
  bool quote_identifier = true;
  bool include_database = true;
  bool include_schema = true;
  bool include_identifier = true;
  bool limit_zero = false;  // --empty: the relation read as no rows
  // A microbatch batch's filter on the relation's event_time: the relation renders as
  // (select * from <relation> where <filter>).
  std::string event_time_filter;
};

// The rendered relation ("db"."schema"."name"), as str(relation) gives it.
std::string RenderRelation(const RelationParts& parts);

// A quoting config ({database: false, ...}; a null or missing key keeps the default)
// over a relation's quote policy.
void ApplyQuoting(const jinja::Value& quoting, RelationParts& parts);

class RelationObject : public jinja::Object, public std::enable_shared_from_this<RelationObject> {
 public:
  explicit RelationObject(RelationParts parts) : parts_(std::move(parts)) {}
  std::string TypeName() const override { return "DuckDBRelation"; }
  std::optional<jinja::Value> GetAttr(std::string_view name) override;
  std::string Repr() const override { return "<DuckDBRelation " + Str() + ">"; }
  std::string Str() const override { return RenderRelation(parts_); }
  // dbt's relations are Mappings whose `metadata` says what they are (dbt_utils checks
  // `obj is mapping and obj.get('metadata', {}).get('type', '').endswith('Relation')`).
  bool IsMapping() const override { return true; }
  std::optional<jinja::Value> GetItem(const jinja::Value& key) override;
  const RelationParts& parts() const { return parts_; }

 private:
  jinja::Value Metadata() const;
  RelationParts parts_;
};

jinja::Value MakeRelation(RelationParts parts);

// The api.Relation object (api.Relation.create(database=, schema=, identifier=, type=)).
jinja::Value RelationApi();

}  // namespace lakedev::context
