#include "lake/directory_catalog.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace lakedev::lake {
namespace {

class DirectoryCatalogTest : public testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::temp_directory_path() / ("lakedev_dircat_" + std::to_string(::getpid()) + "_" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  void Touch(const std::string& rel, const std::string& text = "{}") {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  fs::path root_;
};

TEST_F(DirectoryCatalogTest, HighestVersionWins) {
  Touch("raw/t/metadata/00002-bbb.metadata.json");
  Touch("raw/t/metadata/00010-aaa.metadata.json");
  Touch("raw/t/metadata/00009-ccc.metadata.json");
  Touch("raw/t/metadata/snap-1-1-x.avro");
  EXPECT_EQ(CurrentMetadataFile((root_ / "raw/t").string()),
            (root_ / "raw/t/metadata/00010-aaa.metadata.json").string());
}

TEST_F(DirectoryCatalogTest, VersionHintNamesTheHadoopFile) {
  Touch("raw/h/metadata/v1.metadata.json");
  Touch("raw/h/metadata/v2.metadata.json");
  Touch("raw/h/metadata/v3.metadata.json");
  Touch("raw/h/metadata/version-hint.text", "2\n");
  EXPECT_EQ(CurrentMetadataFile((root_ / "raw/h").string()),
            (root_ / "raw/h/metadata/v2.metadata.json").string());
  // A hint naming a missing file falls back to the highest version.
  Touch("raw/h/metadata/version-hint.text", "7");
  EXPECT_EQ(CurrentMetadataFile((root_ / "raw/h").string()),
            (root_ / "raw/h/metadata/v3.metadata.json").string());
}

TEST_F(DirectoryCatalogTest, ListsDatabasesAndOnlyIcebergTables) {
  Touch("raw/a/metadata/00001-x.metadata.json");
  Touch("raw/not_iceberg/data/part-0.parquet");
  Touch("staging.db/b/metadata/v1.metadata.json");
  Touch("README.md", "x");
  DirectoryCatalog catalog(root_.string());
  EXPECT_EQ(catalog.ListDatabases(), (std::vector<std::string>{"raw", "staging"}));
  auto raw = catalog.ListTables("raw");
  ASSERT_EQ(raw.size(), 1u);
  EXPECT_EQ(raw[0].name, "a");
  auto staging = catalog.ListTables("staging");
  ASSERT_EQ(staging.size(), 1u);
  EXPECT_EQ(staging[0].database, "staging");
  EXPECT_EQ(staging[0].metadata_location,
            (root_ / "staging.db/b/metadata/v1.metadata.json").string());
  EXPECT_THROW(catalog.ListTables("nope"), Error);
}

}  // namespace
}  // namespace lakedev::lake
