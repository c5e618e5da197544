#include "cli/console.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace lakedev::cli {

Console::Console() : color_(isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR")) {}

void Console::Line(std::string_view text) const {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
}

std::string Console::Paint(const char* color, std::string_view text) const {
  if (!color_) return std::string(text);
  return "\x1b[" + std::string(color) + "m" + std::string(text) + "\x1b[0m";
}

}  // namespace lakedev::cli
