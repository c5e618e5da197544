#include "jinja/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "jinja/error.hpp"

namespace lakedev::jinja {

Regex::Regex(const char* pattern, bool ignore_case) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
  if (ignore_case) options |= PCRE2_CASELESS;
  code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern), PCRE2_ZERO_TERMINATED, options,
                        &error, &offset, nullptr);
  if (!code_) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof message);
    throw TemplateError(TemplateErrorKind::kRuntime, std::string("internal regular expression: ") +
                                                         reinterpret_cast<const char*>(message));
  }
}

Regex::~Regex() {
  pcre2_code_free(code_);
}

std::optional<Regex::Match> Regex::Search(std::string_view text, size_t from) const {
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(code_, nullptr);
  int rc = pcre2_match(code_, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), from, 0, md,
                       nullptr);
  std::optional<Match> out;
  if (rc >= 0) {
    PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    bool group = rc >= 2 || (pcre2_get_ovector_count(md) > 1 && ov[2] != PCRE2_UNSET);
    out = Match{ov[0], ov[1], group ? ov[2] : std::string_view::npos,
                group ? ov[3] : std::string_view::npos};
    if (out->group_start == PCRE2_UNSET) out->group_start = out->group_end = std::string_view::npos;
  }
  pcre2_match_data_free(md);
  return out;
}

std::vector<std::string> Regex::Split(std::string_view text) const {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    auto m = Search(text, pos);
    if (!m || m->end == m->start) break;
    if (m->start > pos) out.emplace_back(text.substr(pos, m->start - pos));
    if (m->group_start != std::string_view::npos && m->group_end > m->group_start) {
      out.emplace_back(text.substr(m->group_start, m->group_end - m->group_start));
    }
    pos = m->end;
  }
  if (pos < text.size()) out.emplace_back(text.substr(pos));
  return out;
}

}  // namespace lakedev::jinja
