// Dossiers (hồ sơ): online submission, desk/post intake, the processing workflow, reading with access
// checks, inboxes, the desk ledger and the public lookup (issue "Dossier lifecycle"). Every transition
// goes through dossier::check (the domain state machine) and writes a history row and an audit row in the
// same transaction as the change; a refused transition changes nothing.
//
// Contract:
//  - submit(): a citizen/organisation submits online (channel 2, status 1) or saves a draft (status 0,
//    submit:false); the procedure's current published version is pinned; the e-form is validated against
//    that version's schema; the agency must implement the procedure at its level; the channel policy for
//    the applicant type must allow online submission; documents [{component_code,file_id}] must be the
//    submitter's own uploads of components of that version, and on submit every mandatory component
//    (except the e-form itself) must be present.
//    A desk (or post) officer records a walk-in (channel 1) or postal (channel 3) dossier with the same
//    call: applicant {name,id_number,phone,email,address,type} (linked to the citizen account with that
//    id number when one exists, R12), components ticked [{component_code,copy_type,file_id?}], and
//    "accept":true accepts it in the same transaction (status 2). R16: when the
//    procedure receives regardless of boundary, handling_agency_code may name another competent agency;
//    both agencies then see the dossier.
//  - The dossier code <agency>-<yyMMdd>-<NNNN> is given when the dossier is submitted online or recorded
//    at the desk / by post (not for drafts; issue 15, as the national portal does): the next value of a
//    per-agency, per-day counter inside the same transaction (gapless: a rolled-back submission gives its
//    number back; concurrent ones are serialized by the counter row's lock); a refused dossier keeps it.
//  - accept(): status 2, the appointment from the deadline engine (pinned version's time, online time for
//    channel 2), the desk ledger number.
//  - act(): every other action of dossier::Action (see state_machine.h for who may do what from where).
//    Body fields: reason, note, unit, assignee, agency (consult), hours (consult budget), items[]
//    (Mẫu 02 list), deadline (supplement deadline, YYYY-MM-DD), amount (payment, VND), new_due
//    (apology, YYYY-MM-DD[THH:MM]), file_id (attach-result), documents[] (supply), row_version
//    (optional optimistic check: a stale value is 409 stale_version).
//    Clock: request-supplement and request-payment stop the clock (paused_at); accept-supplement and
//    record-payment restart it and move due_at by exactly the paused working time
//    (WorkingCalendar::extend_for_pause). apologize sets a later appointment once (Mẫu 04).
//  - Access: the applicant reads their own dossiers; staff read the dossiers of agencies within their
//    grants (receiving or competent agency, or an agency that was consulted); anyone else
//    gets 404 (not 403: existence is not disclosed).
//  - lookup(code): public, masked applicant name ("Nguyễn V*** A***"), status, procedure, dates.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "domain/accounts/principal.h"
#include "domain/dossier/state_machine.h"
#include "domain/dossier/status.h"
#include "services/accounts/account_service.h"
#include "services/agencies/agency_service.h"
#include "services/audit/audit_log.h"
#include "services/calendar/calendar_service.h"
#include "services/catalog/catalog_service.h"
#include "services/dossiers/dossier_view.h"
#include "services/documents/forms_pdf.h"
#include "services/files/file_store.h"
#include "services/notify/outbox.h"
#include "services/sync/national_sync.h"
#include "services/webhooks/webhook_service.h"
#include "store/db.h"

namespace motcua::services {

class PaymentService;
class IssuedDocuments;
struct IssuedRef;
class PersonalStore;
class PostService;
class ArchiveService;
class NationalData;
class HandoverService;

class DossierService {
 public:
  DossierService(store::Db& db, AgencyService& agencies, CatalogService& catalog, CalendarService& calendar, AuditLog& audit, FileStore& files,
                 const notify::Outbox& outbox)
      : db_(db), agencies_(agencies), catalog_(catalog), calendar_(calendar), audit_(audit), files_(files), outbox_(outbox) {}

