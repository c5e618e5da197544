#include "project/profiles.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "project/locate.hpp"

namespace fs = std::filesystem;

namespace lakedev::project {
namespace {

class ProfilesTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lakedev-profiles-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    unsetenv("DBT_TARGET");
    unsetenv("DBT_PROFILE");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& text) {
    std::string path = (dir_ / "profiles.yml").string();
    std::ofstream(path) << text;
    return path;
  }

  fs::path dir_;
};

constexpr const char* kTwoTargets =
    "demo:\n"
    "  target: dev\n"
    "  outputs:\n"
    "    dev:\n"
    "      type: duckdb\n"
    "      threads: 4\n"
    "    prod:\n"
    "      type: trino\n";

TEST_F(ProfilesTest, DefaultTargetFromFile) {
  Target t = Profiles::Load(Write(kTwoTargets)).Resolve("demo", std::nullopt, std::nullopt);
  EXPECT_EQ(t.profile_name, "demo");
  EXPECT_EQ(t.name, "dev");
  EXPECT_EQ(t.type, "duckdb");
  EXPECT_EQ(t.threads, 4);
}

TEST_F(ProfilesTest, FlagBeatsEnvBeatsFile) {
  Profiles p = Profiles::Load(Write(kTwoTargets));
  setenv("DBT_TARGET", "prod", 1);
  EXPECT_EQ(p.Resolve("demo", std::nullopt, std::nullopt).name, "prod");
  EXPECT_EQ(p.Resolve("demo", std::nullopt, "dev").name, "dev");
  unsetenv("DBT_TARGET");
}

TEST_F(ProfilesTest, UnknownTargetListsTheValidOnesAndPointsAtOutputs) {
  Profiles p = Profiles::Load(Write(kTwoTargets));
  try {
    p.Resolve("demo", std::nullopt, "nope");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("no target named 'nope'"), std::string::npos);
    EXPECT_NE(e.message().find("dev, prod"), std::string::npos);
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_EQ(e.source_line(), "  outputs:");
  }
}

TEST_F(ProfilesTest, MissingTargetDefaultsToDefault) {
  Profiles p = Profiles::Load(Write("demo:\n  outputs:\n    default:\n      type: duckdb\n"));
  EXPECT_EQ(p.Resolve("demo", std::nullopt, std::nullopt).name, "default");
}

TEST_F(ProfilesTest, UnknownProfileAndMissingType) {
  Profiles p = Profiles::Load(Write("demo:\n  target: dev\n  outputs:\n    dev:\n      path: x\n"));
  EXPECT_THROW(p.Resolve("other", std::nullopt, std::nullopt), Error);
  try {
    p.Resolve("demo", std::nullopt, std::nullopt);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("has no 'type'"), std::string::npos);
    EXPECT_EQ(e.where().line, 4u);
  }
}

TEST_F(ProfilesTest, JinjaValueIsRefusedWhereItIs) {
  Profiles p =
      Profiles::Load(Write("demo:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
                           "      path: \"{{ env_var('X') }}\"\n"));
  try {
    p.Resolve("demo", std::nullopt, std::nullopt);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.where().line, 6u);
    EXPECT_EQ(e.where().column, 13u);
  }
}

TEST_F(ProfilesTest, FindProfilesPrefersFlagThenEnvThenCwdThenHome) {
  Write(kTwoTargets);
  fs::path old = fs::current_path();
  fs::current_path(dir_);
  setenv("DBT_PROFILES_DIR", "/somewhere", 1);
  EXPECT_EQ(FindProfiles("/flag").source, "--profiles-dir");
  EXPECT_EQ(FindProfiles(std::nullopt).dir, "/somewhere");
  unsetenv("DBT_PROFILES_DIR");
  ProfilesLocation cwd = FindProfiles(std::nullopt);
  EXPECT_EQ(cwd.source, "the current directory");
  EXPECT_TRUE(cwd.found);
  fs::remove(dir_ / "profiles.yml");
  EXPECT_EQ(FindProfiles(std::nullopt).source, "~/.dbt");
  fs::current_path(old);
}

TEST_F(ProfilesTest, FindProjectWalksUp) {
  std::ofstream(dir_ / "dbt_project.yml") << "name: x\n";
  fs::create_directories(dir_ / "a" / "b");
  fs::path old = fs::current_path();
  fs::current_path(dir_ / "a" / "b");
  unsetenv("DBT_PROJECT_DIR");
  ProjectLocation loc = FindProject(std::nullopt);
  fs::current_path(old);
  EXPECT_TRUE(loc.found);
  EXPECT_EQ(fs::path(loc.dir), dir_);
  EXPECT_THROW(FindProject((dir_ / "missing").string()), Error);
}

}  // namespace
}  // namespace lakedev::project
