// Working calendars per agency (deadline engine, src/domain/calendar) built from the agency's calendar
// settings (agencies.calendar JSON: {"periods":[["07:00","11:30"],["13:30","17:00"]],
// "saturday_morning":false,"handover_cutoff":"15:00"}) and the holiday overrides of the agency and all
// its ancestors (the closest agency's override for a date wins — a province announces the Tết layout
// and swapped working Saturdays once for every agency below it).
//  - calendar(code): immutable, cached; rebuilt when meta.calendar_rev changes (every override write
//    bumps it in the same transaction).
//  - set_override / clear_override: admin edits; write an audit row.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
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
  // {"due","start","handover_deadline"} ISO 8601 +07:00.
  nlohmann::json due(const std::string& agency_code, const std::string& from_local, double amount, const std::string& unit);
  // Days off of `year` with names, plus swapped working days: [{"date","name","kind"}].
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
