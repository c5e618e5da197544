// Python's text forms of values (repr/str), which dbt output and Jinja rendering follow.
#pragma once

#include <string>
#include <string_view>

namespace lakedev {

// repr(float) in Python 3: the shortest string that round-trips, in scientific notation
// when the decimal exponent is < -4 or >= 16 ("1e+16", "1e-05"), "inf", "nan", "-0.0".
std::string PythonFloatRepr(double value);

// repr(str) in Python 3: single quotes unless the text has ' and no ", escapes for
// backslash, the quote, \n \r \t and other control characters; other UTF-8 kept as is.
std::string PythonStrRepr(std::string_view text);

}  // namespace lakedev
