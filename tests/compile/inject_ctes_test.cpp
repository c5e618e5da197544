// Ephemeral CTE injection. The expectations are what dbt-core 1.11.16 gives for the same
// input: ~/.cache/lakedev/venv/bin/python -c "from dbt.compilation import
// inject_ctes_into_sql; from dbt.contracts.graph.nodes import InjectedCTE; ..." (the
// function `dbt compile` uses; the shop corpus in tests/dbt checks it end to end).
#include "compile/compiler.hpp"

#include <gtest/gtest.h>

namespace lakedev::compile {
namespace {

const std::string kCte = " __dbt__cte__eph as (\nselect 1 as id\n)";

TEST(InjectCtes, WithoutWithAddsOneBeforeTheFirstToken) {
  EXPECT_EQ(InjectCtes("\n\nselect * from __dbt__cte__eph", {kCte}),
            "\n\nwith __dbt__cte__eph as (\nselect 1 as id\n) select * from __dbt__cte__eph");
}

TEST(InjectCtes, ExistingWithKeepsItsWhitespace) {
  EXPECT_EQ(InjectCtes("with all_values as (select 1)\nselect * from all_values", {kCte}),
            "with  __dbt__cte__eph as (\nselect 1 as id\n), all_values as (select 1)\n"
            "select * from all_values");
}

TEST(InjectCtes, AfterWithRecursive) {
  EXPECT_EQ(InjectCtes("WITH RECURSIVE r as (select 1) select * from r", {kCte}),
            "WITH RECURSIVE  __dbt__cte__eph as (\nselect 1 as id\n), r as (select 1) select * "
            "from r");
}

TEST(InjectCtes, WithInsideParenthesesIsNotTheStatements) {
  EXPECT_EQ(InjectCtes("select * from (with x as (select 1) select * from x)", {kCte}),
            "with __dbt__cte__eph as (\nselect 1 as id\n) select * from (with x as (select 1) "
            "select * from x)");
}

TEST(InjectCtes, SeveralCtesJoinedWithCommas) {
  std::string other = " __dbt__cte__b as (\nselect 2\n)";
  EXPECT_EQ(InjectCtes("select 1", {kCte, other}),
            "with __dbt__cte__eph as (\nselect 1 as id\n),  __dbt__cte__b as (\nselect 2\n) "
            "select 1");
}

}  // namespace
}  // namespace lakedev::compile
