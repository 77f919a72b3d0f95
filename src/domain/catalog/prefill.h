// Prefill of an e-form from the applicant's own account and from the national databases (R26, R46; issue 13):
// a citizen signed in should not type their name, identification number, date of birth, residence, phone and
// e-mail into every form.
//
// Contract
// - A form field declares where its value may come from with "prefill": one of kPrefillSources (full_name,
//   id_number, tax_code, date_of_birth, phone, email, representative, residence, ethnicity, nationality,
//   organisation_name, organisation_address). check_schema (form_schema.h) refuses any other source.
// - prefill(schema, facts): for every field declaring a source the account knows (non-empty), its value (a date
//   field gets YYYY-MM-DD) and its name in `fields`, in schema order. Facts the account does not have are left
//   for the applicant to type. The values stay editable: the page marks them ("Lấy từ tài khoản"), the applicant
//   may change them, and validation is the same as for typed values.
// - `verified` says the identity facts (full_name, id_number, date_of_birth) were confirmed by the national
//   identity provider (VNeID); the page then says "đã xác thực qua VNeID".
// - The same facts come from a national database (services/natdb: population by ID number, business
//   registration by tax code); `FactSource` says where a set of facts came from and the page names it.
// - taken_from(schema, facts, values): the fields of a submitted form whose value is still exactly what the
//   facts would prefill — the fields the dossier records as taken from that source (changed values are the
//   applicant's own).
#pragma once
#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::catalog {

inline constexpr std::array<std::string_view, 12> kPrefillSources = {
    "full_name", "id_number", "tax_code", "date_of_birth", "phone", "email", "representative",
    "residence",  // nơi cư trú (current residence, else permanent)
    "ethnicity", "nationality",
    "organisation_name", "organisation_address"};  // tên, địa chỉ trụ sở của tổ chức / doanh nghiệp
bool known_prefill_source(std::string_view s) noexcept;
std::string prefill_sources_list();  // "full_name, id_number, …" for messages

struct AccountFacts {
  std::string full_name, id_number, tax_code, date_of_birth, phone, email, representative;
  bool verified = false;  // national_id_verified
  std::string residence, ethnicity, nationality, organisation_name, organisation_address;
};

enum class FactSource { account, population_db, business_db };
// "tài khoản của bạn", "CSDL quốc gia về dân cư", "CSDL quốc gia về đăng ký doanh nghiệp"
std::string_view source_label(FactSource s) noexcept;
std::string_view source_code(FactSource s) noexcept;  // account, population_db, business_db (stored on the dossier)

struct Prefill {
  nlohmann::json values = nlohmann::json::object();  // field name → value
  std::vector<std::string> fields;                   // the prefilled field names, in schema order
};

Prefill prefill(const nlohmann::json& schema, const AccountFacts& facts);
std::vector<std::string> taken_from(const nlohmann::json& schema, const AccountFacts& facts, const nlohmann::json& values);

}  // namespace motcua::catalog
