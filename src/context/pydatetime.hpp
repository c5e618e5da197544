// Python's datetime module as dbt's context exposes it (modules.datetime, modules.pytz,
// run_started_at): datetime, date and timedelta values with their arithmetic, comparisons,
// strftime/strptime/isoformat and Python's str()/repr(). Time zones: UTC and fixed
// offsets (pytz.timezone of another zone is refused with a clear error).
#pragma once

#include <cstdint>
#include <optional>

#include "jinja/value.hpp"

namespace lakedev::context {

// A datetime from microseconds since the Unix epoch; utc makes it timezone-aware.
jinja::Value MakeDateTime(int64_t epoch_us, bool utc);

// modules.datetime, modules.pytz, modules.time (a module object each).
jinja::Value DateTimeModule();
jinja::Value PytzModule();

// The current time in microseconds since the epoch.
int64_t NowMicros();

}  // namespace lakedev::context
