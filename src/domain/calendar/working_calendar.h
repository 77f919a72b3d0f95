// motcua::cal — per-agency working calendar and the legal deadline engine. Pure, no I/O.
//
// Contract (all times are LocalDateTime, Asia/Ho_Chi_Minh, minute precision)
// - Working periods are half-open [start, end) minutes of the day, sorted, non-overlapping, within
//   0..1440. Default: Monday–Friday 07:00–11:30 and 13:30–17:00 (480 min); optional Saturday
//   07:00–11:30. A date's periods come from its weekday, unless the holiday table makes it a day
//   off (no periods) or a swapped working day (periods of the override's `works_as` weekday).
//   The constructor throws std::invalid_argument for malformed periods, a week without any working
//   period, minutes_per_working_day <= 0, or a hand-over / same-day cut-off outside 0..1440.
// - is_working_time(t): t lies in some [start, end). A moment exactly at a period end (11:30, 17:00)
//   is NOT working time. next_opening(t) = t if working time, else the next period start.
// - working_minutes_between(a, b): working minutes in [a, b); negative if b < a.
// - add_working_minutes(s, n), n > 0: the EARLIEST r >= s with working_minutes_between(s, r) == n,
//   i.e. the moment the n-th working minute ends. Convention: a result exactly at the end of a
//   period stays there (due 17:00 Friday, not 07:00 Monday), so r lies in (period start, period
//   end] of a working day — never in a break or a day off. n == 0 returns s; n < 0 subtracts.
// - subtract_working_minutes(e, n), n > 0: the LATEST r <= e with working_minutes_between(r, e) == n;
//   r lies in [period start, period end). Round trip: subtract(add(s, n), n) == next_opening(s)
//   and working_minutes_between(s, add(s, n)) == n.
// - clock_start(received) = next_opening(received): in hours → now; after hours / day off → the
//   next opening. handover_deadline(received): a dossier whose clock starts before the cut-off
//   (default 15:00, strictly before) is handed over the same working day (deadline = that day's
//   last period end); otherwise by the end of the first period of the next working day.
// - due(received, amount, unit, cutoff), from start = clock_start(received); amount is a double,
//   taken EXACTLY (no rounding):
//     working_days → add_working_minutes(start, amount * minutes_per_working_day (default 480));
//                    0.5 working day = 240 working minutes;
//     hours        → add_working_minutes(start, amount * 60) (0.25 h = 15 min);
//                    for both, amount * minutes must be a whole number of minutes (within 1e-6),
//                    else std::invalid_argument (e.g. 0.001 working day) — never rounded;
//     days         → amount must be a whole number (std::invalid_argument for 1.5 days: no
//                    documented rule says how to count half a calendar day); same clock time
//                    `amount` calendar days later; if that date is not a working day the due moves
//                    to the next working day keeping the clock time; if that moment is still not
//                    working time (e.g. a Saturday-morning-only day at 14:00) it moves to
//                    next_opening. amount == 0 → start;
//     same_day     → "trong ngày": amount is ignored. cutoff = `cutoff` (minutes after midnight,
//                    per procedure) or config.same_day_cutoff (default 15:00); 0..1440 else
//                    std::invalid_argument. If start's minute of day < cutoff (received before the
//                    cut-off, in working time) → the end of the last period of start's day (17:00);
//                    otherwise (received at/after the cut-off; or outside working hours so that the
//                    clock starts at a later opening that is itself past the cut-off) → the end of
//                    the last period of the next working day. A dossier received on a day off or
//                    after closing starts at the next opening (e.g. 07:00) and is due at that day's
//                    end. `cutoff` is ignored by the other units.
//   amount must be finite and within 0..36500 (std::invalid_argument otherwise).
// - working_minutes_of(amount, unit): the exact working minutes of a working_days/hours amount
//   (the validation above); std::invalid_argument for days/same_day.
// - is_working_moment(t) == is_working_time(t) (a working minute: not a day off, weekend, break or
//   outside the periods). check_appointment(now, proposed, max_days_ahead = 366) validates a new
//   appointment (Mẫu 04 "hẹn lại ngày trả kết quả"): too_far if proposed > now + max_days_ahead
//   days (checked first, so 9999-12-31 never touches the holiday tables); in_past if proposed <=
//   now; not_working_time unless proposed is working time or exactly the end of a working period
//   (a due-style moment such as 17:00); else ok. message_vi() gives the Vietnamese reason.
// - Supplement pause: extend_for_pause(old_due, paused_at, resumed_at) = add_working_minutes(
//   old_due, working_minutes_between(paused_at, resumed_at)); the due moves by exactly the paused
//   working time.
// - classify(finished, due): quá hạn (late) iff finished > due (the same test as "overdue": now >
//   due); trước hạn (early) iff finished on an earlier calendar date than the due's date; otherwise
//   đúng hạn (on time: on the due date, at or before the due moment). classify_step(used, budget)
//   for Mẫu 06 rows compares working minutes: used < budget early, == on time, > late.
// - Holidays are resolved once at construction for years [first_year, last_year] (default
//   2000–2100); dates outside are computed on demand (correct, slower). Immutable after
//   construction, so one instance may be shared between threads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "date.h"
#include "holidays.h"

