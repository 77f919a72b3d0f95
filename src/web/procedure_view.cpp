#include "web/procedure_view.h"

#include <algorithm>
#include <map>

#include "domain/catalog/form_schema.h"
#include "domain/catalog/processing_time.h"

#include "domain/catalog/procedure.h"
#include "domain/format.h"

namespace motcua::web {

using nlohmann::json;

namespace {
std::string num(const json& v) {
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) {
    double d = v.get<double>();
    if (d == static_cast<int64_t>(d)) return std::to_string(static_cast<int64_t>(d));
    std::string s = std::to_string(d);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    for (auto& c : s)
      if (c == '.') c = ',';
    return s;
  }
  return v.is_string() ? v.get<std::string>() : "";
}
}  // namespace

std::string processing_time_text(const json& t) {
  if (!t.is_object()) return "";
  if (t.value("unit", std::string()) == "same_day") {  // "trong ngày": the end of the day, next working day after the cut-off
    std::string s = catalog::same_day_text(t);
    s[0] = 'T';
    return s;
  }
  std::string s = num(t.value("amount", json(0))) + " " + catalog::time_unit_label(t.value("unit", std::string()));
  if (t.contains("online_amount") && t["online_amount"].is_number())
    s += " (nộp trực tuyến: " + num(t["online_amount"]) + " " + catalog::time_unit_label(t.value("unit", std::string())) + ")";
  return s;
}

json procedure_row(const services::ProcEntry& e, const services::ProcVersion& v) {
  const json& d = *v.doc;
  json levels = json::array();
  for (const auto& l : d["levels"]) levels.push_back(catalog::level_label(l.get<std::string>()));
  std::string lv;
  for (const auto& l : levels) lv += (lv.empty() ? "" : ", ") + l.get<std::string>();
  return {{"code", e.code},
          {"name", d["name"]},
          {"field", d["field"]["name"]},
          {"levels", lv},
          {"online_level", catalog::online_level_label(d["online_level"].get<std::string>())},
          {"online_service", catalog::online_service_label(d["online_level"].get<std::string>())},
          {"online_full", d["online_level"] == "toan_trinh"},
          {"target", num(d["target_online_ratio"])},
          {"has_target", d["target_online_ratio"].get<int>() > 0},
          {"time", processing_time_text(d["processing_time"])},
          {"elsewhere", !d["provided_elsewhere"].is_null()},
          {"suspended", e.state == catalog::ProcState::suspended},
          {"abolished", e.state == catalog::ProcState::abolished},
          {"draft", e.state == catalog::ProcState::draft},
          {"state_label", catalog::label_vi(e.state)}};
}

json form_fields(const json& schema, const json& values, const json& errors, const json& prefilled, bool verified, const json& national,
                 const std::string& national_label) {
  json out = json::array();
  if (!schema.is_object() || !schema.contains("fields")) return out;
  const int64_t now = fmt::now_ms();
  for (const auto& f : schema["fields"]) {
    std::string name = f.value("name", std::string());
    std::string type = f.value("type", std::string("text"));
    json v = values.is_object() && values.contains(name) ? values[name] : json("");
    std::string value = v.is_string() ? v.get<std::string>() : (v.is_boolean() ? (v.get<bool>() ? "on" : "") : "");
    json field = {{"name", name},
                  {"id", "f_" + name},
                  {"label", f.value("label", name)},
                  {"help", f.value("help", std::string())},
                  {"required", f.value("required", false)},
                  {"value", value},
                  {"checked", value == "on" || value == "true"},
                  {"is_" + type, true},
                  {"input_type", type == "email" ? "email" : type == "phone" ? "tel" : type == "date" ? "date" : type == "number" ? "number" : "text"},
                  {"is_input", type == "text" || type == "email" || type == "phone" || type == "date" || type == "number" || type == "id_number"},
                  {"inputmode", type == "id_number" || type == "phone" ? json("numeric") : json(false)},  // "" would print inputmode=""
                  {"maxlength", f.contains("max_length") ? num(f["max_length"]) : (type == "textarea" ? "5000" : "500")}};
    if (type == "select" || type == "radio") {
      json ch = json::array();
      for (const auto& [cv, label] : catalog::field_choices(f))
        ch.push_back({{"value", cv}, {"label", label}, {"selected", cv == value}, {"id", "f_" + name + "_" + cv}});
      field["focus_id"] = type == "radio" && !ch.empty() ? ch[0]["id"] : json("f_" + name);
      field["choices"] = ch;
    } else {
      field["focus_id"] = "f_" + name;
    }
    if (type == "date") {  // the browser's date picker stops at the same bounds the server checks
      for (const char* k : {"min", "max"})
        if (std::string b = catalog::date_bound(f, k, now); !b.empty()) field[k] = b;  // absent, not "" (mustache)
    }
    // A question that applies only after a given answer ("show_if"): the page's script shows it when that answer is
    // chosen; without the script it stays visible with this hint, and the server ignores it when it does not apply.
    if (f.contains("show_if") && f["show_if"].is_object()) {
      const auto& c = f["show_if"];
      std::string on = c.value("field", std::string()), on_label = on;
      json on_values = c.contains("in") && c["in"].is_array() ? c["in"] : json::array({c.value("equals", json(""))});
      std::vector<std::pair<std::string, std::string>> on_choices;
      for (const auto& g : schema["fields"])
        if (g.is_object() && g.value("name", std::string()) == on) {
          on_label = g.value("label", on);
          on_choices = catalog::field_choices(g);
        }
      std::string joined, shown;
      for (const auto& w : on_values) {
        std::string wv = w.is_string() ? w.get<std::string>() : w.is_boolean() ? (w.get<bool>() ? "true" : "false") : "";
        joined += (joined.empty() ? "" : "|") + wv;
        std::string wl = wv == "true" ? "được đánh dấu" : wv;
        for (const auto& [cv, cl] : on_choices)
          if (cv == wv) wl = cl;
        shown += (shown.empty() ? "“" : "” hoặc “") + wl;
      }
      field["cond"] = {{"field", on}, {"values", joined}, {"hint", "Chỉ điền khi “" + on_label + "” là " + shown + "”."}};
    }
    if (errors.is_object() && errors.contains(name)) field["error"] = errors[name];
    if (national.is_object() && national.contains(name) && national[name] == v) {
      field["prefill_national"] = national_label;
    } else if (prefilled.is_object() && prefilled.contains(name) && prefilled[name] == v) {
      field["prefilled"] = true;
      field["prefill_verified"] = verified;
    }
    out.push_back(field);
  }
  return out;
}

