// "Nhập từ CSDL quốc gia" (/quan-tri/thu-tuc/nhap-quoc-gia, policy catalog.admin): upload the national procedure
// database's export (JSON or XLSX), see the dry run's diff (Mới / Thay đổi and which parts / Không đổi / Bị từ chối
// and why), then "Áp dụng". Plain multipart forms that work without JavaScript: the apply form carries the dry run's
// catalog revision and the file's SHA-256, and asks for the same file again (refused when it is another one);
// static/js/national-import.js sends the forms with a progress bar — the upload's bytes, then the server's phases and
// records compared, polled from …/tien-do with a random token the script adds to the form — and fills the file in.
#include "web/national_import_pages.h"

#include "domain/text.h"
#include "http/params.h"
#include "services/catalog/national_import_service.h"
#include "web/dossier_pages.h"
#include "web/views.h"

namespace motcua::web {

using namespace routes;
using nlohmann::json;

namespace {

const std::string kPath = "/quan-tri/thu-tuc/nhap-quoc-gia";

http::Response page(Context& ctx, const http::Request& req, int status, json d) {
  http::Response cookies;
  d["csrf"] = web::csrf_token(req, cookies);
  d["admin_nav"] = true;
  d["title"] = "Nhập từ CSDL quốc gia về thủ tục hành chính";
  d["script"] = ctx.statics.url("js/national-import.js");
  if (!d.contains("report")) d["report"] = false;
  if (!d.contains("error")) d["error"] = false;
  http::Response out = ctx.views.page(req, status, "admin_national_import", d, "admin");
  for (const auto& h : cookies.headers) out.headers.push_back(h);
  return out;
}

std::string status_class(catalog::ImportOutcome o) {
  switch (o) {
    case catalog::ImportOutcome::created: return "tag-full";
    case catalog::ImportOutcome::changed: return "tag-part";
    case catalog::ImportOutcome::unchanged: return "tag-plain";
    case catalog::ImportOutcome::refused: return "tag-bad";
  }
  return "";
}

json report_view(const services::NationalImportReport& r, const std::string& file_label, const std::string& digest) {
  json rows = json::array();
  int accepted = 0;
  for (const auto& i : r.items) {
    std::string changed;
    for (const auto& k : i.changed) {
      const std::string label = catalog::key_label(k);
      if (changed.find(label) != std::string::npos) continue;  // online_level and legacy_online_level share one label
      changed += (changed.empty() ? "" : ", ") + label;
    }
    accepted += i.outcome != catalog::ImportOutcome::refused;
    rows.push_back({{"where", i.where},
                    {"code", i.code.empty() ? json("—") : json(i.code)},
                    {"name", i.name.empty() ? json("—") : json(i.name)},
                    {"status", catalog::outcome_key(i.outcome)},
                    {"status_label", catalog::outcome_label(i.outcome)},
                    {"status_class", status_class(i.outcome)},
                    {"changed", changed.empty() ? json(false) : json(changed)},
                    {"has_problems", !i.problems.empty()},
                    {"problems", i.problems}});
  }
  json j = services::to_json(r);
  json v = {{"summary", j["summary"]},
            {"rows", rows},
            {"catalog_rev", r.catalog_rev},
            {"digest", digest},
            {"file_label", file_label},
            {"accepted", accepted},
            {"can_apply", !r.applied && accepted > 0},
            {"refused", r.count(catalog::ImportOutcome::refused)}};
  v["applied"] = r.applied ? json{{"created", r.applied->created}, {"amended", r.applied->amended}, {"unchanged", r.applied->unchanged}}
                           : json(false);
  return v;
}

std::string declared_of(const http::MultipartPart& f) {
  const std::string name = text::fold(f.filename.value_or(""));
  if (f.content_type == services::kXlsxMediaType || (name.size() >= 5 && name.compare(name.size() - 5, 5, " xlsx") == 0)) return "xlsx";
  if (f.content_type == "application/json" || (name.size() >= 5 && name.compare(name.size() - 5, 5, " json") == 0)) return "json";
  return "";
}

// Where this run's progress is kept: the actor and the browser's random token ("" when the form has none).
std::string progress_key(Context& ctx, const http::Request& req, const std::string& token) {
  if (token.size() < 16 || token.size() > 64 || token.find_first_not_of("0123456789abcdef") != std::string::npos) return "";
  return ctx.actor(req) + ":" + token;
}

// GET …/tien-do?token=…: {"phase","done","total"} of this admin's run with that token (phase "unknown" when none).
http::Response progress(Context& ctx, http::Request& req) {
  const std::string key = progress_key(ctx, req, http::str_param(req, "token", 64, "Mã tiến độ"));
  auto p = key.empty() ? std::nullopt : services::national_progress(key);
  json j = p ? json{{"phase", p->phase}, {"done", p->done}, {"total", p->total}} : json{{"phase", "unknown"}, {"done", 0}, {"total", 0}};
  http::Response res = http::Response::json(200, j.dump());
  res.set("Cache-Control", "no-store");
  return res;
}

http::Response post(Context& ctx, http::Request& req) {
  PostedForm form = read_post(req, 16);
  if (!web::csrf_ok(req, form.fields)) return ctx.views.error_page(req, 403, kCsrfMessage);
  const std::string mode = form.get("mode") == "apply" ? "apply" : "dry-run";
  const http::MultipartPart* file = form.file("file");
  if (!file || file->body.empty())
    return page(ctx, req, 422, {{"error", file ? "Tệp đã chọn rỗng. Hãy chọn tệp JSON hoặc XLSX xuất từ CSDL quốc gia về TTHC."
                                               : "Hãy chọn tệp JSON hoặc XLSX xuất từ CSDL quốc gia về TTHC."}});
  const std::string digest = services::sha256_hex(std::string(file->body));
  const std::string label = text::file_name(file->filename.value_or(""), 120);
  const std::string key = progress_key(ctx, req, form.get("progress"));
  if (!key.empty()) services::national_progress_set(key, {"reading", 0, 0});
  try {
    auto parsed = services::read_national_export(file->body, declared_of(*file));
    if (mode == "apply") {
      if (form.get("digest") != digest)
        return page(ctx, req, 422, {{"error", "Tệp vừa chọn khác với tệp đã xem trước. Hãy xem trước tệp này rồi mới áp dụng."}});
      int64_t rev = -1;
      try {
        rev = std::stoll(form.get("expected_rev"));
      } catch (...) {
      }
      auto r = services::national_apply(ctx.catalog, parsed, rev, ctx.actor(req), key);
      return page(ctx, req, 200, {{"report", report_view(r, label, digest)}});
    }
    auto r = services::national_dry_run(ctx.catalog, parsed, key);
    return page(ctx, req, 200, {{"report", report_view(r, label, digest)}});
  } catch (const DomainError& e) {
    if (e.kind() == ErrorKind::forbidden || e.kind() == ErrorKind::unauthorized) throw;
    return page(ctx, req, http_status(e.kind()), {{"error", e.what()}});
  }
}

}  // namespace

void register_national_import_pages(http::Router& r, Context& ctx) {
  r.add("GET", kPath, "catalog.admin", [&ctx](http::Request& req) { return page(ctx, req, 200, json::object()); },
        {.summary = "Import the national procedure database's export: upload"});
  r.add("GET", kPath + "/tien-do", "catalog.admin", [&ctx](http::Request& req) { return progress(ctx, req); },
        {.summary = "How far this admin's running import is (the page's progress bar)"});
  r.add("POST", kPath, "catalog.admin", [&ctx](http::Request& req) { return post(ctx, req); },
        {.body_limit = 16 * 1024 * 1024, .summary = "Import the national procedure database's export: dry run or apply"});
}

}  // namespace motcua::web
