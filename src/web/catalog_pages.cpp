// Public catalog pages: home, /thu-tuc (search, filters, pagination; htmx partial updates, works
// without JavaScript), /thu-tuc/{code} (all published parts), old versions, the printable blank form,
// the public lookup and /thong-bao (announcements). The online submission page (the e-form) is in
// src/web/dossier_pages.cpp. Every page here but the lookup is drawn once per catalog revision and served from the
// page cache (web/page_cache.h).
#include "http/params.h"
#include "web/page_cache.h"
#include "web/pages.h"
#include "domain/format.h"
#include "web/procedure_view.h"

namespace motcua::web {

using namespace routes;

using nlohmann::json;

namespace {

json filter_options(Context& ctx, const services::CatalogQuery& q) {
  auto s = ctx.catalog.snapshot();
  json fields = json::array();
  for (const auto& [code, name] : s->fields) fields.push_back({{"value", code}, {"label", name}, {"selected", code == q.field}});
  json levels = json::array();
  for (const char* l : {"xa", "huyen", "tinh"})
    levels.push_back({{"value", l}, {"label", catalog::level_label(l)}, {"selected", q.level == l}});
  json online = json::array();
  for (const char* l : {"toan_trinh", "mot_phan", "thong_tin"})
    online.push_back({{"value", l}, {"label", catalog::online_service_label(l)}, {"selected", q.online_level == l}});
  json agencies = json::array();
  auto ag = ctx.agencies.snapshot();
  for (const auto& a : ag->agencies) {
    int depth = 0;
    for (const auto* p = ag->find(a.parent_code); p && depth < 8; p = ag->find(p->parent_code)) ++depth;
    agencies.push_back({{"value", a.code}, {"label", std::string(static_cast<size_t>(depth) * 2, ' ') + (depth ? "– " : "") + a.name},
                        {"selected", a.code == q.agency}});
  }
  return {{"fields", fields}, {"levels", levels}, {"online", online}, {"agencies", agencies}};
}

services::CatalogQuery page_query(const http::Request& req) {
  services::CatalogQuery q;
  q.q = http::str_param(req, "q", 200, "Từ khóa tìm kiếm");
  q.field = http::str_param(req, "field", 64, "Lĩnh vực");
  q.level = http::str_param(req, "level", 16, "Cấp thực hiện");
  q.agency = http::str_param(req, "agency", 64, "Cơ quan");
  q.online_level = http::str_param(req, "online_level", 16, "Mức độ trực tuyến");
  q.page = http::int_param(req, "page", 1, 1, 100000, "Số trang");
  q.per_page = 20;
  return q;
}

// The query as the list page reads it: the key of its cached body (unknown parameters do not make new bodies).
std::string query_variant(const services::CatalogQuery& q) {
  std::string v;
  for (const std::string* s : {&q.q, &q.field, &q.level, &q.agency, &q.online_level}) v += http::percent_encode(*s) + "&";
  return v + std::to_string(q.page);
}

PublicPage list_body(Context& ctx, const http::Request& req, services::CatalogQuery q) {
  int64_t now = fmt::now_ms();
  services::CatalogPage page;
  try {
    page = ctx.catalog.search(q, now);
  } catch (const DomainError& e) {
    if (e.code() != "unknown_agency") throw;
    q.agency.clear();
    page = ctx.catalog.search(q, now);
  }
  json rows = json::array();
  for (const auto* e : page.items) rows.push_back(web::procedure_row(*e, *e->current(now)));
  std::vector<std::pair<std::string, std::string>> qs = {{"q", q.q}, {"field", q.field}, {"level", q.level}, {"agency", q.agency}, {"online_level", q.online_level}};
  const int active = static_cast<int>(!q.field.empty()) + !q.level.empty() + !q.agency.empty() + !q.online_level.empty();
  json d = {{"title", q.q.empty() ? "Danh mục thủ tục hành chính" : "Tìm thủ tục: " + q.q},
            {"q", q.q},
            {"rows", rows},
            {"total", page.total},
            {"none", page.total == 0},
            {"filters", filter_options(ctx, q)},
            // How many filters besides the words are set: the "Lọc" panel opens by itself when any is.
            {"filters_active", active ? json(active) : json(false)},
            {"pagination", web::pagination("/thu-tuc", qs, q.page, q.per_page, page.total)}};
  if (req.is_htmx()) return PublicPage{.name = "_results", .data = std::move(d), .fragment = true, .vary = "HX-Request"};
  return PublicPage{.name = "procedures", .data = std::move(d), .fragment = false, .vary = "HX-Request"};
}

http::Response list_page(Context& ctx, http::Request& req) {
  services::CatalogQuery q = page_query(req);
  return cached_page(ctx, req, query_variant(q), "catalog", [&] { return list_body(ctx, req, q); });
}

const services::ProcEntry& public_entry(const services::CatalogSnapshot& s, const std::string& code) {
  const auto* e = s.find(code);
  if (!e || !e->latest_published())
    throw DomainError(ErrorKind::not_found, "procedure_not_found", "Không tìm thấy thủ tục hành chính có mã \"" + code + "\".");
  return *e;
}

PublicPage detail_body(Context& ctx, const http::Request& req, std::optional<int> version) {
  auto s = ctx.catalog.snapshot();
  int64_t now = fmt::now_ms();
  const auto& e = public_entry(*s, req.params.at("code"));
  const services::ProcVersion* v = nullptr;
  if (version) {
    v = e.version(*version);
    if (!v || v->state != "published")
      throw DomainError(ErrorKind::not_found, "version_not_found", "Không có phiên bản này của thủ tục.");
  } else {
    v = e.current(now) ? e.current(now) : e.latest_published();
  }
  json d = web::procedure_view(ctx.catalog, e, *v, now);
  d["title"] = (*v->doc)["name"];
  d["old_version"] = version.has_value() && !d["is_current"].get<bool>();
  return public_page("procedure", std::move(d));
}

http::Response detail_page(Context& ctx, http::Request& req, std::optional<int> version) {
  return cached_page(ctx, req, "", "catalog", [&] { return detail_body(ctx, req, version); });
}

}  // namespace

void register_catalog_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/", "public",
        [&ctx](http::Request& req) { return cached_page(ctx, req, "", "home", [&] {
          auto s = ctx.catalog.snapshot();
          int64_t now = fmt::now_ms();
          std::map<std::string, int> counts;
          int total = 0, full = 0;
          for (const auto& e : s->entries) {
            const auto* v = e.current(now);
            if (!v || e.state == catalog::ProcState::abolished || e.state == catalog::ProcState::draft) continue;
            ++counts[(*v->doc)["field"].value("code", std::string())];
            ++total;
            if ((*v->doc)["online_level"] == "toan_trinh") ++full;
          }
          json fields = json::array();
          for (const auto& [code, name] : s->fields)
            if (counts[code]) fields.push_back({{"code", code}, {"name", name}, {"count", counts[code]}, {"url", "/thu-tuc?field=" + http::percent_encode(code)}});
          int ann_total = 0;
          json ann = ctx.catalog.announcements(1, 5, &ann_total);
          json d = {{"title", ctx.site.site_name}, {"fields", fields}, {"total", total}, {"full_online", full},
                    {"announcements", ann}, {"has_announcements", !ann.empty()}};
          return public_page("home", std::move(d));
        }); },
        {.summary = "Home page"});
  r.add("GET", "/thu-tuc", "public", [&ctx](http::Request& req) { return list_page(ctx, req); }, {.summary = "Catalog list page"});
  r.add("GET", "/thu-tuc/{code}", "public", [&ctx](http::Request& req) { return detail_page(ctx, req, std::nullopt); },
        {.summary = "Procedure detail page"});
  r.add("GET", "/thu-tuc/{code}/phien-ban/{version}", "public",
        [&ctx](http::Request& req) {
          int n = 0;
          try {
            n = std::stoi(req.params.at("version"));
          } catch (...) {
            throw DomainError(ErrorKind::not_found, "version_not_found", "Không có phiên bản này của thủ tục.");
          }
          return detail_page(ctx, req, n);
        },
        {.summary = "A past or scheduled version of a procedure"});
  r.add("GET", "/thu-tuc/{code}/mau-to-khai", "public",
        [&ctx](http::Request& req) { return cached_page(ctx, req, "", "catalog", [&] {
          auto s = ctx.catalog.snapshot();
          int64_t now = fmt::now_ms();
          const auto& e = public_entry(*s, req.params.at("code"));
          const auto* v = e.current(now) ? e.current(now) : e.latest_published();
          const json& doc = *v->doc;
          if (doc["form_schema"]["fields"].empty())
            throw DomainError(ErrorKind::not_found, "no_form", "Thủ tục này không có mẫu tờ khai.");
          json d = {{"title", "Mẫu tờ khai: " + doc["name"].get<std::string>()},
                    {"name", doc["name"]},
                    {"code", e.code},
                    {"version", v->version_no},
                    {"competent_agency", doc.value("competent_agency", std::string("……………………"))},
                    {"site", ctx.site.site_name},
                    {"fields", web::form_fields(doc["form_schema"], json::object(), json::object())}};
          return public_page("form_print", std::move(d));
        }); },
        {.summary = "Printable blank form (mẫu tờ khai) generated from the e-form schema"});
  r.add("GET", "/tra-cuu", "public",
        [&ctx](http::Request& req) {
          std::string code = http::str_param(req, "ma", 40, "Mã hồ sơ");
          json d = {{"title", "Tra cứu hồ sơ"}, {"code", code}};
          int status = 200;
          if (!code.empty()) {
            try {
              const auto l = ctx.dossiers.lookup(code);
              auto when = [](int64_t ms) { return ms ? fmt::datetime(ms) : std::string(); };
              d["d"] = {{"code", l.code}, {"status_label", std::string(dossier::label_vi(l.status))}, {"procedure", l.procedure},
                        {"applicant", l.applicant_masked}, {"agency", l.agency_name}, {"received", when(l.received_at)}, {"due", when(l.due_at)},
                        {"returned", when(l.returned_at)}};
              if (d["d"]["returned"] == "") d["d"]["returned"] = false;
            } catch (const DomainError& e) {
              d["error"] = e.what();
              status = e.kind() == ErrorKind::not_found ? 404 : 400;
            }
          }
          return ctx.views.page(req, status, "lookup", d, "lookup");
        },
        {.summary = "Public dossier status lookup (QR target of Mẫu 01)"});
  r.add("GET", "/thong-bao", "public",
        [&ctx](http::Request& req) {
          int page = http::int_param(req, "page", 1, 1, 100000, "Số trang");
          return cached_page(ctx, req, std::to_string(page), "announcements", [&] {
            int total = 0;
            json items = ctx.catalog.announcements(page, 20, &total);
            json d = {{"title", "Thông báo thủ tục hành chính"}, {"items", items}, {"none", items.empty()},
                      {"pagination", web::pagination("/thong-bao", {}, page, 20, total)}};
            return public_page("announcements", std::move(d));
          });
        },
        {.summary = "Announcements page"});
}

}  // namespace motcua::web
