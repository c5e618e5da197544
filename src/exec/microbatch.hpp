// Microbatch models as dbt runs them: the time range to build (from `begin`, or the last
// `lookback` batches before now, or --event-time-start/--event-time-end) cut into batches
// of `batch_size` (hour, day, month, year); each batch compiled with model.batch set (refs
// to models with `event_time` read only that batch's rows) and run by the incremental
// materialization — the first creating the table if needed, the others as incremental
// runs of the microbatch strategy (delete the batch's time range, insert its rows).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lakedev::exec {

enum class BatchSize { kHour, kDay, kMonth, kYear };

// Microseconds since the epoch, UTC.
struct Batch {
  int64_t start_us;
  int64_t end_us;
};

std::optional<BatchSize> ParseBatchSize(const std::string& text);
int64_t TruncateTime(int64_t us, BatchSize size);
int64_t OffsetTime(int64_t us, BatchSize size, int offset);  // of the truncated time
int64_t CeilingTime(int64_t us, BatchSize size);

// "2024-01-01", "2024-01-01 10:00:00", "2024-01-01T10:00:00[Z|+00:00]" as UTC; nullopt
// when it is none of these.
std::optional<int64_t> ParseTimestamp(const std::string& text);

// The batches from `start` to `end` (dbt's MicrobatchBuilder.build_batches).
std::vector<Batch> BuildBatches(int64_t start_us, int64_t end_us, BatchSize size);

// "2024-01-02 00:00:00+00:00" (Python's str() of a UTC datetime), "2024-01-02T00:00:00+00:00"
// (isoformat), "2024-01-02" / "2024-01" / "2024" / "2024-01-02T10" (the batch's name), and the
// batch id (that name without dashes).
std::string PyStrTime(int64_t us);
std::string IsoTime(int64_t us);
std::string BatchName(int64_t start_us, BatchSize size);
std::string BatchId(int64_t start_us, BatchSize size);

}  // namespace lakedev::exec
