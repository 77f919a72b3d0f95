#include "domain/calendar/lunar.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace motcua::cal {
namespace {

TEST(CalLunar, LunarNewYearCheckValues) {
  EXPECT_EQ(lunar_new_year(2020), (Date{2020, 1, 25}));
  EXPECT_EQ(lunar_new_year(2023), (Date{2023, 1, 22}));
  EXPECT_EQ(lunar_new_year(2024), (Date{2024, 2, 10}));
  EXPECT_EQ(lunar_new_year(2025), (Date{2025, 1, 29}));
  EXPECT_EQ(lunar_new_year(2026), (Date{2026, 2, 17}));
  EXPECT_EQ(lunar_new_year(2027), (Date{2027, 2, 6}));
  EXPECT_EQ(lunar_new_year(2021), (Date{2021, 2, 12}));
  EXPECT_EQ(lunar_new_year(2022), (Date{2022, 2, 1}));
  EXPECT_EQ(lunar_new_year(2028), (Date{2028, 1, 26}));
  EXPECT_EQ(lunar_new_year(2029), (Date{2029, 2, 13}));
}

// The new moon of 2030-02-02 is at 16:07 UTC: 23:07 in Hanoi (UTC+7) but 00:07 on 02-03 in
// Beijing (UTC+8). Vietnamese Tết Canh Tuất is therefore 2030-02-02, one day BEFORE the Chinese
// New Year (2030-02-03) — one of the three 21st-century differences (2007, 2030, 2053).
TEST(CalLunar, Tet2030IsOneDayBeforeChineseNewYear) {
  EXPECT_EQ(lunar_new_year(2030), (Date{2030, 2, 2}));
  EXPECT_EQ(lunar_new_year(2030, 8.0), (Date{2030, 2, 3}));
  EXPECT_EQ(solar_to_lunar(Date{2030, 2, 3}), (LunarDate{2, 1, 2030, false}));
}

TEST(CalLunar, KnownDifferencesFromTheChineseCalendar) {
  EXPECT_EQ(lunar_new_year(1985), (Date{1985, 1, 21}));
  EXPECT_EQ(lunar_new_year(1985, 8.0), (Date{1985, 2, 20}));
  EXPECT_EQ(lunar_new_year(2007), (Date{2007, 2, 17}));
  EXPECT_EQ(lunar_new_year(2007, 8.0), (Date{2007, 2, 18}));
  EXPECT_EQ(lunar_new_year(1968), (Date{1968, 1, 29}));  // Tết Mậu Thân, first year on UTC+7
  EXPECT_EQ(lunar_new_year(1968, 8.0), (Date{1968, 1, 30}));
  EXPECT_EQ(lunar_new_year(2053), (Date{2053, 2, 18}));
  EXPECT_EQ(lunar_new_year(2053, 8.0), (Date{2053, 2, 19}));
  // Same dates where the calendars agree.
  EXPECT_EQ(lunar_new_year(2026, 8.0), lunar_new_year(2026));
}

TEST(CalLunar, HungKingsCommemorationCheckValues) {
  EXPECT_EQ(lunar_to_solar(LunarDate{10, 3, 2023, false}), (Date{2023, 4, 29}));
  EXPECT_EQ(lunar_to_solar(LunarDate{10, 3, 2024, false}), (Date{2024, 4, 18}));
  EXPECT_EQ(lunar_to_solar(LunarDate{10, 3, 2025, false}), (Date{2025, 4, 7}));
  EXPECT_EQ(lunar_to_solar(LunarDate{10, 3, 2026, false}), (Date{2026, 4, 26}));
}

TEST(CalLunar, SolarToLunarSpotChecks) {
  EXPECT_EQ(solar_to_lunar(Date{2025, 1, 29}), (LunarDate{1, 1, 2025, false}));
  EXPECT_EQ(solar_to_lunar(Date{2025, 1, 28}), (LunarDate{29, 12, 2024, false}));
  EXPECT_EQ(solar_to_lunar(Date{2026, 2, 16}), (LunarDate{29, 12, 2025, false}));
  EXPECT_EQ(solar_to_lunar(Date{2025, 10, 6}), (LunarDate{15, 8, 2025, false}));  // Trung thu
  EXPECT_EQ(solar_to_lunar(Date{2026, 4, 26}), (LunarDate{10, 3, 2026, false}));
  EXPECT_EQ(solar_to_lunar(Date{2023, 3, 22}), (LunarDate{1, 2, 2023, true}));    // 2 nhuận
  EXPECT_EQ(solar_to_lunar(Date{2024, 12, 31}), (LunarDate{1, 12, 2024, false}));
}

TEST(CalLunar, LeapMonths) {
  EXPECT_EQ(leap_month(2020), 4);
  EXPECT_EQ(leap_month(2023), 2);
  EXPECT_EQ(leap_month(2025), 6);
  EXPECT_EQ(leap_month(2024), 0);
  EXPECT_EQ(leap_month(2026), 0);
  EXPECT_EQ(leap_month(1985, 8.0), 0);
  EXPECT_EQ(leap_month(1985), 2);  // why Vietnamese Tết 1985 came a month early
}

TEST(CalLunar, InvalidLunarDatesAreRejected) {
  EXPECT_FALSE(lunar_to_solar(LunarDate{1, 3, 2025, true}).has_value());   // 2025 leaps month 6
  EXPECT_FALSE(lunar_to_solar(LunarDate{1, 6, 2026, true}).has_value());   // no leap in 2026
  EXPECT_TRUE(lunar_to_solar(LunarDate{1, 6, 2025, true}).has_value());
  EXPECT_FALSE(lunar_to_solar(LunarDate{0, 1, 2025, false}).has_value());
  EXPECT_FALSE(lunar_to_solar(LunarDate{31, 1, 2025, false}).has_value());
  EXPECT_FALSE(lunar_to_solar(LunarDate{1, 13, 2025, false}).has_value());
  // Tháng Chạp has 29 days for lunar years 2024–2031: no "30 Tết" until Tết 2033.
  for (int y = 2024; y <= 2031; ++y) {
    EXPECT_EQ(lunar_month_length(y, 12), 29) << y;
    EXPECT_FALSE(lunar_to_solar(LunarDate{30, 12, y, false}).has_value()) << y;
  }
  EXPECT_EQ(lunar_month_length(2032, 12), 30);
  EXPECT_EQ(lunar_month_length(2026, 6, true), 0);
}

// Walk every day of 2000–2040: consecutive days advance the lunar date by one, months have 29 or
// 30 days, month/leap/year transitions are legal, and lunar → solar inverts solar → lunar.
TEST(CalLunar, ExhaustiveWalk2000To2040) {
  const std::int64_t first = to_days(Date{2000, 1, 1});
  const std::int64_t last = to_days(Date{2040, 12, 31});
  LunarDate prev = solar_to_lunar(from_days(first - 1));
  int months_checked = 0;
  int tet_seen = 0;
  for (std::int64_t z = first; z <= last; ++z) {
    const Date d = from_days(z);
    const LunarDate l = solar_to_lunar(d);
    ASSERT_EQ(lunar_to_solar(l), d) << to_string(d);
    if (l.day == 1) {
      ASSERT_TRUE(prev.day == 29 || prev.day == 30) << to_string(d);
      EXPECT_EQ(lunar_month_length(prev.year, prev.month, prev.leap), prev.day) << to_string(d);
      if (l.leap) {
        EXPECT_EQ(l.month, prev.month);
        EXPECT_FALSE(prev.leap);
        EXPECT_EQ(l.year, prev.year);
      } else if (prev.month == 12) {
        EXPECT_EQ(l.month, 1);
        EXPECT_EQ(l.year, prev.year + 1);
        EXPECT_EQ(d, lunar_new_year(l.year));
        ++tet_seen;
      } else {
        EXPECT_EQ(l.month, prev.month + 1) << to_string(d);
        EXPECT_EQ(l.year, prev.year);
      }
      ++months_checked;
    } else {
      ASSERT_EQ(l.day, prev.day + 1) << to_string(d);
      EXPECT_EQ(l.month, prev.month);
      EXPECT_EQ(l.leap, prev.leap);
      EXPECT_EQ(l.year, prev.year);
    }
    prev = l;
  }
  EXPECT_EQ(tet_seen, 41);
  EXPECT_GT(months_checked, 500);
}

TEST(CalLunar, YearsHaveTwelveOrThirteenMonths) {
  for (int y = 2000; y <= 2040; ++y) {
    const std::int64_t len = to_days(lunar_new_year(y + 1)) - to_days(lunar_new_year(y));
    if (leap_month(y) == 0) {
      EXPECT_TRUE(len >= 353 && len <= 355) << y << " " << len;
    } else {
      EXPECT_TRUE(len >= 383 && len <= 385) << y << " " << len;
    }
  }
}

TEST(CalLunar, CanChi) {
  EXPECT_EQ(can_chi_year(2025), "Ất Tỵ");
  EXPECT_EQ(can_chi_year(2026), "Bính Ngọ");
  EXPECT_EQ(can_chi_year(1968), "Mậu Thân");
  EXPECT_EQ(can_chi_year(1984), "Giáp Tý");
}

}  // namespace
}  // namespace motcua::cal
