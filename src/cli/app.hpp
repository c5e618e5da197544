// Entry point of the lakedev command line: global flags, command dispatch, help, and the
// one place errors become messages and exit codes.
#pragma once

namespace lakedev::cli {

int Main(int argc, char** argv);

}  // namespace lakedev::cli
