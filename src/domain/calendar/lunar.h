// motcua::cal — Vietnamese lunar calendar (âm lịch), pure computation, no I/O.
//
// Contract
// - Implements Hồ Ngọc Đức's astronomical algorithm: new moons from Jean Meeus' series, the sun's
//   apparent longitude for the 12 major solar terms, month 11 always contains the winter solstice,
//   and in a 13-month year the leap month is the first month without a major solar term.
// - Days start at local midnight of the given time zone (hours east of UTC). The Vietnamese
//   calendar uses UTC+7 (kVietnamTimeZone, the default); passing 8.0 gives the Chinese calendar,
//   which is how the known 1985 and 2007 differences are demonstrated.
// - LunarDate::year is the Gregorian year in which that lunar year begins (Tết 2025 → year 2025,
//   Ất Tỵ). Months are 1–12, leap = true for the intercalary month (tháng nhuận) that follows the
//   normal month of the same number.
// - solar_to_lunar is total over the supported range (1800–2199 is well within the algorithm's
//   accuracy for this system's purposes). lunar_to_solar returns std::nullopt for dates that do
//   not exist: day outside 1..month length (29/30), month outside 1..12, or leap = true for a
//   month that is not the leap month of that year.
// - All functions are pure and thread-safe.
#pragma once

#include <compare>
#include <optional>
#include <string>

#include "date.h"

namespace motcua::cal {

inline constexpr double kVietnamTimeZone = 7.0;

struct LunarDate {
  int day = 1;
  int month = 1;
  int year = 1970;
  bool leap = false;
  friend constexpr auto operator<=>(const LunarDate&, const LunarDate&) = default;
};

LunarDate solar_to_lunar(Date d, double time_zone = kVietnamTimeZone);

std::optional<Date> lunar_to_solar(LunarDate l, double time_zone = kVietnamTimeZone);

// Solar date of lunar 1/1 (Tết Nguyên đán) of the lunar year beginning in `year`.
Date lunar_new_year(int year, double time_zone = kVietnamTimeZone);

// Number of the leap month of the lunar year beginning in `year`, or 0 if it has none.
int leap_month(int year, double time_zone = kVietnamTimeZone);

// Length (29 or 30) of the given lunar month; 0 if the month does not exist.
int lunar_month_length(int year, int month, bool leap = false,
                       double time_zone = kVietnamTimeZone);

// Sexagenary (can chi) name of a lunar year in Vietnamese, e.g. 2025 → "Ất Tỵ".
std::string can_chi_year(int year);

}  // namespace motcua::cal