namespace motcua::cal {

struct Period {
  int start = 0;  // minutes from midnight, inclusive
  int end = 0;    // minutes from midnight, exclusive
  friend constexpr bool operator==(const Period&, const Period&) = default;
};

constexpr int hm(int hour, int minute = 0) noexcept { return hour * 60 + minute; }

struct WorkingCalendarConfig {
  std::array<std::vector<Period>, 7> week;  // indexed by Weekday (monday = 0)
  HolidayTable holidays;
  int handover_cutoff = hm(15);
  int same_day_cutoff = hm(15);  // default "trong ngày" cut-off when a procedure gives none
  std::int64_t minutes_per_working_day = 480;
  int first_year = 2000;
  int last_year = 2100;

  // Mon–Fri 07:00–11:30, 13:30–17:00; with saturday_morning also Saturday 07:00–11:30.
  static WorkingCalendarConfig standard(bool saturday_morning = false);
};

enum class TimeUnit { working_days, days, hours, same_day };
// "working_days" | "days" | "hours" | "same_day"
std::optional<TimeUnit> parse_time_unit(std::string_view s);
std::string_view to_string(TimeUnit u);

enum class Timeliness { early, on_time, late };
std::string_view label_vi(Timeliness t);  // "Trước hạn" | "Đúng hạn" | "Quá hạn"

enum class AppointmentCheck { ok, in_past, too_far, not_working_time };
std::string_view message_vi(AppointmentCheck c);  // Vietnamese reason ("" for ok)

class WorkingCalendar {
 public:
  explicit WorkingCalendar(WorkingCalendarConfig config);
  WorkingCalendar() : WorkingCalendar(WorkingCalendarConfig::standard()) {}

  const WorkingCalendarConfig& config() const noexcept { return config_; }

  std::span<const Period> periods(Date d) const;
  bool is_working_day(Date d) const { return !periods(d).empty(); }
  // Name of the day off on d, if d is a day off because of the holiday table.
  std::optional<std::string> holiday_name(Date d) const;

  bool is_working_time(LocalDateTime t) const;
  bool is_working_moment(LocalDateTime t) const { return is_working_time(t); }
  LocalDateTime next_opening(LocalDateTime t) const;
  Date next_working_day(Date d) const;  // first working day >= d

  LocalDateTime add_working_minutes(LocalDateTime start, std::int64_t minutes) const;
  LocalDateTime subtract_working_minutes(LocalDateTime end, std::int64_t minutes) const;
  std::int64_t working_minutes_between(LocalDateTime a, LocalDateTime b) const;

  LocalDateTime clock_start(LocalDateTime received) const { return next_opening(received); }
  LocalDateTime handover_deadline(LocalDateTime received) const;
  LocalDateTime due(LocalDateTime received, double amount, TimeUnit unit,
                    std::optional<int> cutoff = std::nullopt) const;
  std::int64_t working_minutes_of(double amount, TimeUnit unit) const;
  AppointmentCheck check_appointment(LocalDateTime now, LocalDateTime proposed,
                                     std::int64_t max_days_ahead = 366) const;
  LocalDateTime extend_for_pause(LocalDateTime old_due, LocalDateTime paused_at,
                                 LocalDateTime resumed_at) const;

  static Timeliness classify(LocalDateTime finished, LocalDateTime due);
  static Timeliness classify_step(std::int64_t used_minutes, std::int64_t budget_minutes);

 private:
  struct DayEntry {
    bool off = false;
    Weekday works_as = Weekday::monday;
    std::string name;
  };
  DayEntry resolve(Date d) const;

  WorkingCalendarConfig config_;
  std::unordered_map<std::int64_t, DayEntry> days_;  // resolved holiday-table entries
};

}  // namespace motcua::cal
