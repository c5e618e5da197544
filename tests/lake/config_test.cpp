#include "lake/config.hpp"

#include <gtest/gtest.h>

#include "project/target_fixture.hpp"

namespace lakedev::lake {
namespace {

Error ErrorOf(const std::string& text) {
  try {
    ReadLakeConfig(project::TargetFromYaml(text, "dev_local"), "main");
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return Error(ErrorKind::kInternal, "");
}

TEST(ReadLakeConfig, AbsentBlockIsNotConfigured) {
  LakeConfig c = ReadLakeConfig(project::TargetFromYaml("type: duckdb\n"), "analytics");
  EXPECT_FALSE(c.configured);
  EXPECT_EQ(c.schema, "analytics");
}

TEST(ReadLakeConfig, CatalogsInOrderWithLayersAndOptions) {
  LakeConfig c = ReadLakeConfig(project::TargetFromYaml(R"(type: duckdb
iceberg_sources:
  view_name: "src_{database}_{table}"
  catalogs:
    glue: {type: glue, region: us-east-1, layers: [raw, staging]}
    wh:
      type: directory
      path: ~/warehouse
)"),
                                "main");
  EXPECT_TRUE(c.configured);
  EXPECT_EQ(c.schema, "main");
  ASSERT_EQ(c.catalogs.size(), 2u);
  EXPECT_EQ(c.catalogs[0].name, "glue");
  EXPECT_EQ(c.catalogs[0].type, CatalogType::kGlue);
  EXPECT_EQ(c.catalogs[0].layers, (std::vector<std::string>{"raw", "staging"}));
  EXPECT_EQ(c.catalogs[0].options.at("region"), "us-east-1");
  EXPECT_EQ(c.catalogs[1].options.at("path"), "~/warehouse");
  EXPECT_EQ(c.catalogs[1].at.line, 6u);
  EXPECT_EQ(ExpandViewName(c.view_name_template, "glue", "raw", "t-1"), "src_raw_t-1");
}

TEST(ReadLakeConfig, MistakesPointIntoTheFile) {
  Error e = ErrorOf("iceberg_sources:\n  catalogs:\n    wh: {type: directory, pth: /x}\n");
  EXPECT_EQ(e.where().line, 3u);
  EXPECT_EQ(e.where().column, 27u);  // the key `pth`
  EXPECT_NE(e.message().find("unknown key 'pth'"), std::string::npos);
  EXPECT_NE(e.fix().find("path"), std::string::npos);

  e = ErrorOf("iceberg_sources:\n  view_name: '{db}_{table}'\n  catalogs: {}\n");
  EXPECT_EQ(e.where().line, 2u);
  EXPECT_NE(e.message().find("{db}"), std::string::npos);

  e = ErrorOf("iceberg_sources:\n  view_name: 'all'\n");
  EXPECT_NE(e.message().find("must contain {table}"), std::string::npos);

  e = ErrorOf("iceberg_sources:\n  catalogs:\n    x: {type: hive}\n");
  EXPECT_NE(e.message().find("unknown catalog type 'hive'"), std::string::npos);

  e = ErrorOf("iceberg_sources:\n  catalogs:\n    x: {type: directory}\n");
  EXPECT_NE(e.message().find("has no path"), std::string::npos);

  e = ErrorOf("iceberg_sources:\n  schema: main\n");
  EXPECT_NE(e.message().find("no catalogs"), std::string::npos);
}

}  // namespace
}  // namespace lakedev::lake

#include "lake/rest_catalog.hpp"

namespace lakedev::lake {
namespace {

TEST(RestCatalog, NamespacePathsAndSettings) {
  EXPECT_EQ(RestNamespacePath("raw"), "raw");
  EXPECT_EQ(RestNamespacePath("a.b c"), "a%1Fb%20c");  // levels joined by the unit separator
  CatalogConfig c;
  c.options = {{"uri", "https://h/api/catalog/"}, {"credential", "id:se:cret"}};
  RestSettings s = ReadRestSettings(c);
  EXPECT_EQ(s.uri, "https://h/api/catalog");
  EXPECT_EQ(s.credential, "id:se:cret");
  c.options["uri"] = "h/api";
  EXPECT_THROW(ReadRestSettings(c), Error);
}

}  // namespace
}  // namespace lakedev::lake
