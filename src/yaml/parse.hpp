// Parsing YAML text into Nodes with PyYAML SafeLoader semantics (what dbt uses).
#pragma once

#include <string>
#include <string_view>

#include "yaml/node.hpp"

namespace lakedev::yaml {

// Parses the first document of `text`; an empty document is a Null node.
// Throws Error(kYaml) with file:line:column and the offending line on bad syntax.
Node Parse(std::string_view text, const std::string& file_name);

// Reads and parses a file. Throws Error(kIo) if it cannot be read.
Node ParseFile(const std::string& path);

// PyYAML's implicit typing of a plain (unquoted) scalar: null, bool, int, float,
// timestamp or string, by the YAML 1.1 rules (`yes`/`on` are true, `1e5` is a string,
// `0o17` is a string but `017` is octal, `1_000` is 1000, `1:30` is 90).
Node ResolvePlainScalar(std::string_view text, SourceLocation at = {});

}  // namespace lakedev::yaml
