// /giam-sat/dong-bo — the national portal sync's reconciliation for supervisors and administrators (policy
// sync.read; services/sync/national_sync.h): a GET form (agency among those the reader may see or all, from / to),
// the totals, a table per local day and agency, and the payloads that failed or died with their error and a
// "Gửi lại" button (CSRF-checked POST; the service lets only the agency's administrator resend; audited).
// Bad input: the form again with the Vietnamese message.
#include "domain/format.h"
#include "http/params.h"
#include "routes/auth.h"
#include "web/pages.h"
#include "web/views.h"

namespace motcua::web {

using namespace routes;
using nlohmann::json;

namespace {

const char* const kCsrf = "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ. Vui lòng tải lại trang và gửi lại.";

std::string day_vi(const std::string& iso) { return iso.size() == 10 ? iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) : iso; }

json counts_view(const services::SyncCounts& k) {
  return {{"synced", k.synced}, {"pending", k.pending}, {"failed", k.failed}, {"dead", k.dead}, {"problem", k.failed + k.dead > 0}};
}

http::Response sync_page(Context& ctx, http::Request& req) {
  const auto& me = principal(req);
  std::string agency = http::str_param(req, "agency", 64, "Cơ quan"), from = http::str_param(req, "from", 10, "Từ ngày"),
              to = http::str_param(req, "to", 10, "Đến ngày");
  auto ag = ctx.agencies.snapshot();
  json options = json::array({{{"value", ""}, {"label", "Tất cả cơ quan trong phạm vi"}, {"selected", agency.empty()}}});
  for (const auto& code : ctx.sync.scope(me))
    if (const auto* a = ag->find(code)) options.push_back({{"value", code}, {"label", a->name + " (" + code + ")"}, {"selected", code == agency}});
  std::string flash = req.query_param("ok").value_or("") == "resend" ? "Đã đưa gói tin vào hàng chờ gửi lại." : "";
  json d = {{"title", "Đồng bộ Cổng Dịch vụ công quốc gia"}, {"agencies", options}, {"from", from}, {"to", to},
            {"flash", flash.empty() ? json(false) : json(flash)}, {"enabled", ctx.sync.enabled()}};
  int status = 200;
  try {
    auto rep = ctx.sync.report(me, agency, from, to, fmt::now_ms());
    d["from"] = rep.from;
    d["to"] = rep.to;
    d["period"] = day_vi(rep.from) + " – " + day_vi(rep.to);
    d["total"] = counts_view(rep.total);
    json days = json::array();
    for (const auto& x : rep.days) {
      const auto* a = ag->find(x.agency);
      json row = counts_view(x.counts);
      row["day"] = day_vi(x.day);
      row["agency"] = a ? a->name : x.agency;
      days.push_back(std::move(row));
    }
    d["days"] = days;
    d["no_days"] = days.empty();
    json problems = json::array();
    for (const auto& p : rep.problems)
      problems.push_back({{"id", p.id}, {"service", p.service}, {"code", p.dossier_code}, {"dead", p.status == "dead"},
                          {"status", p.status == "dead" ? "Gửi không được" : "Chờ gửi lại"}, {"error", p.last_error}, {"attempts", p.attempts},
                          {"created", fmt::datetime(p.created_at)}, {"next", p.status == "dead" ? json(false) : json(fmt::datetime(p.next_attempt_at))}});
    d["problems"] = problems;
    d["has_problems"] = !problems.empty();
    d["report"] = true;
  } catch (const DomainError& e) {
    status = http_status(e.kind());
    d["error"] = e.what();
    d["report"] = false;
  }
  return ctx.views.page(req, status, "sync", d, "sync");
}

}  // namespace

void register_sync_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/giam-sat/dong-bo", "sync.read", [&ctx](http::Request& req) { return sync_page(ctx, req); },
        {.summary = "National portal sync reconciliation per day and agency, failed and dead payloads (supervisors, administrators)"});
  r.add("POST", "/giam-sat/dong-bo/{id}/gui-lai", "sync.read",
        [&ctx](http::Request& req) {
          auto f = http::parse_urlencoded(req.body);
          if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
          const std::string& s = req.params.at("id");
          const auto& me = principal(req);
          int64_t now = fmt::now_ms();
          if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos || !ctx.sync.resend(std::stoll(s), me, req.remote, now))
            return ctx.views.error_page(req, 404, "Không tìm thấy gói tin bạn có quyền gửi lại.");
          return http::Response::redirect("/giam-sat/dong-bo?ok=resend");
        },
        {.body_limit = 4096, .summary = "Send a failed or dead national payload again (the agency's administrators)"});
}

}  // namespace motcua::web
