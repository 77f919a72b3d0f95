#include "services/calendar/processing_time.h"

#include <string>

#include "domain/errors.h"

namespace motcua::services {

std::optional<int> parse_hhmm(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h * 60 + m > 24 * 60) return std::nullopt;
  return h * 60 + m;
}

ProcessingTime processing_time_of(const nlohmann::json& pt, bool online) {
  auto bad = [](const std::string& why) { return DomainError(ErrorKind::invalid, "bad_processing_time", why); };
  if (!pt.is_object()) throw bad("Thủ tục chưa có thời hạn giải quyết.");
  ProcessingTime r;
  const std::string unit = pt.contains("unit") && pt["unit"].is_string() ? pt["unit"].get<std::string>() : "working_days";
  const auto u = cal::parse_time_unit(unit);
  if (!u) throw bad("Đơn vị thời hạn giải quyết \"" + unit + "\" không được hỗ trợ.");
  r.unit = *u;
  const char* key = online && pt.contains("online_amount") && pt["online_amount"].is_number() ? "online_amount" : "amount";
  if (pt.contains(key) && pt[key].is_number()) r.amount = pt[key].get<double>();
  else if (r.unit != cal::TimeUnit::same_day) throw bad("Thủ tục chưa có số thời hạn giải quyết.");
  if (r.amount < 0) throw bad("Thời hạn giải quyết phải là số không âm.");
  if (pt.contains("cutoff") && !pt["cutoff"].is_null()) {
    r.cutoff_minutes = pt["cutoff"].is_string() ? parse_hhmm(pt["cutoff"].get<std::string>()) : std::nullopt;
    if (!r.cutoff_minutes) throw bad("Giờ chốt nhận hồ sơ trong ngày phải theo dạng HH:MM.");
  }
  return r;
}

}  // namespace motcua::services
