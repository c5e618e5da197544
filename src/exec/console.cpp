#include "exec/console.hpp"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "context/pydatetime.hpp"
#include "context/pyjson.hpp"
#include "exec/run_results.hpp"

namespace lakedev::exec {
using jinja::Value;

namespace {

std::string Clock(int64_t us, bool micros) {
  std::time_t secs = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
  std::string out = buf;
  if (micros) {
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%06d", static_cast<int>(us % 1000000));
    out += frac;
  }
  return out;
}

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

std::string StripColors(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\033') {
      size_t m = s.find('m', i);
      if (m != std::string::npos) {
        i = m;
        continue;
      }
    }
    out += s[i];
  }
  return out;
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

RunConsole::RunConsole(ConsoleOptions options) : options_(std::move(options)) {
  if (!options_.log_file.empty()) OpenLog(options_.log_file, options_.invocation_id);
}

void RunConsole::OpenLog(const std::string& log_file, const std::string& invocation_id) {
  std::lock_guard lock(mu_);
  options_.invocation_id = invocation_id;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(log_file).parent_path(), ec);
  log_.open(log_file, std::ios::app);
  if (log_ && !options_.json) {
    log_ << "\n\n============================== " << Clock(context::NowMicros(), true) << " | "
         << invocation_id << " ==============================\n";
  }
}

std::string RunConsole::Paint(const std::string& text, Color color) const {
  if (!options_.colors || options_.json || color == Color::kNone) return text;
  const char* code = color == Color::kGreen    ? "\033[32m"
                     : color == Color::kYellow ? "\033[33m"
                                               : "\033[31m";
  return code + text + "\033[0m";
}

void RunConsole::Emit(Event e) {
  int64_t now = context::NowMicros();
  std::lock_guard lock(mu_);
  std::string plain = StripColors(e.msg);
  if (options_.json) {
    Value info = Value::MakeDict();
    auto set = [&](const char* k, Value v) { info.AsDict().Set(Value::String(k), std::move(v)); };
    set("category", Value::String(""));
    set("code", Value::String(e.code));
    set("extra", Value::MakeDict());
    set("invocation_id", Value::String(options_.invocation_id));
    set("level", Value::String(LevelName(e.level)));
    set("msg", Value::String(plain));
    set("name", Value::String(e.name));
    set("pid", Value::Int(getpid()));
    set("thread", Value::String(e.thread));
    set("ts", Value::String(IsoTimestamp(now)));
    Value line = Value::MakeDict();
    line.AsDict().Set(Value::String("data"), e.data);
    line.AsDict().Set(Value::String("info"), info);
    std::string text = context::PyJsonDumps(line);
    if (e.level != Level::kDebug) std::cout << text << "\n" << std::flush;
    if (log_) log_ << text << "\n" << std::flush;
    return;
  }
  if (e.level != Level::kDebug)
    std::cout << Clock(now, false) << "  " << e.msg << "\n" << std::flush;
  if (log_) {
    std::string thread = e.thread.substr(0, 10);
    thread.resize(10, ' ');
    std::string level = LevelName(e.level);
    level.resize(5, ' ');
    log_ << Clock(now, true) << " [" << level << "] [" << thread << "]: " << plain << "\n"
         << std::flush;
  }
}

void RunConsole::Line(const std::string& text, const char* name, const char* code, Level level) {
  Event e;
  e.name = text.empty() ? "Formatting" : name;
  e.code = text.empty() ? "Z017" : code;
  e.level = level;
  e.msg = text;
  Emit(std::move(e));
}

void RunConsole::NodeLine(size_t index, size_t total, const std::string& message,
                          const std::string& status, Color color, std::optional<double> seconds,
                          Event event) {
  std::string prefix = std::to_string(index) + " of " + std::to_string(total) + " " + message;
  char time_text[32] = "";
  if (seconds) std::snprintf(time_text, sizeof time_text, " in %.2fs", *seconds);
  // Colors go inside the brackets only, so they do not change the padding.
  std::string line = FancyLine(prefix, "\x01");
  line.replace(line.find('\x01'), 1, Paint(status, color) + time_text);
  event.msg = line;
  if (event.data.IsDict()) {
    event.data.AsDict().Set(Value::String("index"), Value::Int(static_cast<int64_t>(index)));
    event.data.AsDict().Set(Value::String("total"), Value::Int(static_cast<int64_t>(total)));
    if (seconds) event.data.AsDict().Set(Value::String("execution_time"), Value::Float(*seconds));
  }
  Emit(std::move(event));
}

void RunConsole::BatchLine(size_t index, size_t total, const std::string& message,
                           const std::string& status, Color color, std::optional<double> seconds,
                           const std::string& thread) {
  std::string prefix = std::to_string(index) + " of " + std::to_string(total) + " " + message;
  char time_text[32] = "";
  if (seconds) std::snprintf(time_text, sizeof time_text, " in %.2fs", *seconds);
  std::string line = FancyLine(prefix, "\x01");
  line.replace(line.find('\x01'), 1, Paint(status, color) + time_text);
  Event e;
  e.name = status == "RUN" ? "LogStartBatch" : "LogBatchResult";
  e.code = status == "RUN" ? "Q045" : "Q046";
  e.thread = thread;
  e.msg = "Batch " + line;
  Emit(std::move(e));
}

}  // namespace lakedev::exec
