// The personal data store (kho dữ liệu điện tử của tổ chức, cá nhân; R13, R14, R15, R26): each citizen's and
// organisation's papers and e-results, reused in later dossiers instead of uploading again. The rules are
// domain/docstore/reuse.h; this is their storage.
//
// Contract
//  - on_result_returned(c, r, now), in the return-result transaction: when the dossier has an applicant account,
//    a result file and its pinned procedure names result_doc_type, the result enters the applicant's store: code
//    <applicant id number>.<doc type code>, issuer, issue time = now, valid_until from valid_months, the verify id
//    of a signed result. Once per dossier (a second return adds nothing).
//  - on_digitized(...): see below.
//  - mine(who, page, per_page): the caller's own items, newest first (citizens and organisations; others get an
//    empty list). reusable(owner, doc_type, now): the owner's items a component of that type may reuse.
//  - resolve(c, item_id, owner, wanted_doc_type, now): the item for a dossier document, or DomainError invalid
//    (422) with esign-style Vietnamese reason from docstore::why_not — unknown ids read as "not in your store" (no
//    oracle of other people's items).
//  - The store is private: an item's file is read only by its owner (the file belongs to the dossier it came from)
//    and by officers of a dossier that reuses it (the dossier's documents route).
//  - counts(agencies, from, to): the digitization measures over dossiers received in [from, to) at those agencies
//    (empty = all): with a digitized component (source desk with a file), a reused component, a signed e-result.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/accounts/principal.h"
#include "domain/docstore/reuse.h"
#include "store/db.h"

namespace motcua::services {

struct StoreItem {
  std::string id, code, doc_type_code, doc_type_name, issuer_name, file_id, source, dossier_id, dossier_code, verify_id;
  int64_t issued_at = 0, valid_until = 0, revoked_at = 0, owner_user_id = 0;
};

struct ReturnedResult {
  int64_t dossier_id = 0, applicant_user_id = 0;
  std::string applicant_id_number, result_file, result_verify_id, issuer_name;
  const nlohmann::json* result_doc_type = nullptr;  // of the pinned procedure version
};

class PersonalStore {
 public:
  explicit PersonalStore(store::Db& db) : db_(db) {}
  void on_result_returned(store::Conn& c, const ReturnedResult& r, int64_t now_ms) const;
  // A paper scanned at the desk (dossier document source "desk") for a component with a doc_type: an item of the
  // applicant's store (source digitized, issuer "Số hóa tại Bộ phận Một cửa – <agency>"), when the dossier has an
  // applicant account. Once per dossier and document type.
  void on_digitized(store::Conn& c, int64_t dossier_id, const std::string& doc_type, const std::string& doc_name, const std::string& file_id,
                    int64_t now_ms) const;
  std::vector<StoreItem> mine(const accounts::Principal& who, int page, int per_page, int* total) const;
  std::vector<StoreItem> reusable(int64_t owner_user_id, const std::string& doc_type, int64_t now_ms) const;
  // The same for the account with this CCCD / tax code (the desk's intake page, after looking the applicant up).
  std::vector<StoreItem> reusable_for(const std::string& id_number, const std::string& doc_type, int64_t now_ms) const;
  StoreItem resolve(store::Conn& c, const std::string& item_id, int64_t owner_user_id, const std::string& wanted_doc_type, int64_t now_ms) const;
  docstore::Counts counts(const std::vector<std::string>& agencies, int64_t from_ms, int64_t to_ms) const;

 private:
  store::Db& db_;
};

}  // namespace motcua::services
