#include "domain/dossier/clock.h"

#include "domain/calendar/date.h"
#include "domain/calendar/working_calendar.h"

namespace motcua::dossier {

Clock clock_of(Status s, bool payment_pauses) noexcept {
  switch (s) {
    case Status::submitted: return Clock::not_started;
    case Status::accepted:
    case Status::processing: return Clock::running;
    case Status::payment_requested: return payment_pauses ? Clock::paused : Clock::running;
    case Status::supplement_requested: return Clock::paused;
    case Status::refused:
    case Status::withdrawal_requested:
    case Status::stopped:
    case Status::resolved:
    case Status::returned: return Clock::none;
  }
  return Clock::none;
}

ClockReading read_clock(const ClockInput& in, std::int64_t now) noexcept {
  ClockReading r;
  r.clock = clock_of(in.status, in.payment_pauses);
  switch (r.clock) {
    case Clock::running:
      if (in.due_ms && now > in.due_ms) r.standing = Standing::overdue;
      else if (in.due_ms && in.due_ms - now < kDueSoonMs) r.standing = Standing::due_soon;
      else r.standing = Standing::on_track;
      break;
    case Clock::paused:
      if (in.status == Status::supplement_requested && in.supplement_due_ms && now > in.supplement_due_ms) r.standing = Standing::overdue;
      else r.standing = Standing::paused;
      break;
    case Clock::not_started:
      break;
    case Clock::none:
      if ((in.status == Status::resolved || in.status == Status::returned) && in.due_ms && in.finished_ms) {
        if (in.supplement_requests > 1) {
          r.standing = Standing::late;
        } else {
          switch (cal::WorkingCalendar::classify(cal::local_from_utc_ms(in.finished_ms), cal::local_from_utc_ms(in.due_ms))) {
            case cal::Timeliness::early: r.standing = Standing::early; break;
            case cal::Timeliness::on_time: r.standing = Standing::on_time; break;
            case cal::Timeliness::late: r.standing = Standing::late; break;
          }
        }
      }
      break;
  }
  return r;
}

std::string_view to_string(Clock c) noexcept {
  switch (c) {
    case Clock::not_started: return "not_started";
    case Clock::running: return "running";
    case Clock::paused: return "paused";
    case Clock::none: return "none";
  }
  return "";
}

std::string_view key(Standing s) noexcept {
  switch (s) {
    case Standing::none: return "";
    case Standing::on_track: return "on_track";
    case Standing::due_soon: return "due_soon";
    case Standing::overdue: return "overdue";
    case Standing::paused: return "paused";
    case Standing::early: return "early";
    case Standing::on_time: return "on_time";
    case Standing::late: return "late";
  }
  return "";
}

std::string_view label_vi(Standing s) noexcept {
  switch (s) {
    case Standing::none: return "";
    case Standing::on_track: return "Trong hạn";
    case Standing::due_soon: return "Sắp đến hạn";
    case Standing::overdue: return "Quá hạn";
    case Standing::paused: return "Tạm dừng tính thời hạn";
    case Standing::early: return "Trước hạn";
    case Standing::on_time: return "Đúng hạn";
    case Standing::late: return "Quá hạn";
  }
  return "";
}

}  // namespace motcua::dossier
