// dbt unit tests: the tested model's SQL run over fixture rows instead of its inputs
// (each given ref()/source() becomes a CTE of typed rows, missing columns null), its
// output compared, as a multiset, with the expected rows typed like the model's columns.
#pragma once

#include "exec/node_runner.hpp"

namespace lakedev::exec {

NodeResult RunUnitTest(RunContext& run, Worker& worker, manifest::Node& unit_test);

// "<model>::<name>", as dbt's lines name a unit test.
std::string UnitTestLabel(const manifest::Node& unit_test);

}  // namespace lakedev::exec
