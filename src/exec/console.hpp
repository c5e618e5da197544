// The run report as dbt prints it: "HH:MM:SS  " before each line, node lines padded with
// dots to 80 columns ("1 of 4 START sql view model main.x ..... [RUN]"), the closing
// summary with failure details, colors when writing to a terminal. Thread-safe.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "exec/result.hpp"

namespace lakedev::exec {

enum class Color { kNone, kGreen, kYellow, kRed };

class RunConsole {
 public:
  explicit RunConsole(bool colors) : colors_(colors) {}

  // One line with the time prefix (continuation lines of `text` get none, as dbt).
  void Line(const std::string& text);
  // "{index} of {total} {message} ....... [status]" (status colored, " in 0.05s" if given).
  void NodeLine(size_t index, size_t total, const std::string& message, const std::string& status,
                Color color, std::optional<double> seconds);
  std::string Paint(const std::string& text, Color color) const;

 private:
  bool colors_;
  std::mutex mu_;
};

// dbt's padding: "{prefix} " filled with dots to 80 columns, then " [status]".
std::string FancyLine(const std::string& prefix, const std::string& status_text);

}  // namespace lakedev::exec
