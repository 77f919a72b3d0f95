// motcua::dossier — the one deadline clock of a dossier (pure; no I/O). Every list, page, slip, API
// answer, job and report asks read_clock(); nothing else decides whether a dossier is running, paused,
// due soon, overdue, or was finished early / on time / late. Source: shared/DOMAIN.md §3–4.
//
// Contract
// - Clock (by status and one per-procedure setting):
//     not_started  1                 (submitted; also after "request completion": the clock starts at acceptance)
//     running      2, 4, and 6 unless the procedure's `payment_pauses_clock` is true (DOMAIN: 6 runs)
//     paused       5 (supplement requested), and 6 when payment_pauses_clock
//     none         3, 7, 8, 9, 10    (refused, withdrawal requested, stopped, result ready, returned)
//   The service records a pause (paused_at) exactly when this says paused, so a stored row answers the
//   same: ClockInput::payment_pauses = "paused_at is set" for a row at 6.
// - Standing of an open dossier at `now` (epoch ms):
//     running: overdue iff now > due (on the due minute it is still on time); due_soon iff not overdue and
//              due − now < kDueSoonMs (48 h); else on_track. A running dossier without a due date: on_track.
//     paused at 5: overdue iff the supplement deadline is set and now > it (the due date is frozen while
//              paused; a missed supplement deadline is what makes it late — and the job stops it, → 8);
//              else paused.
//     paused at 6, not started, withdrawal requested, refused, stopped: none.
// - Outcome of a finished dossier (9, 10), judged at finished (approval) against due with
//   cal::WorkingCalendar::classify: early (trước hạn) / on_time (đúng hạn) / late (quá hạn); and, as the
//   national formula says, more than one supplement request makes it late whatever the dates.
// - key(): "overdue" | "due_soon" | "on_track" | "paused" | "early" | "on_time" | "late" | "" (none) —
//   the stable string the API and pages use; label_vi() the Vietnamese tag.
// - Lists filter in SQL with the same rule (services/dossiers/dossier_lists.cpp: running = status IN
//   (2,4,6) AND paused_at IS NULL; overdue adds status 5 with supplement_due_at < now — one copy, in
//   dossier_internal.h); tests/api/dossier_jobs_test.cpp checks the list and the dossier page agree.
#pragma once

#include <cstdint>
#include <string_view>

#include "domain/dossier/status.h"

namespace motcua::dossier {

inline constexpr std::int64_t kDueSoonMs = 48LL * 3600 * 1000;

enum class Clock { not_started, running, paused, none };
enum class Standing { none, on_track, due_soon, overdue, paused, early, on_time, late };

struct ClockInput {
  Status status = Status::submitted;
  std::int64_t due_ms = 0;             // appointment; 0 = none yet
  std::int64_t supplement_due_ms = 0;  // deadline of the open supplement request (5); 0 = none
  std::int64_t finished_ms = 0;        // approval (9) — when the result was ready; 0 = unknown
  int supplement_requests = 0;
  bool payment_pauses = false;         // the procedure's setting (status 6 stops the clock)
};

struct ClockReading {
  Clock clock = Clock::none;
  Standing standing = Standing::none;
  bool overdue() const { return standing == Standing::overdue; }
  bool due_soon() const { return standing == Standing::due_soon; }
  bool finished_late() const { return standing == Standing::late; }
};

Clock clock_of(Status s, bool payment_pauses = false) noexcept;
ClockReading read_clock(const ClockInput& in, std::int64_t now_ms) noexcept;
std::string_view to_string(Clock c) noexcept;       // "not_started" | "running" | "paused" | "none"
std::string_view key(Standing s) noexcept;          // see above
std::string_view label_vi(Standing s) noexcept;     // "Quá hạn", "Sắp đến hạn", "Trong hạn", "Tạm dừng tính thời hạn", "Trước hạn", "Đúng hạn", ""

}  // namespace motcua::dossier
