#include "jinja/textwrap.hpp"

#include <algorithm>

#include "jinja/error.hpp"
#include "jinja/operations.hpp"
#include "jinja/regex.hpp"

namespace lakedev::jinja {

namespace {

// textwrap.TextWrapper.wordsep_re (CPython 3.11), and wordsep_simple_re.
constexpr const char* kWordSep =
    R"re((?x)( [\t\n\x0b\x0c\r ]+ )re"
    R"re(| (?<=[\w!"'&.,?]) -{2,} (?=\w) )re"
    R"re(| [^\t\n\x0b\x0c\r ]+? (?: -(?: (?<=[^\d\W]{2}-) | (?<=[^\d\W]-[^\d\W]-)) )re"
    R"re(      (?= [^\d\W] -? [^\d\W]) )re"
    R"re(    | (?=[\t\n\x0b\x0c\r ]|\z) )re"
    R"re(    | (?<=[\w!"'&.,?]) (?=-{2,}\w) ) ))re";
constexpr const char* kWordSepSimple = R"re(([\t\n\x0b\x0c\r ]+))re";

// re.split(wordsep_re, text), empty pieces dropped.
std::vector<std::string> Split(const std::string& text, bool hyphens) {
  static const Regex with(kWordSep), without(kWordSepSimple);
  return (hyphens ? with : without).Split(text);
}

bool IsBlank(const std::string& s) {
  return s.find_first_not_of(" \t\n\r\x0b\x0c") == std::string::npos;
}

std::string Prefix(const std::string& s, size_t code_points) {
  auto cps = CodePoints(s);
  std::string out;
  for (size_t i = 0; i < code_points && i < cps.size(); ++i)
    out += cps[i];
  return out;
}

}  // namespace

std::vector<std::string> TextWrap(const std::string& text, int64_t width, bool break_long_words,
                                  bool break_on_hyphens) {
  if (width <= 0)
    throw TemplateError(TemplateErrorKind::kValue,
                        "invalid width " + std::to_string(width) + " (must be > 0)");
  std::vector<std::string> chunks = Split(text, break_on_hyphens);
  std::reverse(chunks.begin(), chunks.end());
  std::vector<std::string> lines;
  while (!chunks.empty()) {
    std::vector<std::string> line;
    int64_t len = 0;
    if (IsBlank(chunks.back()) && !lines.empty()) chunks.pop_back();
    while (!chunks.empty()) {
      int64_t l = static_cast<int64_t>(CodePointCount(chunks.back()));
      if (len + l > width) break;
      line.push_back(chunks.back());
      chunks.pop_back();
      len += l;
    }
    if (!chunks.empty() && static_cast<int64_t>(CodePointCount(chunks.back())) > width) {
      // _handle_long_word
      int64_t space_left = width - len < 1 ? 1 : width - len;
      if (break_long_words) {
        std::string& chunk = chunks.back();
        int64_t end = space_left;
        auto cps = CodePoints(chunk);
        if (break_on_hyphens && static_cast<int64_t>(cps.size()) > space_left) {
          int64_t hyphen = -1;
          for (int64_t i = std::min<int64_t>(space_left, static_cast<int64_t>(cps.size())) - 1;
               i >= 0; --i) {
            if (cps[static_cast<size_t>(i)] == "-") {
              hyphen = i;
              break;
            }
          }
          bool non_hyphen_before = false;
          for (int64_t i = 0; i < hyphen; ++i)
            non_hyphen_before |= cps[static_cast<size_t>(i)] != "-";
          if (hyphen > 0 && non_hyphen_before) end = hyphen + 1;
        }
        line.push_back(Prefix(chunk, static_cast<size_t>(end)));
        std::string rest;
        for (size_t i = static_cast<size_t>(end); i < cps.size(); ++i)
          rest += cps[i];
        chunk = rest;
      } else if (line.empty()) {
        line.push_back(chunks.back());
        chunks.pop_back();
      }
    }
    if (!line.empty() && IsBlank(line.back())) line.pop_back();
    if (!line.empty()) {
      std::string joined;
      for (const auto& c : line)
        joined += c;
      lines.push_back(joined);
    }
  }
  return lines;
}

}  // namespace lakedev::jinja
