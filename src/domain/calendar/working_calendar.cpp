#include "working_calendar.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace motcua::cal {
namespace {

// Longest run of consecutive days without working time we accept before declaring the calendar
// broken (a decade of days off); protects every forward/backward scan from looping forever.
constexpr int kMaxIdleDays = 3660;

[[noreturn]] void no_working_time() {
  throw std::logic_error("motcua::cal: no working time within 10 years of the requested moment");
}

void validate(const WorkingCalendarConfig& c) {
  bool any = false;
  for (const auto& day : c.week) {
    int prev_end = 0;
    for (const auto& p : day) {
      if (p.start < 0 || p.end > kMinutesPerDay || p.start >= p.end || p.start < prev_end) {
        throw std::invalid_argument("motcua::cal: working periods must be sorted, non-empty, "
                                    "non-overlapping and within 00:00–24:00");
      }
      prev_end = p.end;
      any = true;
    }
  }
  if (!any) throw std::invalid_argument("motcua::cal: the week has no working period");
  if (c.minutes_per_working_day <= 0) {
    throw std::invalid_argument("motcua::cal: minutes_per_working_day must be positive");
  }
  if (c.handover_cutoff < 0 || c.handover_cutoff > kMinutesPerDay || c.same_day_cutoff < 0 ||
      c.same_day_cutoff > kMinutesPerDay) {
    throw std::invalid_argument("motcua::cal: cut-offs must be within 00:00–24:00");
  }
  if (c.last_year - c.first_year > 500) {
    throw std::invalid_argument("motcua::cal: precomputed holiday range is limited to 500 years");
  }
}

}  // namespace

WorkingCalendarConfig WorkingCalendarConfig::standard(bool saturday_morning) {
  WorkingCalendarConfig c;
  const std::vector<Period> full = {{hm(7), hm(11, 30)}, {hm(13, 30), hm(17)}};
  for (int w = 0; w < 5; ++w) c.week[static_cast<std::size_t>(w)] = full;
  if (saturday_morning) c.week[static_cast<std::size_t>(Weekday::saturday)] = {{hm(7), hm(11, 30)}};
  return c;
}

std::optional<TimeUnit> parse_time_unit(std::string_view s) {
  if (s == "working_days") return TimeUnit::working_days;
  if (s == "days") return TimeUnit::days;
  if (s == "hours") return TimeUnit::hours;
  if (s == "same_day") return TimeUnit::same_day;
  return std::nullopt;
}

std::string_view to_string(TimeUnit u) {
  switch (u) {
    case TimeUnit::working_days: return "working_days";
    case TimeUnit::days: return "days";
    case TimeUnit::hours: return "hours";
    case TimeUnit::same_day: return "same_day";
  }
  return "";
}

std::string_view label_vi(Timeliness t) {
  switch (t) {
    case Timeliness::early: return "Trước hạn";
    case Timeliness::on_time: return "Đúng hạn";
    case Timeliness::late: return "Quá hạn";
  }
  return "";
}

std::string_view message_vi(AppointmentCheck c) {
  switch (c) {
    case AppointmentCheck::ok: return "";
    case AppointmentCheck::in_past: return "Ngày hẹn mới phải sau thời điểm hiện tại.";
    case AppointmentCheck::too_far: return "Ngày hẹn mới không được quá một năm kể từ hôm nay.";
    case AppointmentCheck::not_working_time:
      return "Ngày hẹn mới phải rơi vào giờ làm việc (không phải ngày nghỉ, ngày lễ, cuối tuần hay giờ nghỉ trưa).";
  }
  return "";
}

// ------------------------------------------------------------------------------------------------

WorkingCalendar::WorkingCalendar(WorkingCalendarConfig config) : config_(std::move(config)) {
  validate(config_);
  for (int y = config_.first_year; y <= config_.last_year; ++y) {
    for (auto& h : config_.holidays.days_off(y)) {
      days_[to_days(h.date)] = DayEntry{true, Weekday::monday, std::move(h.name)};
    }
    for (auto& o : config_.holidays.working_days(y)) {
      days_[to_days(o.date)] = DayEntry{false, o.works_as, std::move(o.name)};
    }
  }
}

