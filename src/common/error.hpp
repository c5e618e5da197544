// The one error type of lakedev. Every failure a user can see carries a kind, a message,
// where it happened (file:line:column when known) and, when we know it, the fix.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace lakedev {

// A position in a source file; line and column are 1-based, 0 means unknown.
struct SourceLocation {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
};

enum class ErrorKind {
  kUsage,     // bad command line
  kConfig,    // dbt_project.yml / profiles.yml content
  kYaml,      // YAML syntax
  kDatabase,  // an error reported by the database
  kTemplate,  // a Jinja template failed to parse or render (see jinja::TemplateError)
  kIo,        // files and directories
  kInternal,  // a bug in lakedev
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, SourceLocation where = {}, std::string fix = {});

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  const SourceLocation& where() const { return where_; }
  const std::string& fix() const { return fix_; }
  // The text of the source line `where` points at, shown with a caret under the column.
  const std::string& source_line() const { return source_line_; }

  Error& WithFix(std::string fix);
  Error& WithLocation(SourceLocation where);
  Error& WithSourceLine(std::string line);

 private:
  ErrorKind kind_;
  std::string message_;
  SourceLocation where_;
  std::string fix_;
  std::string source_line_;
};

// Renders an error the way lakedev prints it: "file:line:col: message", then the source
// line with a caret under the column, then the fix.
std::string FormatError(const Error& error);

// Reads line `line` (1-based) of `text`, without its newline; empty when out of range.
std::string LineOf(std::string_view text, uint32_t line);

}  // namespace lakedev
