#include "exec/microbatch.hpp"

#include <cstdio>
#include <regex>

#include "common/civil_date.hpp"

namespace lakedev::exec {

namespace {

constexpr int64_t kUsPerSecond = 1000000;
constexpr int64_t kUsPerHour = 3600 * kUsPerSecond;
constexpr int64_t kUsPerDay = 24 * kUsPerHour;

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

struct Parts {
  CivilDate date;
  int64_t hour, minute, second, micro;
};

Parts Split(int64_t us) {
  int64_t days = FloorDiv(us, kUsPerDay);
  int64_t rest = us - days * kUsPerDay;
  return {CivilFromDays(days), rest / kUsPerHour, rest % kUsPerHour / (60 * kUsPerSecond),
          rest % (60 * kUsPerSecond) / kUsPerSecond, rest % kUsPerSecond};
}

int64_t Join(int64_t year, unsigned month, unsigned day, int64_t hour = 0) {
  return DaysFromCivil(year, month, day) * kUsPerDay + hour * kUsPerHour;
}

}  // namespace

std::optional<BatchSize> ParseBatchSize(const std::string& text) {
  if (text == "hour") return BatchSize::kHour;
  if (text == "day") return BatchSize::kDay;
  if (text == "month") return BatchSize::kMonth;
  if (text == "year") return BatchSize::kYear;
  return std::nullopt;
}

int64_t TruncateTime(int64_t us, BatchSize size) {
  Parts p = Split(us);
  switch (size) {
    case BatchSize::kHour:
      return Join(p.date.year, p.date.month, p.date.day, p.hour);
    case BatchSize::kDay:
      return Join(p.date.year, p.date.month, p.date.day);
    case BatchSize::kMonth:
      return Join(p.date.year, p.date.month, 1);
    case BatchSize::kYear:
      return Join(p.date.year, 1, 1);
  }
  return us;
}

int64_t OffsetTime(int64_t us, BatchSize size, int offset) {
  int64_t t = TruncateTime(us, size);
  switch (size) {
    case BatchSize::kHour:
      return t + offset * kUsPerHour;
    case BatchSize::kDay:
      return t + offset * kUsPerDay;
    case BatchSize::kMonth: {
      Parts p = Split(t);
      int64_t months = p.date.year * 12 + (p.date.month - 1) + offset;
      return Join(FloorDiv(months, 12),
                  static_cast<unsigned>(months - FloorDiv(months, 12) * 12) + 1, 1);
    }
    case BatchSize::kYear: {
      Parts p = Split(t);
      return Join(p.date.year + offset, 1, 1);
    }
  }
  return t;
}

int64_t CeilingTime(int64_t us, BatchSize size) {
  int64_t t = TruncateTime(us, size);
  return t == us ? t : OffsetTime(t, size, 1);
}

std::optional<int64_t> ParseTimestamp(const std::string& text) {
  static const std::regex re(
      R"(^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?)?\s*(Z|[+-]00:?00)?\s*$)");
  std::smatch m;
  if (!std::regex_match(text, m, re)) return std::nullopt;
  auto num = [&](int i) { return m[i].matched ? std::stoll(m[i].str()) : 0LL; };
  int64_t us = Join(num(1), static_cast<unsigned>(num(2)), static_cast<unsigned>(num(3))) +
               num(4) * kUsPerHour + num(5) * 60 * kUsPerSecond + num(6) * kUsPerSecond;
  if (m[7].matched) {
    std::string frac = m[7].str();
    frac.resize(6, '0');
    us += std::stoll(frac);
  }
  return us;
}

std::vector<Batch> BuildBatches(int64_t start, int64_t end, BatchSize size) {
  std::vector<Batch> out;
  int64_t s = start;
  int64_t e = OffsetTime(s, size, 1);
  out.push_back({s, e});
  while (e < end) {
    s = e;
    e = OffsetTime(s, size, 1);
    out.push_back({s, e});
  }
  out.back().end_us = end;
  return out;
}

std::string PyStrTime(int64_t us) {
  Parts p = Split(us);
  char buf[64];
  if (p.micro) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld:%02lld.%06lld+00:00",
                  static_cast<long long>(p.date.year), p.date.month, p.date.day,
                  static_cast<long long>(p.hour), static_cast<long long>(p.minute),
                  static_cast<long long>(p.second), static_cast<long long>(p.micro));
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld:%02lld+00:00",
                  static_cast<long long>(p.date.year), p.date.month, p.date.day,
                  static_cast<long long>(p.hour), static_cast<long long>(p.minute),
                  static_cast<long long>(p.second));
  }
  return buf;
}

std::string IsoTime(int64_t us) {
  std::string s = PyStrTime(us);
  s[10] = 'T';
  return s;
}

std::string BatchName(int64_t start_us, BatchSize size) {
  Parts p = Split(start_us);
  char buf[32];
  long long y = static_cast<long long>(p.date.year);
  switch (size) {
    case BatchSize::kYear:
      std::snprintf(buf, sizeof buf, "%04lld", y);
      break;
    case BatchSize::kMonth:
      std::snprintf(buf, sizeof buf, "%04lld-%02u", y, p.date.month);
      break;
    case BatchSize::kDay:
      std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", y, p.date.month, p.date.day);
      break;
    case BatchSize::kHour:
      std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld", y, p.date.month, p.date.day,
                    static_cast<long long>(p.hour));
      break;
  }
  return buf;
}

std::string BatchId(int64_t start_us, BatchSize size) {
  std::string out;
  for (char c : BatchName(start_us, size)) {
    if (c != '-') out += c;
  }
  return out;
}

}  // namespace lakedev::exec
