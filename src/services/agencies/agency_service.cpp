#include "services/agencies/agency_service.h"

#include "services/agencies/agency_policy.h"

#include <atomic>
#include <functional>
#include <set>

#include "domain/errors.h"
#include "domain/format.h"
#include "domain/text.h"

namespace motcua::services {

using nlohmann::json;

const Agency* AgencySnapshot::find(const std::string& code) const {
  auto it = by_code.find(code);
  return it == by_code.end() ? nullptr : &agencies[it->second];
}

bool AgencySnapshot::within(const std::string& code, const std::string& ancestor) const {
  const Agency* a = find(code);
  for (int guard = 0; a && guard < 32; ++guard) {
    if (a->code == ancestor) return true;
    a = a->parent_code.empty() ? nullptr : find(a->parent_code);
  }
  return false;
}

json AgencySnapshot::to_json(const Agency& a, bool with_children) const {
  json units = json::array();
  for (const auto& u : a.units) units.push_back({{"code", u.code}, {"name", u.name}, {"kind", u.kind}});
  json j = {{"code", a.code},       {"name", a.name},   {"short_name", a.short_name},
            {"kind", a.kind},       {"level", a.level}, {"parent", a.parent_code.empty() ? json(nullptr) : json(a.parent_code)},
            {"address", a.address}, {"phone", a.phone}, {"email", a.email},
            {"units", units}};
  if (with_children) {
    json ch = json::array();
    for (const auto& c : a.children)
      if (const Agency* x = find(c)) ch.push_back(to_json(*x, true));
    j["children"] = ch;
  }
  return j;
}

json AgencySnapshot::tree_json() const {
  json roots = json::array();
  for (const auto& a : agencies)
    if (a.parent_code.empty()) roots.push_back(to_json(a, true));
  return roots;
}

int AgencyService::import_tree(const json& roots) {
  if (!roots.is_array()) throw DomainError(ErrorKind::bad_input, "agencies_invalid", "Danh sách cơ quan phải là một mảng JSON.");
  static const std::set<std::string> levels = {"tinh", "huyen", "xa"};
  int written = 0;
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& c) {
    std::function<void(const json&, std::optional<int64_t>, int)> put = [&](const json& a, std::optional<int64_t> parent, int order) {
      if (!a.is_object() || !a.contains("code") || !a["code"].is_string() || !a.contains("name") || !a["name"].is_string())
        throw DomainError(ErrorKind::invalid, "agencies_invalid", "Mỗi cơ quan cần có mã (code) và tên (name).");
      std::string code = a["code"], name = text::nfc(a["name"].get<std::string>());
      std::string level = a.value("level", std::string("xa"));
      if (!levels.count(level)) throw DomainError(ErrorKind::invalid, "agencies_invalid", "Cấp của cơ quan " + code + " phải là tinh, huyen hoặc xa.");
      std::vector<store::Value> p = {code,
                                     name,
                                     text::nfc(a.value("short_name", std::string())),
                                     a.value("kind", std::string("ubnd_xa")),
                                     level,
                                     parent ? store::Value(*parent) : store::Value(nullptr),
                                     text::nfc(a.value("address", std::string())),
                                     a.value("phone", std::string()),
                                     a.value("email", std::string()),
                                     a.contains("calendar") ? a["calendar"].dump() : std::string("{}"),
                                     static_cast<int64_t>(order),
                                     now};
      auto r = c.exec("SELECT id FROM agencies WHERE code = $1", {code});
      int64_t id;
      if (r.rows.empty()) {
        id = c.exec(
                  "INSERT INTO agencies (code, name, short_name, kind, level, parent_id, address, phone, email, calendar, "
                  "sort_order, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id",
                  p)
                 .rows.at(0)
                 .i64(0);
      } else {
        id = r.rows[0].i64(0);
        c.exec("UPDATE agencies SET name=$2, short_name=$3, kind=$4, level=$5, parent_id=$6, address=$7, phone=$8, "
               "email=$9, calendar=$10, sort_order=$11 WHERE code=$1",
               {p.begin(), p.end() - 1});
      }
      ++written;
      if (a.contains("units") && a["units"].is_array())
        for (const auto& u : a["units"]) {
          std::string ucode = u.value("code", std::string());
          if (ucode.empty()) throw DomainError(ErrorKind::invalid, "agencies_invalid", "Đơn vị của cơ quan " + code + " thiếu mã.");
          auto ex = c.exec("SELECT id FROM agency_units WHERE agency_id=$1 AND code=$2", {id, ucode});
          if (ex.rows.empty())
            c.exec("INSERT INTO agency_units (agency_id, code, name, kind) VALUES ($1,$2,$3,$4)",
                   {id, ucode, text::nfc(u.value("name", ucode)), u.value("kind", ucode)});
          else
            c.exec("UPDATE agency_units SET name=$3, kind=$4 WHERE agency_id=$1 AND code=$2",
                   {id, ucode, text::nfc(u.value("name", ucode)), u.value("kind", ucode)});
        }
      int i = 0;
      if (a.contains("children") && a["children"].is_array())
        for (const auto& ch : a["children"]) put(ch, id, i++);
    };
    int i = 0;
    for (const auto& r : roots) put(r, std::nullopt, i++);
  });
  invalidate();
  return written;
}

