#include "jinja/error.hpp"

namespace lakedev::jinja {

const char* KindName(TemplateErrorKind kind) {
  switch (kind) {
    case TemplateErrorKind::kSyntax:
      return "syntax";
    case TemplateErrorKind::kUndefined:
      return "undefined";
    case TemplateErrorKind::kType:
      return "type";
    case TemplateErrorKind::kValue:
      return "value";
    case TemplateErrorKind::kZeroDivision:
      return "zero_division";
    case TemplateErrorKind::kOverflow:
      return "overflow";
    case TemplateErrorKind::kSecurity:
      return "security";
    case TemplateErrorKind::kRuntime:
      return "runtime";
    case TemplateErrorKind::kIndex:
      return "index";
    case TemplateErrorKind::kKey:
      return "key";
    case TemplateErrorKind::kAttribute:
      return "attribute";
    case TemplateErrorKind::kRecursion:
      return "recursion";
    case TemplateErrorKind::kNotFound:
      return "not_found";
    case TemplateErrorKind::kAssertion:
      return "assertion";
  }
  return "error";
}

const char* PythonName(TemplateErrorKind kind) {
  switch (kind) {
    case TemplateErrorKind::kSyntax:
      return "TemplateSyntaxError";
    case TemplateErrorKind::kUndefined:
      return "UndefinedError";
    case TemplateErrorKind::kType:
      return "TypeError";
    case TemplateErrorKind::kValue:
      return "ValueError";
    case TemplateErrorKind::kZeroDivision:
      return "ZeroDivisionError";
    case TemplateErrorKind::kOverflow:
      return "OverflowError";
    case TemplateErrorKind::kSecurity:
      return "SecurityError";
    case TemplateErrorKind::kRuntime:
      return "TemplateRuntimeError";
    case TemplateErrorKind::kIndex:
      return "IndexError";
    case TemplateErrorKind::kKey:
      return "KeyError";
    case TemplateErrorKind::kAttribute:
      return "AttributeError";
    case TemplateErrorKind::kRecursion:
      return "RecursionError";
    case TemplateErrorKind::kNotFound:
      return "TemplateNotFound";
    case TemplateErrorKind::kAssertion:
      return "AssertionError";
  }
  return "Error";
}

TemplateError::TemplateError(TemplateErrorKind kind, std::string message, SourceLocation where)
    : Error(ErrorKind::kTemplate, std::move(message), std::move(where)), kind_(kind) {}

void TemplateError::Locate(const SourceLocation& where, std::string source_line) {
  if (located()) return;
  WithLocation(where);
  WithSourceLine(std::move(source_line));
}

}  // namespace lakedev::jinja
