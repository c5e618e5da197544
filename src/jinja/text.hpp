// Python str semantics on UTF-8 text: case mapping, character classes, whitespace.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lakedev::jinja::text {

// Decodes the code point at s[i] and advances i (invalid bytes decode as themselves).
uint32_t Next(std::string_view s, size_t& i);
void Append(std::string& out, uint32_t cp);
std::vector<uint32_t> Decode(std::string_view s);
std::string Encode(const std::vector<uint32_t>& cps);

bool IsSpace(uint32_t cp);  // str.isspace
bool IsAlpha(uint32_t cp);
bool IsDigit(uint32_t cp);  // str.isdigit (decimal digits)
bool IsAlnum(uint32_t cp);
bool IsLower(uint32_t cp);
bool IsUpper(uint32_t cp);
uint32_t ToUpper(uint32_t cp);
uint32_t ToLower(uint32_t cp);

std::string Upper(std::string_view s);
std::string Lower(std::string_view s);
std::string Capitalize(std::string_view s);  // first upper, rest lower
std::string Title(std::string_view s);       // Python's str.title word rule

// markupsafe.escape: & < > " ' as &amp; &lt; &gt; &#34; &#39;.
std::string HtmlEscape(std::string_view s);

}  // namespace lakedev::jinja::text
