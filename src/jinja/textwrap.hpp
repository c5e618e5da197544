// Python's textwrap.wrap as Jinja2's `wordwrap` filter calls it (expand_tabs=False,
// replace_whitespace=False, drop_whitespace=True): lengths in code points, words split
// by textwrap's own regular expression (PCRE2 here, Python `re` semantics).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lakedev::jinja {

std::vector<std::string> TextWrap(const std::string& text, int64_t width, bool break_long_words,
                                  bool break_on_hyphens);

}  // namespace lakedev::jinja
