#include <atomic>
#include "domain/format.h"

#include <chrono>
#include <cstdio>

namespace motcua::fmt {
namespace {

struct Civil { int y; unsigned m, d; };

// Howard Hinnant's civil_from_days / days_from_civil.
Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), m, d};
}

int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

struct Local { Civil c; int hh, mm, ss; };

Local local(int64_t ms) {
  int64_t t = ms + kTzOffsetMs;
  int64_t days = floor_div(t, 86400000);
  int64_t rem = t - days * 86400000;
  int secs = static_cast<int>(rem / 1000);
  return {civil_from_days(days), secs / 3600, (secs / 60) % 60, secs % 60};
}

}  // namespace

std::string money(int64_t dong) { return number(dong) + " đ"; }

std::string number(int64_t dong) {
  bool neg = dong < 0;
  uint64_t v = neg ? static_cast<uint64_t>(-(dong + 1)) + 1 : static_cast<uint64_t>(dong);
  std::string digits = std::to_string(v);
  std::string out;
  int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return (neg ? "-" : "") + out;
}

std::string date(int64_t ms) {
  Local l = local(ms);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", l.c.d, l.c.m, l.c.y);
  return buf;
}

std::string datetime(int64_t ms) {
  Local l = local(ms);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02d:%02d %02u/%02u/%04d", l.hh, l.mm, l.c.d, l.c.m, l.c.y);
  return buf;
}

std::string iso_date(int64_t ms) {
  Local l = local(ms);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", l.c.y, l.c.m, l.c.d);
  return buf;
}

std::string iso_datetime(int64_t ms) {
  Local l = local(ms);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+07:00", l.c.y, l.c.m, l.c.d, l.hh, l.mm, l.ss);
  return buf;
}

std::optional<int64_t> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](size_t b, size_t n) -> int {
    int v = 0;
    for (size_t i = b; i < b + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return std::nullopt;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int maxd = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  if (d > maxd) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86400000 - kTzOffsetMs;
}

namespace {
std::atomic<int64_t> clock_offset{0};
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count() +
         clock_offset.load(std::memory_order_relaxed);
}

void set_clock_offset_ms(int64_t offset) { clock_offset.store(offset, std::memory_order_relaxed); }

}  // namespace motcua::fmt
