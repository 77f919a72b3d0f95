// Deadline calculator and holiday calendars (officers and citizens use the calculator; admins edit the
// holiday table of their agencies). Same computations as `motcua deadline …`.
#include <algorithm>

#include "api/api_util.h"
#include "api/routes.h"
#include "routes/auth.h"

namespace motcua::api {

using namespace routes;

using nlohmann::json;

namespace {
// The agency must be within one of the caller's admin grants (the route policy only says "an admin").
const accounts::Principal& require_admin_of(Context& ctx, const http::Request& req, const std::string& agency) {
  const auto& me = principal(req);
  auto ag = ctx.agencies.snapshot();
  for (const auto& a : me.agencies_with(accounts::Role::admin))
    if (ag->within(agency, a)) return me;
  throw DomainError(ErrorKind::forbidden, "out_of_scope", "Cơ quan này ngoài phạm vi quản trị của bạn.");
}

// A plain decimal ("3", "0.5", "1,5" with a Vietnamese decimal comma); anything else → 400.
double parse_amount(std::string s) {
  std::replace(s.begin(), s.end(), ',', '.');
  bool ok = !s.empty() && s.size() <= 12 && std::count(s.begin(), s.end(), '.') <= 1 && s.front() != '.' && s.back() != '.' &&
            std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
  if (!ok) throw DomainError(ErrorKind::bad_input, "bad_amount", "Thời hạn phải là một số không âm (ví dụ 3 hoặc 0,5).");
  return std::stod(s);
}
}  // namespace

void register_calendar_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/calendar/due", "public",
        [&ctx](http::Request& req) {
          std::string agency = api::str_param(req, "agency", 64, "Cơ quan");
          std::string from = api::str_param(req, "from", 20, "Thời điểm bắt đầu");
          std::string unit = api::str_param(req, "unit", 16, "Đơn vị");
          std::string amount_s = api::str_param(req, "amount", 16, "Thời hạn");
          std::string cutoff = api::str_param(req, "cutoff", 5, "Giờ chốt");
          if (unit == "same_day" && amount_s.empty()) amount_s = "0";  // "trong ngày" needs no amount
          if (agency.empty() || from.empty() || amount_s.empty() || unit.empty())
            throw DomainError(ErrorKind::bad_input, "missing_parameter", "Cần đủ tham số agency, from (YYYY-MM-DDTHH:MM), amount và unit.");
          return api::ok(ctx.calendar.due(agency, from, parse_amount(amount_s), unit, cutoff));
        },
        {.summary = "Due date of a statutory time (working_days, days, hours — fractions allowed for working days and hours — or "
                    "same_day with an optional cutoff=HH:MM) from a start moment at an agency"});
  r.add("GET", "/api/v1/calendar/holidays", "public",
        [&ctx](http::Request& req) {
          std::string agency = api::str_param(req, "agency", 64, "Cơ quan");
          if (agency.empty()) throw DomainError(ErrorKind::bad_input, "missing_parameter", "Cần tham số agency.");
          int year = api::int_param(req, "year", 0, 2000, 2100, "Năm");
          if (year == 0) throw DomainError(ErrorKind::bad_input, "missing_parameter", "Cần tham số year.");
          return api::ok({{"agency", agency}, {"year", year}, {"items", ctx.calendar.holidays(agency, year)}});
        },
        {.summary = "Days off (with names) and swapped working days of a year"});
  r.add("PUT", "/api/v1/admin/calendar/{agency}/days/{date}", "agency.admin",
        [&ctx](http::Request& req) {
          const auto& me = require_admin_of(ctx, req, req.params.at("agency"));
          json b = api::json_body(req);
          ctx.calendar.set_override(req.params.at("agency"), req.params.at("date"), b.value("kind", std::string()), b.value("name", std::string()), me,
                                    req.remote);
          return api::ok({{"status", "saved"}});
        },
        {.body_limit = 4096, .summary = "Set a day off / swapped working day / removal for an agency (and every agency below it)"});
  r.add("DELETE", "/api/v1/admin/calendar/{agency}/days/{date}", "agency.admin",
        [&ctx](http::Request& req) {
          const auto& me = require_admin_of(ctx, req, req.params.at("agency"));
          ctx.calendar.clear_override(req.params.at("agency"), req.params.at("date"), me, req.remote);
          return api::ok({{"status", "cleared"}});
        },
        {.summary = "Remove an agency's calendar adjustment"});
}

}  // namespace motcua::api
