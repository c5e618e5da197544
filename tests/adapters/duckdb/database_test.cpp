#include "adapters/duckdb/database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "adapters/duckdb/extensions.hpp"

namespace fs = std::filesystem;

namespace lakedev::duckdb {
namespace {

class DuckDbTest : public testing::Test {
 protected:
  Database db_ = Database::Open(":memory:", OfflineConfig());
  Connection conn_ = db_.Connect();
};

// Value::ToString must print what DuckDB itself prints for the value (its VARCHAR cast),
// so the oracle for each expression is DuckDB, in the same query.
TEST_F(DuckDbTest, ToStringMatchesDuckDbsOwnCast) {
  const char* expressions[] = {
      "42",
      "-7::TINYINT",
      "255::UTINYINT",
      "18446744073709551615::UBIGINT",
      "true",
      "0.1::DOUBLE",
      "1e16::DOUBLE",
      "1.0::DOUBLE",
      "1.5::FLOAT",
      "'it''s'",
      "123.45::DECIMAL(10,2)",
      "-0.05::DECIMAL(4,3)",
      "12345678901234567890.123::DECIMAL(38,3)",
      "170141183460469231731687303715884105727::HUGEINT",
      "-170141183460469231731687303715884105727::HUGEINT",
      "'6ba7b810-9dad-11d1-80b4-00c04fd430c8'::UUID",
      "DATE '2024-02-29'",
      "DATE '1969-12-31'",
      "TIME '12:34:56.5'",
      "TIMESTAMP '2024-02-29 12:34:56.123456'",
      "TIMESTAMP '1960-01-01 00:00:00'",
      "'2024-02-29 12:34:56'::TIMESTAMP_S",
      "INTERVAL 1 YEAR + INTERVAL 2 MONTH + INTERVAL 3 DAY + INTERVAL 4 SECOND",
      "INTERVAL '-90 minutes'",
      "[1, 2, NULL]",
      "['a', 'b''c', '', ' x', 'a b', 'a,b', 'Null', 'back\\slash', 'q,\\']",
      "{'x': 1, 'y': 'two', 'it''s': '(z)'}",
      "[{'k': 'v'}, NULL]",
      "[[1, 2], [3]]",
      "MAP {'k': 1, 'l': 2}",
      "[1, 2, 3]::INTEGER[3]",
      "'\\x00\\xFFab'::BLOB",
      "'sad'::ENUM('sad', 'happy')",
  };
  for (const char* e : expressions) {
    Result r = conn_.Query(std::string("SELECT ") + e + ", CAST(" + e + " AS VARCHAR)");
    EXPECT_EQ(r.At(0, 0).ToString(), r.At(0, 1).AsString()) << "for " << e;
  }
}

TEST_F(DuckDbTest, TypedValuesAndColumnTypes) {
  Result r = conn_.Query(
      "SELECT 1::INTEGER AS i, 'x' AS s, NULL::INTEGER AS n, 2.5::DOUBLE AS d, "
      "12.50::DECIMAL(18,3) AS dec, [1,2] AS l, {'a': 1} AS st");
  ASSERT_EQ(r.ColumnCount(), 7u);
  ASSERT_EQ(r.RowCount(), 1u);
  EXPECT_EQ(r.ColumnName(0), "i");
  EXPECT_EQ(r.ColumnType(0), "INTEGER");
  EXPECT_EQ(r.ColumnType(4), "DECIMAL(18,3)");
  EXPECT_EQ(r.ColumnType(5), "INTEGER[]");
  EXPECT_EQ(r.ColumnType(6), "STRUCT(\"a\" INTEGER)");
  EXPECT_EQ(r.At(0, 0), Value::Int(1));
  EXPECT_EQ(r.At(0, 1), Value::String("x"));
  EXPECT_TRUE(r.At(0, 2).IsNull());
  EXPECT_EQ(r.At(0, 3).AsDouble(), 2.5);
  EXPECT_EQ(r.At(0, 4).AsString(), "12.500");
  EXPECT_EQ(r.At(0, 5).children().size(), 2u);
  EXPECT_EQ(r.At(0, 6).field_names()[0], "a");
}

TEST_F(DuckDbTest, ManyChunksAreAllRead) {
  Result r = conn_.Query("SELECT range AS i FROM range(5000)");
  ASSERT_EQ(r.RowCount(), 5000u);
  EXPECT_EQ(r.At(4999, 0).AsInt(), 4999);
}

TEST_F(DuckDbTest, ErrorsCarryDuckDbsMessageAndClass) {
  try {
    conn_.Query("SELECT * FROM no_such_table");
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.error_class(), "Catalog");
    EXPECT_NE(e.message().find("no_such_table"), std::string::npos);
    EXPECT_FALSE(e.fatal());
  }
  try {
    conn_.Query("SELEC 1");
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.error_class(), "Parser");
  }
}

