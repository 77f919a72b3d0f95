#include "services/catalog/national_import_service.h"

#include <map>
#include <mutex>

#include "domain/errors.h"
#include "domain/format.h"
#include "domain/text.h"

namespace motcua::services {

using catalog::ImportOutcome;
using nlohmann::json;

NationalExport read_national_export(std::string_view body, std::string_view declared) {
  if (body.empty()) throw DomainError(ErrorKind::bad_input, "empty_file", "Tệp tải lên rỗng. Hãy chọn tệp JSON hoặc XLSX xuất từ CSDL quốc gia về TTHC.");
  NationalExport out;
  if (catalog::is_zip(body)) {
    out.format = "xlsx";
    out.records = catalog::records_from_rows(catalog::read_xlsx_rows(body));
    return out;
  }
  if (declared == "xlsx")
    throw DomainError(ErrorKind::bad_input, "not_xlsx", "Tệp không phải bảng tính XLSX (Excel 2007 trở lên). Tệp .xls cũ cần lưu lại dạng .xlsx.");
  if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  if (!text::valid_utf8(body))
    throw DomainError(ErrorKind::bad_input, "bad_encoding", "Tệp JSON có ký tự không đúng mã UTF-8.");
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded())
    throw DomainError(ErrorKind::bad_input, "bad_json", "Tệp không phải JSON đúng cú pháp, cũng không phải bảng tính XLSX.");
  out.format = "json";
  out.records = catalog::records_from_json(j);
  return out;
}

int NationalImportReport::count(ImportOutcome o) const {
  int n = 0;
  for (const auto& i : items) n += i.outcome == o;
  return n;
}

namespace {

struct ProgressEntry {
  NationalProgress p;
  int64_t at = 0;
};
std::mutex g_progress_mu;
std::map<std::string, ProgressEntry> g_progress;

std::vector<catalog::PlanItem> plan_on(const CatalogSnapshot& s, const NationalExport& file, const std::string& key) {
  std::function<void(size_t, size_t)> tick;
  if (!key.empty()) tick = [&key](size_t done, size_t total) { national_progress_set(key, {"comparing", done, total}); };
  return catalog::plan(file.records, [&s](const std::string& code) -> std::optional<catalog::CatalogHolding> {
    const ProcEntry* e = s.find(code);
    if (!e) return std::nullopt;
    catalog::CatalogHolding h;
    h.abolished = e->state == catalog::ProcState::abolished;
    h.has_draft = e->draft() != nullptr;
    if (const ProcVersion* v = e->latest_published()) h.published = *v->doc;
    return h;
  }, tick);
}

void finish(const std::string& key, size_t n) {
  if (!key.empty()) national_progress_set(key, {"done", n, n});
}

}  // namespace

void national_progress_set(const std::string& key, const NationalProgress& p) {
  const int64_t now = fmt::now_ms();
  std::lock_guard lk(g_progress_mu);
  for (auto it = g_progress.begin(); it != g_progress.end();)
    it = now - it->second.at > 15 * 60 * 1000 ? g_progress.erase(it) : std::next(it);
  if (g_progress.size() >= 1000 && !g_progress.count(key)) return;
  g_progress[key] = {p, now};
}

std::optional<NationalProgress> national_progress(const std::string& key) {
  std::lock_guard lk(g_progress_mu);
  auto it = g_progress.find(key);
  if (it == g_progress.end()) return std::nullopt;
  return it->second.p;
}

NationalImportReport national_dry_run(CatalogService& catalog, const NationalExport& file, const std::string& progress_key) {
  auto s = catalog.snapshot();
  NationalImportReport r;
  r.format = file.format;
  r.catalog_rev = s->rev;
  r.items = plan_on(*s, file, progress_key);
  finish(progress_key, r.items.size());
  return r;
}

NationalImportReport national_apply(CatalogService& catalog, const NationalExport& file, int64_t expected_rev, const std::string& actor,
                                    const std::string& progress_key) {
  const char* changed_msg =
      "Danh mục thủ tục đã thay đổi sau lần xem trước. Hãy xem trước lại để thấy đúng những gì sẽ được áp dụng.";
  auto s = catalog.snapshot();
  if (s->rev != expected_rev) throw DomainError(ErrorKind::conflict, "catalog_changed", changed_msg);
  NationalImportReport r;
  r.format = file.format;
  r.items = plan_on(*s, file, progress_key);
  json procs = json::array();
  for (const auto& i : r.items)
    if (i.outcome != ImportOutcome::refused) procs.push_back(i.doc);
  if (procs.empty()) {
    r.applied = ImportResult{};
    r.catalog_rev = s->rev;
    finish(progress_key, r.items.size());
    return r;
  }
  if (!progress_key.empty()) national_progress_set(progress_key, {"writing", r.items.size(), r.items.size()});
  // The one import path; it checks expected_rev again inside its transaction.
  r.applied = catalog.import({{"format", "motcua-catalog/1"},
                              {"source", "CSDL quốc gia về thủ tục hành chính"},
                              {"import_note", "Nhập từ CSDL quốc gia về thủ tục hành chính."},
                              {"expected_rev", expected_rev},
                              {"procedures", procs}},
                             actor);
  r.catalog_rev = catalog.snapshot()->rev;
  finish(progress_key, r.items.size());
  return r;
}

json to_json(const NationalImportReport& r) {
  json items = json::array();
  for (const auto& i : r.items) {
    json changed = json::array();
    for (const auto& k : i.changed) changed.push_back({{"key", k}, {"label", catalog::key_label(k)}});
    items.push_back({{"where", i.where},
                     {"code", i.code},
                     {"name", i.name},
                     {"status", catalog::outcome_key(i.outcome)},
                     {"status_label", catalog::outcome_label(i.outcome)},
                     {"changed", changed},
                     {"problems", i.problems}});
  }
  json out = {{"mode", r.applied ? "apply" : "dry-run"},
              {"format", r.format},
              {"catalog_rev", r.catalog_rev},
              {"summary",
               {{"total", r.items.size()},
                {"new", r.count(ImportOutcome::created)},
                {"changed", r.count(ImportOutcome::changed)},
                {"unchanged", r.count(ImportOutcome::unchanged)},
                {"refused", r.count(ImportOutcome::refused)}}},
              {"items", items}};
  if (r.applied)
    out["applied"] = {{"created", r.applied->created}, {"amended", r.applied->amended}, {"unchanged", r.applied->unchanged}};
  return out;
}

}  // namespace motcua::services
