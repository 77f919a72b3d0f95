// Which agency an address belongs to — used to preselect the receiving agency of an online submission from
// the applicant's residence (nơi cư trú), which a person should not have to find again in a list.
//  - Each candidate is an agency with the place names of itself and its ancestors, nearest first
//    ("Ủy ban nhân dân thị trấn Bến Sung", "Ủy ban nhân dân huyện Như Thanh", "Ủy ban nhân dân tỉnh Thanh Hóa").
//  - A place matches when its name (folded, with or without the unit word: "thị trấn Bến Sung" or "Bến Sung",
//    "TT Bến Sung") occurs in the folded address as whole words. The agency's own place must match; each ancestor
//    that matches too adds to the score. The single best candidate wins; none or a tie gives "" (then the
//    person chooses, nothing is guessed).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace motcua::place {

struct Candidate {
  std::string code;
  std::vector<std::string> names;  // the agency's own name first, then its ancestors'
};

std::string agency_for_address(std::string_view address, const std::vector<Candidate>& candidates);

}  // namespace motcua::place
