#include "domain/catalog/form_schema.h"

#include <optional>
#include <algorithm>
#include <cstdio>
#include <regex>
#include <set>
#include <unordered_map>

#include "domain/catalog/prefill.h"
#include "domain/catalog/reference_lists.h"
#include "domain/format.h"
#include "domain/identity.h"
#include "domain/text.h"

namespace motcua::catalog {
namespace {

const std::set<std::string> kTypes = {"text",  "textarea", "date",  "number",   "select",
                                      "radio", "checkbox", "email", "phone", "id_number"};

bool valid_name(const std::string& n) {
  if (n.empty() || n.size() > 64 || !(n[0] >= 'a' && n[0] <= 'z')) return false;
  for (char c : n)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

// Compiled patterns are cached per thread (schemas reuse a handful of patterns; compiling one costs
// far more than matching it). A pattern that does not compile never matches.
bool full_match(const std::string& pattern, const std::string& v) {
  thread_local std::unordered_map<std::string, std::optional<std::regex>> cache;
  auto it = cache.find(pattern);
  if (it == cache.end()) {
    if (cache.size() > 256) cache.clear();
    std::optional<std::regex> re;
    try {
      re.emplace(pattern, std::regex::ECMAScript);
    } catch (const std::exception&) {
    }
    it = cache.emplace(pattern, std::move(re)).first;
  }
  if (!it->second) return false;
  try {
    return std::regex_match(v, *it->second);
  } catch (const std::exception&) {
    return false;
  }
}

// "today", "today-150y", "today+30d", "today-6m" → ISO date relative to `now`; a plain ISO date as is.
std::string resolve_bound(const std::string& b, int64_t now) {
  if (b.rfind("today", 0) != 0) return fmt::parse_iso_date(b) ? b : "";
  std::string today = fmt::iso_date(now);
  if (b == "today") return today;
  std::string rest = b.substr(5);
  if (rest.size() < 3 || (rest[0] != '-' && rest[0] != '+')) return "";
  char unit = rest.back();
  std::string digits = rest.substr(1, rest.size() - 2);
  if (digits.empty() || digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos) return "";
  int n = std::stoi(digits) * (rest[0] == '-' ? -1 : 1);
  if (unit == 'd') return fmt::iso_date(now + int64_t{n} * 86400000);
  if (unit != 'y' && unit != 'm') return "";
  int y = std::stoi(today.substr(0, 4)), m = std::stoi(today.substr(5, 2)), d = std::stoi(today.substr(8, 2));
  int months = y * 12 + (m - 1) + (unit == 'y' ? n * 12 : n);
  if (months < 12) return "";
  y = months / 12, m = months % 12 + 1;
  if (y < 1 || y > 9999) return "";
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, std::min(d, last));  // 29/02 a year later → 28/02
  return buf;
}

std::string value_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return "";
}

const nlohmann::json* find_field(const nlohmann::json& schema, const std::string& name) {
  for (const auto& f : schema["fields"])
    if (f.is_object() && f.value("name", std::string()) == name) return &f;
  return nullptr;
}

}  // namespace

bool field_applies(const nlohmann::json& field, const nlohmann::json& values) {
  if (!field.is_object() || !field.contains("show_if") || !field["show_if"].is_object()) return true;
  const auto& c = field["show_if"];
  std::string on = c.value("field", std::string());
  std::string v;
  if (values.is_object() && values.contains(on)) {
    const auto& x = values[on];
    // A checkbox's answer comes as a bool (API) or "on" (a posted form).
    v = x.is_string() && (x == "on" || x == "1") ? "true" : value_text(x);
    v = text::trim(v);
  }
  if (c.contains("equals")) return value_text(c["equals"]) == v;
  if (c.contains("in") && c["in"].is_array())
    for (const auto& w : c["in"])
      if (value_text(w) == v) return true;
  return false;
}

nlohmann::json applicable_values(const nlohmann::json& schema, const nlohmann::json& values) {
  if (!values.is_object() || !schema.is_object() || !schema.contains("fields") || !schema["fields"].is_array()) return values;
  nlohmann::json out = values;
  for (const auto& f : schema["fields"])
    if (f.is_object() && !field_applies(f, values)) out.erase(f.value("name", std::string()));
  return out;
}

std::vector<std::pair<std::string, std::string>> field_choices(const nlohmann::json& field) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!field.is_object()) return out;
  if (field.contains("choices_from") && field["choices_from"].is_string()) {
    if (const auto* list = reference_list(field["choices_from"].get<std::string>()))
      for (const auto& n : *list) out.emplace_back(n, n);
    return out;
  }
  if (field.contains("choices") && field["choices"].is_array())
    for (const auto& c : field["choices"])
      if (c.is_object() && c.contains("value") && c["value"].is_string()) {
        std::string v = c["value"].get<std::string>();
        out.emplace_back(v, c.contains("label") && c["label"].is_string() ? c["label"].get<std::string>() : v);
      }
  return out;
}

