// What commands print: plain text, with dbt's green/red/yellow marks when stdout is a
// terminal (NO_COLOR honoured).
#pragma once

#include <string>
#include <string_view>

namespace lakedev::cli {

class Console {
 public:
  Console();
  void Line(std::string_view text = {}) const;
  std::string Ok(std::string_view text) const { return Paint("32", text); }
  std::string Bad(std::string_view text) const { return Paint("31", text); }
  std::string Warn(std::string_view text) const { return Paint("33", text); }

 private:
  std::string Paint(const char* color, std::string_view text) const;
  bool color_;
};

}  // namespace lakedev::cli
