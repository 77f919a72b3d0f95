// The live dashboard's numbers for the provincial operations centre (services/reports/dashboard.h):
//   GET /api/v1/ops/dashboard?agency=<code>
// Read-only JSON (dashboard_json). Allowed with `Authorization: Bearer <MOTCUA_OPS_FEED_TOKEN>` (compared in constant
// time; any agency) or for a signed-in reader with report.read at the agency; otherwise 401 (no or a wrong token) or
// 404 (an agency outside the reader's grants, or unknown). The feed token is never logged.
#include <openssl/crypto.h>

#include "api/api_util.h"
#include "api/routes.h"
#include "domain/format.h"
#include "routes/auth.h"

namespace motcua::api {

using namespace routes;

void register_dashboard_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/ops/dashboard", "public",
        [&ctx](http::Request& req) {
          const std::string agency = str_param(req, "agency", 64, "Cơ quan");
          const auto& me = principal(req);
          const std::string given = presented_token(req);
          const std::string& want = ctx.site.ops_feed_token;
          const bool feed = !want.empty() && given.size() == want.size() && CRYPTO_memcmp(given.data(), want.data(), want.size()) == 0;
          if (!feed) {
            if (!me.signed_in())
              throw DomainError(ErrorKind::unauthorized, "unauthenticated", "Cần mã truy cập của trung tâm điều hành hoặc đăng nhập.");
            if (!ctx.reports.may_read(*ctx.reports.agencies(), agency, me))
              throw DomainError(ErrorKind::not_found, "agency_not_found", "Không tìm thấy cơ quan \"" + agency + "\" trong phạm vi của bạn.");
          }
          auto d = ctx.dashboard.of(agency, fmt::now_ms());
          auto res = ok(services::dashboard_json(*d));
          res.set("Cache-Control", "private, no-store");
          return res;
        },
        {.summary = "The live dashboard's numbers for the operations centre (feed token or report.read)"});
}

}  // namespace motcua::api
