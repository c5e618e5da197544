#include "lake/iceberg/partition_filter.hpp"

#include <gtest/gtest.h>

namespace lakedev::lake::iceberg {
namespace {

using D = avro::Datum;

Field Column(int id, std::string name, std::string type) {
  auto t = std::make_shared<Type>();
  t->primitive = std::move(type);
  return {id, std::move(name), false, t, ""};
}

TEST(PartitionFilter, TextsOfDatesTimestampsDecimals) {
  EXPECT_EQ(DateText(0), "1970-01-01");
  EXPECT_EQ(DateText(19783), "2024-03-01");  // 54 years incl. 13 leap days + 60 days
  EXPECT_EQ(DateText(-1), "1969-12-31");
  EXPECT_EQ(TimestampText(1709296215123456), "2024-03-01 12:30:15.123456");
  EXPECT_EQ(TimestampText(-1), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(DecimalText(std::string("\x30\x39", 2), 2), "123.45");   // 12345
  EXPECT_EQ(DecimalText(std::string("\xcf\xc7", 2), 2), "-123.45");  // -12345
  EXPECT_EQ(DecimalText(std::string("\x05", 1), 3), "0.005");
  EXPECT_EQ(DecimalText(std::string("\xff", 1), 0), "-1");
}

TEST(PartitionFilter, TransformsBecomePredicates) {
  Schema s{0,
           {Column(1, "cat", "string"), Column(2, "ts", "timestamptz"), Column(3, "d", "date"),
            Column(4, "n", "long"), Column(5, "id", "long"), Column(6, "x", "double")}};
  PartitionSpec spec{0,
                     {{1, 1000, "cat", "identity"},
                      {2, 1001, "ts_hour", "hour"},
                      {3, 1002, "d_month", "month"},
                      {4, 1003, "n_trunc", "truncate[10]"},
                      {5, 1004, "id_bucket", "bucket[16]"},
                      {6, 1005, "x", "identity"}}};
  // 2024-03-01T12:00Z is hour 19783 * 24 + 12 = 474804; month 650 is 2024-03.
  std::string p =
      PartitionPredicate(spec,
                         D::OfRecord({D::OfString("it's"), D::OfInt(474804), D::OfInt(650),
                                      D::OfInt(20), D::OfInt(3), D::OfInt(0)}),
                         s);
  EXPECT_EQ(p,
            "\"cat\" = 'it''s' AND \"ts\" >= TIMESTAMPTZ '2024-03-01 12:00:00.000000+00' AND "
            "\"ts\" <= TIMESTAMPTZ '2024-03-01 12:59:59.999999+00' AND \"d\" >= DATE "
            "'2024-03-01' AND \"d\" <= DATE '2024-03-31' AND \"n\" >= 20 AND \"n\" <= 29");
  // Nulls: the source is null too; a dropped source column says nothing.
  PartitionSpec by_cat{0, {{1, 1000, "cat", "identity"}, {99, 1001, "gone", "identity"}}};
  EXPECT_EQ(PartitionPredicate(by_cat, D::OfRecord({D{}, D::OfInt(1)}), s), "\"cat\" IS NULL");
  PartitionSpec years{0, {{3, 1000, "d_year", "year"}}};
  EXPECT_EQ(PartitionPredicate(years, D::OfRecord({D::OfInt(-1)}), s),
            "\"d\" >= DATE '1969-01-01' AND \"d\" <= DATE '1969-12-31'");
}

}  // namespace
}  // namespace lakedev::lake::iceberg
