// Golden cases: tests/cases/<area>/<case>/ holds a case's inputs and, under expected/,
// what must come out. An area's driver knows how to run its cases; adding a case is
// adding a directory.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace lakedev::golden {

struct Case {
  std::string area;
  std::string name;
  std::filesystem::path dir;
};

// Outputs of one run, by expected/ file name ("stdout", "exit_code", "repr", ...).
using Outputs = std::map<std::string, std::string>;

// Runs a case and returns what it produced, already normalized (temporary paths replaced
// by placeholders such as $WORK).
using Driver = Outputs (*)(const Case& c);

Outputs RunCliCase(const Case& c);
Outputs RunYamlCase(const Case& c);
Outputs RunJinjaCase(const Case& c);

std::string ReadText(const std::filesystem::path& p);
void WriteText(const std::filesystem::path& p, const std::string& text);

}  // namespace lakedev::golden
