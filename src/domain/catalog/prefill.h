// Prefill of an e-form from the applicant's own account (R26; issue 13 "Prefill from the account"): a citizen
// signed in should not type their name, identification number, date of birth, phone and e-mail into every form.
//
// Contract
// - A form field declares where its value may come from with "prefill": one of kPrefillSources (full_name,
//   id_number, tax_code, date_of_birth, phone, email, representative). check_schema (form_schema.h) refuses any
//   other source.
// - prefill(schema, facts): for every field declaring a source the account knows (non-empty), its value (a date
//   field gets YYYY-MM-DD) and its name in `fields`, in schema order. Facts the account does not have are left
//   for the applicant to type. The values stay editable: the page marks them ("Lấy từ tài khoản"), the applicant
//   may change them, and validation is the same as for typed values.
// - `verified` says the identity facts (full_name, id_number, date_of_birth) were confirmed by the national
//   identity provider (VNeID); the page then says "đã xác thực qua VNeID".
#pragma once
#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::catalog {

inline constexpr std::array<std::string_view, 7> kPrefillSources = {"full_name", "id_number", "tax_code", "date_of_birth",
                                                                    "phone", "email", "representative"};
bool known_prefill_source(std::string_view s) noexcept;

struct AccountFacts {
  std::string full_name, id_number, tax_code, date_of_birth, phone, email, representative;
  bool verified = false;  // national_id_verified
};

struct Prefill {
  nlohmann::json values = nlohmann::json::object();  // field name → value
  std::vector<std::string> fields;                   // the prefilled field names, in schema order
};

Prefill prefill(const nlohmann::json& schema, const AccountFacts& facts);

}  // namespace motcua::catalog