  struct ListFilter {
    int status = -1;            // -1 = any
    std::string agency;         // within this agency subtree
    std::string unit;           // unit code holding the dossier
    std::string assignee;       // username ("me" resolved by the caller)
    bool overdue = false;       // open and past due
    bool due_soon = false;      // open and due within 2 working days… (next 48 h)
    bool open_only = false;     // statuses 1, 2, 4, 5, 6, 7
    std::string q;              // code prefix or applicant name fragment
    int page = 1, per_page = 20;  // per_page 0: count only (total, no items)
    // With per_page 0: stop counting past this many (total is then count_limit + 1, "more than"); the inbox's tab
    // badges walk at most that many index entries each instead of a large commune's whole backlog. 0 = exact.
    int count_limit = 0;
  };

  // Online submission by a signed-in citizen/organisation. Returns the dossier (status 1).
  DossierView submit(const nlohmann::json& in, const accounts::Principal& who, const std::string& ip);
  // Desk decisions on a new dossier (status 1).
  // expected_version: optimistic check (a different row_version is 409 stale_version).
  DossierView accept(const std::string& id, const accounts::Principal& who, const std::string& ip,
                        std::optional<int64_t> expected_version = std::nullopt);
  DossierView refuse(const std::string& id, const std::string& reason, const accounts::Principal& who, const std::string& ip,
                        std::optional<int64_t> expected_version = std::nullopt);
  // The dossier as `who` may see it (404 when they may not read it) — dossier_view.h.
  DossierView view(const std::string& id, const accounts::Principal& who);
  // The processing chain after acceptance, through dossier::check: transfer, submit-for-approval,
  // attach-result {file_id: an upload of the acting officer}, approve, return-result {note: who received
  // it}, stop {reason}, withdraw (applicant), confirm-withdrawal. Each writes history + audit rows in the
  // same transaction; an illegal transition is a 409 naming the current status and changes nothing.
  DossierView act(const std::string& id, const std::string& action, const nlohmann::json& body, const accounts::Principal& who,
                     const std::string& ip);
  // The same action by the system actor (scheduled jobs only — never reachable from a request): no read
  // check, the state machine's system column.
  void act_as_system(const std::string& id, const std::string& action, const nlohmann::json& body);
  // The same action inside the caller's transaction (the payments: an applied payment is record-payment in the
  // payment's transaction). No row-version check; as_system → the system actor.
  void act_in(store::Conn& c, const std::string& id, const std::string& action, const nlohmann::json& body, const accounts::Principal& who,
              const std::string& ip, bool as_system);
  // Scheduled jobs (dossier_jobs.cpp): stop dossiers whose supplement deadline passed; the officers'
  // due-soon / overdue digest. Each returns a one-line result for the admins' job list.
  std::string stop_missed_supplements(int limit = 200);
  std::string due_digest();
  // The principal the system actor writes history and audit rows as ("system", "Hệ thống").
  static accounts::Principal system_principal();
  // Own dossiers (citizens) or the agency scope's (staff), online first (R23) then by due date; paginated.
  DossierPage list(const accounts::Principal& who, const ListFilter& f);
  // Deletes the caller's own draft (status 0, submit:false) with its document links (the uploads stay);
  // anything else is 404 (not one's own) or 409 (already submitted). Used after a draft was submitted as a
  // new dossier (drafts cannot be updated in place) and by "Xóa bản nháp". Audited.
  void discard_draft(const std::string& id, const accounts::Principal& who, const std::string& ip);
  // Add documents to a dossier at status 1 or 5 (applicant: own uploads; desk: scans) — [{component_code,file_id,copy_type?}].
  DossierView add_documents(const std::string& id, const nlohmann::json& docs, const accounts::Principal& who, const std::string& ip);
  // A file attached to a dossier the caller may read (applicant uploads, scans, the result).
  FileBlob document(const std::string& id, const std::string& file_id, const accounts::Principal& who);
  // Sổ theo dõi hồ sơ (Mẫu 05): dossiers received by `agency` with received date in [from, to] (YYYY-MM-DD).
  struct Ledger {
    std::string agency, agency_name, from, to;
    struct Line {
      std::string book;  // "<unit>/<yyyy>"
      documents::LedgerRow row;
    };
    std::vector<Line> lines;  // in book order
  };
  Ledger ledger(const std::string& agency, const std::string& from, const std::string& to, const accounts::Principal& who);
  std::string ledger_pdf(const std::string& agency, const std::string& from, const std::string& to, const accounts::Principal& who);
  // Public lookup by dossier code (tra cứu): no account needed, so the applicant's name is masked.
  struct PublicLookup {
    std::string code, procedure, agency_name, applicant_masked;
    dossier::Status status = dossier::Status::submitted;
    int64_t received_at = 0, due_at = 0, finished_at = 0, returned_at = 0;
  };
  PublicLookup lookup(const std::string& code);
  // PDF slips "01".."06" and "stop" (see dossier_forms.cpp for when each exists; the keys are stable, the
  // printed numbers follow the era: stop is Mẫu 05 and the ledger Mẫu 07 in 2025); public_url prefixes
  // the QR lookup link of Mẫu 01. Each slip prints the event it records (names and dates of that event),
  // so printing it again later gives the same document.
  // Slips given to the applicant (01–04, stop) are issued once per event on first print — kept as printed, with
  // a QR code to their verification page (/xac-minh/{id}) — and every later print is that file; once Mẫu 04 or the
  // stop notice is signed (sign_form), its signed copy. 05 and 06 (internal) are printed as they stand.
  std::string form_pdf(const std::string& id, const std::string& form, const accounts::Principal& who, const std::string& public_url);
  // Signs a slip that carries a signature (esign::signable_slip; else 404) for the event it records: the reader must
  // see the dossier (else 404) and be a leader AT its solving agency (esign::may_sign_slip; else 403); the rest is
  // IssuedDocuments::sign_slip (PIN, key, once per event). Returns the verification id.
  IssuedRef sign_form(const std::string& id, const std::string& form, const std::string& pin, const accounts::Principal& who,
                      const std::string& public_url);

