// The handling report's ledger: on random ended dossiers (every ended status, channel, due date on and off day
// boundaries, ends before their entry, supplement requests) and random periods — inside, across, before and after
// the dossiers, ending in the past or the future — the counts read from the ledger's prefix sums equal classify()
// summed dossier by dossier. Open dossiers and drafts have no ledger entry.
#include "domain/reports/ledger.h"

#include <gtest/gtest.h>

#include <random>

#include "domain/calendar/date.h"

namespace motcua::reports {
namespace {

using dossier::Channel;
using dossier::Status;

int64_t at(int y, int m, int d, int hh = 0, int mm = 0) { return cal::utc_ms_from_local(cal::make_local({y, m, d}, hh, mm)); }

TEST(ReportLedger, OnlyEndedDossiersHaveAnEntry) {
  DossierFacts d;
  d.entered_ms = at(2026, 3, 2, 9);
  for (Status s : {Status::submitted, Status::processing, Status::supplement_requested, Status::payment_requested, Status::withdrawal_requested})
  {
    d.status = s;
    EXPECT_FALSE(ledger_entry(d)) << static_cast<int>(s);
  }
  d.status = Status::resolved;
  EXPECT_TRUE(ledger_entry(d));
  d.entered_ms = 0;  // a draft
  EXPECT_FALSE(ledger_entry(d));
}

TEST(ReportLedger, DaysAreLocal) {
  EXPECT_EQ(day_of(at(2026, 3, 2, 0, 0)), cal::to_days({2026, 3, 2}));
  EXPECT_EQ(day_of(at(2026, 3, 2, 0, 0) - 1), cal::to_days({2026, 3, 1}));
  EXPECT_EQ(day_of(at(2026, 3, 2, 23, 59)), cal::to_days({2026, 3, 2}));
  EXPECT_EQ(block_of(31), 0);
  EXPECT_EQ(block_of(32), 1);
  EXPECT_EQ(block_of(-1), -1);
}

TEST(ReportLedger, AResolvedDossierLateAtTheEndOfMarch) {
  DossierFacts d;
  d.status = Status::returned;
  d.channel = Channel::online;
  d.entered_ms = at(2026, 3, 2, 9);
  d.due_ms = at(2026, 3, 10, 17);
  d.ended_ms = at(2026, 4, 3, 10);
  auto e = ledger_entry(d);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->entry_column, kEntryOnline);
  EXPECT_EQ(e->exit_column, kExitLate);
  EXPECT_EQ(e->overdue_from_day, cal::to_days({2026, 3, 10}));
  EXPECT_EQ(e->overdue_to_day, cal::to_days({2026, 4, 3}));
  // March: received online, in progress and overdue at its end.
  LedgerSums f{}, t{};
  add_before(*e, cal::to_days({2026, 3, 1}), 1, f);
  add_before(*e, cal::to_days({2026, 4, 1}), 1, t);
  HandlingCounts want;
  want.online = 1, want.overdue = 1;
  EXPECT_EQ(counts_from_ledger(f, t), want);
}

TEST(ReportLedger, CountsFromTheLedgerEqualTheRuleOnRandomDossiers) {
  std::mt19937_64 rng(7);
  const int64_t t0 = at(2026, 1, 1), span = 200LL * 86'400'000, day = 86'400'000;
  auto pick = [&](int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo)); };
  const Status ended[] = {Status::refused, Status::stopped, Status::resolved, Status::returned};
  std::vector<DossierFacts> all;
  int64_t last_end = 0;
  for (int i = 0; i < 3000; ++i) {
    DossierFacts d;
    d.status = ended[rng() % 4];
    d.channel = *dossier::channel_from_code(1 + static_cast<int>(rng() % 3));
    d.entered_ms = pick(t0, t0 + span);
    d.ended_ms = rng() % 10 == 0 ? 0 : (rng() % 8 == 0 ? d.entered_ms - 3'600'000 : pick(d.entered_ms, d.entered_ms + 40 * day));
    d.withdrawn = d.status == Status::stopped && rng() % 2;
    int64_t end = std::max(d.ended_ms, d.entered_ms);
    d.due_ms = rng() % 6 == 0 ? 0 : (rng() % 2 ? end + (static_cast<int64_t>(rng() % 5) - 2) * 60'000 : pick(d.entered_ms - day, d.entered_ms + 30 * day));
    if (d.due_ms && rng() % 4 == 0) d.due_ms = at(2026, 1, 1) + ((d.due_ms - at(2026, 1, 1)) / day) * day + (rng() % 2 ? 0 : 17 * 3'600'000);
    d.supplement_requests = static_cast<int>(rng() % 4);
    last_end = std::max(last_end, end);
    all.push_back(d);
  }
  std::vector<LedgerEntry> entries;
  for (const auto& d : all) entries.push_back(*ledger_entry(d));
  HandlingCounts seen;
  for (int round = 0; round < 400; ++round) {
    int64_t f = cal::to_days({2025, 12, 1}) + static_cast<int64_t>(rng() % 280), t = f + 1 + static_cast<int64_t>(rng() % 120);
    Period p{cal::utc_ms_from_local({f * cal::kMinutesPerDay}), cal::utc_ms_from_local({t * cal::kMinutesPerDay})};
    int64_t now = pick(last_end, last_end + 90 * day);  // no end in the future
    HandlingCounts want;
    for (const auto& d : all) want.add(classify(d, p, now));
    LedgerSums bf{}, bt{};
    for (const auto& e : entries) add_before(e, f, 1, bf), add_before(e, t, 1, bt);
    HandlingCounts got = counts_from_ledger(bf, bt);
    ASSERT_EQ(got, want) << "round " << round << " f " << f << " t " << t;
    EXPECT_TRUE(got.balanced());
    seen += got;
  }
  // Every bucket was exercised.
  for (int64_t n : {seen.online, seen.direct, seen.postal, seen.carried_over, seen.early, seen.on_time, seen.late, seen.within_due, seen.overdue,
                    seen.refused, seen.stopped, seen.withdrawn})
    EXPECT_GT(n, 0);
}

}  // namespace
}  // namespace motcua::reports
