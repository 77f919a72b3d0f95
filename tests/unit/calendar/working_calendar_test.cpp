#include "domain/calendar/working_calendar.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace motcua::cal {
namespace {

LocalDateTime at(int y, int m, int d, int h, int min = 0) { return make_local(Date{y, m, d}, h, min); }

class CalWorkingCalendarTest : public ::testing::Test {
 protected:
  WorkingCalendar cal;  // standard: Mon–Fri 07:00–11:30, 13:30–17:00, default holidays
};

// Issue 4 acceptance: received Friday 2026-04-24 10:00, 3 working days (1440 working minutes).
// Fri 10:00–17:00 = 300; Sat/Sun off; Mon 27/4 = compensatory day for Giỗ Tổ (Sun 26/4);
// Tue 28/4 = 480 (780); Wed 29/4 = 480 (1260); Thu 30/4 and Fri 1/5 holidays; Sat/Sun;
// Mon 4/5 07:00 + 180 → 10:00.
TEST_F(CalWorkingCalendarTest, AcceptanceHungKingsAndReunificationAreSkipped) {
  const LocalDateTime received = at(2026, 4, 24, 10);
  const LocalDateTime due = cal.due(received, 3, TimeUnit::working_days);
  EXPECT_EQ(due, at(2026, 5, 4, 10));
  EXPECT_EQ(to_iso8601(due), "2026-05-04T10:00:00+07:00");
  EXPECT_EQ(cal.working_minutes_between(received, due), 3 * 480);
  EXPECT_EQ(cal.holiday_name(Date{2026, 4, 26}), "Giỗ Tổ Hùng Vương");
  EXPECT_EQ(cal.holiday_name(Date{2026, 4, 27}), "Nghỉ bù Giỗ Tổ Hùng Vương");
  EXPECT_EQ(cal.holiday_name(Date{2026, 4, 30}), "Ngày Giải phóng miền Nam, thống nhất đất nước");
  EXPECT_EQ(cal.holiday_name(Date{2026, 5, 1}), "Ngày Quốc tế Lao động");
  EXPECT_FALSE(cal.holiday_name(Date{2026, 4, 28}).has_value());
  EXPECT_FALSE(cal.holiday_name(Date{2026, 4, 25}).has_value());  // weekend, not a holiday
  for (const Date d : {Date{2026, 4, 25}, Date{2026, 4, 26}, Date{2026, 4, 27}, Date{2026, 4, 30},
                       Date{2026, 5, 1}, Date{2026, 5, 2}, Date{2026, 5, 3}}) {
    EXPECT_FALSE(cal.is_working_day(d)) << to_string(d);
  }
}

TEST_F(CalWorkingCalendarTest, WorkingTimeBoundariesAreHalfOpen) {
  EXPECT_FALSE(cal.is_working_time(at(2026, 4, 28, 6, 59)));
  EXPECT_TRUE(cal.is_working_time(at(2026, 4, 28, 7, 0)));
  EXPECT_TRUE(cal.is_working_time(at(2026, 4, 28, 11, 29)));
  EXPECT_FALSE(cal.is_working_time(at(2026, 4, 28, 11, 30)));
  EXPECT_FALSE(cal.is_working_time(at(2026, 4, 28, 12, 0)));
  EXPECT_TRUE(cal.is_working_time(at(2026, 4, 28, 13, 30)));
  EXPECT_TRUE(cal.is_working_time(at(2026, 4, 28, 16, 59)));
  EXPECT_FALSE(cal.is_working_time(at(2026, 4, 28, 17, 0)));
  EXPECT_FALSE(cal.is_working_time(at(2026, 4, 25, 9, 0)));  // Saturday
  EXPECT_FALSE(cal.is_working_time(at(2026, 4, 30, 9, 0)));  // holiday
}

TEST_F(CalWorkingCalendarTest, NextOpening) {
  EXPECT_EQ(cal.next_opening(at(2026, 4, 28, 9, 15)), at(2026, 4, 28, 9, 15));
  EXPECT_EQ(cal.next_opening(at(2026, 4, 28, 11, 30)), at(2026, 4, 28, 13, 30));
  EXPECT_EQ(cal.next_opening(at(2026, 4, 28, 5, 0)), at(2026, 4, 28, 7, 0));
  EXPECT_EQ(cal.next_opening(at(2026, 4, 29, 17, 0)), at(2026, 5, 4, 7, 0));
  EXPECT_EQ(cal.next_opening(at(2026, 4, 24, 20, 0)), at(2026, 4, 28, 7, 0));
  EXPECT_EQ(cal.next_working_day(Date{2026, 4, 25}), (Date{2026, 4, 28}));
}

TEST_F(CalWorkingCalendarTest, AddWorkingMinutesEndOfPeriodConvention) {
  EXPECT_EQ(cal.add_working_minutes(at(2026, 5, 8, 16), 60), at(2026, 5, 8, 17));    // Fri 17:00
  EXPECT_EQ(cal.add_working_minutes(at(2026, 5, 8, 16), 61), at(2026, 5, 11, 7, 1));  // Mon
  EXPECT_EQ(cal.add_working_minutes(at(2026, 5, 8, 10), 90), at(2026, 5, 8, 11, 30));
  EXPECT_EQ(cal.add_working_minutes(at(2026, 5, 8, 10), 91), at(2026, 5, 8, 13, 31));
  EXPECT_EQ(cal.add_working_minutes(at(2026, 5, 8, 12), 30), at(2026, 5, 8, 14));  // from a break
  EXPECT_EQ(cal.add_working_minutes(at(2026, 5, 8, 12), 0), at(2026, 5, 8, 12));   // identity
  EXPECT_EQ(cal.add_working_minutes(at(2026, 5, 11, 8), -60), at(2026, 5, 11, 7));
}

TEST_F(CalWorkingCalendarTest, SubtractWorkingMinutesStartOfPeriodConvention) {
  EXPECT_EQ(cal.subtract_working_minutes(at(2026, 5, 11, 7), 60), at(2026, 5, 8, 16));
  EXPECT_EQ(cal.subtract_working_minutes(at(2026, 5, 11, 8), 60), at(2026, 5, 11, 7));
  EXPECT_EQ(cal.subtract_working_minutes(at(2026, 5, 8, 13, 31), 1), at(2026, 5, 8, 13, 30));
  EXPECT_EQ(cal.subtract_working_minutes(at(2026, 5, 8, 13, 30), 1), at(2026, 5, 8, 11, 29));
  EXPECT_EQ(cal.subtract_working_minutes(at(2026, 5, 4, 10), 1440), at(2026, 4, 24, 10));
}

TEST_F(CalWorkingCalendarTest, WorkingMinutesBetween) {
  EXPECT_EQ(cal.working_minutes_between(at(2026, 5, 8, 10), at(2026, 5, 11, 10)), 480);
  EXPECT_EQ(cal.working_minutes_between(at(2026, 5, 11, 10), at(2026, 5, 8, 10)), -480);
  EXPECT_EQ(cal.working_minutes_between(at(2026, 5, 8, 11, 0), at(2026, 5, 8, 14, 0)), 60);
  EXPECT_EQ(cal.working_minutes_between(at(2026, 5, 9, 8), at(2026, 5, 10, 20)), 0);
  EXPECT_EQ(cal.working_minutes_between(at(2026, 5, 8, 10), at(2026, 5, 8, 10)), 0);
  // The whole of 2026: 261 weekdays − 11 weekday days off (1/1, Tết 16–20/2, 27/4, 30/4, 1/5,
  // 1/9, 2/9) = 250 working days.
  EXPECT_EQ(cal.working_minutes_between(at(2026, 1, 1, 0), at(2027, 1, 1, 0)), 250 * 480);
}

TEST_F(CalWorkingCalendarTest, ClockStartRule) {
  EXPECT_EQ(cal.clock_start(at(2026, 4, 28, 10)), at(2026, 4, 28, 10));   // in hours: now
  EXPECT_EQ(cal.clock_start(at(2026, 4, 28, 18)), at(2026, 4, 29, 7));    // after closing
  EXPECT_EQ(cal.clock_start(at(2026, 4, 28, 12)), at(2026, 4, 28, 13, 30));
  EXPECT_EQ(cal.clock_start(at(2026, 4, 25, 9)), at(2026, 4, 28, 7));     // Saturday + holiday
}

TEST_F(CalWorkingCalendarTest, DueInWorkingHours) {
  EXPECT_EQ(cal.due(at(2026, 4, 24, 10), 8, TimeUnit::hours), at(2026, 4, 28, 10));
  EXPECT_EQ(cal.due(at(2026, 4, 24, 16), 1, TimeUnit::hours), at(2026, 4, 24, 17));
  EXPECT_EQ(cal.due(at(2026, 4, 24, 18), 1, TimeUnit::hours), at(2026, 4, 28, 8));
  EXPECT_EQ(cal.due(at(2026, 4, 24, 18), 0, TimeUnit::hours), at(2026, 4, 28, 7));
}

TEST_F(CalWorkingCalendarTest, DueInCalendarDays) {
  EXPECT_EQ(cal.due(at(2026, 4, 24, 10), 3, TimeUnit::days), at(2026, 4, 28, 10));  // 27/4 off
  EXPECT_EQ(cal.due(at(2026, 4, 24, 10), 5, TimeUnit::days), at(2026, 4, 29, 10));
  EXPECT_EQ(cal.due(at(2026, 4, 24, 10), 6, TimeUnit::days), at(2026, 5, 4, 10));   // 30/4 off
  EXPECT_EQ(cal.due(at(2026, 4, 24, 10), 0, TimeUnit::days), at(2026, 4, 24, 10));
  EXPECT_EQ(cal.due(at(2026, 4, 24, 18), 1, TimeUnit::days), at(2026, 4, 29, 7));  // start 28/4
  EXPECT_EQ(cal.due(at(2026, 5, 4, 10), 15, TimeUnit::days), at(2026, 5, 19, 10));
  EXPECT_THROW((void)cal.due(at(2026, 5, 4, 10), -1, TimeUnit::days), std::invalid_argument);
}

TEST(CalWorkingCalendarSaturday, SaturdayMorningDesk) {
  const WorkingCalendar sat(WorkingCalendarConfig::standard(true));
  EXPECT_TRUE(sat.is_working_time(at(2026, 5, 9, 10)));
  EXPECT_FALSE(sat.is_working_time(at(2026, 5, 9, 13, 30)));
  EXPECT_EQ(sat.add_working_minutes(at(2026, 5, 8, 16), 120), at(2026, 5, 9, 8));
  // Calendar days landing on Saturday afternoon: not working time → next opening.
  EXPECT_EQ(sat.due(at(2026, 5, 6, 14), 3, TimeUnit::days), at(2026, 5, 11, 7));
  EXPECT_EQ(sat.due(at(2026, 5, 6, 10), 3, TimeUnit::days), at(2026, 5, 9, 10));
  // 1 working day is still 480 working minutes: Fri 10:00–17:00 = 300, then 180 more on
  // Saturday morning → Sat 10:00.
  EXPECT_EQ(sat.due(at(2026, 5, 8, 10), 1, TimeUnit::working_days), at(2026, 5, 9, 10));
}

TEST_F(CalWorkingCalendarTest, SupplementPauseMovesDueByPausedWorkingTime) {
  const LocalDateTime due = at(2026, 5, 4, 10);
  // Paused Tue 28/4 16:00, resumed Wed 29/4 09:00: 60 + 120 = 180 working minutes.
  const LocalDateTime paused = at(2026, 4, 28, 16);
  const LocalDateTime resumed = at(2026, 4, 29, 9);
  EXPECT_EQ(cal.working_minutes_between(paused, resumed), 180);
  const LocalDateTime new_due = cal.extend_for_pause(due, paused, resumed);
  EXPECT_EQ(new_due, at(2026, 5, 4, 15));
  EXPECT_EQ(cal.working_minutes_between(due, new_due), 180);
  // A pause over a holiday weekend only counts working time.
  EXPECT_EQ(cal.extend_for_pause(due, at(2026, 4, 29, 17), at(2026, 5, 4, 7)), due);
}

TEST_F(CalWorkingCalendarTest, HandoverCutoff) {
  EXPECT_EQ(cal.handover_deadline(at(2026, 4, 28, 14, 59)), at(2026, 4, 28, 17));
  EXPECT_EQ(cal.handover_deadline(at(2026, 4, 28, 15, 0)), at(2026, 4, 29, 11, 30));
  EXPECT_EQ(cal.handover_deadline(at(2026, 4, 24, 15, 30)), at(2026, 4, 28, 11, 30));
  EXPECT_EQ(cal.handover_deadline(at(2026, 4, 23, 18, 0)), at(2026, 4, 24, 17));
  WorkingCalendarConfig c = WorkingCalendarConfig::standard();
  c.handover_cutoff = hm(16);
  EXPECT_EQ(WorkingCalendar(c).handover_deadline(at(2026, 4, 28, 15, 0)), at(2026, 4, 28, 17));
}

TEST_F(CalWorkingCalendarTest, Classification) {
  const LocalDateTime due = at(2026, 5, 4, 10);
  EXPECT_EQ(WorkingCalendar::classify(at(2026, 4, 29, 16), due), Timeliness::early);
  EXPECT_EQ(WorkingCalendar::classify(at(2026, 5, 4, 7), due), Timeliness::on_time);
  EXPECT_EQ(WorkingCalendar::classify(at(2026, 5, 4, 10), due), Timeliness::on_time);
  EXPECT_EQ(WorkingCalendar::classify(at(2026, 5, 4, 10, 1), due), Timeliness::late);
  EXPECT_EQ(WorkingCalendar::classify(at(2026, 5, 5, 8), due), Timeliness::late);
  EXPECT_EQ(WorkingCalendar::classify_step(479, 480), Timeliness::early);
  EXPECT_EQ(WorkingCalendar::classify_step(480, 480), Timeliness::on_time);
  EXPECT_EQ(WorkingCalendar::classify_step(481, 480), Timeliness::late);
  EXPECT_EQ(label_vi(Timeliness::early), "Trước hạn");
  EXPECT_EQ(label_vi(Timeliness::on_time), "Đúng hạn");
  EXPECT_EQ(label_vi(Timeliness::late), "Quá hạn");
}

TEST(CalWorkingCalendarConfigTest, AdminOverridesChangeTheDueDate) {
  WorkingCalendarConfig c = WorkingCalendarConfig::standard();
  c.holidays.remove_day(Date{2026, 4, 27});  // compensatory day cancelled
  const WorkingCalendar no_comp(c);
  EXPECT_EQ(no_comp.due(at(2026, 4, 24, 10), 3, TimeUnit::working_days), at(2026, 4, 29, 10));

  WorkingCalendarConfig s = WorkingCalendarConfig::standard();
  s.holidays.add_working_day(Date{2026, 5, 2}, "Làm bù");  // swapped working Saturday
  const WorkingCalendar swapped(s);
  EXPECT_TRUE(swapped.is_working_day(Date{2026, 5, 2}));
  EXPECT_EQ(swapped.due(at(2026, 4, 24, 10), 3, TimeUnit::working_days), at(2026, 5, 2, 10));

  WorkingCalendarConfig o = WorkingCalendarConfig::standard();
  o.holidays.add_day_off(Date{2026, 5, 4}, "Nghỉ đột xuất");
  const WorkingCalendar extra(o);
  EXPECT_EQ(extra.holiday_name(Date{2026, 5, 4}), "Nghỉ đột xuất");
  EXPECT_EQ(extra.due(at(2026, 4, 24, 10), 3, TimeUnit::working_days), at(2026, 5, 5, 10));
}

TEST(CalWorkingCalendarConfigTest, YearsOutsideThePrecomputedRangeGiveTheSameAnswers) {
  WorkingCalendarConfig c = WorkingCalendarConfig::standard();
  c.first_year = 2030;
  c.last_year = 2030;
  c.holidays.add_working_day(Date{2026, 5, 2});
  const WorkingCalendar narrow(c);
  c.first_year = 2000;
  c.last_year = 2100;
  const WorkingCalendar wide(c);
  for (Date d{2026, 1, 1}; d < Date{2027, 1, 1}; d = add_days(d, 1)) {
    EXPECT_EQ(narrow.is_working_day(d), wide.is_working_day(d)) << to_string(d);
  }
  EXPECT_EQ(narrow.due(at(2026, 4, 24, 10), 3, TimeUnit::working_days), at(2026, 5, 2, 10));
}

TEST(CalWorkingCalendarConfigTest, InvalidConfigurationsAreRejected) {
  WorkingCalendarConfig empty;
  EXPECT_THROW(WorkingCalendar{empty}, std::invalid_argument);
  WorkingCalendarConfig overlap = WorkingCalendarConfig::standard();
  overlap.week[0] = {{hm(7), hm(12)}, {hm(11), hm(17)}};
  EXPECT_THROW(WorkingCalendar{overlap}, std::invalid_argument);
  WorkingCalendarConfig reversed = WorkingCalendarConfig::standard();
  reversed.week[0] = {{hm(17), hm(7)}};
  EXPECT_THROW(WorkingCalendar{reversed}, std::invalid_argument);
  WorkingCalendarConfig zero = WorkingCalendarConfig::standard();
  zero.minutes_per_working_day = 0;
  EXPECT_THROW(WorkingCalendar{zero}, std::invalid_argument);
}

TEST(CalTimeUnitTest, ParseAndFormat) {
  EXPECT_EQ(parse_time_unit("working_days"), TimeUnit::working_days);
  EXPECT_EQ(parse_time_unit("days"), TimeUnit::days);
  EXPECT_EQ(parse_time_unit("hours"), TimeUnit::hours);
  EXPECT_FALSE(parse_time_unit("weeks").has_value());
  EXPECT_EQ(to_string(TimeUnit::working_days), "working_days");
}

}  // namespace
}  // namespace motcua::cal
