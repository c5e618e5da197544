#include "lake/plan.hpp"

#include <gtest/gtest.h>

namespace lakedev::lake {
namespace {

CatalogConfig Glue() {
  CatalogConfig c;
  c.name = "glue";
  c.type = CatalogType::kGlue;
  return c;
}

PlanRequest Request(const CatalogConfig& catalog, std::vector<CatalogTable> tables) {
  PlanRequest r;
  r.catalog = &catalog;
  r.view_schema = "main";
  r.view_name_template = "{catalog}__{database}__{table}";
  r.databases = {"raw"};
  r.tables = std::move(tables);
  r.now = "2026-01-01 00:00:00";
  return r;
}

Registration Row(std::string table, std::string location) {
  return {"main",         "glue__raw__" + table,  "glue", "raw", table, location,
          "iceberg_scan", "2025-01-01T00:00:00Z", ""};
}

std::vector<ChangeKind> Kinds(const std::vector<Change>& changes) {
  std::vector<ChangeKind> out;
  for (const auto& c : changes)
    out.push_back(c.kind);
  return out;
}

TEST(MakePlan, AddsReplacesAndKeeps) {
  CatalogConfig glue = Glue();
  auto plan = MakePlan(
      Request(glue,
              {{"raw", "a", "s3://m/a2"}, {"raw", "b", "s3://m/b1"}, {"raw", "c", "s3://m/c1"}}),
      {Row("a", "s3://m/a1"), Row("b", "s3://m/b1")}, {});
  ASSERT_EQ(Kinds(plan), (std::vector<ChangeKind>{ChangeKind::kReplace, ChangeKind::kUnchanged,
                                                  ChangeKind::kAdd}));
  EXPECT_EQ(plan[0].previous_location, "s3://m/a1");
  EXPECT_EQ(plan[0].row.metadata_location, "s3://m/a2");
  EXPECT_EQ(plan[0].row.registered_at, "2026-01-01 00:00:00");
  EXPECT_EQ(plan[1].row.registered_at, "2025-01-01T00:00:00Z");  // untouched
  EXPECT_EQ(plan[2].row.view_name, "glue__raw__c");
}

TEST(MakePlan, SnapshotSelectionIsKeptUnlessGiven) {
  CatalogConfig glue = Glue();
  Registration pinned = Row("a", "s3://m/a1");
  pinned.snapshot = "id:42";
  PlanRequest r = Request(glue, {{"raw", "a", "s3://m/a2"}});
  auto plan = MakePlan(r, {pinned}, {});
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].kind, ChangeKind::kReplace);
  EXPECT_EQ(plan[0].row.snapshot, "id:42");  // a new metadata file, the same pinned snapshot
  r.tables[0].metadata_location = "s3://m/a1";
  r.snapshot = "";  // --snapshot current
  plan = MakePlan(r, {pinned}, {});
  EXPECT_EQ(plan[0].kind, ChangeKind::kReplace);
  EXPECT_EQ(plan[0].row.snapshot, "");
  r.snapshot = "id:42";
  EXPECT_EQ(MakePlan(r, {pinned}, {})[0].kind, ChangeKind::kUnchanged);
}

TEST(MakePlan, ForceReplacesUnchanged) {
  CatalogConfig glue = Glue();
  PlanRequest r = Request(glue, {{"raw", "b", "s3://m/b1"}});
  r.force = true;
  EXPECT_EQ(Kinds(MakePlan(r, {Row("b", "s3://m/b1")}, {})),
            std::vector<ChangeKind>{ChangeKind::kReplace});
}

TEST(MakePlan, PruneDropsOnlyGoneTablesOfListedDatabases) {
  CatalogConfig glue = Glue();
  Registration other_db = Row("x", "s3://m/x");
  other_db.database = "staging";
  other_db.view_name = "glue__staging__x";
  std::vector<Registration> registered = {Row("a", "s3://m/a"), Row("gone", "s3://m/g"), other_db};
  PlanRequest r = Request(glue, {{"raw", "a", "s3://m/a"}});
  EXPECT_EQ(Kinds(MakePlan(r, registered, {})), std::vector<ChangeKind>{ChangeKind::kUnchanged});
  r.prune = true;
  auto plan = MakePlan(r, registered, {});
  ASSERT_EQ(Kinds(plan), (std::vector<ChangeKind>{ChangeKind::kUnchanged, ChangeKind::kDrop}));
  EXPECT_EQ(plan[1].row.table, "gone");
}

TEST(MakePlan, PruneDropsViewsARenamedTemplateNoLongerGives) {
  CatalogConfig glue = Glue();
  PlanRequest r = Request(glue, {{"raw", "a", "s3://m/a"}});
  r.view_name_template = "src_{table}";
  r.prune = true;
  auto plan = MakePlan(r, {Row("a", "s3://m/a")}, {});
  ASSERT_EQ(Kinds(plan), (std::vector<ChangeKind>{ChangeKind::kAdd, ChangeKind::kDrop}));
  EXPECT_EQ(plan[0].row.view_name, "src_a");
  EXPECT_EQ(plan[1].row.view_name, "glue__raw__a");
}

TEST(MakePlan, FiltersNarrowTablesAndPrune) {
  CatalogConfig glue = Glue();
  PlanRequest r = Request(glue, {{"raw", "orders", "1"},
                                 {"raw", "order_items", "2"},
                                 {"raw", "users", "3"},
                                 {"raw", "tmp_users", "4"}});
  r.filter.include = {"order*"};
  r.filter.exclude = {"raw.order_items"};
  auto plan = MakePlan(r, {}, {});
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].row.table, "orders");
  r.filter = {};
  r.filter.tables = {"users"};
  plan = MakePlan(r, {}, {});
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].row.table, "users");
  // --prune with a filter never drops what the filter leaves out.
  r.prune = true;
  r.tables.clear();
  EXPECT_EQ(Kinds(MakePlan(r, {Row("users", "3"), Row("orders", "1")}, {})),
            std::vector<ChangeKind>{ChangeKind::kDrop});
}

TEST(MakePlan, CaseInsensitiveCollisionIsAnError) {
  CatalogConfig glue = Glue();
  try {
    MakePlan(Request(glue, {{"raw", "Users", "1"}, {"raw", "users", "2"}}), {}, {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("raw.Users and raw.users would both become the view "
                               "main.glue__raw__users"),
              std::string::npos)
        << e.message();
  }
}

TEST(MakePlan, NeverReplacesATableItDidNotCreate) {
  CatalogConfig glue = Glue();
  std::map<std::string, std::string> existing = {{"main.glue__raw__a", "BASE TABLE"}};
  EXPECT_THROW(MakePlan(Request(glue, {{"raw", "a", "1"}}), {}, existing), Error);
  // A view it did not register (made by a script, say) is taken over.
  existing["main.glue__raw__a"] = "VIEW";
  EXPECT_EQ(Kinds(MakePlan(Request(glue, {{"raw", "a", "1"}}), {}, existing)),
            std::vector<ChangeKind>{ChangeKind::kAdd});
}

TEST(TableFilter, MatchesTableOrQualifiedName) {
  TableFilter f;
  EXPECT_TRUE(f.Matches("raw", "x"));
  f.include = {"raw.*"};
  EXPECT_TRUE(f.Matches("raw", "x"));
  EXPECT_FALSE(f.Matches("staging", "x"));
  f.include = {"x?"};
  EXPECT_TRUE(f.Matches("staging", "x1"));
  EXPECT_FALSE(f.Matches("staging", "x"));
}

}  // namespace
}  // namespace lakedev::lake
