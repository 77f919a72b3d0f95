// The handling report's ledger — contract in ledger.h.
#include "domain/reports/ledger.h"

#include <algorithm>

#include "domain/calendar/date.h"

namespace motcua::reports {

namespace {

constexpr std::int64_t kDayMs = 86'400'000;

int entry_column(Entry e) noexcept {
  switch (e) {
    case Entry::online: return kEntryOnline;
    case Entry::postal: return kEntryPostal;
    default: return kEntryDirect;
  }
}

int exit_column(Exit x) noexcept {
  switch (x) {
    case Exit::early: return kExitEarly;
    case Exit::late: return kExitLate;
    case Exit::refused: return kExitRefused;
    case Exit::stopped: return kExitStopped;
    case Exit::withdrawn: return kExitWithdrawn;
    default: return kExitOnTime;
  }
}

}  // namespace

const char* ledger_column_name(int column) noexcept {
  static constexpr const char* names[kLedgerColumns] = {"e_online",  "e_direct",  "e_postal",     "x_early",      "x_on_time", "x_late",
                                                        "x_refused", "x_stopped", "x_withdrawn", "overdue_from", "overdue_to"};
  return column >= 0 && column < kLedgerColumns ? names[column] : "";
}

std::int64_t day_of(std::int64_t utc_ms) noexcept {
  const std::int64_t local = utc_ms + cal::kUtcOffsetMinutes * 60'000;
  return local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
}

std::optional<LedgerEntry> ledger_entry(const DossierFacts& d) noexcept {
  if (d.entered_ms == 0 || !ended_status(d.status)) return std::nullopt;
  const std::int64_t end = std::max(d.ended_ms, d.entered_ms);
  // Its final exit: classify() in the one-day period of its end.
  const std::int64_t end_day = day_of(end);
  const Period p{cal::utc_ms_from_local({end_day * cal::kMinutesPerDay}), cal::utc_ms_from_local({(end_day + 1) * cal::kMinutesPerDay})};
  LedgerEntry e;
  e.entry_column = entry_column(channel_entry(d.channel));
  e.entry_day = day_of(d.entered_ms);
  e.exit_column = exit_column(classify(d, p, end).exit);
  e.exit_day = end_day;
  if (d.status != dossier::Status::refused && d.due_ms > 0) {
    e.overdue_window = true;
    e.overdue_from_day = std::max(e.entry_day, day_of(d.due_ms));
    e.overdue_to_day = std::max(e.overdue_from_day, e.exit_day);
  }
  return e;
}

void add_before(const LedgerEntry& e, std::int64_t day, std::int64_t sign, LedgerSums& sums) noexcept {
  if (e.entry_day < day) sums[e.entry_column] += sign;
  if (e.exit_day < day) sums[e.exit_column] += sign;
  if (e.overdue_window) {
    if (e.overdue_from_day < day) sums[kOverdueFrom] += sign;
    if (e.overdue_to_day < day) sums[kOverdueTo] += sign;
  }
}

HandlingCounts counts_from_ledger(const LedgerSums& f, const LedgerSums& t) noexcept {
  auto entries = [](const LedgerSums& s) { return s[kEntryOnline] + s[kEntryDirect] + s[kEntryPostal]; };
  auto exits = [](const LedgerSums& s) {
    std::int64_t n = 0;
    for (int c = kExitEarly; c <= kExitWithdrawn; ++c) n += s[c];
    return n;
  };
  HandlingCounts c;
  c.online = t[kEntryOnline] - f[kEntryOnline];
  c.direct = t[kEntryDirect] - f[kEntryDirect];
  c.postal = t[kEntryPostal] - f[kEntryPostal];
  c.carried_over = entries(f) - exits(f);
  c.early = t[kExitEarly] - f[kExitEarly];
  c.on_time = t[kExitOnTime] - f[kExitOnTime];
  c.late = t[kExitLate] - f[kExitLate];
  c.refused = t[kExitRefused] - f[kExitRefused];
  c.stopped = t[kExitStopped] - f[kExitStopped];
  c.withdrawn = t[kExitWithdrawn] - f[kExitWithdrawn];
  const std::int64_t open_later = entries(t) - exits(t);
  c.overdue = t[kOverdueFrom] - t[kOverdueTo];
  c.within_due = open_later - c.overdue;
  return c;
}

}  // namespace motcua::reports
