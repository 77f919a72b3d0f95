// Read side of the catalog service: snapshot loading, search with filters, JSON views.
#include "services/catalog/catalog_service.h"

#include <algorithm>

#include "domain/format.h"
#include "domain/text.h"

namespace motcua::services {

using nlohmann::json;
using catalog::ProcState;

unsigned level_bit(const std::string& l) {
  if (l == "tinh") return 1u;
  if (l == "huyen") return 2u;
  if (l == "xa") return 4u;
  return 0u;
}

bool applies_to(const ProcVersion& v, const std::string& agency_level, const std::string& agency_kind) {
  return (v.levels & level_bit(agency_level)) &&
         (v.agency_kinds.empty() || std::find(v.agency_kinds.begin(), v.agency_kinds.end(), agency_kind) != v.agency_kinds.end());
}

const ProcVersion* ProcEntry::current(int64_t now) const {
  const ProcVersion* best = nullptr;
  for (const auto& v : versions)
    if (v.state == "published" && v.effective_from <= now) best = &v;
  return best;
}
const ProcVersion* ProcEntry::latest_published() const {
  const ProcVersion* best = nullptr;
  for (const auto& v : versions)
    if (v.state == "published") best = &v;
  return best;
}
const ProcVersion* ProcEntry::draft() const {
  for (const auto& v : versions)
    if (v.state == "draft") return &v;
  return nullptr;
}
const ProcVersion* ProcEntry::version(int n) const {
  for (const auto& v : versions)
    if (v.version_no == n) return &v;
  return nullptr;
}
const ProcVersion* ProcEntry::shown(int64_t now) const {
  if (auto c = current(now)) return c;
  if (auto p = latest_published()) return p;
  return draft();
}

const ProcEntry* CatalogSnapshot::find(const std::string& code) const {
  auto it = by_code.find(code);
  return it == by_code.end() ? nullptr : &entries[it->second];
}

size_t CatalogSnapshot::effective_count(int64_t now) const {
  return static_cast<size_t>(std::upper_bound(effective_times.begin(), effective_times.end(), now) - effective_times.begin());
}

void CatalogService::written() {
  std::lock_guard lk(mu_);
  dirty_ = true;
}

std::shared_ptr<const CatalogSnapshot> CatalogService::snapshot() {
  int64_t now = fmt::now_ms();
  {
    std::lock_guard lk(mu_);
    if (snap_ && !dirty_ && now - checked_at_ < 250) return snap_;
  }
  int64_t rev = std::stoll(db_.query("SELECT value FROM meta WHERE key = 'catalog_rev'").rows.at(0).str(0));
  std::lock_guard lk(mu_);
  checked_at_ = now;
  if (snap_ && snap_->rev == rev && !dirty_) return snap_;
  dirty_ = false;
  auto s = load();
  if (s->rev < rev) s->rev = rev;
  snap_ = s;
  return snap_;
}

std::shared_ptr<CatalogSnapshot> CatalogService::load() {
  auto s = std::make_shared<CatalogSnapshot>();
  int64_t now = fmt::now_ms();
  db_.read([&](store::Conn& c) {
    s->rev = std::stoll(c.exec("SELECT value FROM meta WHERE key = 'catalog_rev'").rows.at(0).str(0));
    auto r = c.exec(
        "SELECT p.id, p.code, p.state, p.row_version, v.version_no, v.state, v.effective_from, v.doc, v.created_by, "
        "v.created_at, v.published_by, v.published_at, v.note FROM procedures p JOIN procedure_versions v ON "
        "v.procedure_id = p.id WHERE v.state <> 'discarded' ORDER BY p.id, v.version_no");
    for (const auto& row : r.rows) {
      if (s->entries.empty() || s->entries.back().id != row.i64(0)) {
        ProcEntry e;
        e.id = row.i64(0);
        e.code = row.str(1);
        e.state = catalog::parse_state(row.str(2)).value_or(ProcState::draft);
        e.row_version = row.i64(3);
        s->entries.push_back(std::move(e));
      }
      ProcVersion v;
      v.version_no = static_cast<int>(row.i64(4));
      v.state = row.str(5);
      v.effective_from = row.is_null(6) ? 0 : row.i64(6);
      v.doc = std::make_shared<const json>(json::parse(row.str(7)));
      v.created_by = row.str(8);
      v.created_at = row.i64(9);
      v.published_by = row.str(10);
      v.published_at = row.is_null(11) ? 0 : row.i64(11);
      v.note = row.str(12);
      const json& d = *v.doc;
      v.field_code = d["field"].value("code", std::string());
      v.online_level = d.value("online_level", std::string());
      v.legacy_level = std::to_string(d.value("legacy_online_level", 0));
      for (const auto& l : d["levels"])
        if (l.is_string()) v.levels |= level_bit(l.get<std::string>());
      for (const auto& k : d["agency_kinds"])
        if (k.is_string()) v.agency_kinds.push_back(k.get<std::string>());
      if (v.state == "published") s->effective_times.push_back(v.effective_from);
      s->entries.back().versions.push_back(std::move(v));
    }
  });
  std::sort(s->effective_times.begin(), s->effective_times.end());
  // Stable display order: field name, then procedure name (folded), then code.
  std::vector<std::tuple<std::string, std::string, size_t>> order;
  for (size_t i = 0; i < s->entries.size(); ++i) {
    const auto* v = s->entries[i].shown(now);
    const json& d = *v->doc;
    order.emplace_back(text::fold(d["field"].value("name", std::string())), text::fold(d.value("name", std::string())), i);
  }
  std::sort(order.begin(), order.end());
  std::vector<ProcEntry> sorted;
  sorted.reserve(s->entries.size());
  for (auto& [f, n, i] : order) sorted.push_back(std::move(s->entries[i]));
  s->entries = std::move(sorted);
  std::map<std::string, std::string> fields;
  for (size_t i = 0; i < s->entries.size(); ++i) {
    const auto& e = s->entries[i];
    s->by_code[e.code] = i;
    const json& d = *e.shown(now)->doc;
    fields[d["field"].value("code", std::string())] = d["field"].value("name", std::string());
    std::string other = d["field"].value("name", std::string()) + " " + d.value("competent_agency", std::string()) + " " +
                        d.value("result", std::string());
    s->index.add({e.code, d.value("name", std::string()), other});
  }
  for (auto& [code, name] : fields) s->fields.emplace_back(code, name);
  std::sort(s->fields.begin(), s->fields.end(),
            [](const auto& a, const auto& b) { return text::fold(a.second) < text::fold(b.second); });
  return s;
}

CatalogPage CatalogService::search(const CatalogQuery& q, int64_t now) {
  CatalogPage page;
  page.snap = snapshot();
  page.page = q.page;
  page.per_page = q.per_page;
  const auto& s = *page.snap;
  std::shared_ptr<const AgencySnapshot> ag;
  const Agency* agency = nullptr;
  if (!q.agency.empty()) {
    ag = agencies_.snapshot();
    agency = ag->find(q.agency);
    if (!agency)
      throw DomainError(ErrorKind::bad_input, "unknown_agency", "Không tìm thấy cơ quan có mã \"" + q.agency + "\".");
  }
  auto hits = s.index.search(q.q);
  int skip = (q.page - 1) * q.per_page;
  for (const auto& h : hits) {
    const ProcEntry& e = s.entries[h.pos];
    const ProcVersion* v = q.admin ? e.shown(now) : e.current(now);
    if (!v) continue;
    if (!q.admin && e.state == ProcState::abolished) continue;
    if (!q.admin && e.state == ProcState::draft) continue;
    if (!q.field.empty() && v->field_code != q.field) continue;
    if (!q.online_level.empty() && v->online_level != q.online_level && v->legacy_level != q.online_level) continue;
    if (!q.level.empty() && !(v->levels & level_bit(q.level))) continue;
    if (agency && !applies_to(*v, agency->level, agency->kind)) continue;
    ++page.total;
    if (skip > 0) {
      --skip;
      continue;
    }
    if (static_cast<int>(page.items.size()) < q.per_page) page.items.push_back(&e);
  }
  return page;
}

json CatalogService::summary_json(const ProcEntry& e, int64_t now) const {
  const ProcVersion* v = e.shown(now);
  const json& d = *v->doc;
  json j = {{"code", e.code},
            {"name", d["name"]},
            {"field", d["field"]},
            {"levels", d["levels"]},
            {"online_level", d["online_level"]},
            {"online_level_label", catalog::online_level_label(d["online_level"].get<std::string>())},
            {"legacy_online_level", d["legacy_online_level"]},
            {"target_online_ratio", d["target_online_ratio"]},
            {"processing_time", d["processing_time"]},
            {"receive_any_boundary", d["receive_any_boundary"]},
            {"provided_elsewhere", d["provided_elsewhere"]},
            {"state", catalog::to_string(e.state)},
            {"state_label", catalog::label_vi(e.state)},
            {"version", v->version_no},
            {"effective_from", v->effective_from ? json(fmt::iso_date(v->effective_from)) : json(nullptr)}};
  return j;
}

json CatalogService::version_json(const ProcEntry& e, const ProcVersion& v, int64_t now) const {
  const ProcVersion* cur = e.current(now);
  std::string status = v.state;
  if (v.state == "published") {
    if (cur && cur->version_no == v.version_no) status = "current";
    else if (v.effective_from > now) status = "scheduled";
    else status = "superseded";
  }
  // effective_to: the effective_from of the next published version
  json to = nullptr;
  for (const auto& n : e.versions)
    if (n.state == "published" && n.version_no > v.version_no && v.state == "published") {
      to = fmt::iso_date(n.effective_from);
      break;
    }
  static const std::map<std::string, std::string> labels = {{"current", "Đang áp dụng"},
                                                            {"scheduled", "Chờ có hiệu lực"},
                                                            {"superseded", "Đã được thay thế"},
                                                            {"draft", "Bản nháp"}};
  return {{"version", v.version_no},
          {"status", status},
          {"status_label", labels.count(status) ? labels.at(status) : status},
          {"effective_from", v.effective_from ? json(fmt::iso_date(v.effective_from)) : json(nullptr)},
          {"effective_to", to},
          {"created_by", v.created_by},
          {"created_at", fmt::iso_datetime(v.created_at)},
          {"published_by", v.published_by.empty() ? json(nullptr) : json(v.published_by)},
          {"published_at", v.published_at ? json(fmt::iso_datetime(v.published_at)) : json(nullptr)},
          {"note", v.note}};
}

json CatalogService::detail_json(const ProcEntry& e, int64_t now) const {
  const ProcVersion* v = e.shown(now);
  json j = *v->doc;
  j.erase("effective_from");
  j["online_level_label"] = catalog::online_level_label(j["online_level"].get<std::string>());
  j["state"] = catalog::to_string(e.state);
  j["state_label"] = catalog::label_vi(e.state);
  j["version"] = v->version_no;
  j["effective_from"] = v->effective_from ? json(fmt::iso_date(v->effective_from)) : json(nullptr);
  j["row_version"] = e.row_version;
  json versions = json::array();
  for (const auto& x : e.versions) versions.push_back(version_json(e, x, now));
  j["versions"] = versions;
  if (const auto* dr = e.draft()) j["draft_version"] = dr->version_no;
  return j;
}

}  // namespace motcua::services
