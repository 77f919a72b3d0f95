// The personal data store (kho dữ liệu điện tử của tổ chức, cá nhân; R13, R14, R15, R26) as rules: the code of
// a stored paper, which stored item may stand in for a dossier component, and the digitization measures (QĐ 766).
//
// Contract
//  - valid_doc_type_code(s): 1–20 characters of A–Z, 0–9, '.', '-', '_' (the code of a kind of paper, e.g. "GKS").
//  - item_code(id_number, doc_type_code): R14 "<identification number of the person or organisation>.<document
//    type code>" — e.g. "001090000001.GKS". Empty when either part is empty.
//  - reusable(item, wanted_doc_type, owner, now): an item stands in for a component when the component names a
//    document type (doc_type) equal to the item's, the item belongs to the applicant (owner_user_id == owner),
//    is not revoked and still valid at `now` (valid_until 0 = no expiry). why_not() says in Vietnamese why not
//    ("" when reusable).
//  - Arrival of a dossier document (source): "applicant" uploaded online, "supplement" uploaded later, "desk"
//    digitized at the desk from paper (a scan), "reuse" taken from the store. arrival_label() is the Vietnamese.
//  - R15 mandatory digitization: paper_of_component(names_doc_type) — a component that names a document type (a
//    paper an authority issues, e.g. a birth certificate) is the result of an earlier procedure; anything else is the
//    applicant's own paper. digitization_mandatory(p): true for results of earlier procedures, processing results of
//    agencies and final results; other papers are digitized on request or as needed (false).
//  - Measures over dossiers received in a period: shares (0–100, one decimal) of dossiers with at least one
//    digitized component, with a reused component, with an e-result (a signed result); and the number of dossiers
//    with a paper whose digitization is mandatory that was received without its e-copy (mandatory_missing).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace motcua::docstore {

bool valid_doc_type_code(std::string_view s);
std::string item_code(std::string_view id_number, std::string_view doc_type_code);

struct Item {
  int64_t owner_user_id = 0;
  std::string doc_type_code;
  int64_t valid_until = 0;  // 0: no expiry
  bool revoked = false;
};

std::string why_not(const Item& item, std::string_view wanted_doc_type, int64_t owner_user_id, int64_t now_ms);
inline bool reusable(const Item& item, std::string_view wanted_doc_type, int64_t owner_user_id, int64_t now_ms) {
  return why_not(item, wanted_doc_type, owner_user_id, now_ms).empty();
}

std::string_view arrival_label(std::string_view source);

enum class Paper { earlier_result, agency_result, final_result, applicant_paper };
Paper paper_of_component(bool names_doc_type);
bool digitization_mandatory(Paper p);

struct Counts {
  int64_t dossiers = 0, digitized = 0, reused = 0, e_result = 0, mandatory_missing = 0;
};
struct Shares {
  double digitized = 0, reused = 0, e_result = 0;  // percent, one decimal
};
Shares shares(const Counts& c);

}  // namespace motcua::docstore
