// Jinja2's urlize: links for http(s):// and www. URLs, bare domains with common TLDs,
// IP URLs, mailto: and e-mail addresses, in HTML-escaped text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lakedev::jinja {

std::string Urlize(const std::string& text, std::optional<int64_t> trim_url_limit,
                   const std::string& rel, const std::string& target,
                   const std::vector<std::string>& extra_schemes);

// Jinja2's check of an extra scheme prefix ("ftp:", "tel:", "git+ssh://").
bool IsUriSchemePrefix(const std::string& scheme);

}  // namespace lakedev::jinja
