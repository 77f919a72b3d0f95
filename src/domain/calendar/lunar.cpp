// Vietnamese lunar calendar after Hồ Ngọc Đức, "Âm lịch Việt Nam" (astronomical algorithms by
// Jean Meeus). Day numbers are Julian Day Numbers (JDN); 1970-01-01 is JDN 2440588.
#include "lunar.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace motcua::cal {
namespace {

constexpr std::int64_t kJdnOfUnixEpoch = 2440588;
constexpr double kPi = std::numbers::pi;
constexpr double kDr = kPi / 180.0;

std::int64_t jdn(Date d) { return to_days(d) + kJdnOfUnixEpoch; }
Date from_jdn(std::int64_t j) { return from_days(j - kJdnOfUnixEpoch); }
std::int64_t INT(double x) { return static_cast<std::int64_t>(std::floor(x)); }

// JDN of the local day containing the k-th new moon after 1900-01-01 13:51 GMT.
std::int64_t new_moon_day(std::int64_t k, double tz) {
  const double kd = static_cast<double>(k);
  const double T = kd / 1236.85;
  const double T2 = T * T;
  const double T3 = T2 * T;
  double jd1 = 2415020.75933 + 29.53058868 * kd + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * std::sin((166.56 + 132.87 * T - 0.009173 * T2) * kDr);
  const double M = 359.2242 + 29.10535608 * kd - 0.0000333 * T2 - 0.00000347 * T3;
  const double Mpr = 306.0253 + 385.81691806 * kd + 0.0107306 * T2 + 0.00001236 * T3;
  const double F = 21.2964 + 390.67050646 * kd - 0.0016528 * T2 - 0.00000239 * T3;
  double c1 = (0.1734 - 0.000393 * T) * std::sin(M * kDr) + 0.0021 * std::sin(2 * kDr * M);
  c1 = c1 - 0.4068 * std::sin(Mpr * kDr) + 0.0161 * std::sin(kDr * 2 * Mpr);
  c1 = c1 - 0.0004 * std::sin(kDr * 3 * Mpr);
  c1 = c1 + 0.0104 * std::sin(kDr * 2 * F) - 0.0051 * std::sin(kDr * (M + Mpr));
  c1 = c1 - 0.0074 * std::sin(kDr * (M - Mpr)) + 0.0004 * std::sin(kDr * (2 * F + M));
  c1 = c1 - 0.0004 * std::sin(kDr * (2 * F - M)) - 0.0006 * std::sin(kDr * (2 * F + Mpr));
  c1 = c1 + 0.0010 * std::sin(kDr * (2 * F - Mpr)) + 0.0005 * std::sin(kDr * (2 * Mpr + M));
  const double delta_t =
      T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
              : -0.000278 + 0.000265 * T + 0.000262 * T2;
  const double jd_new = jd1 + c1 - delta_t;
  return INT(jd_new + 0.5 + tz / 24.0);
}

// Sector 0..11 (30° each) of the sun's longitude at local midnight starting day `day`.
int sun_longitude_sector(std::int64_t day, double tz) {
  const double T = (static_cast<double>(day) - 2451545.5 - tz / 24.0) / 36525.0;
  const double T2 = T * T;
  const double M = 357.52910 + 35999.05030 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const double L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  double DL = (1.914600 - 0.004817 * T - 0.000014 * T2) * std::sin(kDr * M);
  DL += (0.019993 - 0.000101 * T) * std::sin(kDr * 2 * M) + 0.000290 * std::sin(kDr * 3 * M);
  double L = (L0 + DL) * kDr;
  L -= kPi * 2 * static_cast<double>(INT(L / (kPi * 2)));
  return static_cast<int>(INT(L / kPi * 6));
}

// JDN of the first day of lunar month 11 (the month containing the winter solstice) of `year`.
std::int64_t lunar_month11(int year, double tz) {
  const std::int64_t off = jdn(Date{year, 12, 31}) - 2415021;
  const std::int64_t k = INT(static_cast<double>(off) / 29.530588853);
  std::int64_t nm = new_moon_day(k, tz);
  if (sun_longitude_sector(nm, tz) >= 9) nm = new_moon_day(k - 1, tz);
  return nm;
}

// Index (1-based, counted from month 11) of the leap month in the 13-month year starting at a11.
int leap_month_offset(std::int64_t a11, double tz) {
  const std::int64_t k = INT((static_cast<double>(a11) - 2415021.076998695) / 29.530588853 + 0.5);
  int i = 1;
  int arc = sun_longitude_sector(new_moon_day(k + i, tz), tz);
  int last = 0;
  do {
    last = arc;
    ++i;
    arc = sun_longitude_sector(new_moon_day(k + i, tz), tz);
  } while (arc != last && i < 14);
  return i - 1;
}

// JDN of the first day of the given lunar month, or -1 if it does not exist; sets *next_start.
std::int64_t month_start(int month, int year, bool leap, double tz, std::int64_t* next_start) {
  if (month < 1 || month > 12) return -1;
  std::int64_t a11 = 0;
  std::int64_t b11 = 0;
  if (month < 11) {
    a11 = lunar_month11(year - 1, tz);
    b11 = lunar_month11(year, tz);
  } else {
    a11 = lunar_month11(year, tz);
    b11 = lunar_month11(year + 1, tz);
  }
  const std::int64_t k = INT(0.5 + (static_cast<double>(a11) - 2415021.076998695) / 29.530588853);
  int off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const int leap_off = leap_month_offset(a11, tz);
    int leap_m = leap_off - 2;
    if (leap_m < 0) leap_m += 12;
    if (leap && month != leap_m) return -1;
    if (leap || off >= leap_off) off += 1;
  } else if (leap) {
    return -1;
  }
  if (next_start != nullptr) *next_start = new_moon_day(k + off + 1, tz);
  return new_moon_day(k + off, tz);
}

}  // namespace

