#include "adapters/duckdb/credentials.hpp"

#include <gtest/gtest.h>

#include "project/target_fixture.hpp"

namespace lakedev::duckdb {
namespace {

TEST(DatabaseNameFromPath, AsDbtDuckdb) {
  // Values observed with dbt-duckdb 1.11.1 (dbt debug prints `database:`).
  EXPECT_EQ(DatabaseNameFromPath(":memory:"), "memory");
  EXPECT_EQ(DatabaseNameFromPath("local.duckdb"), "local");
  EXPECT_EQ(DatabaseNameFromPath("./.my.db.duckdb"), "my");
  EXPECT_EQ(DatabaseNameFromPath("/a/b/jaffle_lake.duckdb"), "jaffle_lake");
}

TEST(ReadCredentials, DefaultsAndValues) {
  Credentials c = ReadCredentials(project::TargetFromYaml(
      "type: duckdb\npath: w.duckdb\nextensions: [httpfs, {name: json, repo: core}]\n"
      "settings: {memory_limit: 1GB, threads: 2}\nplugins: []\n"));
  EXPECT_EQ(c.database, "w");
  EXPECT_EQ(c.schema, "main");
  ASSERT_EQ(c.extensions.size(), 2u);
  EXPECT_EQ(c.extensions[1].name, "json");
  EXPECT_EQ(c.extensions[1].repo, "core");
  ASSERT_EQ(c.settings.size(), 2u);
  EXPECT_EQ(c.settings[1].name, "threads");
  EXPECT_EQ(c.settings[1].value, "2");
  EXPECT_EQ(c.settings[1].at.line, 4u);
  ASSERT_EQ(c.unsupported_keys.size(), 1u);
  EXPECT_EQ(c.unsupported_keys[0], "plugins");
}

TEST(ReadCredentials, AttachAndSecretsAsDbtDuckdbRunsThem) {
  Credentials c = ReadCredentials(project::TargetFromYaml(
      "type: duckdb\npath: w.duckdb\n"
      "attach:\n  - {path: \"o'k.duckdb\", alias: o, read_only: true}\n  - path: p.db\n"
      "secrets:\n  - {type: s3, key_id: AK, secret: xyz, region: us-east-1}\n"
      "  - {name: mine, type: s3, scope: [s3://a, s3://b]}\n"));
  ASSERT_EQ(c.attach_sql.size(), 2u);
  EXPECT_EQ(c.attach_sql[0].first, "ATTACH IF NOT EXISTS 'o''k.duckdb' AS o (READ_ONLY)");
  EXPECT_EQ(c.attach_sql[1].first, "ATTACH IF NOT EXISTS 'p.db'");
  EXPECT_EQ(c.attach_sql[0].second.line, 4u);
  ASSERT_EQ(c.secret_sql.size(), 2u);
  EXPECT_EQ(c.secret_sql[0].first,
            "CREATE SECRET (type s3, key_id 'AK', secret 'xyz', region 'us-east-1')");
  EXPECT_EQ(c.secret_sql[1].first,
            "CREATE OR REPLACE SECRET mine (type s3, scope 's3://a', scope 's3://b')");
  EXPECT_TRUE(c.unsupported_keys.empty());
}

TEST(ReadCredentials, DatabaseContradictingPathIsLocated) {
  try {
    ReadCredentials(project::TargetFromYaml("type: duckdb\npath: w.duckdb\ndatabase: other\n"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_EQ(e.where().column, 11u);
    EXPECT_NE(e.fix().find("'w'"), std::string::npos);
  }
}

TEST(OpenTarget, UncreatableDirectoryPointsAtPath) {
  project::Target t = project::TargetFromYaml("type: duckdb\npath: /proc/nope/x.duckdb\n");
  Credentials c = ReadCredentials(t);
  try {
    OpenTarget(t, c);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.where().line, 2u);
    EXPECT_NE(e.message().find("/proc/nope"), std::string::npos);
    EXPECT_FALSE(e.fix().empty());
  }
}

TEST(ApplySettings, AppliedAndRefusedOnesPointAtTheirValue) {
  project::Target t = project::TargetFromYaml(
      "type: duckdb\nsettings:\n  threads: 3\n  default_order: desc\n  memory_limit: lots\n");
  Credentials c = ReadCredentials(t);
  Database db = OpenTarget(t, c);
  Connection conn = db.Connect();
  try {
    ApplySettings(conn, t, c);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.where().line, 5u);
    EXPECT_NE(e.message().find("memory_limit"), std::string::npos);
  }
  // The settings before the refused one were applied.
  EXPECT_EQ(conn.Query("SELECT current_setting('threads')").At(0, 0).AsInt(), 3);
}

}  // namespace
}  // namespace lakedev::duckdb
