#include "domain/catalog/form_schema.h"

#include <optional>
#include <regex>
#include <set>
#include <unordered_map>

#include "domain/catalog/prefill.h"
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

std::string label_of(const nlohmann::json& f) {
  if (f.contains("label") && f["label"].is_string()) return f["label"].get<std::string>();
  return f.value("name", std::string("?"));
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

}  // namespace

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
    if (type == "select" || type == "radio") {
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
  std::set<std::string> known;
  for (const auto& f : schema["fields"]) {
    if (!f.is_object()) continue;
    std::string name = f.value("name", std::string());
    known.insert(name);
    std::string type = f.value("type", std::string("text"));
    std::string label = label_of(f);
    bool required = f.value("required", false);
    const nlohmann::json* v = values.contains(name) ? &values[name] : nullptr;

    if (type == "checkbox") {
      bool checked = v && ((v->is_boolean() && v->get<bool>()) ||
                           (v->is_string() && (*v == "on" || *v == "true" || *v == "1")));
      if (v && !v->is_boolean() && !v->is_string()) errs.push_back({name, "\"" + label + "\": giá trị không hợp lệ."});
      else if (required && !checked) errs.push_back({name, "Vui lòng xác nhận \"" + label + "\"."});
      continue;
    }
    std::string s;
    if (v && v->is_string()) s = text::trim(v->get<std::string>());
    else if (v && v->is_number()) s = v->dump();
    else if (v && !v->is_null()) {
      errs.push_back({name, "\"" + label + "\": giá trị phải là chuỗi ký tự."});
      continue;
    }
    if (s.empty()) {
      if (required) errs.push_back({name, "Vui lòng nhập \"" + label + "\"."});
      continue;
    }
    if (!text::valid_utf8(s)) {
      errs.push_back({name, "\"" + label + "\": có ký tự không hợp lệ."});
      continue;
    }
    size_t maxlen = f.contains("max_length") && f["max_length"].is_number_integer() && f["max_length"].get<int64_t>() > 0
                        ? static_cast<size_t>(f["max_length"].get<int64_t>())
                        : (type == "textarea" ? 5000 : 500);
    if (text::length(s) > maxlen) {
      errs.push_back({name, "\"" + label + "\": tối đa " + std::to_string(maxlen) + " ký tự."});
      continue;
    }
    if (type == "date") {
      auto d = fmt::parse_iso_date(s);
      if (!d) {
        errs.push_back({name, "\"" + label + "\": ngày không hợp lệ (định dạng năm-tháng-ngày)."});
        continue;
      }
      if (f.contains("min") && f["min"].is_string() && s < f["min"].get<std::string>())
        errs.push_back({name, "\"" + label + "\": không được trước ngày " + fmt::date(*fmt::parse_iso_date(f["min"].get<std::string>()) ) + "."});
      if (f.contains("max") && f["max"].is_string() && f["max"] != "today" && s > f["max"].get<std::string>())
        errs.push_back({name, "\"" + label + "\": không được sau ngày " + fmt::date(*fmt::parse_iso_date(f["max"].get<std::string>())) + "."});
      if (f.value("max", std::string()) == "today" && *d > fmt::now_ms())
        errs.push_back({name, "\"" + label + "\": không được là ngày trong tương lai."});
    } else if (type == "number") {
      char* end = nullptr;
      double x = std::strtod(s.c_str(), &end);
      if (!end || *end != '\0') {
        errs.push_back({name, "\"" + label + "\": phải là số."});
        continue;
      }
      if (f.contains("min") && f["min"].is_number() && x < f["min"].get<double>())
        errs.push_back({name, "\"" + label + "\": không được nhỏ hơn " + f["min"].dump() + "."});
      if (f.contains("max") && f["max"].is_number() && x > f["max"].get<double>())
        errs.push_back({name, "\"" + label + "\": không được lớn hơn " + f["max"].dump() + "."});
    } else if (type == "select" || type == "radio") {
      bool ok = false;
      if (f.contains("choices") && f["choices"].is_array())
        for (const auto& c : f["choices"])
          if (c.is_object() && c.value("value", std::string()) == s) ok = true;
      if (!ok) errs.push_back({name, "\"" + label + "\": lựa chọn không hợp lệ."});
    } else if (type == "email") {
      if (!full_match(R"([^@\s]+@[^@\s]+\.[A-Za-z]{2,})", s))
        errs.push_back({name, "\"" + label + "\": địa chỉ thư điện tử không hợp lệ."});
    } else if (type == "phone") {
      if (!full_match(R"((0|\+84)[0-9]{9,10})", s))
        errs.push_back({name, "\"" + label + "\": số điện thoại không hợp lệ (ví dụ 0912345678)."});
    } else if (type == "id_number") {
      if (auto e = identity::check_cccd(s, current_year)) errs.push_back({name, "\"" + label + "\": " + *e});
    }
    if (f.contains("pattern") && f["pattern"].is_string() && !full_match(f["pattern"].get<std::string>(), s)) {
      std::string msg = f.value("pattern_message", std::string("giá trị không đúng định dạng."));
      errs.push_back({name, "\"" + label + "\": " + msg});
    }
  }
  for (auto it = values.begin(); it != values.end(); ++it)
    if (!known.count(it.key())) errs.push_back({it.key(), "Trường \"" + it.key() + "\" không có trong tờ khai."});
  return errs;
}

}  // namespace motcua::catalog