std::string date_bound(const nlohmann::json& field, const char* key, int64_t now_ms) {
  if (!field.is_object() || !field.contains(key) || !field[key].is_string()) return "";
  return resolve_bound(field[key].get<std::string>(), now_ms);
}

std::vector<FieldError> check_schema(const nlohmann::json& schema, const std::string& path) {
  std::vector<FieldError> errs;
  if (!schema.is_object() || !schema.contains("fields") || !schema["fields"].is_array()) {
    errs.push_back({path, "Biểu mẫu điện tử phải có danh sách trường (fields)."});
    return errs;
  }
  std::set<std::string> names;
  size_t i = 0;
  for (const auto& f : schema["fields"]) {
    std::string p = path + ".fields[" + std::to_string(i++) + "]";
    if (!f.is_object()) {
      errs.push_back({p, "Mỗi trường phải là một đối tượng."});
      continue;
    }
    std::string name = f.value("name", std::string());
    if (!valid_name(name)) errs.push_back({p + ".name", "Tên trường phải bắt đầu bằng chữ thường a–z, chỉ gồm a–z, 0–9, _."});
    if (!names.insert(name).second) errs.push_back({p + ".name", "Tên trường \"" + name + "\" bị trùng."});
    if (!f.contains("label") || !f["label"].is_string() || text::trim(f["label"].get<std::string>()).empty())
      errs.push_back({p + ".label", "Trường phải có nhãn hiển thị."});
    std::string type = f.value("type", std::string());
    if (!kTypes.count(type)) errs.push_back({p + ".type", "Kiểu trường \"" + type + "\" không được hỗ trợ."});
    if (f.contains("prefill") && (!f["prefill"].is_string() || !known_prefill_source(f["prefill"].get<std::string>())))
      errs.push_back({p + ".prefill", "Nguồn điền sẵn phải là một trong: " + prefill_sources_list() + "."});
    if (f.contains("choices_from")) {
      if (type != "select" || !f["choices_from"].is_string() || !reference_list(f["choices_from"].get<std::string>()))
        errs.push_back({p + ".choices_from", "choices_from chỉ dùng cho trường select, là một trong: " + reference_list_names() + "."});
    } else if (type == "select" || type == "radio") {
      if (!f.contains("choices") || !f["choices"].is_array() || f["choices"].empty())
        errs.push_back({p + ".choices", "Trường lựa chọn phải có danh sách lựa chọn."});
      else
        for (const auto& c : f["choices"])
          if (!c.is_object() || !c.contains("value") || !c["value"].is_string() || !c.contains("label"))
            errs.push_back({p + ".choices", "Mỗi lựa chọn cần có value và label."});
    }
    if (f.contains("pattern")) {
      if (!f["pattern"].is_string()) {
        errs.push_back({p + ".pattern", "Mẫu kiểm tra phải là chuỗi."});
      } else {
        try {
          std::regex re(f["pattern"].get<std::string>(), std::regex::ECMAScript);
        } catch (const std::exception&) {
          errs.push_back({p + ".pattern", "Mẫu kiểm tra (biểu thức chính quy) không hợp lệ."});
        }
      }
    }
    for (const char* k : {"min", "max", "max_length"})
      if (f.contains(k) && !f[k].is_number() && !(type == "date" && f[k].is_string()))
        errs.push_back({p + "." + k, std::string("Giá trị ") + k + " phải là số."});
    for (const char* k : {"min", "max"})
      if (type == "date" && f.contains(k) && f[k].is_string() && date_bound(f, k, 0).empty())
        errs.push_back({p + "." + k, std::string("Giá trị ") + k + " của trường ngày phải là YYYY-MM-DD, \"today\" hoặc dạng \"today-150y\", \"today+30d\", \"today-6m\"."});
    if (f.contains("show_if")) {
      const auto& c = f["show_if"];
      const nlohmann::json* on = c.is_object() && c.contains("field") && c["field"].is_string() ? find_field(schema, c["field"].get<std::string>()) : nullptr;
      std::string on_type = on ? on->value("type", std::string()) : "";
      bool earlier = on && names.count(on->value("name", std::string())) && on != &f;
      if (!earlier || (on_type != "select" && on_type != "radio" && on_type != "checkbox") || !(c.contains("equals") || (c.contains("in") && c["in"].is_array())))
        errs.push_back({p + ".show_if", "show_if cần {\"field\": tên một trường lựa chọn hoặc ô đánh dấu đứng trước, \"in\": [giá trị…]} hoặc \"equals\"."});
    }
  }
  return errs;
}

