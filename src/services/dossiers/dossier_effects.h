// Internal to src/services/dossiers: what each action does to one dossier, kept next to its rule —
// one small function per action (dossier_effects.cpp). The skeleton every action shares (load → who
// may act → effect → UPDATE with the row version → history → audit → tell the applicant) is
// DossierService::act_impl (dossier_actions.cpp); an effect only validates its own fields and records
// what changes in the scope. Any throw leaves the dossier unchanged (one transaction).
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "services/dossiers/dossier_internal.h"

namespace motcua::services::dossier_detail {

// Columns to set, rendered as "a = $5, b = $6" after the fixed parameters.
struct Changes {
  std::vector<std::pair<std::string, store::Value>> sets;
  std::vector<std::string> raw;  // e.g. "paused_at = NULL"
  void set(const std::string& col, store::Value v) { sets.emplace_back(col, std::move(v)); }
};

struct ActionScope {
  store::Conn& c;
  const DossierService::Row& r;
  const nlohmann::json& body;
  const accounts::Principal& who;
  dossier::Action action;
  dossier::Actor actor;
  int64_t now;
  std::string reason, note;  // trimmed, NFC
  const AgencySnapshot& ag;
  CatalogService& catalog;
  CalendarService& calendar;
  // DossierService::insert_documents for this dossier (docs, components, owner, source).
  std::function<void(const nlohmann::json&, const nlohmann::json&, int64_t, const std::string&)> insert_documents;
  const PaymentService* payments = nullptr;  // fees (services/payments); null when not wired
  const IssuedDocuments* signing = nullptr;  // signed e-results (services/esign); null when not wired
  const PersonalStore* store = nullptr;      // the personal data store (services/docstore); null when not wired
  const PostService* post = nullptr;         // postal shipments (services/post); null when not wired

  Changes ch{};
  HistoryEntry h{};
  std::optional<motcua::notify::Vars> tell{};  // tell the applicant (the event's template values; domain/notify/templates.h)

  std::string code_or_id() const { return r.code.empty() ? r.public_id : r.code; }
  const nlohmann::json* pinned_doc() const;  // the procedure version the dossier was created under
  void add_request(const std::string& kind, const std::vector<std::string>& items, int64_t amount, const std::string& target, int64_t deadline);
  // Closes the open requests of a kind; due_after (0 = none) is the appointment once a supplement is accepted.
  void close_requests(const std::string& kind, const std::string& answer, int64_t due_after = 0);
  // Resumes a paused clock: the due date moves by exactly the paused working time. Returns the due date now.
  int64_t resume_clock();
  // A specialist or leader AT `agency` (not above it), active.
  bool processing_officer(const std::string& username, const std::string& agency);

  mutable std::shared_ptr<const CatalogSnapshot> snap_ = nullptr;  // held while pinned_doc() is in use
};

using Effect = void (*)(ActionScope&);
Effect effect_of(dossier::Action a);  // never null (accept / refuse have their own paths: a no-op here)

}  // namespace motcua::services::dossier_detail
