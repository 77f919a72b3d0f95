// The handling report's rule — contract in handling.h.
#include "domain/reports/handling.h"

#include <algorithm>
#include <cmath>

#include "domain/format.h"

namespace motcua::reports {

using dossier::Status;

bool ended_status(Status s) noexcept {
  return s == Status::refused || s == Status::stopped || s == Status::resolved || s == Status::returned;
}

Entry channel_entry(dossier::Channel c) noexcept {
  switch (c) {
    case dossier::Channel::online: return Entry::online;
    case dossier::Channel::desk: return Entry::direct;
    case dossier::Channel::post: return Entry::postal;
  }
  return Entry::direct;
}

namespace {

// The exit of a dossier that ended (at `d.status`) inside the period.
Exit ended_exit(const DossierFacts& d, std::int64_t end) noexcept {
  switch (d.status) {
    case Status::refused: return Exit::refused;
    case Status::stopped: return d.withdrawn ? Exit::withdrawn : Exit::stopped;
    default: break;
  }
  dossier::ClockInput in;
  in.status = d.status;
  in.due_ms = d.due_ms;
  in.finished_ms = end;
  in.supplement_requests = d.supplement_requests;
  switch (dossier::read_clock(in, end).standing) {
    case dossier::Standing::early: return Exit::early;
    case dossier::Standing::late: return Exit::late;
    default: return Exit::on_time;  // on_time, or no due date (cannot be late)
  }
}

// The exit of a dossier still open at `at` (the period's as-of moment).
Exit open_exit(const DossierFacts& d, std::int64_t at) noexcept {
  dossier::ClockInput in;
  in.due_ms = d.due_ms;
  in.supplement_requests = d.supplement_requests;
  if (!ended_status(d.status)) {  // open today: its current facts
    in.status = d.status;
    in.supplement_due_ms = d.supplement_due_ms;
    in.payment_pauses = d.payment_pauses;
  } else {  // ended later: waiting at the desk (refused later) or running against its due date
    in.status = d.status == Status::refused ? Status::submitted : Status::processing;
  }
  return dossier::read_clock(in, at).overdue() ? Exit::overdue : Exit::within_due;
}

}  // namespace

std::int64_t as_of(Period p, std::int64_t now_ms) noexcept { return std::min(p.to_ms, now_ms); }

Classification classify(const DossierFacts& d, Period p, std::int64_t now_ms) noexcept {
  Classification c;
  if (d.entered_ms == 0 || d.entered_ms >= p.to_ms) return c;
  const bool ended = ended_status(d.status);
  const std::int64_t end = std::max(d.ended_ms, d.entered_ms);
  if (ended && end < p.from_ms) return c;
  c.entry = d.entered_ms < p.from_ms ? Entry::carried_over : channel_entry(d.channel);
  c.exit = ended && end < p.to_ms ? ended_exit(d, end) : open_exit(d, as_of(p, now_ms));
  return c;
}

void HandlingCounts::add(Classification c, std::int64_t n) noexcept {
  switch (c.entry) {
    case Entry::not_counted: return;
    case Entry::carried_over: carried_over += n; break;
    case Entry::online: online += n; break;
    case Entry::direct: direct += n; break;
    case Entry::postal: postal += n; break;
  }
  switch (c.exit) {
    case Exit::not_counted: break;
    case Exit::early: early += n; break;
    case Exit::on_time: on_time += n; break;
    case Exit::late: late += n; break;
    case Exit::within_due: within_due += n; break;
    case Exit::overdue: overdue += n; break;
    case Exit::refused: refused += n; break;
    case Exit::stopped: stopped += n; break;
    case Exit::withdrawn: withdrawn += n; break;
  }
}

HandlingCounts& HandlingCounts::operator+=(const HandlingCounts& o) noexcept {
  online += o.online, direct += o.direct, postal += o.postal, carried_over += o.carried_over;
  early += o.early, on_time += o.on_time, late += o.late;
  within_due += o.within_due, overdue += o.overdue;
  refused += o.refused, stopped += o.stopped, withdrawn += o.withdrawn;
  return *this;
}

std::optional<double> online_ratio(std::int64_t online, std::int64_t direct, std::int64_t postal) noexcept {
  const std::int64_t all = online + direct + postal;
  if (all <= 0) return std::nullopt;
  return static_cast<double>(online) * 100.0 / static_cast<double>(all);
}

std::optional<double> on_time_rate(const HandlingCounts& c) noexcept {
  if (c.resolved() == 0) return std::nullopt;
  return static_cast<double>(c.early + c.on_time) * 100.0 / static_cast<double>(c.resolved());
}

bool below_target(std::optional<double> ratio, std::optional<double> target_percent) noexcept {
  return ratio && target_percent && *ratio < *target_percent;
}

std::string count_vi(std::int64_t n) { return fmt::number(n); }

std::string decimal_vi(std::optional<double> v, int decimals) {
  if (!v) return "Không có";
  std::int64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const auto scaled = static_cast<std::int64_t>(std::llround(*v * static_cast<double>(scale)));
  const std::int64_t whole = scaled / scale, part = std::llabs(scaled % scale);
  std::string out = (scaled < 0 && whole == 0 ? "-" : "") + count_vi(whole);
  if (decimals <= 0) return out;
  std::string frac = std::to_string(part);
  while (static_cast<int>(frac.size()) < decimals) frac.insert(0, "0");
  return out + "," + frac;
}

std::string ratio_vi(std::optional<double> percent) {
  if (!percent) return "Không có";
  return decimal_vi(percent, 2) + " %";
}

double OnlineTargets::for_unit_kind(const std::string& kind) const {
  auto it = by_unit_kind.find(kind);
  return it == by_unit_kind.end() ? others : it->second;
}

OnlineTargets OnlineTargets::seed() {
  OnlineTargets t;
  t.by_unit_kind = {{"tu_phap", 20}, {"van_hoa", 50}};
  t.others = 50;
  return t;
}

}  // namespace motcua::reports
