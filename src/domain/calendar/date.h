// motcua::cal — civil dates and Vietnamese local time (header only, no I/O).
//
// Contract
// - Date is a proleptic Gregorian civil date {year, month 1–12, day 1–31}. Day numbers count days
//   since 1970-01-01 (day 0), via Howard Hinnant's days_from_civil / civil_from_days; valid for
//   every date representable in int.
// - Weekday uses ISO order: monday = 0 … sunday = 6 (so it indexes a Mon-first week array).
// - LocalDateTime is an instant in Asia/Ho_Chi_Minh wall-clock time with MINUTE precision: the
//   number of minutes since 1970-01-01T00:00 local time. Vietnam has used a fixed UTC+7 offset
//   without DST since 1975, so local = UTC + 420 minutes for every instant this system handles.
// - local_from_utc_ms floors to the minute (10:00:59.999 → 10:00); utc_ms_from_local returns the
//   UTC epoch milliseconds of the start of that local minute. Both are exact inverses on minutes.
// - Formatting / parsing helpers work on strings only (no streams): "YYYY-MM-DD",
//   "YYYY-MM-DDTHH:MM" (a space is accepted instead of 'T' when parsing) and the ISO-8601 form
//   "YYYY-MM-DDTHH:MM:00+07:00" used by the API.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace motcua::cal {

struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;
  friend constexpr auto operator<=>(const Date&, const Date&) = default;
};

enum class Weekday : int { monday = 0, tuesday, wednesday, thursday, friday, saturday, sunday };

inline constexpr int kMinutesPerDay = 24 * 60;
inline constexpr std::int64_t kUtcOffsetMinutes = 7 * 60;  // Asia/Ho_Chi_Minh, no DST

constexpr bool is_leap_year(int y) noexcept { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

constexpr int days_in_month(int y, int m) noexcept {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return (m == 2 && is_leap_year(y)) ? 29 : kDays[m - 1];
}

constexpr bool is_valid(Date d) noexcept {
  return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= days_in_month(d.year, d.month);
}

// Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms".
constexpr std::int64_t days_from_civil(int y0, int m, int d) noexcept {
  const std::int64_t y = static_cast<std::int64_t>(y0) - (m <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                       // [0, 399]
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;     // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;               // [0, 146096]
  return era * 146097 + doe - 719468;
}

constexpr Date civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return Date{y, m, d};
}

constexpr std::int64_t to_days(Date d) noexcept { return days_from_civil(d.year, d.month, d.day); }
constexpr Date from_days(std::int64_t z) noexcept { return civil_from_days(z); }
constexpr Date add_days(Date d, std::int64_t n) noexcept { return from_days(to_days(d) + n); }

constexpr Weekday weekday(Date d) noexcept {
  const std::int64_t z = to_days(d);  // 1970-01-01 was a Thursday (index 3)
  return static_cast<Weekday>(((z % 7) + 7 + 3) % 7);
}

constexpr bool is_weekend(Date d) noexcept {
  const Weekday w = weekday(d);
  return w == Weekday::saturday || w == Weekday::sunday;
}

// ---------------------------------------------------------------------------------------------
struct LocalDateTime {
  std::int64_t minutes = 0;  // minutes since 1970-01-01T00:00 in UTC+7
  friend constexpr auto operator<=>(const LocalDateTime&, const LocalDateTime&) = default;
};

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

constexpr LocalDateTime make_local(Date d, int hour = 0, int minute = 0) noexcept {
  return LocalDateTime{to_days(d) * kMinutesPerDay + hour * 60 + minute};
}
constexpr LocalDateTime start_of_day(Date d) noexcept { return make_local(d); }
constexpr Date date_of(LocalDateTime t) noexcept { return from_days(floor_div(t.minutes, kMinutesPerDay)); }
constexpr int minute_of_day(LocalDateTime t) noexcept {
  return static_cast<int>(t.minutes - floor_div(t.minutes, kMinutesPerDay) * kMinutesPerDay);
}
constexpr LocalDateTime plus_minutes(LocalDateTime t, std::int64_t m) noexcept { return {t.minutes + m}; }

constexpr LocalDateTime local_from_utc_ms(std::int64_t utc_ms) noexcept {
  return LocalDateTime{floor_div(utc_ms, 60'000) + kUtcOffsetMinutes};
}
constexpr std::int64_t utc_ms_from_local(LocalDateTime t) noexcept {
  return (t.minutes - kUtcOffsetMinutes) * 60'000;
}

// ---------------------------------------------------------------------------------------------
namespace detail {
inline void append_padded(std::string& out, std::int64_t v, int width) {
  if (v < 0) { out.push_back('-'); v = -v; }
  std::string digits = std::to_string(v);
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
  out += digits;
}
inline bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}
}  // namespace detail

inline std::string to_string(Date d) {
  std::string s;
  detail::append_padded(s, d.year, 4);
  s.push_back('-');
  detail::append_padded(s, d.month, 2);
  s.push_back('-');
  detail::append_padded(s, d.day, 2);
  return s;
}

// "YYYY-MM-DDTHH:MM"
inline std::string to_string(LocalDateTime t) {
  std::string s = to_string(date_of(t));
  const int mod = minute_of_day(t);
  s.push_back('T');
  detail::append_padded(s, mod / 60, 2);
  s.push_back(':');
  detail::append_padded(s, mod % 60, 2);
  return s;
}

// "YYYY-MM-DDTHH:MM:00+07:00"
inline std::string to_iso8601(LocalDateTime t) { return to_string(t) + ":00+07:00"; }

inline std::optional<Date> parse_date(std::string_view s) {
  Date d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!detail::read_int(s, 0, 4, d.year) || !detail::read_int(s, 5, 2, d.month) ||
      !detail::read_int(s, 8, 2, d.day) || !is_valid(d))
    return std::nullopt;
  return d;
}

// Accepts "YYYY-MM-DDTHH:MM" or "YYYY-MM-DD HH:MM" (local time, 00:00–23:59).
inline std::optional<LocalDateTime> parse_local(std::string_view s) {
  if (s.size() != 16 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':') return std::nullopt;
  const auto d = parse_date(s.substr(0, 10));
  int h = 0, m = 0;
  if (!d || !detail::read_int(s, 11, 2, h) || !detail::read_int(s, 14, 2, m) || h > 23 || m > 59)
    return std::nullopt;
  return make_local(*d, h, m);
}

}  // namespace motcua::cal
