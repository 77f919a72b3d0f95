// Fees and payments (phí, lệ phí; issue 10): what a dossier owes, online payment through VNPAY's merchant
// protocol, collection at the desk, waivers, electronic receipts (biên lai điện tử), refunds and the daily
// reconciliation of gateway transactions against the ledger.
//
// Contract
// - Obligations: at submission (online, desk, post) the pinned version's fee schedule (domain/payments/fees.h)
//   becomes dossier_fees rows and "charge" movements of fee_ledger in the submission's transaction; "upfront"
//   lines are payable at once, "notice" lines when a status-6 notice (request-payment) asks for them — the
//   notice may instead name an amount (a line "Nghĩa vụ tài chính theo thông báo"). An online dossier with
//   upfront fees unpaid is not accepted (payments::may_accept; 409 fee_unpaid).
// - Money only ever comes from the ledger: the amount of a payment is the sum of the payable, unpaid, unwaived
//   lines when it starts; the gateway's amount must equal it to the đồng.
// - Online (gateways "vnpay" and "paygov" behind services/payments/gateway.h; which ones a payer is offered is
//   the agency's configuration): start() by the dossier's owner creates a pending payment (txn_ref unique) in
//   one transaction, then asks the gateway for the payment URL outside it (a gateway that cannot be reached →
//   the payment is marked failed, 503 gateway_unreachable). A notice (VNPAY's IPN: ipn(); the platform's
//   POST: paygov_ipn()) is judged once for both: bad signature → refused and audited, unknown txn_ref → not
//   found, amount different → refused and the payment flagged (kept for the reconciliation), already applied
//   → already confirmed, else the outcome is applied; each protocol answers in its own codes. on_return() is
//   the browser coming back: its parameters are only a hint — a pending payment is settled by asking the
//   gateway (query), never by the browser's word. apply() moves a
//   payment from pending to paid with one guarded UPDATE (state = 'pending'), so an IPN, a duplicate IPN, the
//   return page and the reconciliation can race and the payment is applied exactly once: payment movement,
//   receipt, lines settled, and — when the dossier waits at 6 and nothing is left — record-payment by the system
//   (6 → 4), all in one transaction.
// - At the desk (gateway "cash" | "transfer"): a desk officer of the receiving agency records the payable
//   amount; same ledger and receipt; at status 6 with nothing left it is the desk's record-payment.
// - Waive (miễn, giảm): the desk officer of the receiving agency, with a reason; a "waiver" movement; audited.
// - Refunds: when a dossier is refused, stopped or withdrawn and a paid line's refund_on names that outcome,
//   a refund row is written in that transaction: gateway payments are refunded by the job payment_refunds
//   (VNPAY refund API; retried), cash ones are paid out at the desk (refund_at_desk). Done → "refund" movement
//   and a refund receipt.
// - Receipts: numbered per agency, kind (payment / refund) and local year without gaps; a public token links
//   the verification page; PDF with the amount in words and a QR of that page.
// - Reconciliation (job payment_reconcile, daily, and on demand): for a local day and agency, every gateway
//   payment started that day is compared with the gateway's querydr answer: matched, missing_in_ledger (the
//   gateway was paid, the ledger was not — applied now from the gateway's answer and listed as recovered),
//   missing_at_gateway (the ledger says paid, the gateway does not), amount_mismatch (flagged). totals:
//   gateway, ledger and difference (0 when balanced). Refunds are reconciled too: every gateway refund done
//   that day, or still owed, against what the gateway reports refunded: refund_matched, refund_missing_at_gateway
//   (the ledger refunded, the gateway did not), refund_pending (owed, not done yet; with its last error);
//   the totals are net (payments − refunds) on both sides.
#pragma once
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/accounts/principal.h"
#include "domain/payments/fees.h"
#include "services/agencies/agency_service.h"
#include "services/audit/audit_log.h"
#include "services/notify/outbox.h"
#include "domain/payments/vnpay.h"
#include "services/payments/gateway.h"
#include "store/db.h"

