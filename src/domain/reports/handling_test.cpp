// The handling report's rule: each bucket on hand-made dossiers, the clock's classification reused (no second
// definition), the online ratio and targets, and a property test: on random dossiers and random periods the
// buckets partition the counted dossiers, so carried_over + received = resolved + in_progress + ended otherwise.
#include "domain/reports/handling.h"

#include <gtest/gtest.h>

#include <random>

#include "domain/calendar/date.h"

namespace motcua::reports {
namespace {

using dossier::Channel;
using dossier::Status;

int64_t at(int y, int m, int d, int hh = 9, int mm = 0) { return cal::utc_ms_from_local(cal::make_local({y, m, d}, hh, mm)); }

const Period kMarch{at(2026, 3, 1, 0, 0), at(2026, 4, 1, 0, 0)};
const int64_t kNow = at(2026, 6, 1);

DossierFacts facts(Status s, Channel ch, int64_t entered, int64_t ended = 0, int64_t due = 0) {
  DossierFacts d;
  d.status = s;
  d.channel = ch;
  d.entered_ms = entered;
  d.ended_ms = ended;
  d.due_ms = due;
  return d;
}

TEST(HandlingReport, EntryByChannelAndCarryOver) {
  auto c = classify(facts(Status::processing, Channel::online, at(2026, 3, 2)), kMarch, kNow);
  EXPECT_EQ(c.entry, Entry::online);
  EXPECT_EQ(classify(facts(Status::processing, Channel::desk, at(2026, 3, 2)), kMarch, kNow).entry, Entry::direct);
  EXPECT_EQ(classify(facts(Status::processing, Channel::post, at(2026, 3, 31, 23, 59)), kMarch, kNow).entry, Entry::postal);
  EXPECT_EQ(classify(facts(Status::processing, Channel::post, at(2026, 2, 27)), kMarch, kNow).entry, Entry::carried_over);
  // Not counted: a draft, entered after the period, ended before it.
  EXPECT_EQ(classify(facts(Status::submitted, Channel::online, 0), kMarch, kNow).entry, Entry::not_counted);
  EXPECT_EQ(classify(facts(Status::processing, Channel::desk, at(2026, 4, 1, 0, 0)), kMarch, kNow).entry, Entry::not_counted);
  EXPECT_EQ(classify(facts(Status::returned, Channel::desk, at(2026, 2, 2), at(2026, 2, 20), at(2026, 2, 25)), kMarch, kNow).entry,
            Entry::not_counted);
  // Ended exactly at the period start: still counted (carried over, resolved in the period).
  auto edge = classify(facts(Status::returned, Channel::desk, at(2026, 2, 2), kMarch.from_ms, at(2026, 3, 3)), kMarch, kNow);
  EXPECT_EQ(edge.entry, Entry::carried_over);
  EXPECT_EQ(edge.exit, Exit::early);
}

TEST(HandlingReport, ResolvedIsTheClocksClassification) {
  const int64_t due = at(2026, 3, 10, 17, 0);
  EXPECT_EQ(classify(facts(Status::returned, Channel::online, at(2026, 3, 2), at(2026, 3, 9, 16, 0), due), kMarch, kNow).exit, Exit::early);
  EXPECT_EQ(classify(facts(Status::resolved, Channel::online, at(2026, 3, 2), at(2026, 3, 10, 8, 0), due), kMarch, kNow).exit, Exit::on_time);
  EXPECT_EQ(classify(facts(Status::returned, Channel::online, at(2026, 3, 2), due, due), kMarch, kNow).exit, Exit::on_time);
  EXPECT_EQ(classify(facts(Status::returned, Channel::online, at(2026, 3, 2), due + 60'000, due), kMarch, kNow).exit, Exit::late);
  auto twice = facts(Status::returned, Channel::desk, at(2026, 3, 2), at(2026, 3, 5), due);
  twice.supplement_requests = 2;  // national formula: more than one supplement request = late
  EXPECT_EQ(classify(twice, kMarch, kNow).exit, Exit::late);
  twice.supplement_requests = 1;
  EXPECT_EQ(classify(twice, kMarch, kNow).exit, Exit::early);
  // Whatever the dates, the bucket is what dossier::read_clock says at approval.
  for (int64_t fin = at(2026, 3, 8); fin < at(2026, 3, 12); fin += 37 * 60'000) {
    auto d = facts(Status::returned, Channel::desk, at(2026, 3, 2), fin, due);
    auto standing = dossier::read_clock({.status = Status::returned, .due_ms = due, .finished_ms = fin}, fin).standing;
    Exit want = standing == dossier::Standing::early ? Exit::early : standing == dossier::Standing::late ? Exit::late : Exit::on_time;
    EXPECT_EQ(classify(d, kMarch, kNow).exit, want);
  }
  // Without a due date a resolved dossier cannot be late.
  EXPECT_EQ(classify(facts(Status::returned, Channel::desk, at(2026, 3, 2), at(2026, 3, 5), 0), kMarch, kNow).exit, Exit::on_time);
}

TEST(HandlingReport, EndedOtherwise) {
  EXPECT_EQ(classify(facts(Status::refused, Channel::online, at(2026, 3, 2), at(2026, 3, 3)), kMarch, kNow).exit, Exit::refused);
  EXPECT_EQ(classify(facts(Status::stopped, Channel::desk, at(2026, 3, 2), at(2026, 3, 3), at(2026, 3, 20)), kMarch, kNow).exit, Exit::stopped);
  auto w = facts(Status::stopped, Channel::online, at(2026, 3, 2), at(2026, 3, 3));
  w.withdrawn = true;
  EXPECT_EQ(classify(w, kMarch, kNow).exit, Exit::withdrawn);
}

TEST(HandlingReport, InProgressAsOfThePeriodEnd) {
  const int64_t due = at(2026, 3, 31, 17, 0);
  // Open today, due on the last day of the period: overdue at the period end (00:00 of 1 April).
  EXPECT_EQ(classify(facts(Status::processing, Channel::desk, at(2026, 3, 20), 0, due), kMarch, kNow).exit, Exit::overdue);
  EXPECT_EQ(classify(facts(Status::processing, Channel::desk, at(2026, 3, 20), 0, at(2026, 4, 2)), kMarch, kNow).exit, Exit::within_due);
  // The period has not ended yet: read at now, not at its end.
  EXPECT_EQ(classify(facts(Status::processing, Channel::desk, at(2026, 3, 20), 0, due), kMarch, at(2026, 3, 25)).exit, Exit::within_due);
  // Resolved after the period: it was running at the end, late or not against its due date then.
  EXPECT_EQ(classify(facts(Status::returned, Channel::desk, at(2026, 3, 20), at(2026, 4, 3), due), kMarch, kNow).exit, Exit::overdue);
  EXPECT_EQ(classify(facts(Status::returned, Channel::desk, at(2026, 3, 20), at(2026, 4, 3), at(2026, 4, 6)), kMarch, kNow).exit,
            Exit::within_due);
  // Refused after the period: it was waiting at the desk, the clock had not started.
  EXPECT_EQ(classify(facts(Status::refused, Channel::online, at(2026, 3, 30), at(2026, 4, 2)), kMarch, kNow).exit, Exit::within_due);
  // Paused for a supplement: within due until its supplement deadline passes (the clock's rule).
  auto p = facts(Status::supplement_requested, Channel::online, at(2026, 3, 2), 0, at(2026, 3, 10));
  p.supplement_due_ms = at(2026, 4, 15);
  EXPECT_EQ(classify(p, kMarch, kNow).exit, Exit::within_due);
  p.supplement_due_ms = at(2026, 3, 25);
  EXPECT_EQ(classify(p, kMarch, kNow).exit, Exit::overdue);
  EXPECT_EQ(classify(facts(Status::submitted, Channel::online, at(2026, 3, 30)), kMarch, kNow).exit, Exit::within_due);
}

TEST(HandlingReport, OnlineRatioAndTargets) {
  EXPECT_FALSE(online_ratio(0, 0, 0).has_value());
  EXPECT_DOUBLE_EQ(*online_ratio(1, 2, 1), 25.0);
  EXPECT_DOUBLE_EQ(*online_ratio(3, 0, 0), 100.0);
  EXPECT_TRUE(below_target(19.99, 20));
  EXPECT_FALSE(below_target(20.0, 20));
  EXPECT_FALSE(below_target(std::nullopt, 50));
  EXPECT_FALSE(below_target(10.0, std::nullopt));
  EXPECT_EQ(count_vi(0), "0");
  EXPECT_EQ(count_vi(1234567), "1.234.567");
  EXPECT_EQ(ratio_vi(12.346), "12,35 %");
  EXPECT_EQ(ratio_vi(100.0), "100,00 %");
  EXPECT_EQ(ratio_vi(2.0 / 3.0), "0,67 %");
  EXPECT_EQ(decimal_vi(2.346, 2), "2,35");
  EXPECT_EQ(decimal_vi(1234.5, 1), "1.234,5");
  EXPECT_EQ(decimal_vi(2.0, 1), "2,0");
  EXPECT_EQ(decimal_vi(7.0, 0), "7");
  EXPECT_EQ(decimal_vi(std::nullopt, 1), "Không có");
  EXPECT_EQ(ratio_vi(std::nullopt), "Không có");
  auto t = OnlineTargets::seed();
  EXPECT_DOUBLE_EQ(t.for_unit_kind("tu_phap"), 20);
  EXPECT_DOUBLE_EQ(t.for_unit_kind("van_hoa"), 50);
  EXPECT_DOUBLE_EQ(t.for_unit_kind("dia_chinh"), 50);
}

// Property: whatever the dossiers (including inconsistent ones: an end before the entry, an end on an open
// status) and the period, every counted dossier has exactly one entry and one exit bucket.
TEST(HandlingReport, ReconcilesOnRandomDossiers) {
  std::mt19937_64 rng(20260301);
  const int64_t t0 = at(2026, 1, 1), span = 200LL * 86'400'000;
  auto pick = [&](int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo)); };
  for (int round = 0; round < 200; ++round) {
    int64_t a = pick(t0, t0 + span), b = pick(t0, t0 + span);
    Period p{std::min(a, b), std::max(a, b) + 1};
    int64_t now = pick(t0, t0 + span + 86'400'000);
    HandlingCounts counts;
    int64_t counted = 0;
    for (int i = 0; i < 300; ++i) {
      DossierFacts d;
      d.status = *dossier::status_from_code(1 + static_cast<int>(rng() % 10));
      d.channel = *dossier::channel_from_code(1 + static_cast<int>(rng() % 3));
      d.entered_ms = rng() % 20 == 0 ? 0 : pick(t0, t0 + span);
      d.ended_ms = rng() % 4 == 0 ? 0 : pick(t0, t0 + span);
      d.withdrawn = rng() % 2;
      d.due_ms = rng() % 5 == 0 ? 0 : pick(t0, t0 + span);
      d.supplement_due_ms = rng() % 2 ? 0 : pick(t0, t0 + span);
      d.supplement_requests = static_cast<int>(rng() % 4);
      d.payment_pauses = rng() % 2;
      auto c = classify(d, p, now);
      ASSERT_EQ(c.entry == Entry::not_counted, c.exit == Exit::not_counted);
      counted += c.entry != Entry::not_counted;
      counts.add(c);
    }
    ASSERT_TRUE(counts.balanced()) << "round " << round;
    ASSERT_EQ(counts.received_total(), counted);
    ASSERT_EQ(counts.resolved() + counts.in_progress() + counts.ended_otherwise(), counted);
  }
}

TEST(HandlingReport, OnTimeRateIsNotAvailableWithoutResolvedDossiers) {
  HandlingCounts c;
  EXPECT_FALSE(on_time_rate(c).has_value());
  c.within_due = 5;  // open dossiers do not count
  EXPECT_FALSE(on_time_rate(c).has_value());
  c.early = 1, c.on_time = 2, c.late = 1;
  ASSERT_TRUE(on_time_rate(c).has_value());
  EXPECT_DOUBLE_EQ(*on_time_rate(c), 75.0);
}

}  // namespace
}  // namespace motcua::reports
