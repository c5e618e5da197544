// The cli driver: runs the lakedev binary in a copy of the case directory.
//
//   cmd        one line: the arguments after `lakedev` (whitespace separated, "..." quotes)
//   env        optional KEY=VALUE lines; $WORK and $HOME expand to the run's directories
//   cwd        optional: subdirectory of the copy to run in
//   home/      optional: copied as $HOME (an empty one otherwise, so ~/.dbt is controlled)
//   expected/  stdout, stderr, exit_code
// Outputs have the run directory replaced by $WORK, HOME by $HOME and the DuckDB
// extension directory by $EXTDIR.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "golden/case.hpp"

extern char** environ;

namespace fs = std::filesystem;

namespace lakedev::golden {

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteText(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

namespace {

std::vector<std::string> SplitArgs(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool in_quotes = false, have = false;
  for (char c : line) {
    if (c == '"') {
      in_quotes = !in_quotes;
      have = true;
    } else if ((c == ' ' || c == '\t' || c == '\n') && !in_quotes) {
      if (have) out.push_back(cur);
      cur.clear();
      have = false;
    } else {
      cur += c;
      have = true;
    }
  }
  if (have) out.push_back(cur);
  return out;
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
}

std::string Expand(std::string s, const fs::path& work, const fs::path& home) {
  ReplaceAll(s, "$WORK", work.string());
  ReplaceAll(s, "$HOME", home.string());
  return s;
}

// The real extension directory, found the way lakedev finds it, for normalization.
std::string ExtensionDir() {
  const char* env = std::getenv("LAKEDEV_EXTENSION_DIR");
  return env && *env ? env : LAKEDEV_DEFAULT_EXTENSION_DIR;
}

}  // namespace

Outputs RunCliCase(const Case& c) {
  fs::path base = fs::temp_directory_path() /
                  ("lakedev-case-" + c.area + "-" + c.name + "-" + std::to_string(getpid()));
  fs::remove_all(base);
  fs::path work = base / "work", home = base / "home";
  fs::create_directories(work);
  fs::create_directories(home);
  for (const auto& e : fs::directory_iterator(c.dir)) {
    std::string n = e.path().filename().string();
    if (n == "expected" || n == "cmd" || n == "env" || n == "cwd" || n == "README.md") continue;
    fs::copy(e.path(), n == "home" ? home : work / n,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  }
  fs::path run_dir = work;
  if (fs::exists(c.dir / "cwd")) {
    std::string sub = ReadText(c.dir / "cwd");
    while (!sub.empty() && (sub.back() == '\n' || sub.back() == ' '))
      sub.pop_back();
    run_dir = work / sub;
  }

  // Environment: ours minus anything that would steer dbt/lakedev, plus the case's.
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    if (kv.starts_with("DBT_") || kv.starts_with("HOME=") || kv.starts_with("NO_COLOR=")) continue;
    env.push_back(kv);
  }
  env.push_back("HOME=" + home.string());
  if (fs::exists(c.dir / "env")) {
    std::istringstream lines(ReadText(c.dir / "env"));
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty() && line[0] != '#') env.push_back(Expand(line, work, home));
    }
  }
  std::vector<std::string> args = {LAKEDEV_BINARY};
  for (auto& a : SplitArgs(ReadText(c.dir / "cmd")))
    args.push_back(Expand(a, work, home));

  fs::path out_file = base / "stdout", err_file = base / "stderr";
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(run_dir.c_str()) != 0) _exit(127);
    int out = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> argv, envp;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env)
      envp.push_back(e.data());
    envp.push_back(nullptr);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);

  Outputs outputs;
  outputs["stdout"] = ReadText(out_file);
  outputs["stderr"] = ReadText(err_file);
  outputs["exit_code"] = (WIFEXITED(status) ? std::to_string(WEXITSTATUS(status))
                                            : "signal " + std::to_string(WTERMSIG(status))) +
                         "\n";
  for (auto& [name, text] : outputs) {
    // Longest first: work and home are both under base.
    ReplaceAll(text, work.string(), "$WORK");
    ReplaceAll(text, home.string(), "$HOME");
    ReplaceAll(text, ExtensionDir(), "$EXTDIR");
    ReplaceAll(text, "lakedev version: " LAKEDEV_VERSION, "lakedev version: $VERSION");
    ReplaceAll(text, "lakedev " LAKEDEV_VERSION " (", "lakedev $VERSION (");
  }
  fs::remove_all(base);
  return outputs;
}

}  // namespace lakedev::golden
