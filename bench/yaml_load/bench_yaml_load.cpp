// Loads YAML files the way lakedev's project parser will (yaml::Parse with PyYAML
// typing) and prints the best wall time of N repetitions, in seconds.
// Usage: bench_yaml_load REPEAT FILE...
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/paths.hpp"
#include "yaml/parse.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s REPEAT FILE...\n", argv[0]);
    return 2;
  }
  int repeat = std::atoi(argv[1]);
  std::vector<std::string> texts;
  for (int i = 2; i < argc; ++i)
    texts.push_back(lakedev::ReadFile(argv[i]));
  double best = 1e9;
  size_t nodes = 0;
  for (int r = 0; r < repeat; ++r) {
    auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < texts.size(); ++i) {
      lakedev::yaml::Node root = lakedev::yaml::Parse(texts[i], argv[i + 2]);
      nodes += root.entries().size();
    }
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  std::printf("%.6f %zu\n", best, nodes);
  return 0;
}
