// JSON API of the procedure catalog and agencies (contract in docs/api/openapi.yaml).
#include <charconv>
#include <set>

#include "api/api_util.h"
#include "api/routes.h"
#include "domain/format.h"
#include "services/catalog/national_import_service.h"

namespace motcua::api {

using namespace routes;

using nlohmann::json;
using services::CatalogQuery;

namespace {

CatalogQuery parse_query(const http::Request& req, bool admin) {
  CatalogQuery q;
  q.admin = admin;
  q.q = api::str_param(req, "q", 200, "Từ khóa tìm kiếm");
  q.field = api::str_param(req, "field", 64, "Lĩnh vực");
  q.level = api::str_param(req, "level", 16, "Cấp thực hiện");
  q.agency = api::str_param(req, "agency", 64, "Cơ quan");
  q.online_level = api::str_param(req, "online_level", 16, "Mức độ trực tuyến");
  static const std::set<std::string> levels = {"", "tinh", "huyen", "xa"};
  static const std::set<std::string> online = {"", "thong_tin", "mot_phan", "toan_trinh", "2", "3", "4"};
  if (!levels.count(q.level))
    throw DomainError(ErrorKind::bad_input, "bad_parameter", "Cấp thực hiện chỉ nhận: tinh, huyen, xa.");
  if (!online.count(q.online_level))
    throw DomainError(ErrorKind::bad_input, "bad_parameter",
                      "Mức độ trực tuyến chỉ nhận: thong_tin, mot_phan, toan_trinh (hoặc mức 2, 3, 4).");
  q.page = api::int_param(req, "page", 1, 1, 100000, "Số trang");
  q.per_page = api::int_param(req, "per_page", 20, 1, 100, "Số kết quả mỗi trang");
  return q;
}

const services::ProcEntry& find_or_404(const services::CatalogSnapshot& s, const std::string& code, bool admin) {
  const auto* e = s.find(code);
  if (!e || (!admin && !e->latest_published()))
    throw DomainError(ErrorKind::not_found, "procedure_not_found", "Không tìm thấy thủ tục hành chính có mã \"" + code + "\".");
  return *e;
}

std::optional<int64_t> expected_version(const http::Request& req, const json& body) {
  if (body.is_object() && body.contains("expected_row_version") && body["expected_row_version"].is_number_integer())
    return body["expected_row_version"].get<int64_t>();
  if (auto h = req.header("If-Match")) {
    std::string v = *h;
    v.erase(std::remove(v.begin(), v.end(), '"'), v.end());
    try {
      return std::stoll(v);
    } catch (...) {
      throw DomainError(ErrorKind::bad_input, "bad_if_match", "Tiêu đề If-Match không hợp lệ.");
    }
  }
  return std::nullopt;
}

http::Response list(Context& ctx, const http::Request& req, bool admin) {
  CatalogQuery q = parse_query(req, admin);
  int64_t now = fmt::now_ms();
  auto page = ctx.catalog.search(q, now);
  json items = json::array();
  for (const auto* e : page.items) items.push_back(ctx.catalog.summary_json(*e, now));
  return api::ok({{"items", items}, {"total", page.total}, {"page", page.page}, {"per_page", page.per_page}});
}

http::Response detail(Context& ctx, const http::Request& req, bool admin) {
  auto s = ctx.catalog.snapshot();
  int64_t now = fmt::now_ms();
  const auto& e = find_or_404(*s, req.params.at("code"), admin);
  json j = ctx.catalog.detail_json(e, now);
  if (!admin) {
    // The public sees published versions only.
    json vs = json::array();
    for (const auto& v : j["versions"])
      if (v["status"] != "draft") vs.push_back(v);
    j["versions"] = vs;
    j.erase("draft_version");
    j.erase("row_version");
    if (!e.current(now) && e.latest_published()) j["not_yet_effective"] = true;
  } else if (const auto* d = e.draft()) {
    j["draft"] = *d->doc;
  }
  http::Response res = api::ok(j);
  if (admin) res.set("ETag", "\"" + std::to_string(e.row_version) + "\"");
  return res;
}

// POST /api/v1/catalog/national-import?mode=dry-run|apply[&expected_rev=N]: the national database's export as
// JSON (application/json) or XLSX (the spreadsheet media type) in the body.
http::Response national_import(Context& ctx, const http::Request& req) {
  const std::string mode = api::str_param(req, "mode", 16, "Chế độ");
  if (mode != "" && mode != "dry-run" && mode != "apply")
    throw DomainError(ErrorKind::bad_input, "bad_parameter", "Chế độ (mode) chỉ nhận dry-run (xem trước) hoặc apply (áp dụng).");
  std::optional<int64_t> expected;
  if (const std::string ev = api::str_param(req, "expected_rev", 20, "Phiên bản danh mục"); !ev.empty()) {
    int64_t v = 0;
    auto r = std::from_chars(ev.data(), ev.data() + ev.size(), v);
    if (r.ec != std::errc() || r.ptr != ev.data() + ev.size() || v < 0)
      throw DomainError(ErrorKind::bad_input, "bad_parameter", "expected_rev phải là số nguyên không âm (catalog_rev của lần xem trước).");
    expected = v;
  }
  if (mode == "apply" && !expected)
    throw DomainError(ErrorKind::bad_input, "expected_rev_required",
                      "Áp dụng cần expected_rev: phiên bản danh mục (catalog_rev) của lần xem trước (mode=dry-run).");
  auto ct = req.header("Content-Type");
  auto mt = ct ? http::parse_media_type(*ct) : std::nullopt;
  std::string declared;
  if (mt && mt->type == "application" && mt->subtype == "json") declared = "json";
  else if (mt && mt->type + "/" + mt->subtype == services::kXlsxMediaType) declared = "xlsx";
  else
    throw DomainError(ErrorKind::unsupported_media, "unsupported_media_type",
                      "Tệp gửi lên phải là JSON (Content-Type: application/json) hoặc bảng tính XLSX (Content-Type: " +
                          std::string(services::kXlsxMediaType) + ").");
  auto file = services::read_national_export(req.body, declared);
  auto report = mode == "apply" ? services::national_apply(ctx.catalog, file, *expected, ctx.actor(req))
                                : services::national_dry_run(ctx.catalog, file);
  return api::ok(services::to_json(report));
}

}  // namespace

void register_catalog_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/procedures", "public", [&ctx](http::Request& req) { return list(ctx, req, false); },
        {.summary = "Search the published catalog"});
  r.add("GET", "/api/v1/procedures/{code}", "public", [&ctx](http::Request& req) { return detail(ctx, req, false); },
        {.summary = "One procedure with its versions"});
  r.add("GET", "/api/v1/procedures/{code}/versions/{version}", "public",
        [&ctx](http::Request& req) {
          auto s = ctx.catalog.snapshot();
          const auto& e = find_or_404(*s, req.params.at("code"), false);
          int n = 0;
          try {
            n = std::stoi(req.params.at("version"));
          } catch (...) {
          }
          const auto* v = e.version(n);
          if (!v || v->state != "published")
            throw DomainError(ErrorKind::not_found, "version_not_found", "Không có phiên bản " + req.params.at("version") + " của thủ tục này.");
          int64_t now = fmt::now_ms();
          json j = *v->doc;
          j["version_info"] = ctx.catalog.version_json(e, *v, now);
          j["state"] = catalog::to_string(e.state);
          return api::ok(j);
        },
        {.summary = "One published version (dossiers keep the version they were created under)"});
  r.add("GET", "/api/v1/fields", "public",
        [&ctx](http::Request&) {
          auto s = ctx.catalog.snapshot();
          json out = json::array();
          for (const auto& [code, name] : s->fields) out.push_back({{"code", code}, {"name", name}});
          return api::ok({{"items", out}});
        },
        {.summary = "Fields (lĩnh vực) in use"});
  r.add("GET", "/api/v1/agencies", "public",
        [&ctx](http::Request&) { return api::ok({{"items", ctx.agencies.snapshot()->tree_json()}}); },
        {.summary = "Agency tree"});
  r.add("GET", "/api/v1/announcements", "public",
        [&ctx](http::Request& req) {
          int page = api::int_param(req, "page", 1, 1, 100000, "Số trang");
          int per = api::int_param(req, "per_page", 20, 1, 100, "Số kết quả mỗi trang");
          int total = 0;
          json items = ctx.catalog.announcements(page, per, &total);
          return api::ok({{"items", items}, {"total", total}, {"page", page}, {"per_page", per}});
        },
        {.summary = "Catalog announcements (R7)"});

  // --- administration (policy catalog.admin) ---
  r.add("GET", "/api/v1/admin/procedures", "catalog.admin", [&ctx](http::Request& req) { return list(ctx, req, true); },
        {.summary = "All procedures incl. drafts, suspended and abolished"});
  r.add("GET", "/api/v1/admin/procedures/{code}", "catalog.admin", [&ctx](http::Request& req) { return detail(ctx, req, true); },
        {.summary = "One procedure incl. its draft"});
  r.add("GET", "/api/v1/admin/procedures/{code}/history", "catalog.admin",
        [&ctx](http::Request& req) {
          auto s = ctx.catalog.snapshot();
          find_or_404(*s, req.params.at("code"), true);
          return api::ok({{"items", ctx.catalog.history(req.params.at("code"))}});
        },
        {.summary = "Change history (who, when, what)"});
  r.add("POST", "/api/v1/procedures", "catalog.admin",
        [&ctx](http::Request& req) {
          json body = api::json_body(req);
          ctx.catalog.create(body, ctx.actor(req));
          auto s = ctx.catalog.snapshot();
          json j = ctx.catalog.detail_json(*s->find(body.value("code", std::string())), fmt::now_ms());
          http::Response res = api::ok(j, 201);
          res.set("Location", "/api/v1/admin/procedures/" + body.value("code", std::string()));
          return res;
        },
        {.summary = "Create a procedure (draft version 1)"});
  r.add("PUT", "/api/v1/procedures/{code}/draft", "catalog.admin",
        [&ctx](http::Request& req) {
          json body = api::json_body(req);
          json doc = body.contains("procedure") ? body["procedure"] : body;
          ctx.catalog.update_draft(req.params.at("code"), doc, ctx.actor(req), expected_version(req, body));
          return detail(ctx, req, true);
        },
        {.summary = "Replace the draft version's content"});
  r.add("POST", "/api/v1/procedures/{code}/actions/{action}", "catalog.admin",
        [&ctx](http::Request& req) {
          auto action = catalog::parse_action(req.params.at("action"));
          if (!action || *action == catalog::Action::edit_draft)
            throw DomainError(ErrorKind::not_found, "unknown_action",
                              "Thao tác \"" + req.params.at("action") +
                                  "\" không tồn tại. Các thao tác: publish, amend, suspend, resume, abolish, discard-draft.");
          json body = req.body.empty() ? json::object() : api::json_body(req);
          if (!body.is_object()) throw DomainError(ErrorKind::bad_input, "bad_json", "Nội dung yêu cầu phải là đối tượng JSON.");
          ctx.catalog.act(req.params.at("code"), *action, body, ctx.actor(req), expected_version(req, body));
          return detail(ctx, req, true);
        },
        {.summary = "Lifecycle actions: publish, amend, suspend, resume, abolish, discard-draft"});
  r.add("GET", "/api/v1/catalog/export", "catalog.admin",
        [&ctx](http::Request&) {
          http::Response res = api::ok(ctx.catalog.export_all());
          res.set("Content-Disposition", "attachment; filename=\"danh-muc-tthc.json\"");
          return res;
        },
        {.summary = "Export the catalog (motcua-catalog/1)"});
  r.add("POST", "/api/v1/catalog/import", "catalog.admin",
        [&ctx](http::Request& req) {
          auto res = ctx.catalog.import(api::json_body(req), ctx.actor(req));
          return api::ok({{"created", res.created}, {"amended", res.amended}, {"unchanged", res.unchanged}});
        },
        {.body_limit = 16 * 1024 * 1024, .summary = "Import a catalog file"});
  r.add("POST", "/api/v1/catalog/national-import", "catalog.admin", [&ctx](http::Request& req) { return national_import(ctx, req); },
        {.body_limit = 16 * 1024 * 1024, .summary = "Import the national procedure database's export (JSON or XLSX): dry run or apply"});
}

}  // namespace motcua::api
