// Renders every model_*.jinja of a directory (templates load from the same directory)
// and prints the best wall time of N repetitions: parse+render and render-only.
// Usage: bench_jinja_render DIR REPEAT
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "common/paths.hpp"
#include "jinja/environment.hpp"
#include "jinja/parser.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  std::string dir = argv[1];
  int repeat = std::atoi(argv[2]);
  std::vector<std::string> models;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string n = e.path().filename().string();
    if (n.starts_with("model_")) models.push_back(n);
  }
  auto loader = [dir](const std::string& name) -> std::optional<std::string> {
    return lakedev::ReadFile(dir + "/" + name);
  };
  lakedev::jinja::Dict context;
  context.Set(lakedev::jinja::Value::String("target"), lakedev::jinja::Value::String("dev"));
  double best_cold = 1e9, best_warm = 1e9;
  size_t bytes = 0;
  for (int r = 0; r < repeat; ++r) {
    // Cold: a new environment, so every template is read and parsed again.
    auto t0 = Clock::now();
    lakedev::jinja::Environment env;
    env.SetLoader(loader);
    bytes = 0;
    for (const auto& m : models)
      bytes += env.Render(*env.GetTemplate(m), context).size();
    auto t1 = Clock::now();
    // Warm: same environment, templates already parsed.
    for (const auto& m : models)
      bytes += env.Render(*env.GetTemplate(m), context).size();
    auto t2 = Clock::now();
    best_cold = std::min(best_cold, std::chrono::duration<double>(t1 - t0).count());
    best_warm = std::min(best_warm, std::chrono::duration<double>(t2 - t1).count());
  }
  std::printf("%.6f %.6f %zu\n", best_cold, best_warm, bytes);
  return 0;
}
