// The files of one dbt project, found where dbt-core looks for them (model-paths,
// seed-paths, ... from dbt_project.yml), with the paths dbt records for them.
#pragma once

#include <string>
#include <vector>

#include "project/dbt_project.hpp"

namespace lakedev::parse {

struct ProjectFile {
  std::string absolute;            // to read it
  std::string original_file_path;  // relative to the project: models/staging/x.sql
  std::string path;                // relative to its search root: staging/x.sql
};

struct ProjectFiles {
  std::vector<ProjectFile> models;      // .sql under model-paths
  std::vector<ProjectFile> analyses;    // .sql under analysis-paths
  std::vector<ProjectFile> seeds;       // .csv under seed-paths
  std::vector<ProjectFile> snapshots;   // .sql under snapshot-paths
  std::vector<ProjectFile> tests;       // singular tests: .sql under test-paths (not generic/)
  std::vector<ProjectFile> macros;      // .sql under macro-paths and test-paths/generic
  std::vector<ProjectFile> docs;        // .md under docs-paths (or every path)
  std::vector<ProjectFile> properties;  // .yml/.yaml under model/seed/snapshot/analysis/
                                        // macro/test paths
};

// Every file in path order (sorted), as dbt's filesystem searcher yields them.
ProjectFiles FindProjectFiles(const project::DbtProject& project);

}  // namespace lakedev::parse
