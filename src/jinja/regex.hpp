// Python `re` patterns the built-ins need (textwrap, urlize), run with PCRE2 in UTF and
// Unicode-property mode so \w, \d and \s mean what they mean in Python 3.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct pcre2_real_code_8;

namespace lakedev::jinja {

class Regex {
 public:
  // Compiles once; a bad pattern is a bug, reported as TemplateError(kRuntime).
  explicit Regex(const char* pattern, bool ignore_case = false);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // The first match at or after `from`: [start, end) of the whole match and of group 1
  // (group 1 is {npos, npos} when the pattern has none or it did not take part).
  struct Match {
    size_t start, end, group_start, group_end;
  };
  std::optional<Match> Search(std::string_view text, size_t from = 0) const;
  // re.split(pattern, text) for a pattern with one group: text between matches and the
  // groups, empty pieces dropped.
  std::vector<std::string> Split(std::string_view text) const;

 private:
  pcre2_real_code_8* code_;
};

}  // namespace lakedev::jinja
