// Identification numbers (DOMAIN.md §3).
//  - check_cccd(s, current_year): 12-digit personal identification number (CCCD / số định danh cá nhân):
//    digits 1–3 a province code of birth registration (the 63 codes 001…096 in use), digit 4 century+sex
//    (0/1 1900s, 2/3 2000s, 4/5 2100s, 6/7 2200s, 8/9 2300s), digits 5–6 the birth year; the birth year
//    must not be in the future. Returns nullopt when valid, else a precise Vietnamese message.
//  - cccd_birth_year / cccd_is_female: decoded parts of a valid number.
//  - check_tax_code(s): 10 digits, or 10 digits + "-" + 3 digits for a branch.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace motcua::identity {

std::optional<std::string> check_cccd(std::string_view s, int current_year);
int cccd_birth_year(std::string_view valid);
bool cccd_is_female(std::string_view valid);
std::optional<std::string> check_tax_code(std::string_view s);

}  // namespace motcua::identity
