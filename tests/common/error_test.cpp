#include "common/error.hpp"

#include <gtest/gtest.h>

namespace lakedev {
namespace {

TEST(FormatError, LocationSourceLineCaretAndFix) {
  Error e(ErrorKind::kConfig, "bad value", {"profiles.yml", 3, 9}, "quote it");
  e.WithSourceLine("  path: [x");
  EXPECT_EQ(FormatError(e),
            "profiles.yml:3:9: bad value\n"
            "  3 |   path: [x\n"
            "              ^\n"
            "fix: quote it\n");
}

TEST(FormatError, WithoutLocation) {
  EXPECT_EQ(FormatError(Error(ErrorKind::kUsage, "no such option: --x")), "no such option: --x\n");
}

TEST(FormatError, CaretFollowsTabs) {
  Error e(ErrorKind::kYaml, "m", {"f", 1, 3});
  e.WithSourceLine("\t\tx");
  EXPECT_EQ(FormatError(e), "f:1:3: m\n  1 | \t\tx\n      \t\t^\n");
}

TEST(LineOf, PicksTheLineWithoutItsNewline) {
  EXPECT_EQ(LineOf("a\nbb\r\nccc", 2), "bb");
  EXPECT_EQ(LineOf("a\nbb\nccc", 3), "ccc");
  EXPECT_EQ(LineOf("a\n", 5), "");
  EXPECT_EQ(LineOf("a", 0), "");
}

}  // namespace
}  // namespace lakedev