LunarDate solar_to_lunar(Date d, double tz) {
  const std::int64_t day_number = jdn(d);
  const std::int64_t k = INT((static_cast<double>(day_number) - 2415021.076998695) / 29.530588853);
  std::int64_t start = new_moon_day(k + 1, tz);
  if (start > day_number) start = new_moon_day(k, tz);
  std::int64_t a11 = lunar_month11(d.year, tz);
  std::int64_t b11 = a11;
  int lunar_year = 0;
  if (a11 >= start) {
    lunar_year = d.year;
    a11 = lunar_month11(d.year - 1, tz);
  } else {
    lunar_year = d.year + 1;
    b11 = lunar_month11(d.year + 1, tz);
  }
  LunarDate out;
  out.day = static_cast<int>(day_number - start + 1);
  const int diff = static_cast<int>(INT(static_cast<double>(start - a11) / 29.0));
  out.month = diff + 11;
  if (b11 - a11 > 365) {
    const int leap_diff = leap_month_offset(a11, tz);
    if (diff >= leap_diff) {
      out.month = diff + 10;
      out.leap = (diff == leap_diff);
    }
  }
  if (out.month > 12) out.month -= 12;
  if (out.month >= 11 && diff < 4) lunar_year -= 1;
  out.year = lunar_year;
  return out;
}

std::optional<Date> lunar_to_solar(LunarDate l, double tz) {
  std::int64_t next = 0;
  const std::int64_t start = month_start(l.month, l.year, l.leap, tz, &next);
  if (start < 0 || l.day < 1 || l.day > next - start) return std::nullopt;
  return from_jdn(start + l.day - 1);
}

Date lunar_new_year(int year, double tz) {
  return from_jdn(month_start(1, year, false, tz, nullptr));
}

int leap_month(int year, double tz) {
  for (int m = 1; m <= 12; ++m) {
    if (month_start(m, year, true, tz, nullptr) >= 0) return m;
  }
  return 0;
}

int lunar_month_length(int year, int month, bool leap, double tz) {
  std::int64_t next = 0;
  const std::int64_t start = month_start(month, year, leap, tz, &next);
  return start < 0 ? 0 : static_cast<int>(next - start);
}

std::string can_chi_year(int year) {
  static constexpr std::array<const char*, 10> kCan = {"Giáp", "Ất",  "Bính", "Đinh", "Mậu",
                                                       "Kỷ",   "Canh", "Tân", "Nhâm", "Quý"};
  static constexpr std::array<const char*, 12> kChi = {"Tý",  "Sửu", "Dần", "Mão",  "Thìn", "Tỵ",
                                                       "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"};
  const int c = ((year + 6) % 10 + 10) % 10;
  const int z = ((year + 8) % 12 + 12) % 12;
  return std::string(kCan[c]) + " " + kChi[z];
}

}  // namespace motcua::cal
