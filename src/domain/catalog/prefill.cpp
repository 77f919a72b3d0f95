// Prefill of an e-form from the applicant's account (see prefill.h).
#include "domain/catalog/prefill.h"

#include <algorithm>

namespace motcua::catalog {

bool known_prefill_source(std::string_view s) noexcept {
  return std::find(kPrefillSources.begin(), kPrefillSources.end(), s) != kPrefillSources.end();
}

namespace {
const std::string& fact(const AccountFacts& a, std::string_view s) {
  static const std::string none;
  if (s == "full_name") return a.full_name;
  if (s == "id_number") return a.id_number;
  if (s == "tax_code") return a.tax_code;
  if (s == "date_of_birth") return a.date_of_birth;
  if (s == "phone") return a.phone;
  if (s == "email") return a.email;
  if (s == "representative") return a.representative;
  return none;
}
}  // namespace

Prefill prefill(const nlohmann::json& schema, const AccountFacts& facts) {
  Prefill out;
  if (!schema.is_object() || !schema.contains("fields") || !schema["fields"].is_array()) return out;
  for (const auto& f : schema["fields"]) {
    if (!f.is_object() || !f.contains("prefill") || !f["prefill"].is_string() || !f.contains("name") || !f["name"].is_string()) continue;
    const std::string& v = fact(facts, f["prefill"].get<std::string>());
    if (v.empty()) continue;
    std::string name = f["name"].get<std::string>();
    out.values[name] = v;
    out.fields.push_back(name);
  }
  return out;
}

}  // namespace motcua::catalog
