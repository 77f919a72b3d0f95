// The statutory processing time of a procedure version (its "processing_time" JSON, docs/catalog-format.md)
// as the typed arguments of CalendarService::due_at — so callers (the dossier service) need no parsing.
//  - processing_time_of(pt, online): amount = online_amount when `online` and it is a number, else amount;
//    unit from "unit" (default working_days); cutoff_minutes from "cutoff" "HH:MM" (same_day only;
//    nullopt → the calendar's default 15:00). The amount is passed on exactly (no rounding); due_at
//    refuses what it cannot count exactly.
//  - Throws DomainError(invalid, "bad_processing_time") with a Vietnamese message for an unknown unit,
//    a missing/negative amount or a malformed cut-off (the catalog validates the same on write).
//  - parse_hhmm("HH:MM") → minutes after midnight (00:00–24:00), nullopt when malformed.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "domain/calendar/working_calendar.h"

namespace motcua::services {

struct ProcessingTime {
  double amount = 0;
  cal::TimeUnit unit = cal::TimeUnit::working_days;
  std::optional<int> cutoff_minutes;
};

ProcessingTime processing_time_of(const nlohmann::json& pt, bool online);
std::optional<int> parse_hhmm(std::string_view s);

}  // namespace motcua::services
