// The QĐ 766 index — contract in index766.h.
#include "domain/reports/index766.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "domain/errors.h"

namespace motcua::reports {

namespace {

const std::vector<std::pair<std::string, std::string>>& groups() {
  static const std::vector<std::pair<std::string, std::string>> g = {{"publicity", "Công khai, minh bạch"},
                                                                      {"progress", "Tiến độ giải quyết"},
                                                                      {"online", "Dịch vụ công trực tuyến"},
                                                                      {"digitization", "Số hóa hồ sơ"},
                                                                      {"satisfaction", "Mức độ hài lòng"}};
  return g;
}

DomainError bad(const std::string& msg) { return DomainError(ErrorKind::invalid, "bad_index_table", "Bảng chỉ số QĐ 766 không hợp lệ: " + msg); }

}  // namespace

std::vector<IndicatorDef> default_table() {
  return {
      {"publicity", "publicity", "Công khai thủ tục hành chính", 18, 100},
      {"on_time", "progress", "Tỷ lệ hồ sơ giải quyết đúng hạn", 20, 100},
      {"online_procs", "online", "Tỷ lệ thủ tục cung cấp dịch vụ công trực tuyến", 6, 80},
      {"online_share", "online", "Tỷ lệ hồ sơ nộp trực tuyến", 8, 50},
      {"online_payment", "online", "Tỷ lệ thanh toán trực tuyến", 8, 80},
      {"e_result", "digitization", "Tỷ lệ trả kết quả điện tử", 8, 80},
      {"digitized", "digitization", "Tỷ lệ hồ sơ được số hóa", 7, 80},
      {"reused", "digitization", "Tỷ lệ tái sử dụng dữ liệu số hóa", 7, 80},
      {"satisfaction", "satisfaction", "Mức độ hài lòng", 18, 90},
  };
}

std::vector<IndicatorDef> parse_table(const std::string& json_text) {
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_object() || !j.contains("indicators") || !j["indicators"].is_array()) throw bad("cần {\"indicators\": [...]}.");
  auto table = default_table();
  std::set<std::string> seen;
  for (const auto& x : j["indicators"]) {
    if (!x.is_object() || !x.contains("id") || !x["id"].is_string()) throw bad("mỗi chỉ số cần có id.");
    std::string id = x["id"];
    auto it = std::find_if(table.begin(), table.end(), [&](const IndicatorDef& d) { return d.id == id; });
    if (it == table.end()) throw bad("không có chỉ số \"" + id + "\".");
    if (!seen.insert(id).second) throw bad("chỉ số \"" + id + "\" lặp lại.");
    for (const char* k : {"max", "threshold"})
      if (x.contains(k) && (!x[k].is_number() || x[k].get<double>() < 0 || (std::string(k) == "threshold" && x[k].get<double>() > 100)))
        throw bad(std::string(k) + " của \"" + id + "\" phải là số từ 0" + (std::string(k) == "threshold" ? " đến 100." : "."));
    if (x.contains("max")) it->max = x["max"].get<double>();
    if (x.contains("threshold")) it->threshold = x["threshold"].get<double>();
  }
  return table;
}

std::optional<double> indicator_score(const IndicatorDef& d, std::optional<double> rate) {
  if (!rate) return std::nullopt;
  double r = std::clamp(*rate, 0.0, 100.0);
  if (d.threshold <= 0 || r >= d.threshold) return d.max;
  return r * d.max / d.threshold;
}

Index766 evaluate(const std::vector<IndicatorDef>& table, const std::map<std::string, std::optional<double>>& rates) {
  Index766 out;
  for (const auto& [gid, gname] : groups()) out.groups.push_back({gid, gname, 0, 0, std::nullopt});
  for (const auto& d : table) {
    auto it = rates.find(d.id);
    std::optional<double> rate = it == rates.end() ? std::nullopt : it->second;
    IndicatorScore s{d, rate, indicator_score(d, rate)};
    for (auto& g : out.groups)
      if (g.id == d.group) {
        g.max += d.max;
        if (s.score) {
          g.available_max += d.max;
          g.score = g.score.value_or(0) + *s.score;
        }
      }
    if (s.score) {
      out.available_max += d.max;
      out.score = out.score.value_or(0) + *s.score;
    }
    out.indicators.push_back(std::move(s));
  }
  if (out.score && out.available_max > 0) out.index = *out.score / out.available_max * 100.0;
  return out;
}

}  // namespace motcua::reports