namespace motcua::services {

class DossierService;

// The dossier as the payments see it (read in the caller's transaction).
struct PayDossier {
  int64_t id = 0;
  std::string public_id, code, agency_code, handling_agency, procedure_name, applicant_name, applicant_id_number;
  int64_t status = 0, channel = 2, applicant_user_id = 0;
};

struct FeeItem {
  int64_t id = 0;
  std::string code, name, kind, collect, exempt_reason, waived_by, waived_reason;
  int64_t amount = 0, quantity = 1, total = 0, refunded = 0;
  bool payable = false, paid = false, waived = false;
};

struct ReceiptInfo {
  int64_t id = 0;
  std::string number;  // "0000012/2026" (kind refund: "HT-0000003/2026")
  std::string kind, agency_code, agency_name, dossier_code, dossier_id, procedure_name, payer_name, payer_id_number, method, token, issued_by;
  int64_t amount = 0, issued_at = 0;
  nlohmann::json items = nlohmann::json::array();
};

struct PaymentInfo {
  std::string txn_ref, method, state, response_code, gateway_txn_no, note;
  int64_t amount = 0, created_at = 0, paid_at = 0, refunded = 0;
};

struct FeesView {
  std::vector<FeeItem> items;
  payments::Balance balance;
  int64_t payable = 0;             // what may be paid now (sum of payable unpaid unwaived lines)
  int64_t upfront_outstanding = 0;
  bool may_pay_online = false;     // the reader is the owner, something is payable, a merchant is configured
  std::vector<std::string> online_gateways;  // the gateways the owner may choose ("vnpay", "paygov"), when may_pay_online
  bool may_collect = false;        // the reader is the receiving agency's desk
  std::vector<PaymentInfo> payments;
  std::vector<ReceiptInfo> receipts;
  struct Refund {
    int64_t id = 0, amount = 0, created_at = 0, done_at = 0;
    std::string state, reason, method;
  };
  std::vector<Refund> refunds;
};

struct PaymentStart {
  std::string payment_url, txn_ref;
  int64_t amount = 0;
};

struct ReturnOutcome {
  std::string dossier_id, dossier_code, txn_ref, state;  // state: paid | failed | pending | flagged | invalid
  std::string message;                                   // Vietnamese
  int64_t amount = 0;
};

class PaymentService {
 public:
  PaymentService(store::Db& db, AgencyService& agencies, AuditLog& audit, const notify::Outbox& outbox, gateway::Merchants merchants,
                 std::string public_url)
      : db_(db), agencies_(agencies), audit_(audit), outbox_(outbox), merchants_(std::move(merchants)), public_url_(std::move(public_url)) {}
  void set_dossiers(DossierService* d) { dossiers_ = d; }
  bool online_enabled() const { return merchants_.any(); }

  // ---- hooks run by DossierService inside its transactions ----
  void on_submitted(store::Conn& c, int64_t dossier_id, const std::string& agency, const nlohmann::json* fees, const nlohmann::json& form,
                    const std::string& delivery, int64_t now) const;
  // A status-6 notice: amount > 0 adds that line, else the unpaid notice lines become payable. Returns the
  // payable total (422 nothing_to_pay when 0).
  int64_t notice(store::Conn& c, int64_t dossier_id, const std::string& agency, int64_t amount, const std::string& reason, int64_t now) const;
  // The desk collects everything payable now (0 when nothing): ledger + receipt.
  int64_t collect_at_desk(store::Conn& c, const PayDossier& d, const std::string& method, const accounts::Principal& who, int64_t now) const;
  int64_t upfront_outstanding(store::Conn& c, int64_t dossier_id) const;
  int64_t payable(store::Conn& c, int64_t dossier_id) const;
  // refused / stopped / withdrawn: refunds owed for paid lines whose refund_on names the outcome.
  void on_ended(store::Conn& c, int64_t dossier_id, const std::string& outcome, int64_t now) const;

