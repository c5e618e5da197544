#include "jinja/lexer.hpp"

#include <cstring>

#include "jinja/error.hpp"
#include "jinja/text.hpp"

namespace lakedev::jinja {

namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsNameChar(char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9');
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Jinja2 normalizes \r\n and \r to \n and drops one trailing newline.
std::string Normalize(std::string_view source) {
  std::string out;
  out.reserve(source.size());
  for (size_t i = 0; i < source.size(); ++i) {
    if (source[i] == '\r') {
      out += '\n';
      if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
    } else {
      out += source[i];
    }
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Lexer {
 public:
  Lexer(std::string_view source, const std::string& name) : src_(Normalize(source)), name_(name) {}

  std::vector<Token> Run() {
    while (pos_ < src_.size())
      LexData();
    Emit(TokenType::kEof, "", pos_);
    return std::move(tokens_);
  }

 private:
  [[noreturn]] void Fail(const std::string& message, size_t at) {
    auto [line, col] = LineCol(at);
    SourceLocation where{name_, line, col};
    TemplateError e(TemplateErrorKind::kSyntax, message, where);
    e.WithSourceLine(LineOf(src_, line));
    throw e;
  }

  std::pair<uint32_t, uint32_t> LineCol(size_t at) {
    // Positions are requested in increasing order; advance a cursor.
    if (at < cursor_pos_) {
      cursor_pos_ = 0;
      cursor_line_ = 1;
      cursor_line_start_ = 0;
    }
    for (; cursor_pos_ < at && cursor_pos_ < src_.size(); ++cursor_pos_) {
      if (src_[cursor_pos_] == '\n') {
        ++cursor_line_;
        cursor_line_start_ = cursor_pos_ + 1;
      }
    }
    return {cursor_line_, static_cast<uint32_t>(at - cursor_line_start_ + 1)};
  }

  void Emit(TokenType type, std::string value, size_t at) {
    auto [line, col] = LineCol(at);
    tokens_.push_back(Token{type, std::move(value), line, col});
  }

  // Text up to the next tag; the tag is then handled.
  void LexData() {
    size_t start = pos_;
    size_t open = pos_;
    while (true) {
      open = src_.find('{', open);
      if (open == std::string::npos || open + 1 >= src_.size()) {
        open = std::string::npos;
        break;
      }
      char next = src_[open + 1];
      if (next == '{' || next == '%' || next == '#') break;
      ++open;
    }
    if (open == std::string::npos) {
      EmitData(start, src_.size(), false);
      pos_ = src_.size();
      return;
    }
    char kind = src_[open + 1];
    char control = open + 2 < src_.size() ? src_[open + 2] : 0;
    bool strip_before = control == '-';
    if (kind == '%' && IsRawBegin(open)) {
      EmitData(start, open, strip_before);
      LexRaw(open);
      return;
    }
    EmitData(start, open, strip_before);
    // `+` (lstrip_blocks off: no effect) exists only for blocks; in {{+x}} it is unary plus.
    pos_ = open + 2 + ((control == '-' || (control == '+' && kind == '%')) ? 1 : 0);
    if (kind == '#') {
      LexComment(open);
    } else if (kind == '{') {
      Emit(TokenType::kVariableBegin, "{{", open);
      LexInside("}}", TokenType::kVariableEnd, open);
    } else {
      Emit(TokenType::kBlockBegin, "{%", open);
      LexInside("%}", TokenType::kBlockEnd, open);
    }
  }

  void EmitData(size_t start, size_t end, bool strip_trailing) {
    if (strip_trailing) {
      while (end > start && IsSpace(src_[end - 1]))
        --end;
    }
    if (lstrip_next_) {
      while (start < end && IsSpace(src_[start]))
        ++start;
      lstrip_next_ = false;
    }
    if (end > start) Emit(TokenType::kData, src_.substr(start, end - start), start);
  }

  // {% raw %} with optional whitespace control at either side.
  bool IsRawBegin(size_t open) {
    size_t p = open + 2;
    if (p < src_.size() && (src_[p] == '-' || src_[p] == '+')) ++p;
    while (p < src_.size() && IsSpace(src_[p]))
      ++p;
    if (src_.compare(p, 3, "raw") != 0) return false;
    p += 3;
    while (p < src_.size() && IsSpace(src_[p]))
      ++p;
    if (p < src_.size() && src_[p] == '-') ++p;
    return src_.compare(p, 2, "%}") == 0;
  }

  void LexRaw(size_t open) {
    size_t p = src_.find("%}", open) + 2;
    bool strip_after = src_[p - 3] == '-';
    size_t content = p;
    if (strip_after) {
      while (content < src_.size() && IsSpace(src_[content]))
        ++content;
    }
    // Find {% endraw %} (with optional - / + and spaces).
    size_t search = content;
    while (true) {
      size_t tag = src_.find("{%", search);
      if (tag == std::string::npos) Fail("Missing end of raw directive", open);
      size_t q = tag + 2;
      bool strip_before = false;
      if (q < src_.size() && (src_[q] == '-' || src_[q] == '+')) strip_before = src_[q++] == '-';
      while (q < src_.size() && IsSpace(src_[q]))
        ++q;
      if (src_.compare(q, 6, "endraw") == 0) {
        q += 6;
        while (q < src_.size() && IsSpace(src_[q]))
          ++q;
        bool strip_following = false;
        if (q < src_.size() && (src_[q] == '-' || src_[q] == '+'))
          strip_following = src_[q++] == '-';
        if (src_.compare(q, 2, "%}") == 0) {
          size_t end = tag;
          if (strip_before) {
            while (end > content && IsSpace(src_[end - 1]))
              --end;
          }
          if (end > content) Emit(TokenType::kData, src_.substr(content, end - content), content);
          pos_ = q + 2;
          if (strip_following) lstrip_next_ = true;
          return;
        }
      }
      search = tag + 2;
    }
  }

  void LexComment(size_t open) {
    size_t end = src_.find("#}", pos_);
    if (end == std::string::npos) Fail("Missing end of comment tag", open);
    if (end > pos_ && src_[end - 1] == '-') lstrip_next_ = true;
    pos_ = end + 2;
  }

  // Tokens inside {{ }} / {% %} up to the closing delimiter, outside brackets.
  void LexInside(const char* close, TokenType end_type, size_t open) {
    int depth = 0;
    while (true) {
      while (pos_ < src_.size() && IsSpace(src_[pos_]))
        ++pos_;
      if (pos_ >= src_.size()) {
        Fail(end_type == TokenType::kVariableEnd ? "unexpected end of template, expected '}}'"
                                                 : "unexpected end of template, expected '%}'",
             open);
      }
      if (depth == 0) {
        bool dash = src_[pos_] == '-' && src_.compare(pos_ + 1, 2, close) == 0;
        bool plus = src_[pos_] == '+' && end_type == TokenType::kBlockEnd &&
                    src_.compare(pos_ + 1, 2, close) == 0;
        if (dash || plus || src_.compare(pos_, 2, close) == 0) {
          Emit(end_type, close, pos_);
          pos_ += (dash || plus) ? 3 : 2;
          if (dash) lstrip_next_ = true;
          return;
        }
      }
      char c = src_[pos_];
      size_t start = pos_;
      if (IsNameStart(c)) {
        while (pos_ < src_.size() && IsNameChar(src_[pos_]))
          ++pos_;
        Emit(TokenType::kName, src_.substr(start, pos_ - start), start);
      } else if (IsDigit(c)) {
        LexNumber();
      } else if (c == '\'' || c == '"') {
        LexString();
      } else {
        static const char* kTwo[] = {"//", "**", "==", "!=", ">=", "<="};
        std::string op(1, c);
        for (const char* two : kTwo) {
          if (src_.compare(pos_, 2, two) == 0) op = two;
        }
        if (std::strchr("+-/*%~.,:|()[]{}=<>;!", c) == nullptr || op == "!") {
          Fail(std::string("unexpected char '") + c + "'", pos_);
        }
        if (op == "(" || op == "[" || op == "{") ++depth;
        if (op == ")" || op == "]" || op == "}") {
          if (depth == 0) Fail("unexpected '" + op + "'", pos_);
          --depth;
        }
        pos_ += op.size();
        Emit(TokenType::kOperator, op, start);
      }
    }
  }

  void LexNumber() {
    size_t start = pos_;
    auto digits = [&](auto is_digit) {
      size_t first = pos_;
      while (pos_ < src_.size() &&
             (is_digit(src_[pos_]) || (src_[pos_] == '_' && pos_ > first &&
                                       pos_ + 1 < src_.size() && is_digit(src_[pos_ + 1])))) {
        ++pos_;
      }
      return pos_ > first;
    };
    auto dec = [](char ch) { return IsDigit(ch); };
    if (src_[pos_] == '0' && pos_ + 1 < src_.size() &&
        std::strchr("bBoOxX", src_[pos_ + 1]) != nullptr && src_[pos_ + 1] != 0) {
      char base = static_cast<char>(std::tolower(src_[pos_ + 1]));
      pos_ += 2;
      auto ok = base == 'b'   ? digits([](char ch) { return ch == '0' || ch == '1'; })
                : base == 'o' ? digits([](char ch) { return ch >= '0' && ch <= '7'; })
                              : digits([](char ch) { return HexValue(ch) >= 0; });
      if (!ok) Fail("invalid integer literal", start);
      Emit(TokenType::kInteger, src_.substr(start, pos_ - start), start);
      return;
    }
    digits(dec);
    bool is_float = false;
    if (pos_ + 1 < src_.size() && src_[pos_] == '.' && IsDigit(src_[pos_ + 1])) {
      ++pos_;
      digits(dec);
      is_float = true;
    }
    if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
      size_t save = pos_;
      ++pos_;
      if (pos_ < src_.size() && (src_[pos_] == '+' || src_[pos_] == '-')) ++pos_;
      if (digits(dec)) {
        is_float = true;
      } else {
        pos_ = save;
      }
    }
    Emit(is_float ? TokenType::kFloat : TokenType::kInteger, src_.substr(start, pos_ - start),
         start);
  }

  // Python string literal semantics ('unicode-escape'): \n \t \\ \' \" \xNN \uNNNN
  // \UNNNNNNNN \ooo; unknown escapes keep their backslash.
  void LexString() {
    size_t start = pos_;
    char quote = src_[pos_++];
    std::string out;
    while (true) {
      if (pos_ >= src_.size()) Fail("unexpected end of string", start);
      char c = src_[pos_++];
      if (c == quote) break;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= src_.size()) Fail("unexpected end of string", start);
      char e = src_[pos_++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case '\\':
          out += '\\';
          break;
        case '\'':
          out += '\'';
          break;
        case '"':
          out += '"';
          break;
        case 'a':
          out += '\a';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'v':
          out += '\v';
          break;
        case '\n':
          break;  // line continuation
        case 'x':
        case 'u':
        case 'U': {
          int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          uint32_t cp = 0;
          for (int i = 0; i < n; ++i) {
            int h = pos_ < src_.size() ? HexValue(src_[pos_]) : -1;
            if (h < 0) Fail("truncated \\" + std::string(1, e) + " escape in string", start);
            cp = cp * 16 + static_cast<uint32_t>(h);
            ++pos_;
          }
          text::Append(out, cp);
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            uint32_t cp = static_cast<uint32_t>(e - '0');
            for (int i = 0; i < 2 && pos_ < src_.size() && src_[pos_] >= '0' && src_[pos_] <= '7';
                 ++i) {
              cp = cp * 8 + static_cast<uint32_t>(src_[pos_++] - '0');
            }
            text::Append(out, cp);
          } else {
            out += '\\';
            out += e;
          }
      }
    }
    Emit(TokenType::kString, std::move(out), start);
  }

  std::string src_;
  std::string name_;
  size_t pos_ = 0;
  bool lstrip_next_ = false;  // a `-` asked to strip whitespace at the start of the next data
  std::vector<Token> tokens_;
  size_t cursor_pos_ = 0;
  uint32_t cursor_line_ = 1;
  size_t cursor_line_start_ = 0;
};

}  // namespace

std::vector<Token> Tokenize(std::string_view source, const std::string& template_name) {
  return Lexer(source, template_name).Run();
}

}  // namespace lakedev::jinja
