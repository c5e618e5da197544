// A fixed number of threads working through a list of independent jobs.
#pragma once

#include <cstddef>
#include <functional>

namespace lakedev::lake {

// Calls job(0..count-1) on up to `workers` threads. The first exception thrown by a job
// is rethrown once all threads have stopped; jobs not yet started are skipped then.
void RunParallel(size_t count, int workers, const std::function<void(size_t)>& job);

}  // namespace lakedev::lake
