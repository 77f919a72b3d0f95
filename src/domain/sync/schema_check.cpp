// The national portal schema check (see schema_check.h).
#include "domain/sync/schema_check.h"

#include <algorithm>
#include <regex>

namespace motcua::sync {

using nlohmann::json;

namespace {

size_t code_points(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool valid_date(const std::string& s) {
  if (s.empty()) return true;
  if (s.size() != 14 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  auto n = [&](size_t at, size_t len) { return std::stoi(s.substr(at, len)); };
  int y = n(0, 4), mo = n(4, 2), d = n(6, 2), h = n(8, 2), mi = n(10, 2), se = n(12, 2);
  if (y < 1975 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[mo - 1] + (mo == 2 && leap ? 1 : 0);
}

bool type_ok(const std::string& type, const json& v) {
  if (type == "string" || type == "date") return v.is_string();
  if (type == "integer") return v.is_number_integer();
  if (type == "array") return v.is_array();
  if (type == "object") return v.is_object();
  return false;
}

void walk(const json& s, const json& v, const std::string& path, std::vector<std::string>& out) {
  std::string type = s.value("type", std::string());
  if (!type_ok(type, v)) {
    out.push_back(path + ": phải là " + type);
    return;
  }
  if (type == "date" && !valid_date(v.get<std::string>())) out.push_back(path + ": ngày giờ phải có dạng yyyyMMddHHmmss hợp lệ");
  if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
    out.push_back(path + ": giá trị " + v.dump() + " không thuộc danh mục");
  if (v.is_string()) {
    const auto& str = v.get_ref<const std::string&>();
    if (s.contains("maxLength") && code_points(str) > s["maxLength"].get<size_t>()) out.push_back(path + ": quá dài");
    if (s.contains("minLength") && code_points(str) < s["minLength"].get<size_t>()) out.push_back(path + ": quá ngắn");
    if (s.contains("pattern")) {
      static thread_local std::map<std::string, std::regex> cache;
      auto p = s["pattern"].get<std::string>();
      auto it = cache.find(p);
      if (it == cache.end()) it = cache.emplace(p, std::regex(p, std::regex::ECMAScript)).first;
      if (!std::regex_match(str, it->second)) out.push_back(path + ": không đúng định dạng");
    }
  }
  if (v.is_number_integer() && s.contains("minimum") && v.get<int64_t>() < s["minimum"].get<int64_t>()) out.push_back(path + ": nhỏ hơn mức tối thiểu");
  if (v.is_array() && s.contains("items"))
    for (size_t i = 0; i < v.size(); ++i) walk(s["items"], v[i], path + "[" + std::to_string(i) + "]", out);
  if (!v.is_object()) return;
  const json& props = s.contains("properties") ? s["properties"] : json::object();
  for (const auto& r : s.value("required", json::array()))
    if (!v.contains(r.get<std::string>())) out.push_back(path + "." + r.get<std::string>() + ": thiếu trường bắt buộc");
  for (const auto& r : s.value("nonEmpty", json::array())) {
    auto k = r.get<std::string>();
    if (v.contains(k) && v[k].is_string() && v[k].get_ref<const std::string&>().empty()) out.push_back(path + "." + k + ": không được để trống");
  }
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (props.contains(it.key()))
      walk(props[it.key()], it.value(), path + "." + it.key(), out);
    else if (s.value("additionalProperties", true) == false)
      out.push_back(path + "." + it.key() + ": trường không có trong lược đồ");
  }
  for (const auto& rule : s.value("rules", json::array())) {
    const auto& when = rule["when"];
    auto f = when["field"].get<std::string>();
    if (!v.contains(f) || std::find(when["in"].begin(), when["in"].end(), v[f]) == when["in"].end()) continue;
    for (const auto& r : rule["nonEmpty"]) {
      auto k = r.get<std::string>();
      if (!v.contains(k) || !v[k].is_string() || v[k].get_ref<const std::string&>().empty())
        out.push_back(path + "." + k + ": bắt buộc khi " + f + " = " + v[f].dump());
    }
  }
}

}  // namespace

std::vector<std::string> check(const json& schema, const json& doc) {
  std::vector<std::string> out;
  walk(schema, doc, "$", out);
  return out;
}

std::string transition_problem(const json& t, std::optional<int> previous, int next) {
  const json& allowed = previous ? t["next"].value(std::to_string(*previous), json::array()) : t["initial"];
  if (std::find(allowed.begin(), allowed.end(), json(next)) != allowed.end()) return "";
  return previous ? "trạng thái " + std::to_string(next) + " không thể tiếp sau trạng thái " + std::to_string(*previous)
                  : "hồ sơ mới phải bắt đầu ở trạng thái " + t["initial"].dump() + ", không phải " + std::to_string(next);
}

}  // namespace motcua::sync
