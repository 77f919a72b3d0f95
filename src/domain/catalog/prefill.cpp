// Prefill of an e-form from the applicant's account (see prefill.h).
#include "domain/catalog/prefill.h"

#include <algorithm>

namespace motcua::catalog {

bool known_prefill_source(std::string_view s) noexcept {
  return std::find(kPrefillSources.begin(), kPrefillSources.end(), s) != kPrefillSources.end();
}

std::string prefill_sources_list() {
  std::string out;
  for (auto s : kPrefillSources) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}

std::string_view source_label(FactSource s) noexcept {
  switch (s) {
    case FactSource::population_db: return "CSDL quốc gia về dân cư";
    case FactSource::business_db: return "CSDL quốc gia về đăng ký doanh nghiệp";
    case FactSource::account: break;
  }
  return "tài khoản của bạn";
}

std::string_view source_code(FactSource s) noexcept {
  switch (s) {
    case FactSource::population_db: return "population_db";
    case FactSource::business_db: return "business_db";
    case FactSource::account: break;
  }
  return "account";
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
  if (s == "residence") return a.residence;
  if (s == "ethnicity") return a.ethnicity;
  if (s == "nationality") return a.nationality;
  if (s == "organisation_name") return a.organisation_name;
  if (s == "organisation_address") return a.organisation_address;
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

std::vector<std::string> taken_from(const nlohmann::json& schema, const AccountFacts& facts, const nlohmann::json& values) {
  std::vector<std::string> out;
  if (!values.is_object()) return out;
  auto p = prefill(schema, facts);
  for (const auto& name : p.fields)
    if (values.contains(name) && values[name] == p.values[name]) out.push_back(name);
  return out;
}

}  // namespace motcua::catalog
