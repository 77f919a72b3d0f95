// The statutory processing time of a procedure version as it applies to one dossier. Pure: no I/O.
//
// Contract:
//  - statutory_amount(doc, channel): processing_time.online_amount when the dossier came online
//    (channel 2) and the version gives one, else processing_time.amount (0 when missing). This is the
//    amount the appointment is computed from.
//  - statutory_time_text(doc, channel): that amount with the unit's Vietnamese label, as printed on
//    Mẫu 01: "1 ngày làm việc", "0,5 ngày làm việc", "15 ngày"; "" when the version has no time.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace motcua::catalog {

double statutory_amount(const nlohmann::json& version_doc, int channel);
std::string statutory_time_text(const nlohmann::json& version_doc, int channel);
// A same-day ("trong ngày") processing time in words, with its cut-off (default 15:00).
std::string same_day_text(const nlohmann::json& processing_time);

}  // namespace motcua::catalog
