// Fee schedule (phí, lệ phí) of a procedure version and what a dossier owes — pure rules, no I/O.
//
// A fee line of the catalog (procedure version "fees", docs/catalog-format.md):
//   {code, name, amount (integer đồng ≥ 0), per: "dossier" | "copy" | "post",
//    kind?: "phi" | "le_phi" (default: "le_phi" when the name starts with "Lệ phí", else "phi"),
//    quantity_field?: e-form field holding the number of copies (per "copy"; default "so_ban_sao"),
//    collect?: "upfront" (paid before the desk accepts an online dossier) | "notice" (asked for by a
//              status-6 notice; the default),
//    exempt_when?: [{field, in: [values…], reason} | {field, within_days: N, reason}],
//    refund_on?: subset of ["refuse", "stop", "withdraw"] (default ["refuse"]),
//    exemptions?, note? (texts shown to the applicant)}
//
// Contract
// - check_fee(line, path, err) reports every problem of one line through err(field, Vietnamese message).
// - schedule(in) is what a dossier owes at submission, one FeeLine per catalog line that applies:
//   per "dossier" → quantity 1; per "copy" → the quantity field's value (integer 0–100; absent / 0 → the line
//   is left out: no copies asked); per "post" → only when the result is delivered by post (delivery "post").
//   A line is exempt (total 0, exempt_reason set) when one of its exempt_when rules holds: `in` — the field's
//   value (string, or number printed as integer, or true/false) is one of the values; `within_days` — the field
//   is a date (YYYY-MM-DD) no more than N calendar days before the submission's local date (e.g. on-time birth
//   registration). A line with amount 0 is kept (shown as free) with total 0.
// - Money is integer đồng; total = amount × quantity, never negative, overflow refused by check_fee's limits
//   (amount ≤ 10^10, quantity ≤ 100).
// - Balance: the movements of a dossier's ledger (charge, waiver, payment, refund) give due = charges − waivers,
//   paid = payments − refunds, outstanding = due − paid (never shown negative: overpaid is its own number).
// - may_pay(status): fees are paid only while the dossier is open and undecided (1, 2, 4, 5, 6).
// - may_accept(channel, upfront_outstanding): an online dossier (channel 2) whose upfront fees are not paid is not
//   accepted (the desk waits for the payment); at the desk and by post the fee is collected there.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace motcua::payments {

struct FeeLine {
  std::string code, name, kind;   // kind: "phi" | "le_phi"
  int64_t amount = 0;             // unit amount, đồng
  int64_t quantity = 1;
  int64_t total = 0;              // amount × quantity, 0 when exempt
  std::string collect;            // "upfront" | "notice"
  std::string exempt_reason;      // non-empty: exempt by the schedule
  std::vector<std::string> refund_on;
};

struct ScheduleInput {
  const nlohmann::json* fees = nullptr;  // the version's "fees" array (may be null)
  const nlohmann::json* form = nullptr;  // the dossier's e-form values (object; may be null)
  std::string delivery;                  // "desk" | "post" | "online"
  int64_t submitted_ms = 0;              // UTC ms of the submission (local date in UTC+7 is used)
};

void check_fee(const nlohmann::json& line, const std::string& path, const std::function<void(const std::string&, const std::string&)>& err);
std::vector<FeeLine> schedule(const ScheduleInput& in);

struct Movement {
  std::string kind;  // "charge" | "waiver" | "payment" | "refund"
  int64_t amount = 0;
};
struct Balance {
  int64_t charged = 0, waived = 0, payments = 0, refunds = 0;
  int64_t due() const { return charged - waived; }
  int64_t paid() const { return payments - refunds; }
  int64_t outstanding() const { return due() > paid() ? due() - paid() : 0; }
  int64_t overpaid() const { return paid() > due() ? paid() - due() : 0; }
};
Balance balance(const std::vector<Movement>& m);

bool may_accept(int channel, int64_t upfront_outstanding);
// Fees may be paid (online or at the desk) while the dossier is open and not yet decided: statuses 1, 2, 4, 5, 6
// (not after a refusal, a stop, a result, or while a withdrawal is pending).
bool may_pay(int status);

// A payment method that goes through an online gateway ("vnpay", "paygov"), as opposed to the desk ("cash",
// "transfer"): its refunds go back through the gateway and it counts as paid online (DuocThanhToanTrucTuyen).
bool online_method(std::string_view method);
// The method as a receipt and a page name it: "Tiền mặt", "Chuyển khoản", "Trực tuyến qua VNPAY", …
std::string method_label(std::string_view method);

// "phi" / "le_phi" → "Phí" / "Lệ phí"; refund action names → Vietnamese ("refuse" → "từ chối").
std::string kind_label(const std::string& kind);

}  // namespace motcua::payments