void AgencyService::invalidate() {
  std::lock_guard lk(mu_);
  snap_.reset();
}

std::shared_ptr<const AgencySnapshot> AgencyService::snapshot() {
  std::lock_guard lk(mu_);
  if (!snap_) snap_ = load();
  return snap_;
}

std::shared_ptr<const AgencySnapshot> AgencyService::load() {
  static std::atomic<uint64_t> generations{0};
  auto s = std::make_shared<AgencySnapshot>();
  s->generation = ++generations;
  std::vector<Agency> all;
  std::map<int64_t, size_t> by_id;
  db_.read([&](store::Conn& c) {
    auto r = c.exec(
        "SELECT a.id, a.code, a.name, a.short_name, a.kind, a.level, p.code, a.address, a.phone, a.email, a.calendar "
        "FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id ORDER BY a.sort_order, a.id");
    for (const auto& row : r.rows) {
      Agency a;
      a.id = row.i64(0);
      a.code = row.str(1);
      a.name = row.str(2);
      a.short_name = row.str(3);
      a.kind = row.str(4);
      a.level = row.str(5);
      a.parent_code = row.str(6);
      a.address = row.str(7);
      a.phone = row.str(8);
      a.email = row.str(9);
      a.calendar = json::parse(row.str(10), nullptr, false);
      by_id[a.id] = all.size();
      all.push_back(std::move(a));
    }
    auto u = c.exec("SELECT agency_id, code, name, kind FROM agency_units ORDER BY id");
    for (const auto& row : u.rows) {
      auto it = by_id.find(row.i64(0));
      if (it != by_id.end()) all[it->second].units.push_back({row.str(1), row.str(2), row.str(3)});
    }
  });
  // depth-first order from roots
  std::map<std::string, std::vector<size_t>> kids;
  for (size_t i = 0; i < all.size(); ++i) kids[all[i].parent_code].push_back(i);
  std::function<void(size_t)> visit = [&](size_t i) {
    Agency a = all[i];
    for (size_t k : kids[a.code]) a.children.push_back(all[k].code);
    s->by_code[a.code] = s->agencies.size();
    s->agencies.push_back(a);
    for (size_t k : kids[all[i].code]) visit(k);
  };
  for (size_t i : kids[""]) visit(i);
  return s;
}

accounts::PolicyContext policy_context(const AgencySnapshot& ag) {
  accounts::PolicyContext ctx;
  ctx.within = [&ag](const std::string& code, const std::string& anc) { return ag.within(code, anc); };
  ctx.require_second_factor = false;
  return ctx;
}

}  // namespace motcua::services
