// Template errors: what kind (as the Python exception Jinja2 would raise), the message,
// and where in which template.
#pragma once

#include <string>

#include "common/error.hpp"

namespace lakedev::jinja {

// Named after the Python exception Jinja2 raises in the same situation.
enum class TemplateErrorKind {
  kSyntax,        // TemplateSyntaxError
  kUndefined,     // UndefinedError
  kType,          // TypeError
  kValue,         // ValueError
  kZeroDivision,  // ZeroDivisionError
  kOverflow,      // OverflowError (also 64-bit integer overflow, where Python has bigints)
  kSecurity,      // SecurityError (sandbox)
  kRuntime,       // TemplateRuntimeError
  kIndex,         // IndexError
  kKey,           // KeyError
  kAttribute,     // AttributeError
  kRecursion,     // RecursionError (runaway templates)
  kNotFound,      // TemplateNotFound
  kAssertion,     // raised on purpose by the host (e.g. dbt's exceptions)
};

// The snake_case name used in test expectations ("syntax", "undefined", ...).
const char* KindName(TemplateErrorKind kind);
// The Python exception Jinja2 raises for this kind ("UndefinedError", "TypeError", ...).
const char* PythonName(TemplateErrorKind kind);

class TemplateError : public Error {
 public:
  TemplateError(TemplateErrorKind kind, std::string message, SourceLocation where = {});
  TemplateErrorKind template_kind() const { return kind_; }
  // Sets the location if none is set yet (the innermost location wins).
  void Locate(const SourceLocation& where, std::string source_line);
  bool located() const { return where().line != 0; }

 private:
  TemplateErrorKind kind_;
};

// Shorthands for the errors the built-ins raise most.
[[noreturn]] inline void ThrowTypeError(const std::string& message) {
  throw TemplateError(TemplateErrorKind::kType, message);
}
[[noreturn]] inline void ThrowValueError(const std::string& message) {
  throw TemplateError(TemplateErrorKind::kValue, message);
}

}  // namespace lakedev::jinja
