#include "domain/calendar/date.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace motcua::cal {
namespace {

TEST(CalDate, DaysFromCivilKnownValues) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(2026, 4, 24), 20567);
  static_assert(to_days(Date{1970, 1, 2}) == 1);
  static_assert(from_days(11017) == Date{2000, 3, 1});
}

TEST(CalDate, CivilRoundTripOverWideRange) {
  for (std::int64_t z = -800'000; z <= 800'000; z += 7) {
    EXPECT_EQ(to_days(from_days(z)), z);
  }
  // Consecutive days are consecutive civil dates.
  Date prev = from_days(to_days(Date{1899, 12, 31}));
  for (std::int64_t z = to_days(Date{1900, 1, 1}); z <= to_days(Date{2100, 12, 31}); ++z) {
    const Date d = from_days(z);
    ASSERT_TRUE(is_valid(d));
    if (d.day == 1) {
      EXPECT_EQ(prev.day, days_in_month(prev.year, prev.month));
    } else {
      EXPECT_EQ(d.day, prev.day + 1);
    }
    prev = d;
  }
}

TEST(CalDate, Validity) {
  EXPECT_TRUE(is_valid(Date{2000, 2, 29}));
  EXPECT_TRUE(is_valid(Date{2024, 2, 29}));
  EXPECT_FALSE(is_valid(Date{1900, 2, 29}));
  EXPECT_FALSE(is_valid(Date{2025, 2, 29}));
  EXPECT_FALSE(is_valid(Date{2025, 4, 31}));
  EXPECT_FALSE(is_valid(Date{2025, 13, 1}));
  EXPECT_FALSE(is_valid(Date{2025, 0, 1}));
  EXPECT_EQ(days_in_month(2025, 12), 31);
}

TEST(CalDate, Weekday) {
  EXPECT_EQ(weekday(Date{1970, 1, 1}), Weekday::thursday);
  EXPECT_EQ(weekday(Date{2026, 4, 24}), Weekday::friday);
  EXPECT_EQ(weekday(Date{2026, 4, 26}), Weekday::sunday);
  EXPECT_EQ(weekday(Date{2026, 4, 27}), Weekday::monday);
  EXPECT_EQ(weekday(Date{2025, 1, 29}), Weekday::wednesday);
  EXPECT_EQ(weekday(Date{1969, 12, 31}), Weekday::wednesday);
  EXPECT_TRUE(is_weekend(Date{2026, 4, 25}));
  EXPECT_FALSE(is_weekend(Date{2026, 4, 24}));
}

TEST(CalDate, AddDaysAndOrdering) {
  EXPECT_EQ(add_days(Date{2024, 2, 28}, 1), (Date{2024, 2, 29}));
  EXPECT_EQ(add_days(Date{2025, 12, 31}, 1), (Date{2026, 1, 1}));
  EXPECT_EQ(add_days(Date{2026, 3, 1}, -1), (Date{2026, 2, 28}));
  EXPECT_LT((Date{2026, 4, 30}), (Date{2026, 5, 1}));
}

TEST(CalLocalTime, MakeAndSplit) {
  const LocalDateTime t = make_local(Date{2026, 4, 24}, 10, 0);
  EXPECT_EQ(date_of(t), (Date{2026, 4, 24}));
  EXPECT_EQ(minute_of_day(t), 600);
  const LocalDateTime before_epoch = make_local(Date{1969, 12, 31}, 23, 59);
  EXPECT_EQ(before_epoch.minutes, -1);
  EXPECT_EQ(date_of(before_epoch), (Date{1969, 12, 31}));
  EXPECT_EQ(minute_of_day(before_epoch), 23 * 60 + 59);
  EXPECT_EQ(plus_minutes(t, 90), make_local(Date{2026, 4, 24}, 11, 30));
}

TEST(CalLocalTime, UtcConversionsAreFixedPlusSeven) {
  const std::int64_t day_ms = 86'400'000;
  const std::int64_t utc_0300 = to_days(Date{2026, 4, 24}) * day_ms + 3 * 3'600'000;
  EXPECT_EQ(local_from_utc_ms(utc_0300), make_local(Date{2026, 4, 24}, 10, 0));
  EXPECT_EQ(utc_ms_from_local(make_local(Date{2026, 4, 24}, 10, 0)), utc_0300);
  // Floors to the minute.
  EXPECT_EQ(local_from_utc_ms(utc_0300 - 1), make_local(Date{2026, 4, 24}, 9, 59));
  EXPECT_EQ(local_from_utc_ms(utc_0300 + 59'999), make_local(Date{2026, 4, 24}, 10, 0));
  // Local midnight of New Year is 17:00 UTC the day before.
  const std::int64_t ny = to_days(Date{2025, 12, 31}) * day_ms + 17 * 3'600'000;
  EXPECT_EQ(local_from_utc_ms(ny), make_local(Date{2026, 1, 1}));
  EXPECT_EQ(local_from_utc_ms(-1), make_local(Date{1970, 1, 1}, 6, 59));
  EXPECT_EQ(local_from_utc_ms(0), make_local(Date{1970, 1, 1}, 7, 0));
  // No DST: the offset is the same in every month.
  for (int m = 1; m <= 12; ++m) {
    const LocalDateTime l = make_local(Date{2030, m, 15}, 8, 0);
    EXPECT_EQ(local_from_utc_ms(utc_ms_from_local(l)), l);
    EXPECT_EQ(utc_ms_from_local(l) % day_ms, 1 * 3'600'000);
  }
}

TEST(CalLocalTime, FormatAndParse) {
  const LocalDateTime t = make_local(Date{2026, 5, 4}, 9, 5);
  EXPECT_EQ(to_string(Date{2026, 5, 4}), "2026-05-04");
  EXPECT_EQ(to_string(t), "2026-05-04T09:05");
  EXPECT_EQ(to_iso8601(t), "2026-05-04T09:05:00+07:00");
  EXPECT_EQ(parse_date("2026-04-24"), (Date{2026, 4, 24}));
  EXPECT_EQ(parse_local("2026-05-04T09:05"), t);
  EXPECT_EQ(parse_local("2026-05-04 09:05"), t);
  EXPECT_FALSE(parse_date("2026-02-29").has_value());
  EXPECT_FALSE(parse_date("2026-4-24").has_value());
  EXPECT_FALSE(parse_date("2026-04-2x").has_value());
  EXPECT_FALSE(parse_local("2026-05-04T24:00").has_value());
  EXPECT_FALSE(parse_local("2026-05-04T09:60").has_value());
  EXPECT_FALSE(parse_local("2026-05-04").has_value());
}

}  // namespace
}  // namespace motcua::cal
