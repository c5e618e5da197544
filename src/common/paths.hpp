// Small filesystem helpers shared by the modules.
#pragma once

#include <optional>
#include <string>

namespace lakedev {

// "~" and "~/x" expanded with $HOME, as Python's os.path.expanduser does.
std::string ExpandUser(const std::string& path);

// The value of environment variable `name`, or nullopt when unset.
std::optional<std::string> GetEnv(const char* name);

// Whole file contents; throws Error(kIo) naming the path when unreadable.
std::string ReadFile(const std::string& path);

// Python's os.path.join for two parts.
std::string JoinPath(const std::string& dir, const std::string& name);

}  // namespace lakedev