  static std::string mask_name(const std::string& full_name);
  // Numbering and titles of the slips (TT 01/2018 or TT 03/2025; --forms-era, default 2025).
  void set_forms_era(documents::FormsEra era) { forms_era_ = era; }
  // Told of every change in the change's transaction: the national portal sync (services/sync) and the
  // webhooks (services/webhooks).
  void set_national_sync(const NationalSync* sync) { sync_ = sync; }
  void set_webhooks(const WebhookService* hooks) { hooks_ = hooks; }
  // Fees and payments (services/payments): obligations at submission, the upfront-fee check at acceptance, the
  // status-6 notice, collection at the desk, refunds when a dossier ends.
  void set_payments(const PaymentService* p) { payments_ = p; }
  // Signed e-results (services/esign): approval signs the result with the leader's key (body "pin").
  void set_signing(const IssuedDocuments* s) { signing_ = s; }
  // The personal data store (services/docstore): documents reused from it at submission, results entering it.
  void set_store(const PersonalStore* s) { store_ = s; }
  void set_post(const PostService* p) { post_ = p; }
  // Lookups in the national databases (services/natdb): submit/intake body "national_lookup" = a lookup id;
  // the e-form fields still equal to what it returned are recorded as taken from that database.
  void set_national_data(NationalData* n) { natdb_ = n; }
  // Hand-over between deployments (services/handover): told of every change; an intake by a peer's package
  // ("handover" in the body, only from the hand-over service's own principal) writes its link in the same transaction.
  void set_handover(const HandoverService* h) { handover_ = h; }
  // The e-archive (services/archive): a dossier that ends (3, 8, 10) is sealed in the same transaction.
  void set_archive(const ArchiveService* a) { archive_ = a; }