WorkingCalendar::DayEntry WorkingCalendar::resolve(Date d) const {
  if (d.year >= config_.first_year && d.year <= config_.last_year) {
    const auto it = days_.find(to_days(d));
    if (it != days_.end()) return it->second;
    return DayEntry{false, weekday(d), {}};
  }
  const DayResolution r = config_.holidays.status(d);
  switch (r.status) {
    case DayStatus::day_off: return DayEntry{true, Weekday::monday, r.name};
    case DayStatus::working_day: return DayEntry{false, r.works_as, r.name};
    case DayStatus::normal: break;
  }
  return DayEntry{false, weekday(d), {}};
}

std::span<const Period> WorkingCalendar::periods(Date d) const {
  const DayEntry e = resolve(d);
  if (e.off) return {};
  return config_.week[static_cast<std::size_t>(e.works_as)];
}

std::optional<std::string> WorkingCalendar::holiday_name(Date d) const {
  DayEntry e = resolve(d);
  if (!e.off) return std::nullopt;
  return std::move(e.name);
}

bool WorkingCalendar::is_working_time(LocalDateTime t) const {
  const int mod = minute_of_day(t);
  for (const auto& p : periods(date_of(t))) {
    if (p.start <= mod && mod < p.end) return true;
  }
  return false;
}

LocalDateTime WorkingCalendar::next_opening(LocalDateTime t) const {
  std::int64_t day = floor_div(t.minutes, kMinutesPerDay);
  for (int idle = 0; idle <= kMaxIdleDays; ++idle, ++day) {
    const std::int64_t base = day * kMinutesPerDay;
    for (const auto& p : periods(from_days(day))) {
      if (base + p.end > t.minutes) return LocalDateTime{std::max(t.minutes, base + p.start)};
    }
  }
  no_working_time();
}

Date WorkingCalendar::next_working_day(Date d) const {
  for (int idle = 0; idle <= kMaxIdleDays; ++idle, d = add_days(d, 1)) {
    if (is_working_day(d)) return d;
  }
  no_working_time();
}

LocalDateTime WorkingCalendar::add_working_minutes(LocalDateTime start, std::int64_t n) const {
  if (n < 0) return subtract_working_minutes(start, -n);
  if (n == 0) return start;
  std::int64_t t = start.minutes;
  std::int64_t day = floor_div(t, kMinutesPerDay);
  for (int idle = 0; idle <= kMaxIdleDays; ++day) {
    const std::int64_t base = day * kMinutesPerDay;
    bool worked = false;
    for (const auto& p : periods(from_days(day))) {
      const std::int64_t ps = base + p.start;
      const std::int64_t pe = base + p.end;
      if (pe <= t) continue;
      const std::int64_t from = std::max(t, ps);
      const std::int64_t avail = pe - from;
      if (n <= avail) return LocalDateTime{from + n};
      n -= avail;
      worked = true;
    }
    idle = worked ? 0 : idle + 1;
    t = base + kMinutesPerDay;
  }
  no_working_time();
}

LocalDateTime WorkingCalendar::subtract_working_minutes(LocalDateTime end, std::int64_t n) const {
  if (n < 0) return add_working_minutes(end, -n);
  if (n == 0) return end;
  std::int64_t t = end.minutes;
  std::int64_t day = floor_div(t, kMinutesPerDay);
  for (int idle = 0; idle <= kMaxIdleDays; --day) {
    const std::int64_t base = day * kMinutesPerDay;
    const auto ps_list = periods(from_days(day));
    bool worked = false;
    for (auto it = ps_list.rbegin(); it != ps_list.rend(); ++it) {
      const std::int64_t ps = base + it->start;
      const std::int64_t pe = base + it->end;
      if (ps >= t) continue;
      const std::int64_t to = std::min(t, pe);
      const std::int64_t avail = to - ps;
      if (n <= avail) return LocalDateTime{to - n};
      n -= avail;
      worked = true;
    }
    idle = worked ? 0 : idle + 1;
    t = base;
  }
  no_working_time();
}

