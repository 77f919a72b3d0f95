// Property tests: fixed-seed PRNG over random moments in 2020–2035, for the standard calendar and a
// Saturday-morning desk with admin overrides.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

#include "domain/calendar/working_calendar.h"

namespace motcua::cal {
namespace {

constexpr int kSamples = 1500;

WorkingCalendar saturday_desk() {
  WorkingCalendarConfig c = WorkingCalendarConfig::standard(true);
  c.holidays.add_working_day(Date{2026, 2, 22}, "Làm bù", Weekday::monday);  // a Sunday
  c.holidays.add_day_off(Date{2027, 6, 15}, "Nghỉ đột xuất");
  c.holidays.remove_day(Date{2026, 4, 27});
  return WorkingCalendar(c);
}

class CalProperties : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    cal_ = GetParam() == 0 ? WorkingCalendar() : saturday_desk();
    rng_.seed(20260424u + static_cast<unsigned>(GetParam()));
  }

  LocalDateTime random_moment() {
    std::uniform_int_distribution<std::int64_t> day(to_days(Date{2020, 1, 1}),
                                                    to_days(Date{2035, 12, 31}));
    std::uniform_int_distribution<int> minute(0, kMinutesPerDay - 1);
    return LocalDateTime{day(rng_) * kMinutesPerDay + minute(rng_)};
  }
  std::int64_t random_int(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
  }

  // r lies in (start, end] of a period of its own day (the add convention)…
  bool lands_at_or_inside(LocalDateTime r) const {
    const int mod = minute_of_day(r);
    for (const auto& p : cal_.periods(date_of(r))) {
      if (p.start < mod && mod <= p.end) return true;
    }
    return false;
  }
  // … or in [start, end) (the subtract convention, also next_opening).
  bool lands_inside(LocalDateTime r) const { return cal_.is_working_time(r); }

  WorkingCalendar cal_;
  std::mt19937_64 rng_;
};

TEST_P(CalProperties, DueIsNeverBeforeStartAndNeverInABreakOrDayOff) {
  for (int i = 0; i < kSamples; ++i) {
    const LocalDateTime received = random_moment();
    const LocalDateTime start = cal_.clock_start(received);
    ASSERT_GE(start, received);
    ASSERT_TRUE(lands_inside(start)) << to_string(start);
    const std::int64_t amount = random_int(1, 30);
    for (const TimeUnit unit : {TimeUnit::working_days, TimeUnit::hours, TimeUnit::days}) {
      const LocalDateTime due = cal_.due(received, amount, unit);
      ASSERT_GT(due, start) << to_string(received) << " " << amount << " " << to_string(unit);
      if (unit == TimeUnit::days) {
        ASSERT_TRUE(lands_inside(due)) << to_string(due);
        ASSERT_GE(date_of(due), add_days(date_of(start), amount));
      } else {
        ASSERT_TRUE(lands_at_or_inside(due)) << to_string(received) << " → " << to_string(due);
        const std::int64_t minutes =
            unit == TimeUnit::hours ? amount * 60 : amount * cal_.config().minutes_per_working_day;
        ASSERT_EQ(cal_.working_minutes_between(start, due), minutes);
      }
    }
  }
}

TEST_P(CalProperties, AddThenSubtractRoundTrips) {
  for (int i = 0; i < kSamples; ++i) {
    const LocalDateTime s = random_moment();
    const std::int64_t n = random_int(1, 20 * 480);
    const LocalDateTime e = cal_.add_working_minutes(s, n);
    ASSERT_GT(e, s);
    ASSERT_TRUE(lands_at_or_inside(e)) << to_string(s) << " + " << n << " → " << to_string(e);
    ASSERT_EQ(cal_.working_minutes_between(s, e), n);
    ASSERT_EQ(cal_.working_minutes_between(e, s), -n);
    ASSERT_EQ(cal_.subtract_working_minutes(e, n), cal_.next_opening(s)) << to_string(s) << " " << n;
    // Earliest: one minute earlier is not enough.
    ASSERT_EQ(cal_.working_minutes_between(s, plus_minutes(e, -1)), n - 1);

    const LocalDateTime b = cal_.subtract_working_minutes(s, n);
    ASSERT_LT(b, s);
    ASSERT_TRUE(lands_inside(b)) << to_string(s) << " - " << n << " → " << to_string(b);
    ASSERT_EQ(cal_.working_minutes_between(b, s), n);
    ASSERT_EQ(cal_.add_working_minutes(b, -n), cal_.subtract_working_minutes(b, n));
    // Adding back reaches s, or the closing just before s when s is outside working time.
    const LocalDateTime back = cal_.add_working_minutes(b, n);
    ASSERT_LE(back, s);
    ASSERT_EQ(cal_.working_minutes_between(back, s), 0);
  }
}

