// Days since 1970-01-01 <-> proleptic Gregorian dates (Howard Hinnant's algorithms), for
// the places that print or compute dates without a date library.
#pragma once

#include <cstdint>
#include <string>

namespace lakedev {

struct CivilDate {
  int64_t year;
  unsigned month;  // 1-12
  unsigned day;    // 1-31
};

CivilDate CivilFromDays(int64_t days);
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
// "YYYY-MM-DD" (years before 1000 zero-padded to four digits).
std::string IsoDate(int64_t days);

}  // namespace lakedev
