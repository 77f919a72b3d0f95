// Same-day ("trong ngày") procedures, exact fractional amounts, and the Mẫu 04 appointment check.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "domain/calendar/working_calendar.h"

namespace motcua::cal {
namespace {

LocalDateTime at(int y, int m, int d, int h, int min = 0) { return make_local(Date{y, m, d}, h, min); }

class CalSameDayTest : public ::testing::Test {
 protected:
  WorkingCalendar cal;  // standard week, announced 2026 layout
  LocalDateTime same_day(LocalDateTime t, std::optional<int> cutoff = std::nullopt) const {
    return cal.due(t, 0, TimeUnit::same_day, cutoff);
  }
};

TEST_F(CalSameDayTest, BeforeTheCutOffIsDueAtTheEndOfThatDay) {
  EXPECT_EQ(same_day(at(2026, 3, 2, 10)), at(2026, 3, 2, 17));  // Monday
  EXPECT_EQ(same_day(at(2026, 3, 2, 14, 59)), at(2026, 3, 2, 17));
  EXPECT_EQ(same_day(at(2026, 3, 2, 12)), at(2026, 3, 2, 17));    // lunch break → clock starts 13:30
  EXPECT_EQ(same_day(at(2026, 3, 2, 6, 30)), at(2026, 3, 2, 17));  // before opening → starts 07:00
}

TEST_F(CalSameDayTest, AtOrAfterTheCutOffIsDueAtTheEndOfTheNextWorkingDay) {
  EXPECT_EQ(same_day(at(2026, 3, 2, 15)), at(2026, 3, 3, 17));
  EXPECT_EQ(same_day(at(2026, 3, 2, 16, 59)), at(2026, 3, 3, 17));
  EXPECT_EQ(same_day(at(2026, 3, 2, 18)), at(2026, 3, 3, 17));    // after closing
  EXPECT_EQ(same_day(at(2026, 3, 6, 15, 30)), at(2026, 3, 9, 17));  // Friday 15:30 → Monday 17:00
}

TEST_F(CalSameDayTest, WeekendsAndHolidays) {
  EXPECT_EQ(same_day(at(2026, 3, 7, 9)), at(2026, 3, 9, 17));        // Saturday → Monday
  EXPECT_EQ(same_day(at(2026, 4, 29, 15, 30)), at(2026, 5, 4, 17));  // 30/4, 1/5 and the weekend in between
  EXPECT_EQ(same_day(at(2026, 4, 24, 15, 30)), at(2026, 4, 28, 17));  // 27/4 nghỉ bù Giỗ Tổ
  EXPECT_EQ(same_day(at(2026, 4, 30, 9)), at(2026, 5, 4, 17));       // received on a holiday
  EXPECT_EQ(same_day(at(2026, 1, 9, 16)), at(2026, 1, 10, 17));      // swapped working Saturday
}

TEST_F(CalSameDayTest, CutOffIsPerProcedureAndValidated) {
  EXPECT_EQ(same_day(at(2026, 3, 2, 10, 59), hm(11)), at(2026, 3, 2, 17));
  EXPECT_EQ(same_day(at(2026, 3, 2, 11), hm(11)), at(2026, 3, 3, 17));
  EXPECT_EQ(same_day(at(2026, 3, 2, 16), hm(24)), at(2026, 3, 2, 17));
  EXPECT_THROW(same_day(at(2026, 3, 2, 10), -1), std::invalid_argument);
  EXPECT_THROW(same_day(at(2026, 3, 2, 10), 1441), std::invalid_argument);
  // The amount is ignored; the cut-off is ignored by the other units.
  EXPECT_EQ(cal.due(at(2026, 3, 2, 10), 5, TimeUnit::same_day), at(2026, 3, 2, 17));
  EXPECT_EQ(cal.due(at(2026, 3, 2, 16), 1, TimeUnit::hours, hm(11)), at(2026, 3, 2, 17));
  EXPECT_EQ(parse_time_unit("same_day"), TimeUnit::same_day);
  EXPECT_EQ(to_string(TimeUnit::same_day), "same_day");
}

TEST(CalSameDay, SaturdayMorningDeskAndAgencyDefaultCutOff) {
  WorkingCalendarConfig c = WorkingCalendarConfig::standard(true);
  c.same_day_cutoff = hm(10);
  const WorkingCalendar cal(c);
  EXPECT_EQ(cal.due(at(2026, 3, 7, 9), 0, TimeUnit::same_day), at(2026, 3, 7, 11, 30));  // Saturday morning
  EXPECT_EQ(cal.due(at(2026, 3, 7, 10), 0, TimeUnit::same_day), at(2026, 3, 9, 17));
  EXPECT_EQ(cal.due(at(2026, 3, 6, 9), 0, TimeUnit::same_day), at(2026, 3, 6, 17));
  EXPECT_EQ(cal.due(at(2026, 3, 6, 10), 0, TimeUnit::same_day), at(2026, 3, 7, 11, 30));
  c.same_day_cutoff = 2000;
  EXPECT_THROW(WorkingCalendar{c}, std::invalid_argument);
}

// ---- exact fractional amounts --------------------------------------------------------------------

TEST(CalFractions, HalfAWorkingDayIs240WorkingMinutes) {
  const WorkingCalendar cal;
  EXPECT_EQ(cal.working_minutes_of(0.5, TimeUnit::working_days), 240);
  EXPECT_EQ(cal.working_minutes_of(2.25, TimeUnit::working_days), 1080);
  EXPECT_EQ(cal.working_minutes_of(1.1, TimeUnit::hours), 66);
  EXPECT_EQ(cal.working_minutes_of(0.25, TimeUnit::hours), 15);
  EXPECT_EQ(cal.due(at(2026, 3, 2, 7), 0.5, TimeUnit::working_days), at(2026, 3, 2, 11));
  // 10:00–11:30 = 90, then 150 from 13:30 → 16:00.
  EXPECT_EQ(cal.due(at(2026, 3, 2, 10), 0.5, TimeUnit::working_days), at(2026, 3, 2, 16));
  // 1.5 working days from Friday 13:30: 210 on Friday, 480 Monday, 30 Tuesday → 07:30.
  EXPECT_EQ(cal.due(at(2026, 3, 6, 13, 30), 1.5, TimeUnit::working_days), at(2026, 3, 10, 7, 30));
  EXPECT_EQ(cal.due(at(2026, 3, 2, 16), 1.5, TimeUnit::hours), at(2026, 3, 3, 7, 30));
  EXPECT_EQ(cal.due(at(2026, 3, 2, 9), 0.25, TimeUnit::hours), at(2026, 3, 2, 9, 15));
  // Not rounded up to a whole day any more: 0.5 day ≠ 1 day.
  EXPECT_NE(cal.due(at(2026, 3, 2, 7), 0.5, TimeUnit::working_days), cal.due(at(2026, 3, 2, 7), 1, TimeUnit::working_days));
}

TEST(CalFractions, RefusedAmounts) {
  const WorkingCalendar cal;
  const LocalDateTime t = at(2026, 3, 2, 9);
  EXPECT_THROW(cal.due(t, 1.5, TimeUnit::days), std::invalid_argument);            // half a calendar day
  EXPECT_THROW(cal.due(t, 0.001, TimeUnit::working_days), std::invalid_argument);  // 0.48 minute
  EXPECT_THROW(cal.due(t, 0.01, TimeUnit::hours), std::invalid_argument);          // 0.6 minute
  EXPECT_THROW(cal.due(t, -1, TimeUnit::hours), std::invalid_argument);
  EXPECT_THROW(cal.due(t, std::nan(""), TimeUnit::working_days), std::invalid_argument);
  EXPECT_THROW(cal.due(t, std::numeric_limits<double>::infinity(), TimeUnit::hours), std::invalid_argument);
  EXPECT_THROW(cal.due(t, 1e9, TimeUnit::working_days), std::invalid_argument);
  EXPECT_THROW((void)cal.working_minutes_of(1, TimeUnit::days), std::invalid_argument);
  EXPECT_EQ(cal.due(t, 2.0, TimeUnit::days), at(2026, 3, 4, 9));  // a whole double is fine
}

// ---- Mẫu 04 new appointment --------------------------------------------------------------------

TEST(CalAppointment, MustBeAWorkingMomentWithinAYear) {
  const WorkingCalendar cal;
  const LocalDateTime now = at(2026, 3, 2, 9);
  EXPECT_EQ(cal.check_appointment(now, at(2026, 3, 5, 10)), AppointmentCheck::ok);
  EXPECT_EQ(cal.check_appointment(now, at(2026, 3, 5, 17)), AppointmentCheck::ok);  // a due-style 17:00
  EXPECT_EQ(cal.check_appointment(now, at(2026, 3, 5, 11, 30)), AppointmentCheck::ok);
  EXPECT_EQ(cal.check_appointment(now, at(2026, 1, 10, 10)), AppointmentCheck::in_past);
  EXPECT_EQ(cal.check_appointment(now, now), AppointmentCheck::in_past);
  EXPECT_EQ(cal.check_appointment(now, at(2026, 3, 8, 10)), AppointmentCheck::not_working_time);   // Sunday
  EXPECT_EQ(cal.check_appointment(now, at(2026, 3, 5, 12)), AppointmentCheck::not_working_time);   // lunch
  EXPECT_EQ(cal.check_appointment(now, at(2026, 3, 5, 17, 1)), AppointmentCheck::not_working_time);
  EXPECT_EQ(cal.check_appointment(now, at(2026, 4, 30, 9)), AppointmentCheck::not_working_time);   // holiday
  EXPECT_EQ(cal.check_appointment(now, at(2026, 8, 22, 9)), AppointmentCheck::ok);  // swapped working Saturday
  EXPECT_EQ(cal.check_appointment(now, at(9999, 12, 31, 10)), AppointmentCheck::too_far);
  EXPECT_EQ(cal.check_appointment(now, at(2027, 3, 4, 10)), AppointmentCheck::too_far);
  EXPECT_EQ(cal.check_appointment(now, at(2027, 3, 2, 9)), AppointmentCheck::ok);  // 365 days, a Tuesday
  EXPECT_TRUE(cal.is_working_moment(at(2026, 3, 5, 10)));
  EXPECT_FALSE(cal.is_working_moment(at(2026, 3, 8, 10)));
  EXPECT_FALSE(message_vi(AppointmentCheck::not_working_time).empty());
  EXPECT_TRUE(message_vi(AppointmentCheck::ok).empty());
}

}  // namespace
}  // namespace motcua::cal
