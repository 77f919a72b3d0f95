#include "domain/catalog/processing_time.h"

#include <cmath>
#include <cstdio>

#include "domain/catalog/procedure.h"

namespace motcua::catalog {

double statutory_amount(const nlohmann::json& doc, int channel) {
  if (!doc.is_object() || !doc.contains("processing_time") || !doc["processing_time"].is_object()) return 0;
  const auto& pt = doc["processing_time"];
  if (channel == 2 && pt.contains("online_amount") && pt["online_amount"].is_number()) return pt["online_amount"].get<double>();
  return pt.contains("amount") && pt["amount"].is_number() ? pt["amount"].get<double>() : 0;
}

std::string same_day_text(const nlohmann::json& pt) {
  std::string cut = pt.is_object() ? pt.value("cutoff", std::string("15:00")) : std::string("15:00");
  if (cut.size() != 5) cut = "15:00";
  std::string h = cut.substr(0, 2), m = cut.substr(3, 2);
  if (h[0] == '0') h = h.substr(1);
  return "trong ngày (tiếp nhận sau " + h + (m == "00" ? " giờ" : " giờ " + m) + " thì trả kết quả trong ngày làm việc tiếp theo)";
}

std::string statutory_time_text(const nlohmann::json& doc, int channel) {
  if (!doc.is_object() || !doc.contains("processing_time") || !doc["processing_time"].is_object()) return "";
  if (doc["processing_time"].value("unit", std::string()) == "same_day") return same_day_text(doc["processing_time"]);
  double a = statutory_amount(doc, channel);
  std::string n;
  if (std::floor(a) == a) {
    n = std::to_string(static_cast<long long>(a));
  } else {
    char b[32];
    std::snprintf(b, sizeof b, "%g", a);
    n = b;
    for (auto& ch : n)
      if (ch == '.') ch = ',';
  }
  return n + " " + time_unit_label(doc["processing_time"].value("unit", std::string()));
}

}  // namespace motcua::catalog
