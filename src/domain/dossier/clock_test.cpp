// The one clock: every status × standing, the payment setting, the supplement deadline, the final
// classification with the "more than one supplement request = late" rule.
#include "domain/dossier/clock.h"

#include <gtest/gtest.h>

#include "domain/calendar/date.h"

namespace motcua::dossier {
namespace {

int64_t at(int y, int m, int d, int hh, int mm) { return cal::utc_ms_from_local(cal::make_local({y, m, d}, hh, mm)); }
constexpr int64_t kMin = 60'000;

TEST(DossierClock, ClockByStatusAndPaymentSetting) {
  for (Status s : all_statuses()) {
    const int n = code(s);
    EXPECT_EQ(clock_of(s) == Clock::running, n == 2 || n == 4 || n == 6) << n;  // DOMAIN: 6 runs by default
    EXPECT_EQ(clock_of(s) == Clock::paused, n == 5) << n;
    EXPECT_EQ(clock_of(s) == Clock::not_started, n == 1) << n;
    EXPECT_EQ(clock_of(s, true) == Clock::paused, n == 5 || n == 6) << n;  // procedure: payment pauses
  }
  EXPECT_EQ(to_string(clock_of(Status::submitted)), "not_started");
  EXPECT_EQ(to_string(clock_of(Status::returned)), "none");
}

TEST(DossierClock, OverdueAndDueSoonOnlyWhileRunning) {
  const int64_t due = at(2026, 4, 24, 10, 0);
  for (Status s : all_statuses()) {
    const int n = code(s);
    const bool running = n == 2 || n == 4 || n == 6;
    ClockInput in{.status = s, .due_ms = due};
    EXPECT_FALSE(read_clock(in, due - kMin).overdue()) << n;
    EXPECT_FALSE(read_clock(in, due).overdue()) << n;  // on the due minute: still on time
    EXPECT_EQ(read_clock(in, due + kMin).overdue(), running) << n;
    EXPECT_EQ(read_clock(in, due - kMin).due_soon(), running) << n;
    EXPECT_EQ(read_clock(in, due - kDueSoonMs - kMin).standing == Standing::on_track, running) << n;
  }
  // 6 with the procedure's pause setting: neither overdue nor due soon.
  ClockInput pay{.status = Status::payment_requested, .due_ms = due, .payment_pauses = true};
  EXPECT_EQ(read_clock(pay, due + kMin).standing, Standing::paused);
}

TEST(DossierClock, SupplementDeadlineMakesAPausedDossierOverdue) {
  const int64_t due = at(2026, 4, 24, 10, 0), sup = at(2026, 5, 8, 17, 0);
  ClockInput in{.status = Status::supplement_requested, .due_ms = due};
  EXPECT_EQ(read_clock(in, due + kMin).standing, Standing::paused);  // due frozen while paused
  in.supplement_due_ms = sup;
  EXPECT_EQ(read_clock(in, sup).standing, Standing::paused);
  EXPECT_TRUE(read_clock(in, sup + kMin).overdue());
  // A supplement deadline never makes another status late by itself.
  ClockInput done{.status = Status::resolved, .due_ms = sup + kMin, .supplement_due_ms = sup, .finished_ms = sup};
  EXPECT_FALSE(read_clock(done, sup + 10 * kMin).overdue());
}

TEST(DossierClock, FinalClassification) {
  const int64_t due = at(2026, 4, 24, 10, 0);
  ClockInput in{.status = Status::resolved, .due_ms = due};
  in.finished_ms = at(2026, 4, 23, 16, 0);
  EXPECT_EQ(read_clock(in, due + 100 * kMin).standing, Standing::early);
  in.finished_ms = at(2026, 4, 24, 9, 0);
  EXPECT_EQ(read_clock(in, due).standing, Standing::on_time);
  in.finished_ms = due;
  EXPECT_EQ(key(read_clock(in, due).standing), "on_time");
  in.finished_ms = due + kMin;
  EXPECT_EQ(read_clock(in, due).standing, Standing::late);
  EXPECT_EQ(label_vi(Standing::late), "Quá hạn");
  // More than one supplement request: late whatever the dates (national formula).
  in.finished_ms = at(2026, 4, 20, 9, 0);
  in.supplement_requests = 2;
  EXPECT_EQ(read_clock(in, due).standing, Standing::late);
  in.supplement_requests = 1;
  EXPECT_EQ(read_clock(in, due).standing, Standing::early);
  in.status = Status::returned;
  EXPECT_EQ(read_clock(in, due).standing, Standing::early);
  // Stopped / refused / withdrawn: no standing.
  for (Status s : {Status::stopped, Status::refused, Status::withdrawal_requested, Status::submitted})
    EXPECT_EQ(read_clock({.status = s, .due_ms = due, .finished_ms = due + kMin}, due + kMin).standing, Standing::none);
}

}  // namespace
}  // namespace motcua::dossier
