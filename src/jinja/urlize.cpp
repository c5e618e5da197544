#include "jinja/urlize.hpp"

#include "jinja/operations.hpp"
#include "jinja/regex.hpp"
#include "jinja/text.hpp"

namespace lakedev::jinja {

namespace {

// jinja2.utils._http_re, _email_re, _uri_scheme_re (Jinja2 3.1).
constexpr const char* kHttp = R"re((?x)
    ^
    (
        (https?://|www\.)
        (([\w%-]+\.)+)?
        (
            [a-z]{2,63}
        |
            xn--[\w%]{2,59}
        )
    |
        ([\w%-]{2,63}\.)+
        (com|net|int|edu|gov|org|info|mil)
    |
        (https?://)
        (
            (([\d]{1,3})(\.[\d]{1,3}){3})
        |
            (\[([\da-f]{0,4}:){2}([\da-f]{0,4}:?){1,6}])
        )
    )
    (?::[\d]{1,5})?
    (?:[/?#]\S*)?
    $
)re";
constexpr const char* kEmail = R"re(^\S+@\w[\w.-]*\.\w+$)re";
constexpr const char* kScheme = R"re(^([\w.+-]{2,}:(/){0,2})$)re";

size_t Count(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p + needle.size()))
    ++n;
  return n;
}

bool EndsWithAny(const std::string& s, std::initializer_list<const char*> suffixes) {
  for (const char* x : suffixes) {
    if (s.ends_with(x)) return true;
  }
  return false;
}

}  // namespace

bool IsUriSchemePrefix(const std::string& scheme) {
  static const Regex re(kScheme);
  auto m = re.Search(scheme);
  return m && m->start == 0 && m->end == scheme.size();
}

std::string Urlize(const std::string& text, std::optional<int64_t> trim_url_limit,
                   const std::string& rel, const std::string& target,
                   const std::vector<std::string>& extra_schemes) {
  static const Regex split(R"re((\s+))re");
  static const Regex head_re(R"re(^([(<]|&lt;)+)re");
  static const Regex tail_re(R"re(([)>.,\n]|&gt;)+$)re");
  static const Regex http(kHttp, /*ignore_case=*/true);
  static const Regex email(kEmail);
  auto trim = [&](const std::string& x) {
    if (!trim_url_limit) return x;
    auto cps = CodePoints(x);
    if (static_cast<int64_t>(cps.size()) <= *trim_url_limit) return x;
    std::string out;
    for (int64_t i = 0; i < *trim_url_limit; ++i)
      out += cps[static_cast<size_t>(i)];
    return out + "...";
  };
  std::string rel_attr = rel.empty() ? "" : " rel=\"" + text::HtmlEscape(rel) + "\"";
  std::string target_attr = target.empty() ? "" : " target=\"" + text::HtmlEscape(target) + "\"";
  std::string escaped = text::HtmlEscape(text);
  std::vector<std::string> words = split.Split(escaped);
  std::string out;
  for (const std::string& word : words) {
    std::string head, middle = word, tail;
    if (auto m = head_re.Search(middle)) {
      head = middle.substr(0, m->end);
      middle = middle.substr(m->end);
    }
    if (EndsWithAny(middle, {")", ">", ".", ",", "\n", "&gt;"})) {
      if (auto m = tail_re.Search(middle)) {
        tail = middle.substr(m->start);
        middle = middle.substr(0, m->start);
      }
    }
    // Prefer balancing brackets inside the URL to leaving them out.
    for (auto [open, close] :
         {std::pair<std::string, std::string>{"(", ")"}, {"<", ">"}, {"&lt;", "&gt;"}}) {
      size_t opens = Count(middle, open);
      if (opens <= Count(middle, close)) continue;
      size_t moves = std::min(opens, Count(tail, close));
      for (size_t k = 0; k < moves; ++k) {
        size_t end = tail.find(close) + close.size();
        middle += tail.substr(0, end);
        tail = tail.substr(end);
      }
    }
    auto matches = [&](const Regex& re, const std::string& s) { return re.Search(s).has_value(); };
    if (matches(http, middle)) {
      if (middle.starts_with("https://") || middle.starts_with("http://")) {
        middle =
            "<a href=\"" + middle + "\"" + rel_attr + target_attr + ">" + trim(middle) + "</a>";
      } else {
        middle = "<a href=\"https://" + middle + "\"" + rel_attr + target_attr + ">" +
                 trim(middle) + "</a>";
      }
    } else if (middle.starts_with("mailto:") && matches(email, middle.substr(7))) {
      middle = "<a href=\"" + middle + "\">" + middle.substr(7) + "</a>";
    } else if (middle.find('@') != std::string::npos && !middle.starts_with("www.") &&
               !middle.starts_with("@") && middle.find(':') == std::string::npos &&
               matches(email, middle)) {
      middle = "<a href=\"mailto:" + middle + "\">" + middle + "</a>";
    } else {
      for (const auto& scheme : extra_schemes) {
        if (middle != scheme && middle.starts_with(scheme)) {
          middle = "<a href=\"" + middle + "\"" + rel_attr + target_attr + ">" + middle + "</a>";
        }
      }
    }
    out += head + middle + tail;
  }
  return out;
}

}  // namespace lakedev::jinja
