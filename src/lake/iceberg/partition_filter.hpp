// What a file's partition says about its rows, as SQL: every row of a file in partition
// `value` of `spec` satisfies PartitionPredicate(...). lakedev's reader gives each group
// of files such a predicate, and DuckDB's optimizer drops the groups a query's filter
// contradicts before opening a file (cat = 'a' AND cat = 'b' is empty).
#pragma once

#include <string>

#include "lake/iceberg/avro.hpp"
#include "lake/iceberg/metadata.hpp"

namespace lakedev::lake::iceberg {

// Built from the transforms DuckDB can reason about: identity (integers, strings,
// booleans, dates, timestamps, decimals), year, month, day and hour on dates and
// timestamps, truncate on integers. Empty when none of the spec's fields gives one.
std::string PartitionPredicate(const PartitionSpec& spec, const avro::Datum& value,
                               const Schema& schema);

// "YYYY-MM-DD" of days since 1970-01-01.
std::string DateText(int64_t days);
// "YYYY-MM-DD HH:MM:SS.ffffff" of microseconds since the epoch.
std::string TimestampText(int64_t micros);
// The decimal text of a big-endian two's-complement unscaled value with `scale`.
std::string DecimalText(const std::string& bytes, int scale);

}  // namespace lakedev::lake::iceberg