json procedure_view(const services::CatalogService& svc, const services::ProcEntry& e, const services::ProcVersion& v, int64_t now) {
  const json& d = *v.doc;
  json j = procedure_row(e, v);
  j["competent_agency"] = d.value("competent_agency", std::string());
  j["receiving_place"] = d.value("receiving_place", std::string());
  j["applicant_description"] = d.value("applicant_description", std::string());
  json applicants = json::array();
  for (const auto& a : d["applicants"]) applicants.push_back(catalog::applicant_label(a.get<int>()));
  j["applicants"] = applicants;
  j["result"] = d.value("result", std::string());
  j["requirements"] = d.value("requirements", std::string());
  j["steps"] = d["steps"];
  j["has_steps"] = !d["steps"].empty();
  json methods = json::array();
  for (const auto& m : d["methods"])
    methods.push_back({{"channel", catalog::channel_label(m.value("channel", std::string()))}, {"description", m.value("description", std::string())}});
  j["methods"] = methods;
  json comps = json::array();
  int i = 0;
  bool any_template = false;
  for (const auto& c : d["components"]) {
    bool t = c.contains("template") && c["template"].is_string() && !c["template"].get<std::string>().empty();
    any_template |= t;
    // "1 bản chính, 1 bản sao có chứng thực": what to bring, in words, readable on a phone.
    std::string copies;
    for (auto [key, label] : {std::pair{"original", "bản chính"}, std::pair{"certified", "bản sao có chứng thực"}, std::pair{"photo", "bản chụp (photo)"}})
      if (std::string n = num(c.value(key, json(0))); !n.empty() && n != "0") copies += (copies.empty() ? "" : ", ") + n + " " + label;
    comps.push_back({{"n", ++i},
                     {"copies", copies.empty() ? "Không yêu cầu bản giấy" : "Số lượng: " + copies},
                     {"name", c.value("name", std::string())},
                     {"original", num(c.value("original", json(0)))},
                     {"certified", num(c.value("certified", json(0)))},
                     {"photo", num(c.value("photo", json(0)))},
                     {"mandatory", c.value("mandatory", true)},
                     {"note", c.value("note", std::string()).empty() ? json(false) : json(c["note"])},
                     {"template", t ? c["template"] : json(false)},  // mustache: "" would print an empty "Mẫu:"
                     {"template_form", c.value("template_form", false)}});
  }
  j["components"] = comps;
  j["has_components"] = !comps.empty();
  j["sets"] = num(d["sets"]);
  j["time"] = processing_time_text(d["processing_time"]);
  j["time_note"] = d["processing_time"].value("note", std::string());
  json fees = json::array();
  for (const auto& f : d["fees"]) {
    int64_t amount = f.value("amount", int64_t{0});
    fees.push_back({{"name", f.value("name", std::string())},
                    {"amount", amount == 0 ? std::string("Miễn phí") : fmt::money(amount)},
                    {"per", f.value("per", std::string("dossier")) == "copy" ? "mỗi bản" : "mỗi hồ sơ"},
                    {"exemptions", f.value("exemptions", std::string())},
                    {"note", f.value("note", std::string())}});
  }
  j["fees"] = fees;
  j["has_fees"] = !fees.empty();
  json legal = json::array();
  for (const auto& l : d["legal_basis"]) {
    std::string date;
    if (l.contains("date") && l["date"].is_string())
      if (auto ms = fmt::parse_iso_date(l["date"].get<std::string>())) date = fmt::date(*ms);
    legal.push_back({{"number", l.value("number", std::string())}, {"title", l.value("title", std::string())}, {"date", date}});
  }
  j["legal_basis"] = legal;
  json process = json::array();
  double total = 0;
  int s = 0;
  for (const auto& p : d["internal_process"]) {
    double h = p.value("hours", 0.0);
    total += h;
    static const std::map<std::string, std::string> roles = {{"desk", "Bộ phận Một cửa"}, {"specialist", "Công chức chuyên môn"}, {"leader", "Lãnh đạo"}};
    std::string role = p.value("role", std::string());
    process.push_back({{"n", ++s},
                       {"name", p.value("name", std::string())},
                       {"unit", p.value("unit", std::string())},
                       {"role", roles.count(role) ? roles.at(role) : role},
                       {"hours", num(p.value("hours", json(0)))}});
  }
  j["internal_process"] = process;
  j["has_process"] = !process.empty();
  j["process_total"] = num(json(total));
  json policy = json::array();
  for (int t = 1; t <= 4; ++t) {
    std::string key = std::to_string(t);
    json chans = json::array();
    if (d["channel_policy"].contains(key)) {
      for (const auto& c : d["channel_policy"][key]) chans.push_back(catalog::channel_label(c.get<std::string>()));
    } else {
      for (const auto& m : d["methods"]) chans.push_back(catalog::channel_label(m.value("channel", std::string())));
    }
    std::string txt;
    for (const auto& c : chans) txt += (txt.empty() ? "" : ", ") + c.get<std::string>();
    policy.push_back({{"applicant", catalog::applicant_label(t)}, {"channels", txt.empty() ? "—" : txt}});
  }
  j["channel_policy"] = policy;
  j["receive_any_boundary"] = d.value("receive_any_boundary", false);
  if (!d["provided_elsewhere"].is_null()) {
    j["elsewhere_url"] = d["provided_elsewhere"].value("url", std::string());
    j["elsewhere_by"] = d["provided_elsewhere"].value("by", std::string());
    j["elsewhere_note"] = d["provided_elsewhere"].value("note", std::string());
  }
  json needs = d.value("needs_verification", json::array());
  j["needs_verification"] = !needs.empty();
  // The parts of the document to check, in the words of the page (never the document's key names).
  static const std::map<std::string, std::string> part_names = {
      {"code", "mã thủ tục"}, {"name", "tên thủ tục"}, {"steps", "trình tự thực hiện"}, {"methods", "cách thức thực hiện"},
      {"components", "thành phần hồ sơ"}, {"processing_time", "thời hạn giải quyết"}, {"fees", "phí, lệ phí"},
      {"requirements", "yêu cầu, điều kiện"}, {"legal_basis", "căn cứ pháp lý"}, {"internal_process", "quy trình nội bộ"},
      {"online_level", "mức độ dịch vụ công trực tuyến"}, {"legacy_online_level", "mức độ dịch vụ công trực tuyến"},
      {"form_schema", "biểu mẫu điện tử"}, {"result", "kết quả thực hiện"}, {"competent_agency", "cơ quan thực hiện"}};
  std::vector<std::string> parts;
  for (const auto& n : needs) {
    auto it = part_names.find(n.is_string() ? n.get<std::string>() : "");
    std::string label = it == part_names.end() ? "nội dung khác" : it->second;
    if (std::find(parts.begin(), parts.end(), label) == parts.end()) parts.push_back(label);
  }
  std::string nv;
  for (const auto& n : parts) nv += (nv.empty() ? "" : "; ") + n;
  j["needs_verification_list"] = nv;
  j["has_eform"] = d.contains("form_schema") && !d["form_schema"]["fields"].empty();
  j["online_allowed"] = d["online_level"] != "thong_tin" && d["provided_elsewhere"].is_null() && e.state == catalog::ProcState::active;
  j["has_template"] = any_template;
  // versions
  json versions = json::array();
  for (const auto& x : e.versions) {
    if (x.state != "published") continue;
    json vj = svc.version_json(e, x, now);
    versions.push_back({{"version", x.version_no},
                        {"status", vj["status_label"]},
                        {"is_current", vj["status"] == "current"},
                        {"shown", x.version_no == v.version_no},
                        {"from", x.effective_from ? fmt::date(x.effective_from) : ""},
                        {"to", vj["effective_to"].is_null() ? "" : fmt::date(*fmt::parse_iso_date(vj["effective_to"].get<std::string>()))},
                        {"note", x.note},
                        {"url", "/thu-tuc/" + e.code + "/phien-ban/" + std::to_string(x.version_no)}});
  }
  j["versions"] = versions;
  j["version"] = v.version_no;
  j["effective_from"] = v.effective_from ? fmt::date(v.effective_from) : "";
  const auto* cur = e.current(now);
  j["is_current"] = cur && cur->version_no == v.version_no;
  j["not_yet_effective"] = v.state == "published" && v.effective_from > now;
  return j;
}

}  // namespace motcua::web
