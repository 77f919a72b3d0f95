// Working calendars per agency (deadline engine, src/domain/calendar) built from the agency's calendar
// settings (agencies.calendar JSON: {"periods":[["07:00","11:30"],["13:30","17:00"]],
// "saturday_morning":false,"handover_cutoff":"15:00"}) and the holiday overrides of the agency and all
// its ancestors (the closest agency's override for a date wins — a province announces the Tết layout
// and swapped working Saturdays once for every agency below it).
//  - calendar(code): immutable, cached; rebuilt when meta.calendar_rev changes (every override write
//    bumps it in the same transaction).
//  - Base holidays: the government's announced layouts for 2024–2026 (domain/calendar/
//    announced_holidays.*), the computed statutory days for other years; an agency override of a
//    date (own or inherited) wins over both.
//  - set_override / clear_override: admin edits; write an audit row.
//  - due_at: the typed deadline call (UTC epoch ms in and out). amount is exact: fractional working
//    days / hours are counted to the minute (0.5 working day = 240 working minutes); fractional
//    calendar days, non-whole minutes, NaN, negative or > 3650 → DomainError(bad_input,
//    "bad_amount") in Vietnamese; an unknown agency → DomainError(bad_input, "unknown_agency");
//    a moment outside years 2000–2100 → DomainError(bad_input, "bad_from"). unit same_day uses
//    cutoff_minutes (minutes after midnight, per procedure; default 15:00) — see
//    WorkingCalendar::due. handover_ms is the agency's hand-over deadline for that reception.
//  - due (JSON, for the API and the CLI) is implemented on top of due_at.
//  - is_working_moment / next_working_moment: the agency's working minutes (UTC ms).
//  - check_appointment: Mẫu 04 new appointment — DomainError(invalid, "bad_appointment") unless
//    it is after now, within 366 days of now, and in working hours of the agency (or exactly the
//    end of a working period, like a due date at 17:00).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "domain/accounts/principal.h"
#include "domain/calendar/working_calendar.h"
#include "services/agencies/agency_service.h"
#include "services/audit/audit_log.h"
#include "store/db.h"

namespace motcua::services {

class CalendarService {
 public:
  CalendarService(store::Db& db, AgencyService& agencies, AuditLog& audit) : db_(db), agencies_(agencies), audit_(audit) {}
  // Throws DomainError(bad_input) for an unknown agency.
  std::shared_ptr<const cal::WorkingCalendar> calendar(const std::string& agency_code);
  struct Due {
    int64_t start_ms;     // clock start (UTC epoch ms)
    int64_t due_ms;       // due moment
    int64_t handover_ms;  // counter → solving unit hand-over deadline
  };
  Due due_at(const std::string& agency_code, int64_t from_ms, double amount, cal::TimeUnit unit,
             std::optional<int> cutoff_minutes = std::nullopt);
  bool is_working_moment(const std::string& agency_code, int64_t at_ms);
  int64_t next_working_moment(const std::string& agency_code, int64_t at_ms);
  void check_appointment(const std::string& agency_code, int64_t now_ms, int64_t appointment_ms);
  // {"due","start","handover_deadline","due_display"} ISO 8601 +07:00. unit: working_days | days |
  // hours | same_day; cutoff "HH:MM" (same_day only, "" = default 15:00).
  nlohmann::json due(const std::string& agency_code, const std::string& from_local, double amount, const std::string& unit,
                     const std::string& cutoff = "");
  // Days off of `year` with names, plus swapped working days, sorted by date:
  // [{"date","name","kind":"day_off"|"working_day","source":"announced"|"computed"|"agency"}].
  nlohmann::json holidays(const std::string& agency_code, int year);
  // kind: day_off | working_day | remove.
  void set_override(const std::string& agency_code, const std::string& date, const std::string& kind, const std::string& name,
                    const accounts::Principal& by, const std::string& ip);
  void clear_override(const std::string& agency_code, const std::string& date, const accounts::Principal& by, const std::string& ip);

 private:
  store::Db& db_;
  AgencyService& agencies_;
  AuditLog& audit_;
  std::mutex mu_;
  int64_t rev_ = -1;
  std::map<std::string, std::shared_ptr<const cal::WorkingCalendar>> cache_;
};

}  // namespace motcua::services
