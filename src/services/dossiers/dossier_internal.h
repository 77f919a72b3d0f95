// Internal to src/services/dossiers: the dossier row as the service reads it, and the small helpers the
// service's translation units share (history rows, body fields). Not part of any public contract.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "domain/dossier/authority.h"
#include "domain/dossier/clock.h"
#include "domain/dossier/state_machine.h"
#include "domain/errors.h"
#include "domain/text.h"
#include "services/documents/forms_pdf.h"
#include "services/dossiers/dossier_service.h"
#include "store/db.h"

namespace motcua::services {

struct DossierService::Row {
  int64_t id = 0;
  std::string public_id, code, procedure_code, procedure_name, agency_code, applicant_name, applicant_id_number, delivery;
  int64_t procedure_version = 0, applicant_user_id = 0, applicant_type = 1, channel = 2, status = 0, row_version = 0;
  int64_t submitted_at = 0, received_at = 0, due_at = 0, created_at = 0;
  std::string form;
  // processing (migration 7)
  std::string handling_agency, substate, unit, assignee, result_file, returned_to, received_by;
  int64_t step_no = 0, step_started_at = 0, paused_at = 0, supplement_count = 0, fee_amount = 0, paid_at = 0, original_due_at = 0;
  int64_t apologies = 0, finished_at = 0, returned_at = 0;
  std::string applicant_phone, applicant_email, applicant_address, received_unit;
  int64_t supplement_due_at = 0;       // deadline of the open supplement request (migration 8)
  int64_t coded_at = 0;                // when the code was given: submission / recording (migration 12)
  std::string result_verify_id;        // the signed result (migration 14), "" when unsigned
  std::string form_sources;            // JSON {field: "population_db"|"business_db"} (migration 26), "" = none
  std::vector<std::string> consulted;  // agencies consulted (liên thông), open or answered: they may read the dossier
  std::vector<dossier::Consultation> open_consultations;  // waiting for a reply (who was asked, by whom)
  int open_consults = 0;               // consult requests waiting for a reply

  const std::string& competent() const { return handling_agency.empty() ? agency_code : handling_agency; }
  // What acting rights depend on (domain/dossier/authority.h); status must be 1–10.
  dossier::Holding holding() const {
    dossier::Holding h;
    h.status = dossier::status_from_code(static_cast<int>(status)).value_or(dossier::Status::submitted);
    h.receiving_agency = agency_code;
    h.competent_agency = competent();
    h.applicant_user_id = applicant_user_id;
    h.open_consultations = open_consultations;
    h.supplement_received = substate == "supplement_received";
    return h;
  }
  // The one clock (domain/dossier/clock.h) of this row at `now`.
  dossier::ClockReading clock(int64_t now) const {
    dossier::ClockInput in;
    in.status = dossier::status_from_code(static_cast<int>(status)).value_or(dossier::Status::submitted);
    in.due_ms = due_at;
    in.supplement_due_ms = supplement_due_at;
    in.finished_ms = finished_at;
    in.supplement_requests = static_cast<int>(supplement_count);
    in.payment_pauses = status == 6 && paused_at != 0;  // recorded at request-payment from the pinned version's setting
    return dossier::read_clock(in, now);
  }
  dossier::Context context(bool has_reason = false) const {
    dossier::Context ctx;
    ctx.has_reason = has_reason;
    ctx.apologies_so_far = static_cast<int>(apologies);
    ctx.has_result = !result_file.empty();
    return ctx;
  }
};

namespace dossier_detail {

// The SQL form of domain/dossier/clock.h, for queries that filter in the database — the one copy, used by
// the inboxes and the jobs (DossierClockInLists checks the list and the dossier page agree):
//   the clock runs at 2, 4 and 6 unless a pause was recorded; a paused supplement request is late once its
//   deadline passed.
inline constexpr const char* kClockRunningSql = "status IN (2,4,6) AND paused_at IS NULL";
inline std::string supplement_late_sql(const std::string& now_param) { return "status = 5 AND supplement_due_at < " + now_param; }

inline std::string str(const nlohmann::json& j, const char* k) {
  return j.is_object() && j.contains(k) && j[k].is_string() ? text::trim(text::nfc(j[k].get<std::string>())) : "";
}
inline DomainError not_found() { return DomainError(ErrorKind::not_found, "dossier_not_found", "Không tìm thấy hồ sơ."); }
inline DomainError stale() {
  return DomainError(ErrorKind::conflict, "stale_version", "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trước khi thao tác.");
}

struct HistoryEntry {
  std::string actor, role, unit, action;
  int64_t from = 0, to = 0;
  std::string note, to_unit, assignee;
};
// The unit inside `agency` at which `who` holds the role matching `actor` ("" when none or not staff).
std::string unit_of(const accounts::Principal& who, dossier::Actor actor, const std::string& agency);
void add_history(store::Conn& c, int64_t dossier_id, int64_t at, const HistoryEntry& h);

// Ms since epoch of an ISO local "YYYY-MM-DD" (end of that day's working hours is not assumed: 17:00
// local) or "YYYY-MM-DDTHH:MM"; 0 when unparsable.
int64_t parse_local_ms(const std::string& s);

// The version of a procedure that takes dossiers now (published, effective, procedure active), with the
// snapshot that owns it; else DomainError(invalid, "procedure_unavailable").
struct OpenVersion {
  std::shared_ptr<const CatalogSnapshot> snap;
  const ProcEntry* entry = nullptr;
  const ProcVersion* version = nullptr;
  const nlohmann::json& doc() const { return *version->doc; }
};
OpenVersion open_version(CatalogService& catalog, const std::string& procedure_code, int64_t now);

// Official header of a slip issued by `agency` (name, parent, place) dated date_ms.
documents::FormHeader form_header(const AgencySnapshot& ag, const std::string& agency, int64_t date_ms);

// The desk ledger (Sổ theo dõi hồ sơ; dossier_lists.cpp). One book per receiving desk (agency + desk
// unit) per local year, labelled "<unit>/<yyyy>" ("<yyyy>" without a unit); numbers follow the order of
// receipt without gaps. assign_ledger_entry() takes the next number of the book of (agency, unit, the
// local year of now) — the counter row is locked by its UPDATE and rolls back with the transaction — and
// records book, number and the appointment given at receipt (receipt_due_at = due_at, so call it after
// the acceptance's UPDATE) on the dossier. Called once, from accept_in().
struct LedgerEntry {
  std::string book;
  int64_t number = 0;
};
LedgerEntry assign_ledger_entry(store::Conn& c, int64_t dossier_id, const std::string& agency, const std::string& unit, int64_t now);
// Rows of `agency`'s ledger received in [t0, t1) in book order, or only dossier `only_id` when non-zero.
// Throws DomainError(invalid, "too_many") beyond 10 000 rows.
struct LedgerLine {
  documents::LedgerRow row;
  std::string book;
};
std::vector<LedgerLine> ledger_lines(store::Conn& c, const AgencySnapshot& ag, const std::string& agency, int64_t t0, int64_t t1, int64_t only_id = 0);

}  // namespace dossier_detail
}  // namespace motcua::services
