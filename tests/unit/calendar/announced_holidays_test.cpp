// The government's announced holiday layouts 2024–2026 as the default base of a HolidayTable, with
// admin overrides still winning per date.
#include "domain/calendar/announced_holidays.h"

#include <gtest/gtest.h>

#include "domain/calendar/working_calendar.h"

namespace motcua::cal {
namespace {

DayStatus st(const HolidayTable& t, int y, int m, int d) { return t.status(Date{y, m, d}).status; }
LocalDateTime at(int y, int m, int d, int h, int min = 0) { return make_local(Date{y, m, d}, h, min); }

TEST(CalAnnouncedHolidays, Tet2025SwapAnd30April2025AsAnnounced) {
  HolidayTable t;
  ASSERT_TRUE(t.has_announced_layout(2025));
  EXPECT_EQ(st(t, 2025, 1, 27), DayStatus::day_off);  // Monday swapped for Saturday 15/2
  for (int d = 28; d <= 31; ++d) EXPECT_EQ(st(t, 2025, 1, d), DayStatus::day_off) << d;
  EXPECT_EQ(t.status(Date{2025, 1, 29}).name, "Tết Nguyên đán");
  EXPECT_EQ(st(t, 2025, 2, 3), DayStatus::normal);  // work resumes Monday 3/2 (no computed "nghỉ bù")
  const auto sat = t.status(Date{2025, 2, 15});
  EXPECT_EQ(sat.status, DayStatus::working_day);
  EXPECT_EQ(sat.works_as, Weekday::monday);
  EXPECT_EQ(st(t, 2025, 4, 7), DayStatus::day_off);  // Giỗ Tổ
  EXPECT_EQ(st(t, 2025, 4, 30), DayStatus::day_off);
  EXPECT_EQ(st(t, 2025, 5, 1), DayStatus::day_off);
  EXPECT_EQ(st(t, 2025, 5, 2), DayStatus::day_off);  // Friday swapped for Saturday 26/4
  const auto apr26 = t.status(Date{2025, 4, 26});
  EXPECT_EQ(apr26.status, DayStatus::working_day);
  EXPECT_EQ(apr26.works_as, Weekday::friday);
  EXPECT_EQ(st(t, 2025, 9, 1), DayStatus::day_off);
  EXPECT_EQ(st(t, 2025, 9, 2), DayStatus::day_off);
  EXPECT_EQ(st(t, 2025, 9, 3), DayStatus::normal);
  EXPECT_EQ(t.working_days(2025).size(), 2U);
}

TEST(CalAnnouncedHolidays, Year2026AsAnnounced) {
  HolidayTable t;
  EXPECT_EQ(st(t, 2026, 1, 1), DayStatus::day_off);
  EXPECT_EQ(st(t, 2026, 1, 2), DayStatus::day_off);  // swapped for Saturday 10/1
  EXPECT_EQ(t.status(Date{2026, 1, 10}).works_as, Weekday::friday);
  EXPECT_EQ(st(t, 2026, 1, 10), DayStatus::working_day);
  EXPECT_EQ(st(t, 2026, 2, 13), DayStatus::normal);
  for (int d = 16; d <= 20; ++d) EXPECT_EQ(st(t, 2026, 2, d), DayStatus::day_off) << d;
  EXPECT_EQ(st(t, 2026, 2, 23), DayStatus::normal);
  EXPECT_EQ(t.status(Date{2026, 4, 26}).name, "Giỗ Tổ Hùng Vương");  // Sunday
  EXPECT_EQ(t.status(Date{2026, 4, 27}).name, "Nghỉ bù Giỗ Tổ Hùng Vương");
  EXPECT_EQ(st(t, 2026, 4, 28), DayStatus::normal);
  EXPECT_EQ(st(t, 2026, 8, 22), DayStatus::working_day);
  EXPECT_EQ(st(t, 2026, 8, 31), DayStatus::day_off);
  EXPECT_EQ(st(t, 2026, 9, 1), DayStatus::day_off);
  EXPECT_EQ(st(t, 2026, 9, 2), DayStatus::day_off);
  EXPECT_EQ(t.days_off(2026).size(), 14U);
}

TEST(CalAnnouncedHolidays, Year2024AsAnnounced) {
  HolidayTable t;
  for (int d = 8; d <= 14; ++d) EXPECT_EQ(st(t, 2024, 2, d), DayStatus::day_off) << d;
  EXPECT_EQ(t.status(Date{2024, 2, 13}).name, "Nghỉ bù Tết Nguyên đán");
  EXPECT_EQ(st(t, 2024, 2, 15), DayStatus::normal);
  EXPECT_EQ(st(t, 2024, 4, 18), DayStatus::day_off);
  EXPECT_EQ(st(t, 2024, 4, 29), DayStatus::day_off);
  EXPECT_EQ(st(t, 2024, 5, 4), DayStatus::working_day);
  EXPECT_EQ(st(t, 2024, 9, 2), DayStatus::day_off);
  EXPECT_EQ(st(t, 2024, 9, 3), DayStatus::day_off);
  EXPECT_EQ(st(t, 2024, 8, 30), DayStatus::normal);
}

TEST(CalAnnouncedHolidays, OtherYearsKeepTheComputedDefaults) {
  HolidayTable t;
  for (int y : {2020, 2023, 2027, 2030}) {
    EXPECT_FALSE(t.has_announced_layout(y));
    EXPECT_EQ(t.days_off(y), default_holidays(y)) << y;
    EXPECT_TRUE(t.working_days(y).empty()) << y;
  }
}

TEST(CalAnnouncedHolidays, LayoutsCanBeSwitchedOff) {
  HolidayRules r;
  r.announced_layouts = false;
  HolidayTable t(r);
  EXPECT_EQ(st(t, 2025, 1, 27), DayStatus::normal);
  EXPECT_EQ(st(t, 2025, 2, 3), DayStatus::day_off);  // computed "Nghỉ bù Tết Nguyên đán"
  EXPECT_EQ(st(t, 2025, 2, 15), DayStatus::normal);
  EXPECT_EQ(t.days_off(2025), default_holidays(2025));
}

TEST(CalAnnouncedHolidays, AdminOverrideWinsOverTheLayout) {
  HolidayTable t;
  t.add_working_day(Date{2025, 1, 27}, "Trực Tết", Weekday::monday);
  t.remove_day(Date{2025, 2, 15});
  t.add_day_off(Date{2025, 4, 26}, "Nghỉ theo quyết định của UBND tỉnh");
  EXPECT_EQ(st(t, 2025, 1, 27), DayStatus::working_day);
  EXPECT_EQ(st(t, 2025, 2, 15), DayStatus::normal);
  EXPECT_EQ(st(t, 2025, 4, 26), DayStatus::day_off);
  EXPECT_TRUE(t.working_days(2025).size() == 1U && t.working_days(2025)[0].name == "Trực Tết");
  for (const auto& h : t.days_off(2025)) EXPECT_NE(h.date, (Date{2025, 1, 27}));

  WorkingCalendar cal([&] {
    WorkingCalendarConfig c = WorkingCalendarConfig::standard();
    c.holidays = t;
    return c;
  }());
  EXPECT_TRUE(cal.is_working_day(Date{2025, 1, 27}));
  EXPECT_FALSE(cal.is_working_day(Date{2025, 2, 15}));  // an ordinary Saturday again
  EXPECT_FALSE(cal.is_working_day(Date{2025, 4, 26}));
}

TEST(CalAnnouncedHolidays, DeadlinesFollowTheLayout) {
  const WorkingCalendar cal;
  // Friday 24/1/2025 10:00 + 1 working day: 24/1 (300 min) … 27/1–2/2 off … Monday 3/2 10:00.
  EXPECT_EQ(cal.due(at(2025, 1, 24, 10), 1, TimeUnit::working_days), at(2025, 2, 3, 10));
  // The swapped Saturday works with Monday's hours.
  EXPECT_EQ(cal.due(at(2025, 2, 14, 16), 2, TimeUnit::hours), at(2025, 2, 15, 8));
  EXPECT_EQ(cal.due(at(2025, 4, 25, 10), 1, TimeUnit::working_days), at(2025, 4, 26, 10));
  // 29/4/2025 10:00 + 2 working days: 29/4 rest, 30/4–4/5 off → Tuesday 6/5 10:00.
  EXPECT_EQ(cal.due(at(2025, 4, 29, 10), 2, TimeUnit::working_days), at(2025, 5, 6, 10));
  EXPECT_EQ(cal.holiday_name(Date{2026, 2, 16}), "Tết Nguyên đán");
  EXPECT_TRUE(cal.is_working_time(at(2026, 8, 22, 9)));
  EXPECT_FALSE(cal.is_working_time(at(2026, 8, 31, 9)));
}

TEST(CalAnnouncedHolidays, DataIsWellFormedAndSourced) {
  ASSERT_EQ(announced_layouts().size(), 3U);
  for (const auto& l : announced_layouts()) {
    EXPECT_FALSE(l.sources.empty()) << l.year;
    EXPECT_EQ(announced_layout(l.year), &l);
    for (std::size_t i = 0; i < l.days.size(); ++i) {
      const auto& a = l.days[i];
      EXPECT_TRUE(is_valid(a.date));
      EXPECT_EQ(a.date.year, l.year);
      EXPECT_FALSE(a.name.empty());
      if (i > 0) {
        EXPECT_LT(l.days[i - 1].date, a.date) << to_string(a.date);
      }
      if (a.working) {
        EXPECT_EQ(weekday(a.date), Weekday::saturday) << to_string(a.date);
      }
      if (a.kind == HolidayKind::swapped || a.kind == HolidayKind::compensatory) {
        EXPECT_FALSE(is_weekend(a.date)) << to_string(a.date);
      }
    }
    // Every year holds its 1/1, 30/4, 1/5 and 2/9.
    for (const Date d : {Date{l.year, 1, 1}, Date{l.year, 4, 30}, Date{l.year, 5, 1}, Date{l.year, 9, 2}})
      EXPECT_EQ(HolidayTable().status(d).status, DayStatus::day_off) << to_string(d);
  }
  EXPECT_EQ(announced_layout(2023), nullptr);
  EXPECT_EQ(announced_layout(2027), nullptr);
}

}  // namespace
}  // namespace motcua::cal
