// motcua::reports — the periodic handling report's rule (báo cáo tình hình giải quyết hồ sơ; DOMAIN §5):
// which bucket one dossier falls into for a period, and the online ratio. Pure; no I/O.
//
// Contract
// - A dossier enters the one-stop shop at `entered_ms`: submission for an online dossier (its code is issued
//   then, and a refusal at intake is an exit of an entered dossier), intake at the desk / by post for the
//   others. entered_ms == 0 (a draft) → not counted at all.
// - It leaves at `ended_ms` (finished_at): approval of the result (9, 10), refusal (3), stop or confirmed
//   withdrawal (8). A dossier at any other status is open. The end is never taken before the entry
//   (end = max(ended_ms, entered_ms)), so the buckets below partition every dossier by construction.
// - For the period [from, to) (epoch ms; to exclusive):
//     not counted    entered at/after `to`, or ended before `from`
//     carried_over   entered before `from` (and not ended before it)
//     received       entered in [from, to), split by channel: online / direct (desk) / postal
//   and every counted dossier has exactly one exit:
//     resolved       ended in the period at 9/10, classified early / on_time / late by the ONE clock
//                    (dossier::read_clock: judged at approval against the due date; more than one supplement
//                    request = late). A resolved dossier without a due date cannot be late: on_time.
//     refused (3), stopped (8), withdrawn (8 after a confirmed withdrawal) — ended in the period
//     in_progress    not ended before `to`: within_due / overdue read by the clock as of the period end
//                    (as_of = min(to, now): the future is not overdue yet). A dossier still open today is read
//                    with its current facts (status, due, supplement deadline); one that ended after `to` was
//                    open then: at 3 it was waiting at the desk (clock not started), at 8/9/10 it was running
//                    against its due date. Paused (5) with its deadline not missed, not started (1) and
//                    withdrawal requested (7) count as within due.
//   Hence carried_over + received = resolved + in_progress + refused + stopped + withdrawn (HandlingCounts::balanced).
// - Online ratio (DOMAIN §5, seed S0): online ÷ (direct + postal + online) × 100 over the dossiers received in the
//   period; no dossier received → nullopt (shown as N/A, never 0 %). below_target(ratio, target) is ratio < target
//   (a missing ratio is not below target).
// - count_vi / ratio_vi: the report's numbers written the Vietnamese way (dot thousands, comma decimals).
// - Unit targets (chỉ tiêu, S1 II.3) by unit kind: OnlineTargets; seed: tu_phap (Tư pháp – Hộ tịch) ≥ 20 %,
//   van_hoa (Văn hóa – Xã hội) ≥ 50 %, every other unit ≥ 50 %.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "domain/dossier/clock.h"
#include "domain/dossier/status.h"

namespace motcua::reports {

struct DossierFacts {
  dossier::Status status = dossier::Status::submitted;
  dossier::Channel channel = dossier::Channel::online;
  std::int64_t entered_ms = 0;         // 0 = never entered (draft)
  std::int64_t ended_ms = 0;           // finished_at; 0 = none
  bool withdrawn = false;              // at 8: the withdrawal was confirmed (else: stopped)
  std::int64_t due_ms = 0;
  std::int64_t supplement_due_ms = 0;  // open supplement request's deadline (5)
  int supplement_requests = 0;
  bool payment_pauses = false;         // at 6: a pause was recorded
};

struct Period {
  std::int64_t from_ms = 0, to_ms = 0;  // [from, to)
};

enum class Entry { not_counted, carried_over, online, direct, postal };
enum class Exit { not_counted, early, on_time, late, within_due, overdue, refused, stopped, withdrawn };

struct Classification {
  Entry entry = Entry::not_counted;
  Exit exit = Exit::not_counted;
};

// A dossier at 3, 8, 9 or 10 has left the one-stop shop (ended); its entry bucket when received in a period.
bool ended_status(dossier::Status s) noexcept;
Entry channel_entry(dossier::Channel c) noexcept;

// The moment the in-progress buckets are read at: min(to, now).
std::int64_t as_of(Period p, std::int64_t now_ms) noexcept;
Classification classify(const DossierFacts& d, Period p, std::int64_t now_ms) noexcept;

struct HandlingCounts {
  std::int64_t online = 0, direct = 0, postal = 0, carried_over = 0;
  std::int64_t early = 0, on_time = 0, late = 0;
  std::int64_t within_due = 0, overdue = 0;
  std::int64_t refused = 0, stopped = 0, withdrawn = 0;

  void add(Classification c, std::int64_t n = 1) noexcept;
  HandlingCounts& operator+=(const HandlingCounts& o) noexcept;
  bool operator==(const HandlingCounts&) const = default;
  std::int64_t received() const noexcept { return online + direct + postal; }
  std::int64_t received_total() const noexcept { return received() + carried_over; }
  std::int64_t resolved() const noexcept { return early + on_time + late; }
  std::int64_t in_progress() const noexcept { return within_due + overdue; }
  std::int64_t ended_otherwise() const noexcept { return refused + stopped + withdrawn; }
  bool balanced() const noexcept { return received_total() == resolved() + in_progress() + ended_otherwise(); }
};

// Percent (0–100), unrounded; nullopt when nothing was received.
std::optional<double> online_ratio(std::int64_t online, std::int64_t direct, std::int64_t postal) noexcept;
inline std::optional<double> online_ratio(const HandlingCounts& c) noexcept { return online_ratio(c.online, c.direct, c.postal); }
bool below_target(std::optional<double> ratio, std::optional<double> target_percent) noexcept;
// On-time rate (tỷ lệ giải quyết đúng hạn): (early + on time) ÷ resolved × 100, unrounded; nullopt when nothing was
// resolved (N/A, never 0 % and never 100 %).
std::optional<double> on_time_rate(const HandlingCounts& c) noexcept;

// Vietnamese presentation: count_vi(12345) == "12.345"; ratio_vi(12.346) == "12,35 %", ratio_vi(nullopt) == "Không có"
// (no dossier received: N/A, never 0 %).
std::string count_vi(std::int64_t n);
std::string ratio_vi(std::optional<double> percent);
// decimal_vi(2.345, 2) == "2,35", decimal_vi(1234.5, 1) == "1.234,5"; nullopt → "Không có" (same rounding as ratio_vi).
std::string decimal_vi(std::optional<double> v, int decimals);

struct OnlineTargets {
  std::map<std::string, double> by_unit_kind;  // unit kind (agency_units.kind) → minimum percent
  double others = 50;                          // every other unit
  double for_unit_kind(const std::string& kind) const;
  static OnlineTargets seed();                 // tu_phap 20, van_hoa 50, others 50
};

}  // namespace motcua::reports