  // ---- API and pages ----
  FeesView fees(const std::string& dossier, const accounts::Principal& who) const;
  // base_url: the site's public base (return URL of the gateway); "" = the configured public URL.
  PaymentStart start(const std::string& dossier, const std::string& gateway, const accounts::Principal& who, const std::string& ip,
                     const std::string& base_url = "") const;
  payments::vnpay::IpnReply ipn(const std::string& query, const std::string& ip) const;
  // The national platform's notify (a JSON body) → its reply {"resultCode","message"}.
  nlohmann::json paygov_ipn(const std::string& body, const std::string& ip) const;
  // The browser back from gateway `gateway` with the query string `query`.
  ReturnOutcome on_return(const std::string& gateway, const std::string& query) const;
  // Asks the gateway about the dossier's pending payments now (the "Kiểm tra lại" button); returns how many were applied.
  int check_pending(const std::string& dossier, const accounts::Principal& who) const;
  void waive(const std::string& dossier, int64_t fee_id, const std::string& reason, const accounts::Principal& who, const std::string& ip) const;
  void refund_at_desk(const std::string& dossier, int64_t refund_id, const accounts::Principal& who, const std::string& ip) const;
  // Receipts: one (public, by token), one dossier's (reader's access), search by dossier code / ID number (staff scope).
  std::optional<ReceiptInfo> receipt_by_token(const std::string& token) const;
  std::string receipt_pdf(const std::string& token, const std::string& base_url = "") const;
  std::vector<ReceiptInfo> search_receipts(const std::string& q, const accounts::Principal& who, int limit = 50) const;

  // ---- jobs ----
  std::string run_refunds(int limit = 50) const;
  // One local day (YYYY-MM-DD) for every agency with gateway payments that day (or one agency); stored and returned.
  nlohmann::json reconcile(const std::string& day, const std::string& agency = "") const;
  std::string run_reconcile_job() const;  // yesterday and today
  nlohmann::json reconciliation(const std::string& day, const std::string& agency, const accounts::Principal& who) const;
  std::string reconciliation_xlsx(const std::string& day, const std::string& agency, const accounts::Principal& who) const;

  struct Counters {
    std::atomic<int64_t> ipn_ok{0}, ipn_refused{0}, applied{0};
  };
  const Counters& counters() const { return counters_; }

 private:
  PayDossier load(store::Conn& c, const std::string& public_id_or_code) const;
  PayDossier load_by_id(store::Conn& c, int64_t id) const;
  bool desk_at(const PayDossier& d, const accounts::Principal& who) const;
  // Applies a pending payment as paid (guarded); false when it was not pending. Gateway facts from IPN / querydr.
  bool apply(store::Conn& c, int64_t payment_id, const std::string& txn_no, const std::string& bank, const std::string& response_code,
             const std::string& via, int64_t now) const;
  enum class NoticeResult { received, not_found, already, amount, bad_signature };
  NoticeResult notice(const gateway::Gateway& g, const gateway::Params& p, const std::string& ip) const;
  // Settles a pending payment from the gateway's query answer (paid with the right amount → apply; another
  // amount → flagged; failed → failed). Returns true when it applied the payment now.
  bool settle(store::Conn& c, int64_t payment_id, int64_t amount, const gateway::QueryResult& q, const std::string& via, int64_t now) const;
  // Receipts: the printed number ("0000012/2026", refunds "HT-…"), and one receipt from a row of kReceiptSql.
  static std::string receipt_number(const std::string& kind, int64_t number, int64_t year);
  static constexpr const char* kReceiptSql =
      "SELECT r.id, r.kind, r.number, r.year, r.agency_code, r.payer_name, r.payer_id_number, r.method, r.token, r.issued_by, r.amount, "
      "r.issued_at, r.items, d.code, d.public_id, d.procedure_name FROM receipts r JOIN dossiers d ON d.id = r.dossier_id ";
  ReceiptInfo receipt_of(const store::Row& x, const AgencySnapshot& ag) const;
  ReceiptInfo issue_receipt(store::Conn& c, const PayDossier& d, int64_t payment_id, const std::string& kind, int64_t amount,
                            const nlohmann::json& items, const std::string& method, const std::string& by, int64_t now) const;
  void ledger(store::Conn& c, const PayDossier& d, const std::string& kind, int64_t amount, const std::string& method, int64_t fee_id,
              int64_t payment_id, int64_t receipt_id, const std::string& actor, const std::string& note, int64_t now) const;
  std::vector<std::string> lineage(const std::string& agency) const;
  void finish_refund(store::Conn& c, int64_t refund_id, const std::string& by, int64_t now) const;

  store::Db& db_;
  AgencyService& agencies_;
  AuditLog& audit_;
  const notify::Outbox& outbox_;
  gateway::Merchants merchants_;
  std::string public_url_;
  DossierService* dossiers_ = nullptr;
  mutable Counters counters_;
};

}  // namespace motcua::services
