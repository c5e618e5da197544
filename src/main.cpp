// lakedev: a native engine for developing dbt projects on DuckDB over Iceberg.
#include "cli/app.hpp"

int main(int argc, char** argv) {
  return lakedev::cli::Main(argc, argv);
}
