#include "domain/catalog/applicants.h"

#include "domain/catalog/procedure.h"
#include "domain/errors.h"

namespace motcua::catalog {

bool applicant_allowed(const nlohmann::json& doc, int t) {
  if (t < 1 || t > 4) return false;
  if (!doc.is_object() || !doc.contains("applicants") || !doc["applicants"].is_array() || doc["applicants"].empty()) return true;
  for (const auto& a : doc["applicants"])
    if (a.is_number_integer() && a.get<int>() == t) return true;
  return false;
}

void check_applicant_type(const nlohmann::json& doc, int t, const std::string& field) {
  if (applicant_allowed(doc, t)) return;
  std::string who;
  if (doc.is_object() && doc.contains("applicants") && doc["applicants"].is_array())
    for (const auto& a : doc["applicants"])
      if (a.is_number_integer()) who += (who.empty() ? "" : ", ") + applicant_label(a.get<int>());
  std::string msg = "Thủ tục này chỉ dành cho đối tượng: " + (who.empty() ? std::string("(không có)") : who) + "; " +
                    applicant_label(t) + " không được nộp hồ sơ thủ tục này.";
  throw DomainError(ErrorKind::invalid, "applicant_type_not_allowed", msg, {{field, "Loại đối tượng không được thực hiện thủ tục này."}});
}

}  // namespace motcua::catalog
