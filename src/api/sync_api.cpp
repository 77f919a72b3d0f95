// The national portal sync's reconciliation (services/sync/national_sync.h; contract in docs/api/openapi.yaml):
//   GET /api/v1/sync/status?agency=&from=YYYY-MM-DD&to=YYYY-MM-DD
//   → {agency, from, to, synced, pending, failed, dead, days:[{day, agency, synced, pending, failed, dead}],
//      problems:[{id, service, dossier_code, agency, status: failed|dead, attempts, error, created_at}]}
// synced = accepted by the portal; pending = not tried yet or being sent; failed = tried, waiting for a retry;
// dead = given up (refused by the portal, or too many attempts) until resent. Policy sync.read (supervisors,
// administrators); an agency outside the reader's grants is 404; no agency = everything the reader may see.
//   POST /api/v1/sync/payloads/{id}/resend → {"resent": true}: a failed or dead payload goes again now (the
//   administrator of its agency; audited); 404 when there is no such payload for this reader.
#include "api/api_util.h"
#include "api/routes.h"
#include "domain/format.h"
#include "routes/auth.h"

namespace motcua::api {

using namespace routes;
using nlohmann::json;

namespace {
json counts_json(const services::SyncCounts& k) {
  return {{"synced", k.synced}, {"pending", k.pending}, {"failed", k.failed}, {"dead", k.dead}};
}
}  // namespace

void register_sync_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/sync/status", "sync.read",
        [&ctx](http::Request& req) {
          auto rep = ctx.sync.report(principal(req), str_param(req, "agency", 64, "Cơ quan"), str_param(req, "from", 10, "Từ ngày"),
                                     str_param(req, "to", 10, "Đến ngày"), fmt::now_ms());
          json out = counts_json(rep.total);
          out["agency"] = rep.agency;
          out["from"] = rep.from;
          out["to"] = rep.to;
          json days = json::array();
          for (const auto& d : rep.days) {
            json x = counts_json(d.counts);
            x["day"] = d.day;
            x["agency"] = d.agency;
            days.push_back(std::move(x));
          }
          out["days"] = std::move(days);
          json problems = json::array();
          for (const auto& x : rep.problems)
            problems.push_back({{"id", x.id}, {"service", x.service}, {"dossier_code", x.dossier_code}, {"agency", x.agency}, {"status", x.status == "dead" ? "dead" : "failed"},
                                {"attempts", x.attempts}, {"error", x.last_error}, {"created_at", fmt::iso_datetime(x.created_at)}});
          out["problems"] = std::move(problems);
          return ok(out);
        },
        {.summary = "National portal sync per agency and period: payloads synced, pending, failed (retrying) and dead"});
  r.add("POST", "/api/v1/sync/payloads/{id}/resend", "sync.read",
        [&ctx](http::Request& req) {
          const std::string& s = req.params.at("id");
          if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos ||
              !ctx.sync.resend(std::stoll(s), principal(req), req.remote, fmt::now_ms()))
            throw DomainError(ErrorKind::not_found, "payload_not_found", "Không tìm thấy gói tin lỗi mà bạn có quyền gửi lại.");
          return ok({{"resent", true}});
        },
        {.body_limit = 4096, .summary = "Send a failed or dead national payload again now (the agency's administrators)"});
}

}  // namespace motcua::api
