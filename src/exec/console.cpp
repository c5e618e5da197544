#include "exec/console.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>

namespace lakedev::exec {

namespace {

std::string Clock() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
  return buf;
}

}  // namespace

std::string_view StatusName(Status status) {
  switch (status) {
    case Status::kSuccess:
      return "success";
    case Status::kError:
      return "error";
    case Status::kSkipped:
      return "skipped";
    case Status::kPass:
      return "pass";
    case Status::kFail:
      return "fail";
    case Status::kWarn:
      return "warn";
  }
  return "error";
}

std::string FancyLine(const std::string& prefix, const std::string& status_text) {
  std::string justified = prefix + " ";
  // Width in characters (code points), as Python's ljust counts.
  size_t width = 0;
  for (unsigned char c : justified)
    width += (c & 0xC0) != 0x80;
  if (width < 80) justified += std::string(80 - width, '.');
  return justified + " [" + status_text + "]";
}

std::string RunConsole::Paint(const std::string& text, Color color) const {
  if (!colors_ || color == Color::kNone) return text;
  const char* code = color == Color::kGreen    ? "\033[32m"
                     : color == Color::kYellow ? "\033[33m"
                                               : "\033[31m";
  return code + text + "\033[0m";
}

void RunConsole::Line(const std::string& text) {
  std::lock_guard lock(mu_);
  std::cout << Clock() << "  " << text << "\n" << std::flush;
}

void RunConsole::NodeLine(size_t index, size_t total, const std::string& message,
                          const std::string& status, Color color, std::optional<double> seconds) {
  std::string prefix = std::to_string(index) + " of " + std::to_string(total) + " " + message;
  char time_text[32] = "";
  if (seconds) std::snprintf(time_text, sizeof time_text, " in %.2fs", *seconds);
  // Colors go inside the brackets only, so they do not change the padding.
  std::string line = FancyLine(prefix, "\x01");
  line.replace(line.find('\x01'), 1, Paint(status, color) + time_text);
  Line(line);
}

}  // namespace lakedev::exec