  // Specialists and leaders AT `agency` (not above it) — the people a dossier of that agency may be
  // assigned or submitted to; leaders first, then by name.
  struct Officer {
    std::string username, full_name, role, agency, unit;
  };
  std::vector<Officer> processing_officers(const std::string& agency);
  // R12: the citizen / organisation account with this identification number (for the desk's intake
  // form): {name, phone, email, kind}, or nullopt.
  std::optional<nlohmann::json> applicant_account(const std::string& id_number);

  struct Row;  // internal: the dossier row as the service reads it (dossier_internal.h)
  struct FormMeta {  // what a rendered slip is about (issuing and signing it)
    int64_t dossier_id = 0, event_at = 0;
    std::string ref, solving_agency, solving_agency_name, applicant_name, title;
  };

 private:
  // The slip as it stands (verify_url: the QR code of its issued copy, "" for none); meta_only: only `meta`
  // (and the checks: reader, existence), nothing rendered.
  std::string render_form(const std::string& id, const std::string& form, const accounts::Principal& who, const std::string& public_url,
                          FormMeta& meta, const std::string& verify_url = "", bool meta_only = false);
  Row load(store::Conn& c, const std::string& id);
  bool can_read(const Row& r, const accounts::Principal& who);
  bool staff_at(const std::string& agency, const accounts::Principal& who);
  DossierView intake(const nlohmann::json& in, const accounts::Principal& who, const std::string& ip);
  // Validates documents against the version's components and the owner; inserts them.
  void insert_documents(store::Conn& c, int64_t dossier_id, const nlohmann::json& docs, const nlohmann::json& components, int64_t owner,
                        const std::string& source, int64_t now);
  void accept_in(store::Conn& c, const Row& r, const accounts::Principal& who, const std::string& ip, int64_t now);
  std::string assign_code(store::Conn& c, const std::string& agency, int64_t now);
  int64_t appointment(const Row& r, int64_t from_ms);
  // Enqueues a message to the applicant in the caller's transaction (notify::Outbox); `event` is
  // "dossier.<action>", the occurrence is the dossier's row version after the change.
  // After each creation and history row (the dossier row already updated), in the same transaction: the handling
  // report's ledger (services/reports/report_ledger.h), the national portal's payloads and the webhooks.
  void record_change(store::Conn& c, int64_t dossier_id, int64_t now) const;
  // Tells the applicant about `event` (a templated event of domain/notify/templates.h); ma_ho_so, thu_tuc and
  // co_quan are filled here, the event's own values come in `vars`.
  void notify_applicant(store::Conn& c, const Row& r, const std::string& event, motcua::notify::Vars vars, int64_t now);
  // Loads a dossier for a desk decision: readable by `who` and submitted (the role is checked by dossier::check).
  Row load_for_desk(store::Conn& c, const std::string& id, const accounts::Principal& who);
  std::string act_tx(store::Conn& c, const std::string& id, dossier::Action action, const std::string& action_name, const nlohmann::json& body,
                     const std::string& reason, const std::string& note, std::optional<int64_t> expected, const accounts::Principal& who,
                     const std::string& ip, bool as_system);
  DossierView act_impl(const std::string& id, const std::string& action, const nlohmann::json& body, const accounts::Principal& who,
                          const std::string& ip, bool as_system);
  DossierView build_view(store::Conn& c, const Row& r, const accounts::Principal& who);

  store::Db& db_;
  AgencyService& agencies_;
  CatalogService& catalog_;
  CalendarService& calendar_;
  AuditLog& audit_;
  FileStore& files_;
  const notify::Outbox& outbox_;
  const NationalSync* sync_ = nullptr;
  const WebhookService* hooks_ = nullptr;
  const PaymentService* payments_ = nullptr;
  const PostService* post_ = nullptr;
  NationalData* natdb_ = nullptr;
  const HandoverService* handover_ = nullptr;
  const IssuedDocuments* signing_ = nullptr;
  const PersonalStore* store_ = nullptr;
  const ArchiveService* archive_ = nullptr;
  documents::FormsEra forms_era_ = documents::FormsEra::tt03_2025;
};

}  // namespace motcua::services
