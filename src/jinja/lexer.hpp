// Splits template source into tokens the way Jinja2's lexer does: data between tags,
// whitespace control (`-`, `+`), comments dropped, raw blocks kept verbatim, newlines
// normalized, one trailing newline removed (keep_trailing_newline=False, as in dbt).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lakedev::jinja {

enum class TokenType : uint8_t {
  kData,           // text outside tags
  kVariableBegin,  // {{
  kVariableEnd,    // }}
  kBlockBegin,     // {%
  kBlockEnd,       // %}
  kName,
  kString,  // value already unescaped
  kInteger,
  kFloat,
  kOperator,  // + - * / // % ** ~ . , : | ( ) [ ] { } = == != < <= > >= ;
  kEof,
};

struct Token {
  TokenType type;
  std::string value;
  uint32_t line;
  uint32_t column;
};

// Throws TemplateError(kSyntax) with the position for unterminated tags and strings.
std::vector<Token> Tokenize(std::string_view source, const std::string& template_name);

}  // namespace lakedev::jinja
