// Generic test names: expectations observed from dbt-core 1.11.16 (`dbt parse` on
// throwaway projects; the names and hashes are those it wrote into manifest.json).
#include "parse/generic_tests.hpp"

#include <gtest/gtest.h>

namespace lakedev::parse {
namespace {

using jinja::Value;

Value Strings(std::initializer_list<const char*> items) {
  Value list = Value::List();
  for (const char* s : items)
    list.MutableItems().push_back(Value::String(s));
  return list;
}

TEST(GenericTestName, ArgumentsSortedByNameAndFlattened) {
  jinja::Dict args;
  args.Set(Value::String("column_name"), Value::String("status"));
  args.Set(Value::String("values"), Strings({"placed", "shipped", "completed"}));
  TestName name = GenericTestName("accepted_values", "orders", args);
  EXPECT_EQ(name.full, "accepted_values_orders_status__placed__shipped__completed");
  EXPECT_EQ(name.short_name, name.full);
}

TEST(GenericTestName, PythonStrOfNonStrings) {
  jinja::Dict args;
  args.Set(Value::String("column_name"), Value::String("status"));
  args.Set(Value::String("values"), Value::List({Value::Int(1), Value::Int(2)}));
  args.Set(Value::String("quote"), Value::Bool(false));
  EXPECT_EQ(GenericTestName("accepted_values", "orders", args).full,
            "accepted_values_orders_status__False__1__2");
}

TEST(GenericTestName, RelationshipsRef) {
  jinja::Dict args;
  args.Set(Value::String("column_name"), Value::String("customer_id"));
  args.Set(Value::String("to"), Value::String("ref('customers')"));
  args.Set(Value::String("field"), Value::String("id"));
  EXPECT_EQ(GenericTestName("relationships", "orders", args).full,
            "relationships_orders_customer_id__id__ref_customers_");
}

TEST(GenericTestName, LongNamesAreShortenedWithTheirMd5) {
  jinja::Dict args;
  args.Set(Value::String("column_name"), Value::String("status"));
  args.Set(Value::String("values"),
           Strings({"placed", "shipped", "completed", "returned", "return_pending", "it's"}));
  TestName name = GenericTestName("accepted_values", "orders", args);
  EXPECT_EQ(name.full,
            "accepted_values_orders_status__placed__shipped__completed__returned__return_"
            "pending__it_s");
  EXPECT_EQ(name.short_name, "accepted_values_orders_74bb6ce3046fc231898e397bf51107c5");
}

TEST(GenericTestName, NamespacedLongName) {
  jinja::Dict args;
  args.Set(Value::String("combination_of_columns"),
           Strings({"id", "status", "customer_id", "and_some_more_columns_to_make_it_long"}));
  TestName name = GenericTestName("dbt_utils_unique_combination_of_columns", "orders", args);
  EXPECT_EQ(name.short_name, "dbt_utils_unique_combination_o_301b851d2b1078cc3509ab6a18c0b64d");
}

TEST(GenericTestName, NoArgumentsStillEndsInUnderscore) {
  jinja::Dict args;
  EXPECT_EQ(GenericTestName("no_args", "orders", args).full, "no_args_orders_");
}

}  // namespace
}  // namespace lakedev::parse
