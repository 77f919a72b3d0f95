// Reference lists an e-form select may take its choices from ("choices_from" in docs/catalog-format.md),
// so that every procedure asks ethnicity and nationality the same way and with the same spelling:
//  - "dan_toc":   the 54 ethnic groups of Viet Nam (Danh mục các dân tộc Việt Nam, QĐ 121-TCTK/PPCĐ), Kinh first,
//                 then "Người nước ngoài" (a foreigner has no Vietnamese ethnicity).
//  - "quoc_tich": countries and territories by their Vietnamese names, Việt Nam first, the rest in
//                 Vietnamese alphabetical order of the folded name.
// The value stored is the name itself ("Kinh", "Việt Nam"), which is what the national population
// database answers (domain/natdb) and what earlier free-text answers already were.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace motcua::catalog {

// nullptr for an unknown list name.
const std::vector<std::string>* reference_list(std::string_view name);
// "dan_toc, quoc_tich" for messages.
std::string reference_list_names();

}  // namespace motcua::catalog
