// Expected strings are what CPython 3.11 prints for repr(x) (checked with python3 -c).
#include "common/python_format.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace lakedev {
namespace {

TEST(PythonFloatRepr, MatchesCPython) {
  EXPECT_EQ(PythonFloatRepr(1.0), "1.0");
  EXPECT_EQ(PythonFloatRepr(0.1), "0.1");
  EXPECT_EQ(PythonFloatRepr(-2.5), "-2.5");
  EXPECT_EQ(PythonFloatRepr(1e16), "1e+16");
  EXPECT_EQ(PythonFloatRepr(1234567890123456.0), "1234567890123456.0");
  EXPECT_EQ(PythonFloatRepr(0.0001), "0.0001");
  EXPECT_EQ(PythonFloatRepr(0.00001), "1e-05");
  EXPECT_EQ(PythonFloatRepr(1.5e-7), "1.5e-07");
  EXPECT_EQ(PythonFloatRepr(123.456), "123.456");
  EXPECT_EQ(PythonFloatRepr(-0.0), "-0.0");
  EXPECT_EQ(PythonFloatRepr(1e300), "1e+300");
  EXPECT_EQ(PythonFloatRepr(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(PythonFloatRepr(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(PythonFloatRepr(std::nan("")), "nan");
}

TEST(PythonStrRepr, QuotesAndEscapes) {
  EXPECT_EQ(PythonStrRepr("abc"), "'abc'");
  EXPECT_EQ(PythonStrRepr("it's"), "\"it's\"");
  EXPECT_EQ(PythonStrRepr("it's \"x\""), "'it\\'s \"x\"'");
  EXPECT_EQ(PythonStrRepr("a\\b\n\t"), "'a\\\\b\\n\\t'");
  EXPECT_EQ(PythonStrRepr(std::string("\x01", 1)), "'\\x01'");
  EXPECT_EQ(PythonStrRepr("caf\xc3\xa9"), "'caf\xc3\xa9'");
}

}  // namespace
}  // namespace lakedev
