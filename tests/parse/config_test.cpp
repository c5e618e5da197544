// Config merging, as dbt-core 1.11.16 merged the layers of a model observed with
// `dbt parse` (two config() calls over a properties file; see the expectations).
#include "parse/config.hpp"

#include <gtest/gtest.h>

#include "jinja/json.hpp"

namespace lakedev::parse {
namespace {

jinja::Dict FromJson(const char* text) {
  jinja::Value v = jinja::FromJson(text);
  jinja::Dict d;
  for (const auto& [k, x] : v.AsDict().entries())
    d.Set(k, x);
  return d;
}

std::string Repr(const jinja::Dict& d, const char* key) {
  return d.Find(key)->Repr();
}

TEST(MergeConfig, AppendUpdateAndReplaceAsDbt) {
  jinja::Dict config = FromJson(R"({"tags": [], "meta": {}, "persist_docs": {}, "grants": {}})");
  MergeConfig(config, FromJson(R"({"materialized": "incremental", "persist_docs": {"other": true},
                                    "grants": {"select": ["yml"]}})"));
  MergeConfig(config,
              FromJson(R"({"tags": ["a"], "meta": {"x": 1}, "persist_docs": {"relation": true},
                                    "grants": {"select": ["u1"]}, "materialized": "table"})"));
  MergeConfig(config, FromJson(R"({"tags": "b", "meta": {"y": 2}, "persist_docs": {"columns": true},
                                    "grants": {"+select": ["u2"], "insert": "u3"}})"));
  EXPECT_EQ(Repr(config, "materialized"), "'table'");
  EXPECT_EQ(Repr(config, "tags"), "['a', 'b']");
  EXPECT_EQ(Repr(config, "meta"), "{'x': 1, 'y': 2}");
  EXPECT_EQ(Repr(config, "persist_docs"), "{'columns': True}");
  EXPECT_EQ(Repr(config, "grants"), "{'select': ['u1', 'u2'], 'insert': ['u3']}");
}

TEST(MergeConfig, TagsAreNotDeduplicated) {
  jinja::Dict config = FromJson(R"({"tags": ["root_tag"]})");
  MergeConfig(config, FromJson(R"({"tags": ["root_tag", "sql_tag"]})"));
  EXPECT_EQ(Repr(config, "tags"), "['root_tag', 'root_tag', 'sql_tag']");
}

TEST(NormalizeConfigKeys, UnderscoreHooksBecomeDashed) {
  jinja::Dict config = FromJson(R"({"pre_hook": "select 1"})");
  NormalizeConfigKeys(config);
  EXPECT_EQ(config.Find("pre_hook"), nullptr);
  EXPECT_EQ(Repr(config, "pre-hook"), "'select 1'");
}

}  // namespace
}  // namespace lakedev::parse
