#include "common/error.hpp"

#include <utility>

namespace lakedev {

Error::Error(ErrorKind kind, std::string message, SourceLocation where, std::string fix)
    : std::runtime_error(message),
      kind_(kind),
      message_(std::move(message)),
      where_(std::move(where)),
      fix_(std::move(fix)) {}

Error& Error::WithFix(std::string fix) {
  fix_ = std::move(fix);
  return *this;
}

Error& Error::WithLocation(SourceLocation where) {
  where_ = std::move(where);
  return *this;
}

Error& Error::WithSourceLine(std::string line) {
  source_line_ = std::move(line);
  return *this;
}

std::string FormatError(const Error& error) {
  std::string out;
  const SourceLocation& at = error.where();
  if (!at.file.empty()) {
    out += at.file;
    if (at.line > 0) {
      out += ':' + std::to_string(at.line);
      if (at.column > 0) out += ':' + std::to_string(at.column);
    }
    out += ": ";
  }
  out += error.message();
  out += '\n';
  if (!error.source_line().empty() && at.line > 0) {
    // Long lines (generated SQL, minified templates) are shown as a window around the
    // column so the message stays one screen.
    constexpr size_t kWidth = 120;
    std::string line = error.source_line();
    size_t column = at.column;
    if (line.size() > kWidth) {
      size_t start = column > kWidth / 2 ? column - kWidth / 2 : 0;
      std::string window = line.substr(start, kWidth);
      if (start > 0) {
        window = "..." + window;
        column = column - start + 3;
      }
      if (start + kWidth < line.size()) window += "...";
      line = window;
    }
    std::string gutter = std::to_string(at.line) + " | ";
    out += "  " + gutter + line + '\n';
    if (column > 0) {
      out += "  " + std::string(gutter.size(), ' ');
      // Keep tabs so the caret lines up under tab-indented text.
      for (size_t i = 1; i < column && i - 1 < line.size(); ++i) {
        out += line[i - 1] == '\t' ? '\t' : ' ';
      }
      out += "^\n";
    }
  }
  if (!error.fix().empty()) out += "fix: " + error.fix() + '\n';
  return out;
}

std::string LineOf(std::string_view text, uint32_t line) {
  if (line == 0) return {};
  size_t start = 0;
  for (uint32_t i = 1; i < line; ++i) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  size_t end = text.find('\n', start);
  std::string_view l =
      text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return std::string(l);
}

}  // namespace lakedev
