#include "lake/workers.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace lakedev::lake {

void RunParallel(size_t count, int workers, const std::function<void(size_t)>& job) {
  size_t threads = std::min<size_t>(count, static_cast<size_t>(std::max(workers, 1)));
  if (threads <= 1) {
    for (size_t i = 0; i < count; ++i)
      job(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first;
  std::mutex mu;
  auto work = [&] {
    for (size_t i; !failed && (i = next++) < count;) {
      try {
        job(i);
      } catch (...) {
        std::lock_guard lock(mu);
        if (!first) first = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t)
    pool.emplace_back(work);
  for (auto& t : pool)
    t.join();
  if (first) std::rethrow_exception(first);
}

}  // namespace lakedev::lake
