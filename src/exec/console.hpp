// The run report as dbt prints it: "HH:MM:SS  " before each line, node lines padded with
// dots to 80 columns ("1 of 4 START sql view model main.x ..... [RUN]"), the closing
// summary with failure details, colors when writing to a terminal; or, with
// --log-format json, one JSON object per event with dbt's event names and codes. Every
// event also goes to logs/dbt.log. Thread-safe.
#pragma once

#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "exec/result.hpp"
#include "jinja/value.hpp"

namespace lakedev::exec {

enum class Color { kNone, kGreen, kYellow, kRed };
enum class Level { kDebug, kInfo, kWarn, kError };

// One of dbt's events: its name and code ("LogModelResult", "Q012"), level and text.
struct Event {
  const char* name = "Note";
  const char* code = "Z050";
  Level level = Level::kInfo;
  std::string msg;
  jinja::Value data = jinja::Value::MakeDict();
  std::string thread = "MainThread";
};

struct ConsoleOptions {
  bool colors = false;
  bool json = false;
  std::string log_file;  // empty: no log file
  std::string invocation_id;
};

class RunConsole {
 public:
  explicit RunConsole(ConsoleOptions options);
  // Sets where dbt.log is written (once the project is known) and the invocation id.
  void OpenLog(const std::string& log_file, const std::string& invocation_id);

  void Emit(Event event);
  // A plain line (Formatting when empty, else `name`/`code`).
  void Line(const std::string& text, const char* name = "Note", const char* code = "Z050",
            Level level = Level::kInfo);
  // "{index} of {total} {message} ....... [status]" (status colored, " in 0.05s" if given).
  void NodeLine(size_t index, size_t total, const std::string& message, const std::string& status,
                Color color, std::optional<double> seconds, Event event);
  // "Batch {index} of {total} ... [status]": a microbatch model's batch (LogStartBatch /
  // LogBatchResult).
  void BatchLine(size_t index, size_t total, const std::string& message, const std::string& status,
                 Color color, std::optional<double> seconds, const std::string& thread);
  std::string Paint(const std::string& text, Color color) const;

 private:
  ConsoleOptions options_;
  std::ofstream log_;
  std::mutex mu_;
};

// dbt's padding: "{prefix} " filled with dots to 80 columns, then " [status]".
std::string FancyLine(const std::string& prefix, const std::string& status_text);

}  // namespace lakedev::exec
