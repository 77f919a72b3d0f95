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

std::string statutory_time_text(const nlohmann::json& doc, int channel) {
  if (!doc.is_object() || !doc.contains("processing_time") || !doc["processing_time"].is_object()) return "";
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