TEST_P(CalProperties, AddIsMonotonicAndAdditive) {
  for (int i = 0; i < kSamples; ++i) {
    const LocalDateTime s = cal_.clock_start(random_moment());
    const std::int64_t n = random_int(1, 5000);
    const std::int64_t m = random_int(1, 5000);
    const LocalDateTime a = cal_.add_working_minutes(s, n);
    ASSERT_LE(a, cal_.add_working_minutes(s, n + 1));
    ASSERT_EQ(cal_.add_working_minutes(a, m), cal_.add_working_minutes(s, n + m));
  }
}

TEST_P(CalProperties, SupplementPauseOfNWorkingHoursMovesDueByExactlyNHours) {
  for (int i = 0; i < kSamples; ++i) {
    const LocalDateTime received = random_moment();
    const LocalDateTime due = cal_.due(received, random_int(1, 20), TimeUnit::working_days);
    const LocalDateTime paused = cal_.clock_start(random_moment());
    const std::int64_t hours = random_int(1, 80);
    const LocalDateTime resumed = cal_.add_working_minutes(paused, hours * 60);
    const LocalDateTime new_due = cal_.extend_for_pause(due, paused, resumed);
    ASSERT_EQ(cal_.working_minutes_between(due, new_due), hours * 60);
    ASSERT_TRUE(lands_at_or_inside(new_due)) << to_string(new_due);
    ASSERT_EQ(new_due, cal_.add_working_minutes(due, hours * 60));
    // A pause in non-working time (resumed at the next opening) does not move the due date.
    const LocalDateTime r = random_moment();
    ASSERT_EQ(cal_.extend_for_pause(due, r, cal_.next_opening(r)), due);
  }
}

// Cross-check against a brute-force minute-by-minute walk for small amounts.
TEST_P(CalProperties, AgreesWithBruteForce) {
  for (int i = 0; i < 300; ++i) {
    const LocalDateTime s = random_moment();
    const std::int64_t n = random_int(1, 1500);
    LocalDateTime t = s;
    std::int64_t left = n;
    while (left > 0) {
      if (cal_.is_working_time(t)) --left;
      t = plus_minutes(t, 1);
    }
    ASSERT_EQ(cal_.add_working_minutes(s, n), t) << to_string(s) << " + " << n;
    LocalDateTime o = s;
    while (!cal_.is_working_time(o)) o = plus_minutes(o, 1);
    ASSERT_EQ(cal_.next_opening(s), o);
  }
}

TEST_P(CalProperties, ClassificationIsConsistentWithOverdue) {
  for (int i = 0; i < kSamples; ++i) {
    const LocalDateTime due = cal_.due(random_moment(), random_int(1, 15), TimeUnit::working_days);
    const LocalDateTime finished = plus_minutes(due, random_int(-20 * 1440, 20 * 1440));
    const Timeliness c = WorkingCalendar::classify(finished, due);
    ASSERT_EQ(c == Timeliness::late, finished > due);
    ASSERT_EQ(c == Timeliness::early, date_of(finished) < date_of(due));
    if (c == Timeliness::on_time) {
      ASSERT_EQ(date_of(finished), date_of(due));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(CalCalendars, CalProperties, ::testing::Values(0, 1),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(info.param == 0 ? "Standard" : "SaturdayDesk");
                         });

}  // namespace
}  // namespace motcua::cal
