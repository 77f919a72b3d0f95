// "Kho dữ liệu của tôi" (services/docstore): the signed-in citizen's or organisation's papers and e-results, with
// their R14 codes, validity and the dossier each came from. Reuse itself happens on the online submission page.
#include "domain/docstore/reuse.h"
#include "domain/format.h"
#include "http/params.h"
#include "routes/auth.h"
#include "web/pages.h"
#include "web/views.h"

namespace motcua::web {

using namespace routes;
using nlohmann::json;

void register_docstore_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/kho-du-lieu", "citizen",
        [&ctx](http::Request& req) {
          const int page = http::int_param(req, "page", 1, 1, 100000, "Số trang");
          int total = 0;
          const int64_t now = fmt::now_ms();
          json items = json::array();
          for (const auto& it : ctx.store.mine(principal(req), page, 20, &total)) {
            const bool valid = docstore::reusable({it.owner_user_id, it.doc_type_code, it.valid_until, it.revoked_at != 0}, it.doc_type_code,
                                                  it.owner_user_id, now);
            std::string validity = it.revoked_at ? "Đã thu hồi" : !valid ? "Hết hiệu lực" : it.valid_until ? "Đến " + fmt::date(it.valid_until) : "Còn hiệu lực";
            items.push_back({{"id", it.id},
                             {"code", it.code},
                             {"doc_type", it.doc_type_name},
                             {"issuer", it.issuer_name},
                             {"issued", fmt::date(it.issued_at)},
                             {"validity", validity},
                             {"validity_tag", valid ? "tag-full" : "tag-bad"},
                             {"verify_url", it.verify_id.empty() ? json(false) : json("/xac-minh/" + it.verify_id)},
                             {"dossier_url", it.dossier_id.empty() ? json(false) : json("/ho-so-cua-toi/" + it.dossier_id)},
                             {"dossier_code", it.dossier_code.empty() ? it.dossier_id : it.dossier_code}});
          }
          json d = {{"title", "Kho dữ liệu của tôi"}, {"items", items}, {"none", items.empty()}, {"total", total},
                    {"pagination", web::pagination("/kho-du-lieu", {}, page, 20, total)}};
          return ctx.views.page(req, 200, "docstore", d, "docstore");
        },
        {.summary = "My data store (kho dữ liệu): papers and e-results with their R14 codes, validity and origin"});
}

}  // namespace motcua::web
