// motcua::reports — the handling report's ledger (sổ cộng dồn; issue 12, performance): the part of every handling
// report that an ENDED dossier contributes, written as a handful of dated counters, so that a report over a year of
// a province sums a few thousand counters instead of reading every dossier. Pure; no I/O.
//
// Contract
// - Days are local day numbers (Asia/Ho_Chi_Minh, cal::kUtcOffsetMinutes): day_of(ms) = floor((ms + offset) / day).
//   A period [from, to) of the report starts and ends at local midnights: f = day_of(from), t = day_of(to).
// - ledger_entry(d): nullopt unless d ended (status 3, 8, 9, 10) after entering (entered_ms != 0). Otherwise its
//   counters (end = max(ended_ms, entered_ms), as classify() reads it):
//     entry column (online / direct / postal) at day_of(entered)
//     exit column (early / on_time / late / refused / stopped / withdrawn — classify()'s exit for a period that
//       contains the end) at day_of(end)
//     for a dossier that was running against a due date (not refused, due_ms > 0): overdue_from at
//       s = max(day_of(entered), day_of(due)) and overdue_to at max(s, day_of(end)) — it counts as "in progress,
//       overdue" at a period end T exactly when s < t <= day_of(end).
// - counts_from_ledger(before_from, before_to): the HandlingCounts of the ended dossiers for [from, to), from the
//   sums of their counters on the days before f and before t (prefix sums):
//     received by channel = entry(< t) − entry(< f);  carried_over = entries(< f) − exits(< f)
//     exits of the period = exit(< t) − exit(< f)
//     in progress (ended on or after t) = entries(< t) − exits(< t), of which overdue = overdue_from(< t) − overdue_to(< t)
//   This equals the sum of classify(d, period, now) over the ended dossiers whenever no dossier ended after
//   min(to, now) — i.e. always for real data, where an end is the moment of a transition (never in the future).
//   ledger_test.cpp proves it on random dossiers and periods. Open dossiers are not in the ledger: the report
//   reads them (a bounded set) with classify()'s SQL form.
// - Block sums: a counter is also added to its block of kBlockDays days (block = day / kBlockDays), so a prefix sum
//   before day k is the blocks before k / kBlockDays plus the days from that block's start to k − 1.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "domain/reports/handling.h"

namespace motcua::reports {

inline constexpr std::int64_t kBlockDays = 32;

enum LedgerColumn : int {
  kEntryOnline, kEntryDirect, kEntryPostal,
  kExitEarly, kExitOnTime, kExitLate, kExitRefused, kExitStopped, kExitWithdrawn,
  kOverdueFrom, kOverdueTo,
  kLedgerColumns
};
using LedgerSums = std::array<std::int64_t, kLedgerColumns>;

// Column names as stored (the ledger tables' columns, in LedgerColumn order).
const char* ledger_column_name(int column) noexcept;

std::int64_t day_of(std::int64_t utc_ms) noexcept;
inline std::int64_t block_of(std::int64_t day) noexcept { return day >= 0 ? day / kBlockDays : (day - kBlockDays + 1) / kBlockDays; }

struct LedgerEntry {
  int entry_column = kEntryDirect;
  std::int64_t entry_day = 0;
  int exit_column = kExitOnTime;
  std::int64_t exit_day = 0;
  bool overdue_window = false;
  std::int64_t overdue_from_day = 0, overdue_to_day = 0;
  bool operator==(const LedgerEntry&) const = default;
};

std::optional<LedgerEntry> ledger_entry(const DossierFacts& d) noexcept;
// Adds sign × the entry's counters dated before `day` (day < `day`) to `sums`.
void add_before(const LedgerEntry& e, std::int64_t day, std::int64_t sign, LedgerSums& sums) noexcept;
HandlingCounts counts_from_ledger(const LedgerSums& before_from, const LedgerSums& before_to) noexcept;

}  // namespace motcua::reports
