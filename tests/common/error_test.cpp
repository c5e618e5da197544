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

TEST(FormatError, LongLinesShowAWindowAroundTheColumn) {
  Error e(ErrorKind::kYaml, "m", {"f", 1, 500});
  e.WithSourceLine(std::string(499, 'a') + "X" + std::string(500, 'b'));
  std::string text = FormatError(e);
  EXPECT_LT(text.size(), 400u);
  size_t line_start = text.find("1 | ...");
  ASSERT_NE(line_start, std::string::npos);
  size_t x = text.find('X');
  size_t caret = text.find('^');
  size_t caret_line_start = text.rfind('\n', caret) + 1;
  size_t x_line_start = text.rfind('\n', x) + 1;
  EXPECT_EQ(x - x_line_start, caret - caret_line_start);  // the caret is under the X
}

TEST(LineOf, PicksTheLineWithoutItsNewline) {
  EXPECT_EQ(LineOf("a\nbb\r\nccc", 2), "bb");
  EXPECT_EQ(LineOf("a\nbb\nccc", 3), "ccc");
  EXPECT_EQ(LineOf("a\n", 5), "");
  EXPECT_EQ(LineOf("a", 0), "");
}

}  // namespace
}  // namespace lakedev
