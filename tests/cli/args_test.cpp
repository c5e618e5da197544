#include "cli/args.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"

namespace lakedev::cli {
namespace {

const std::vector<OptionSpec> kSpecs = {
    {"--target", "-t", "NAME", "target"},
    {"--profiles-dir", "", "DIR", "dir"},
    {"--config-dir", "", "", "flag"},
};

TEST(ParseArgs, ValuesFlagsAndForms) {
  ParsedArgs a = ParseArgs(kSpecs, {"-t", "dev", "--profiles-dir=x", "--config-dir", "pos"});
  EXPECT_EQ(a.Value("--target"), "dev");
  EXPECT_EQ(a.Value("--profiles-dir"), "x");
  EXPECT_TRUE(a.Flag("--config-dir"));
  EXPECT_FALSE(a.Value("--missing").has_value());
  ASSERT_EQ(a.positionals().size(), 1u);
  EXPECT_EQ(a.positionals()[0], "pos");
}

TEST(ParseArgs, RepeatedOptionsKeepEveryValue) {
  ParsedArgs a = ParseArgs(kSpecs, {"-t", "a", "--target=b", "--target", "c"});
  EXPECT_EQ(a.Value("--target"), "c");
  EXPECT_EQ(a.Values("--target"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(a.Values("--profiles-dir").empty());
}

TEST(ParseArgs, UnknownOptionSuggestsTheClosest) {
  try {
    ParseArgs(kSpecs, {"--targt", "x"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_EQ(e.fix(), "did you mean --target?");
  }
}

TEST(ParseArgs, MissingValueAndValueOnFlagAreErrors) {
  EXPECT_THROW(ParseArgs(kSpecs, {"--target"}), Error);
  EXPECT_THROW(ParseArgs(kSpecs, {"--config-dir=1"}), Error);
}

}  // namespace
}  // namespace lakedev::cli