TEST_F(DuckDbTest, StatementsAndRowsChanged) {
  conn_.Query("CREATE TABLE t (a INTEGER, b VARCHAR); INSERT INTO t VALUES (1, 'x'), (2, 'y')");
  Result r = conn_.Query("UPDATE t SET b = 'z' WHERE a > 0");
  EXPECT_EQ(r.RowsChanged(), 2u);
}

TEST_F(DuckDbTest, PreparedStatementsBindByPosition) {
  conn_.Query("CREATE TABLE t (a INTEGER, b VARCHAR, c DATE)");
  PreparedStatement insert = conn_.Prepare("INSERT INTO t VALUES ($1, $2, $3)");
  EXPECT_EQ(insert.ParameterCount(), 3u);
  insert.Bind(1, Value::Int(7));
  insert.Bind(2, Value::String("seven"));
  insert.Bind(3, Value::Temporal(Value::Kind::kDate, 19782));
  insert.Execute();
  insert.Bind(1, Value::Int(8));
  insert.Bind(2, Value::Null());
  insert.Bind(3, Value::Null());
  insert.Execute();
  Result r = conn_.Query("SELECT a, b, c::VARCHAR FROM t ORDER BY a");
  ASSERT_EQ(r.RowCount(), 2u);
  EXPECT_EQ(r.At(0, 1).AsString(), "seven");
  EXPECT_EQ(r.At(0, 2).AsString(), "2024-02-29");
  EXPECT_TRUE(r.At(1, 1).IsNull());
  EXPECT_THROW(insert.Bind(9, Value::Int(1)), DatabaseError);
  EXPECT_THROW(conn_.Prepare("SELECT * FROM nowhere"), DatabaseError);
}

TEST_F(DuckDbTest, InterruptStopsARunningQuery) {
  std::thread canceller([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    conn_.Interrupt();
  });
  try {
    conn_.Query("SELECT count(*) FROM range(100000000000) a");
    ADD_FAILURE() << "the query should have been interrupted";
  } catch (const DatabaseError& e) {
    EXPECT_NE(e.message().find("Interrupt"), std::string::npos) << e.message();
  }
  canceller.join();
  EXPECT_EQ(conn_.Query("SELECT 1").At(0, 0).AsInt(), 1);  // the connection still works
}

TEST(DuckDbDatabase, FileDatabasePersistsAndBadPathFails) {
  fs::path dir = fs::temp_directory_path() / ("lakedev-db-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string path = (dir / "x.duckdb").string();
  {
    Database db = Database::Open(path, OfflineConfig());
    db.Connect().Query("CREATE TABLE t AS SELECT 41 + 1 AS v");
  }
  {
    Database db = Database::Open(path, OfflineConfig());
    EXPECT_EQ(db.Connect().Query("SELECT v FROM t").At(0, 0).AsInt(), 42);
  }
  EXPECT_THROW(Database::Open((dir / "no" / "such" / "x.duckdb").string()), DatabaseError);
  fs::remove_all(dir);
}

TEST(DuckDbExtensions, OfflineSettingsAreApplied) {
  Database db = Database::Open(":memory:", OfflineConfig());
  Connection c = db.Connect();
  Result r = c.Query(
      "SELECT current_setting('autoinstall_known_extensions'), "
      "current_setting('extension_directory')");
  EXPECT_EQ(r.At(0, 0), Value::Bool(false));
  EXPECT_EQ(r.At(0, 1).AsString(), ExtensionDirectory());
}

TEST(DuckDbExtensions, BundledExtensionLoadsAndMissingOneNamesThePath) {
  {
    Database db = Database::Open(":memory:", OfflineConfig());
    Connection c = db.Connect();
    ExtensionStatus ok = LoadExtension(c, "httpfs");
    EXPECT_TRUE(ok.loaded) << ok.error;
    EXPECT_TRUE(LoadExtension(c, "parquet").loaded);  // built into libduckdb: no file
  }
  fs::path empty = fs::temp_directory_path() / ("lakedev-noext-" + std::to_string(::getpid()));
  fs::create_directories(empty);
  setenv("LAKEDEV_EXTENSION_DIR", empty.c_str(), 1);
  {
    Database db = Database::Open(":memory:", OfflineConfig());
    Connection c = db.Connect();
    ExtensionStatus missing = LoadExtension(c, "iceberg");
    EXPECT_FALSE(missing.loaded);
    EXPECT_EQ(missing.error, "file not found");
    EXPECT_EQ(missing.path.rfind(empty.string(), 0), 0u) << missing.path;
    EXPECT_TRUE(missing.path.ends_with("/iceberg.duckdb_extension"));
  }
  unsetenv("LAKEDEV_EXTENSION_DIR");
  fs::remove_all(empty);
}

}  // namespace
}  // namespace lakedev::duckdb