std::vector<FieldError> validate_values(const nlohmann::json& schema, const nlohmann::json& values, int current_year) {
  std::vector<FieldError> errs;
  if (!values.is_object()) {
    errs.push_back({"form", "Dữ liệu tờ khai phải là một đối tượng JSON."});
    return errs;
  }
  if (!schema.is_object() || !schema.contains("fields") || !schema["fields"].is_array()) return errs;
  const int64_t now = fmt::now_ms();
  std::set<std::string> known;
  for (const auto& f : schema["fields"]) {
    if (!f.is_object()) continue;
    std::string name = f.value("name", std::string());
    known.insert(name);
    if (!field_applies(f, values)) continue;  // a question that does not apply is not asked
    std::string type = f.value("type", std::string("text"));
    bool required = f.value("required", false);
    bool choice = type == "select" || type == "radio";
    const nlohmann::json* v = values.contains(name) ? &values[name] : nullptr;

    if (type == "checkbox") {
      bool checked = v && ((v->is_boolean() && v->get<bool>()) ||
                           (v->is_string() && (*v == "on" || *v == "true" || *v == "1")));
      if (v && !v->is_boolean() && !v->is_string()) errs.push_back({name, "Giá trị không hợp lệ."});
      else if (required && !checked) errs.push_back({name, "Vui lòng đánh dấu ô này để xác nhận."});
      continue;
    }
    std::string s;
    if (v && v->is_string()) s = text::trim(v->get<std::string>());
    else if (v && v->is_number()) s = v->dump();
    else if (v && !v->is_null()) {
      errs.push_back({name, "Giá trị phải là chuỗi ký tự."});
      continue;
    }
    if (s.empty()) {
      if (required)
        errs.push_back({name, type == "select"  ? "Vui lòng chọn một mục trong danh sách."
                              : type == "radio" ? "Vui lòng chọn một phương án."
                              : type == "date"  ? "Vui lòng nhập ngày (ngày/tháng/năm)."
                                                : "Vui lòng nhập thông tin này."});
      continue;
    }
    if (!text::valid_utf8(s)) {
      errs.push_back({name, "Có ký tự không hợp lệ."});
      continue;
    }
    size_t maxlen = f.contains("max_length") && f["max_length"].is_number_integer() && f["max_length"].get<int64_t>() > 0
                        ? static_cast<size_t>(f["max_length"].get<int64_t>())
                        : (type == "textarea" ? 5000 : 500);
    if (text::length(s) > maxlen) {
      errs.push_back({name, "Tối đa " + std::to_string(maxlen) + " ký tự (đang có " + std::to_string(text::length(s)) + ")."});
      continue;
    }
    if (type == "date") {
      if (!fmt::parse_iso_date(s)) {
        errs.push_back({name, "Ngày không có thật hoặc không đúng định dạng; vui lòng nhập lại (ngày/tháng/năm)."});
        continue;
      }
      std::string lo = date_bound(f, "min", now), hi = date_bound(f, "max", now);
      std::string today = fmt::iso_date(now);
      if (!hi.empty() && s > hi)
        errs.push_back({name, hi == today ? "Không được là ngày trong tương lai." : "Không được sau ngày " + fmt::date(*fmt::parse_iso_date(hi)) + "."});
      else if (!lo.empty() && s < lo)
        errs.push_back({name, lo == today ? "Không được là ngày đã qua." : "Không được trước ngày " + fmt::date(*fmt::parse_iso_date(lo)) + "."});
    } else if (type == "number") {
      char* end = nullptr;
      double x = std::strtod(s.c_str(), &end);
      if (!end || *end != '\0') {
        errs.push_back({name, "Vui lòng nhập một số."});
        continue;
      }
      if (f.contains("min") && f["min"].is_number() && x < f["min"].get<double>())
        errs.push_back({name, "Không được nhỏ hơn " + f["min"].dump() + "."});
      if (f.contains("max") && f["max"].is_number() && x > f["max"].get<double>())
        errs.push_back({name, "Không được lớn hơn " + f["max"].dump() + "."});
    } else if (choice) {
      bool ok = false;
      for (const auto& [cv, cl] : field_choices(f)) ok |= cv == s;
      if (!ok) errs.push_back({name, "Lựa chọn không có trong danh sách; vui lòng chọn lại."});
    } else if (type == "email") {
      if (!full_match(R"([^@\s]+@[^@\s]+\.[A-Za-z]{2,})", s))
        errs.push_back({name, "Địa chỉ thư điện tử không hợp lệ (ví dụ ten@example.vn)."});
    } else if (type == "phone") {
      if (!full_match(R"((0|\+84)[0-9]{9,10})", s))
        errs.push_back({name, "Số điện thoại không hợp lệ (ví dụ 0912345678)."});
    } else if (type == "id_number") {
      if (auto e = identity::check_cccd(s, current_year)) errs.push_back({name, *e});
    }
    if (f.contains("pattern") && f["pattern"].is_string() && !full_match(f["pattern"].get<std::string>(), s)) {
      std::string msg = f.value("pattern_message", std::string("Giá trị không đúng định dạng."));
      errs.push_back({name, msg});
    }
  }
  for (auto it = values.begin(); it != values.end(); ++it)
    if (!known.count(it.key())) errs.push_back({it.key(), "Trường \"" + it.key() + "\" không có trong tờ khai."});
  return errs;
}

}  // namespace motcua::catalog
