// The personal data store (services/docstore) — contract in docs/api/openapi.yaml:
//   GET /api/v1/me/documents?page=&per_page=   the caller's own papers and e-results (citizen, organisation):
//       {items:[{id, code, doc_type:{code,name}, issuer, issued_at, valid_until, valid, source, dossier:{id,code},
//                verify_id, file_url}], page, per_page, total}
#include "api/api_util.h"
#include "api/routes.h"
#include "domain/format.h"
#include "http/params.h"
#include "routes/auth.h"

namespace motcua::api {

using namespace routes;
using nlohmann::json;

void register_docstore_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/me/documents", "citizen",
        [&ctx](http::Request& req) {
          int page = http::int_param(req, "page", 1, 1, 100000, "Số trang"), per_page = http::int_param(req, "per_page", 20, 1, 100, "Số dòng");
          int total = 0;
          const int64_t now = fmt::now_ms();
          json items = json::array();
          for (const auto& it : ctx.store.mine(principal(req), page, per_page, &total)) {
            const bool valid = docstore::reusable({it.owner_user_id, it.doc_type_code, it.valid_until, it.revoked_at != 0}, it.doc_type_code,
                                                  it.owner_user_id, now);
            items.push_back({{"id", it.id},
                             {"code", it.code},
                             {"doc_type", {{"code", it.doc_type_code}, {"name", it.doc_type_name}}},
                             {"issuer", it.issuer_name},
                             {"issued_at", fmt::iso_datetime(it.issued_at)},
                             {"valid_until", it.valid_until ? json(fmt::iso_date(it.valid_until)) : json(nullptr)},
                             {"valid", valid},
                             {"source", it.source},
                             {"dossier", {{"id", it.dossier_id}, {"code", it.dossier_code}}},
                             {"verify_id", it.verify_id.empty() ? json(nullptr) : json(it.verify_id)},
                             {"file_url", it.dossier_id.empty()       ? json(nullptr)
                                          : it.source == "result" ? json("/api/v1/dossiers/" + it.dossier_id + "/result.pdf")
                                                                  : json("/api/v1/dossiers/" + it.dossier_id + "/documents/" + it.file_id)}});
          }
          return ok({{"items", items}, {"page", page}, {"per_page", per_page}, {"total", total}});
        },
        {.summary = "My data store (kho dữ liệu): my papers and e-results, reusable in new dossiers"});
}

}  // namespace motcua::api
