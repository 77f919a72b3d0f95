// Dossiers (hồ sơ): online submission, desk intake decisions, reading with access checks, and the
// public lookup. This is the first slice of the dossier lifecycle (issue "Dossier lifecycle"):
// submission (status 1), acceptance (1 → 2 with the dossier code and the appointment from the
// deadline engine), refusal (1 → 3 with a reason); every transition goes through
// dossier::check (the domain state machine) and writes a history row and an audit row in the same
// transaction.
//
// Contract:
//  - submit(): the procedure's current published version is pinned; the e-form is validated against
//    that version's schema; the receiving agency must exist and be of a level the procedure is
//    implemented at; the channel policy for the applicant type must allow online submission.
//  - accept(): the dossier code <agency>-<yyMMdd>-<NNNN> takes the next value of a per-agency, per-day
//    counter inside the same transaction (gapless: a rolled-back acceptance gives its number back;
//    concurrent acceptances are serialized by the counter row's lock).
//  - Access: the applicant reads their own dossiers; staff read the dossiers of agencies within
//    their grants; anyone else gets 404 (not 403: existence is not disclosed).
//  - lookup(code): public, masked applicant name ("Nguyễn V*** A***"), status, procedure, dates.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "domain/accounts/principal.h"
#include "domain/dossier/status.h"
#include "services/agencies/agency_service.h"
#include "services/audit/audit_log.h"
#include "services/calendar/calendar_service.h"
#include "services/catalog/catalog_service.h"
#include "store/db.h"

namespace motcua::services {

class DossierService {
 public:
  DossierService(store::Db& db, AgencyService& agencies, CatalogService& catalog, CalendarService& calendar, AuditLog& audit)
      : db_(db), agencies_(agencies), catalog_(catalog), calendar_(calendar), audit_(audit) {}

  // Online submission by a signed-in citizen/organisation. Returns the dossier JSON (status 1).
  nlohmann::json submit(const nlohmann::json& in, const accounts::Principal& who, const std::string& ip);
  // Desk decisions on a new dossier (status 1).
  nlohmann::json accept(const std::string& id, const accounts::Principal& who, const std::string& ip);
  nlohmann::json refuse(const std::string& id, const std::string& reason, const accounts::Principal& who, const std::string& ip);
  nlohmann::json get(const std::string& id, const accounts::Principal& who);
  // The processing chain after acceptance, through dossier::check: transfer, submit-for-approval,
  // attach-result {file_id: an upload of the acting officer}, approve, return-result {note: who received
  // it}, stop {reason}, withdraw (applicant), confirm-withdrawal. Each writes history + audit rows in the
  // same transaction; an illegal transition is a 409 naming the current status and changes nothing.
  nlohmann::json act(const std::string& id, const std::string& action, const nlohmann::json& body, const accounts::Principal& who,
                     const std::string& ip);
  // Own dossiers (citizens) or the agency scope's (staff); filters status, agency; paginated.
  nlohmann::json list(const accounts::Principal& who, int status, const std::string& agency, int page, int per_page);
  nlohmann::json lookup(const std::string& code);
  // PDF slip "01" (receipt, after acceptance) or "03" (refusal); public_url prefixes the QR lookup link.
  std::string form_pdf(const std::string& id, const std::string& form, const accounts::Principal& who, const std::string& public_url);

  static std::string mask_name(const std::string& full_name);

 private:
  struct Row;
  Row load(store::Conn& c, const std::string& id);
  bool can_read(const Row& r, const accounts::Principal& who);
  // Loads a dossier for a desk decision: readable by `who`, submitted, and `who` holds the desk role.
  std::pair<Row, dossier::Status> load_for_desk(store::Conn& c, const std::string& id, const accounts::Principal& who);
  nlohmann::json to_json(store::Conn& c, const Row& r);

  store::Db& db_;
  AgencyService& agencies_;
  CatalogService& catalog_;
  CalendarService& calendar_;
  AuditLog& audit_;
};

}  // namespace motcua::services