std::int64_t WorkingCalendar::working_minutes_between(LocalDateTime a, LocalDateTime b) const {
  if (b < a) return -working_minutes_between(b, a);
  std::int64_t total = 0;
  const std::int64_t last_day = floor_div(b.minutes, kMinutesPerDay);
  for (std::int64_t day = floor_div(a.minutes, kMinutesPerDay); day <= last_day; ++day) {
    const std::int64_t base = day * kMinutesPerDay;
    for (const auto& p : periods(from_days(day))) {
      const std::int64_t lo = std::max(a.minutes, base + p.start);
      const std::int64_t hi = std::min(b.minutes, base + p.end);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

LocalDateTime WorkingCalendar::handover_deadline(LocalDateTime received) const {
  const LocalDateTime start = clock_start(received);
  Date d = date_of(start);
  if (minute_of_day(start) < config_.handover_cutoff) {
    return plus_minutes(make_local(d), periods(d).back().end);
  }
  d = next_working_day(add_days(d, 1));
  return plus_minutes(make_local(d), periods(d).front().end);
}

namespace {
constexpr double kMaxAmount = 36500;

void check_amount(double amount) {
  if (!std::isfinite(amount) || amount < 0 || amount > kMaxAmount) {
    throw std::invalid_argument("motcua::cal: processing time must be a number within 0..36500");
  }
}

// amount * per as an exact whole number of minutes; never rounds a real fraction of a minute.
std::int64_t exact_minutes(double amount, std::int64_t per) {
  const double x = amount * static_cast<double>(per);
  const double r = std::round(x);
  if (std::fabs(x - r) > 1e-6) {
    throw std::invalid_argument("motcua::cal: processing time is not a whole number of minutes");
  }
  return static_cast<std::int64_t>(r);
}
}  // namespace

std::int64_t WorkingCalendar::working_minutes_of(double amount, TimeUnit unit) const {
  check_amount(amount);
  switch (unit) {
    case TimeUnit::working_days: return exact_minutes(amount, config_.minutes_per_working_day);
    case TimeUnit::hours: return exact_minutes(amount, 60);
    case TimeUnit::days:
    case TimeUnit::same_day: break;
  }
  throw std::invalid_argument("motcua::cal: only working days and hours convert to working minutes");
}

LocalDateTime WorkingCalendar::due(LocalDateTime received, double amount, TimeUnit unit,
                                   std::optional<int> cutoff) const {
  check_amount(amount);
  const LocalDateTime start = clock_start(received);
  switch (unit) {
    case TimeUnit::working_days:
    case TimeUnit::hours:
      return add_working_minutes(start, working_minutes_of(amount, unit));
    case TimeUnit::days: {
      if (amount != std::floor(amount)) {
        throw std::invalid_argument("motcua::cal: calendar days must be a whole number");
      }
      const auto n = static_cast<std::int64_t>(amount);
      if (n == 0) return start;
      const Date d = next_working_day(add_days(date_of(start), n));
      const LocalDateTime t = plus_minutes(make_local(d), minute_of_day(start));
      return is_working_time(t) ? t : next_opening(t);
    }
    case TimeUnit::same_day: {
      const int cut = cutoff.value_or(config_.same_day_cutoff);
      if (cut < 0 || cut > kMinutesPerDay) {
        throw std::invalid_argument("motcua::cal: same-day cut-off must be within 00:00–24:00");
      }
      Date d = date_of(start);
      if (minute_of_day(start) >= cut) d = next_working_day(add_days(d, 1));
      return plus_minutes(make_local(d), periods(d).back().end);
    }
  }
  throw std::invalid_argument("motcua::cal: unknown time unit");
}

AppointmentCheck WorkingCalendar::check_appointment(LocalDateTime now, LocalDateTime proposed,
                                                    std::int64_t max_days_ahead) const {
  if (proposed.minutes - now.minutes > max_days_ahead * kMinutesPerDay) return AppointmentCheck::too_far;
  if (proposed <= now) return AppointmentCheck::in_past;
  if (is_working_time(proposed)) return AppointmentCheck::ok;
  const int mod = minute_of_day(proposed);
  for (const auto& p : periods(date_of(proposed))) {
    if (p.end == mod) return AppointmentCheck::ok;  // a due-style moment at a period end (17:00)
  }
  return AppointmentCheck::not_working_time;
}

LocalDateTime WorkingCalendar::extend_for_pause(LocalDateTime old_due, LocalDateTime paused_at,
                                                LocalDateTime resumed_at) const {
  return add_working_minutes(old_due, working_minutes_between(paused_at, resumed_at));
}

Timeliness WorkingCalendar::classify(LocalDateTime finished, LocalDateTime due) {
  if (finished > due) return Timeliness::late;
  if (date_of(finished) < date_of(due)) return Timeliness::early;
  return Timeliness::on_time;
}

Timeliness WorkingCalendar::classify_step(std::int64_t used_minutes, std::int64_t budget_minutes) {
  if (used_minutes < budget_minutes) return Timeliness::early;
  if (used_minutes == budget_minutes) return Timeliness::on_time;
  return Timeliness::late;
}

}  // namespace motcua::cal
