// PaymentService: obligations, the ledger, collection at the desk, waivers, receipts and the fees view
// (see payment_service.h).
#include <map>
#include <set>

#include "domain/dossier/authority.h"
#include "domain/dossier/status.h"
#include "domain/errors.h"
#include "domain/format.h"
#include "domain/text.h"
#include "services/dossiers/dossier_service.h"
#include "services/ids.h"
#include "services/payments/payment_service.h"

namespace motcua::services {

using nlohmann::json;
using accounts::Principal;
using accounts::Role;

namespace {
DomainError dossier_not_found() { return DomainError(ErrorKind::not_found, "dossier_not_found", "Không tìm thấy hồ sơ."); }
constexpr const char* kPayableUnpaid = "due_at IS NOT NULL AND paid_by IS NULL AND waived_by IS NULL AND total > 0";
}  // namespace

std::vector<std::string> PaymentService::lineage(const std::string& agency) const {
  std::vector<std::string> chain;
  auto snap = agencies_.snapshot();
  for (const auto* a = snap->find(agency); a && chain.size() < 16; a = a->parent_code.empty() ? nullptr : snap->find(a->parent_code)) chain.push_back(a->code);
  return chain;
}

static PayDossier row_to_dossier(const store::Row& x) {
  PayDossier d;
  d.id = x.i64(0);
  d.public_id = x.str(1);
  d.code = x.str(2);
  d.agency_code = x.str(3);
  d.handling_agency = x.str(4);
  d.procedure_name = x.str(5);
  d.applicant_name = x.str(6);
  d.applicant_id_number = x.str(7);
  d.status = x.i64(8);
  d.channel = x.i64(9);
  d.applicant_user_id = x.is_null(10) ? 0 : x.i64(10);
  return d;
}
static constexpr const char* kDossierCols =
    "id, public_id, code, agency_code, handling_agency_code, procedure_name, applicant_name, applicant_id_number, status, channel, applicant_user_id";

PayDossier PaymentService::load(store::Conn& c, const std::string& id) const {
  auto r = c.exec(std::string("SELECT ") + kDossierCols + " FROM dossiers WHERE public_id = $1 OR code = $1", {id});
  if (r.rows.empty()) throw dossier_not_found();
  return row_to_dossier(r.rows[0]);
}

PayDossier PaymentService::load_by_id(store::Conn& c, int64_t id) const {
  auto r = c.exec(std::string("SELECT ") + kDossierCols + " FROM dossiers WHERE id = $1", {id});
  if (r.rows.empty()) throw dossier_not_found();
  return row_to_dossier(r.rows[0]);
}

// The one-stop desk of the receiving agency (never an ancestor's): the officer who records a payment
// (dossier::acting_role of record-payment, domain/dossier/authority.h).
bool PaymentService::desk_at(const PayDossier& d, const Principal& who) const {
  dossier::Holding h;
  h.receiving_agency = d.agency_code;
  h.competent_agency = d.handling_agency.empty() ? d.agency_code : d.handling_agency;
  h.applicant_user_id = d.applicant_user_id;
  return dossier::acting_role(dossier::Action::record_payment, h, who) == dossier::Actor::desk;
}

void PaymentService::ledger(store::Conn& c, const PayDossier& d, const std::string& kind, int64_t amount, const std::string& method, int64_t fee_id,
                            int64_t payment_id, int64_t receipt_id, const std::string& actor, const std::string& note, int64_t now) const {
  auto opt = [](int64_t v) { return v ? store::Value(v) : store::Value(nullptr); };
  c.exec("INSERT INTO fee_ledger (dossier_id, agency_code, day, kind, amount, method, fee_id, payment_id, receipt_id, actor, note, at) "
         "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)",
         {d.id, d.agency_code, fmt::iso_date(now), kind, amount, method, opt(fee_id), opt(payment_id), opt(receipt_id), actor, note, now});
}

void PaymentService::on_submitted(store::Conn& c, int64_t dossier_id, const std::string& agency, const json* fees, const json& form,
                                  const std::string& delivery, int64_t now) const {
  auto lines = payments::schedule({fees, &form, delivery, now});
  if (lines.empty()) return;
  PayDossier d;
  d.id = dossier_id;
  d.agency_code = agency;
  for (const auto& l : lines) {
    auto r = c.exec("INSERT INTO dossier_fees (dossier_id, code, name, kind, amount, quantity, total, collect, exempt_reason, refund_on, due_at, created_at) "
                    "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id",
                    {dossier_id, l.code, l.name, l.kind, l.amount, l.quantity, l.total, l.collect, l.exempt_reason, json(l.refund_on).dump(),
                     l.collect == "upfront" ? store::Value(now) : store::Value(nullptr), now});
    if (l.total > 0) ledger(c, d, "charge", l.total, "", r.rows[0].i64(0), 0, 0, "system", l.name, now);
  }
}

int64_t PaymentService::notice(store::Conn& c, int64_t dossier_id, const std::string& agency, int64_t amount, const std::string& reason, int64_t now) const {
  PayDossier d;
  d.id = dossier_id;
  d.agency_code = agency;
  if (amount > 0) {
    std::string name = reason.empty() || text::length(reason) > 200 ? "Nghĩa vụ tài chính theo thông báo" : reason;
    int64_t n = c.exec("SELECT COUNT(*) FROM dossier_fees WHERE dossier_id = $1 AND code LIKE 'TB-%'", {dossier_id}).rows[0].i64(0);
    auto r = c.exec("INSERT INTO dossier_fees (dossier_id, code, name, kind, amount, quantity, total, collect, refund_on, due_at, created_at) "
                    "VALUES ($1,$2,$3,'phi',$4,1,$4,'notice','[\"refuse\",\"stop\"]',$5,$5) RETURNING id",
                    {dossier_id, "TB-" + std::to_string(n + 1), name, amount, now});
    ledger(c, d, "charge", amount, "", r.rows[0].i64(0), 0, 0, "system", name, now);
  } else {
    c.exec("UPDATE dossier_fees SET due_at = $2 WHERE dossier_id = $1 AND due_at IS NULL AND collect = 'notice'", {dossier_id, now});
  }
  int64_t due = payable(c, dossier_id);
  if (due <= 0)
    throw DomainError(ErrorKind::invalid, "nothing_to_pay", "Không có khoản phí, lệ phí nào phải nộp; hãy nhập số tiền theo thông báo.",
                      {{"amount", "Nhập số tiền phải nộp (đồng)."}});
  return due;
}

int64_t PaymentService::payable(store::Conn& c, int64_t dossier_id) const {
  return c.exec(std::string("SELECT COALESCE(SUM(total), 0) FROM dossier_fees WHERE dossier_id = $1 AND ") + kPayableUnpaid, {dossier_id}).rows[0].i64(0);
}

int64_t PaymentService::upfront_outstanding(store::Conn& c, int64_t dossier_id) const {
  return c.exec(std::string("SELECT COALESCE(SUM(total), 0) FROM dossier_fees WHERE dossier_id = $1 AND collect = 'upfront' AND ") + kPayableUnpaid,
                {dossier_id})
      .rows[0]
      .i64(0);
}

int64_t PaymentService::collect_at_desk(store::Conn& c, const PayDossier& d, const std::string& method, const Principal& who, int64_t now) const {
  auto lines = c.exec(std::string("SELECT id, code, name, amount, quantity, total FROM dossier_fees WHERE dossier_id = $1 AND ") + kPayableUnpaid + " ORDER BY id",
                      {d.id});
  if (lines.rows.empty()) return 0;
  int64_t total = 0;
  json ids = json::array(), items = json::array();
  for (const auto& x : lines.rows) {
    total += x.i64(5);
    ids.push_back(x.i64(0));
    items.push_back({{"code", x.str(1)}, {"name", x.str(2)}, {"amount", x.i64(3)}, {"quantity", x.i64(4)}, {"total", x.i64(5)}});
  }
  std::string ref = "D" + random_token(8);
  auto p = c.exec("INSERT INTO payments (txn_ref, dossier_id, agency_code, method, amount, fee_ids, state, created_by, created_at, paid_at) "
                  "VALUES ($1,$2,$3,$4,$5,$6,'paid',$7,$8,$8) RETURNING id",
                  {ref, d.id, d.agency_code, method, total, ids.dump(), who.username, now});
  int64_t pid = p.rows[0].i64(0);
  for (const auto& id : ids) c.exec("UPDATE dossier_fees SET paid_by = $2 WHERE id = $1", {id.get<int64_t>(), pid});
  auto rc = issue_receipt(c, d, pid, "payment", total, items, method, who.full_name.empty() ? who.username : who.full_name, now);
  ledger(c, d, "payment", total, method, 0, pid, rc.id, who.username, method == "cash" ? "Thu tiền mặt tại Bộ phận Một cửa" : "Chuyển khoản", now);
  audit_.append(c, {who.user_id, who.username, "payment.collect", d.code.empty() ? d.public_id : d.code, d.agency_code, "",
                    {{"amount", total}, {"method", method}, {"receipt", rc.number}}},
                now);
  return total;
}

void PaymentService::on_ended(store::Conn& c, int64_t dossier_id, const std::string& outcome, int64_t now) const {
  auto lines = c.exec("SELECT f.id, f.total, f.refund_on, f.paid_by, p.method, p.agency_code FROM dossier_fees f JOIN payments p ON p.id = f.paid_by "
                      "WHERE f.dossier_id = $1 AND f.paid_by IS NOT NULL AND f.refunded = 0 AND p.state = 'paid' ORDER BY f.id",
                      {dossier_id});
  std::map<int64_t, std::pair<int64_t, json>> per_payment;  // payment → amount, fee ids
  std::map<int64_t, std::pair<std::string, std::string>> meta;
  for (const auto& x : lines.rows) {
    json on = json::parse(x.str(2), nullptr, false);
    bool refund = false;
    if (on.is_array())
      for (const auto& o : on) refund |= o.is_string() && o.get<std::string>() == outcome;
    if (!refund) continue;
    auto& e = per_payment[x.i64(3)];
    e.first += x.i64(1);
    if (e.second.is_null()) e.second = json::array();
    e.second.push_back(x.i64(0));
    meta[x.i64(3)] = {x.str(4), x.str(5)};
  }
  for (const auto& [pid, e] : per_payment) {
    const std::string state = payments::online_method(meta[pid].first) ? "pending" : "desk";
    c.exec("INSERT INTO refunds (payment_id, dossier_id, agency_code, amount, fee_ids, reason, state, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
           {pid, dossier_id, meta[pid].second, e.first, e.second.dump(), outcome, state, now});
    for (const auto& id : e.second) c.exec("UPDATE dossier_fees SET refunded = total WHERE id = $1", {id.get<int64_t>()});
  }
}

ReceiptInfo PaymentService::issue_receipt(store::Conn& c, const PayDossier& d, int64_t payment_id, const std::string& kind, int64_t amount, const json& items,
                                          const std::string& method, const std::string& by, int64_t now) const {
  int64_t year = std::stoll(fmt::iso_date(now).substr(0, 4));
  int64_t number = c.exec("INSERT INTO receipt_sequences (agency_code, year, kind, last) VALUES ($1, $2, $3, 1) ON CONFLICT (agency_code, year, kind) "
                          "DO UPDATE SET last = receipt_sequences.last + 1 RETURNING last",
                          {d.agency_code, year, kind})
                       .rows[0]
                       .i64(0);
  ReceiptInfo r;
  r.kind = kind;
  r.token = random_token(16);
  r.amount = amount;
  r.items = items;
  r.method = method;
  r.issued_by = by;
  r.issued_at = now;
  r.agency_code = d.agency_code;
  r.payer_name = d.applicant_name;
  r.payer_id_number = d.applicant_id_number;
  r.dossier_code = d.code;
  r.dossier_id = d.public_id;
  auto ins = c.exec("INSERT INTO receipts (agency_code, year, kind, number, dossier_id, payment_id, payer_name, payer_id_number, amount, items, method, token, "
                    "issued_by, issued_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING id",
                    {d.agency_code, year, kind, number, d.id, payment_id, d.applicant_name, d.applicant_id_number, amount, items.dump(), method, r.token, by, now});
  r.id = ins.rows[0].i64(0);
  r.number = receipt_number(kind, number, year);
  return r;
}

std::string PaymentService::receipt_number(const std::string& kind, int64_t number, int64_t year) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%07lld/%lld", static_cast<long long>(number), static_cast<long long>(year));
  return (kind == "refund" ? "HT-" : "") + std::string(buf);
}

ReceiptInfo PaymentService::receipt_of(const store::Row& x, const AgencySnapshot& ag) const {
  ReceiptInfo i;
  i.id = x.i64(0);
  i.kind = x.str(1);
  i.number = receipt_number(i.kind, x.i64(2), x.i64(3));
  i.agency_code = x.str(4);
  const auto* a = ag.find(i.agency_code);
  i.agency_name = a ? a->name : i.agency_code;
  i.payer_name = x.str(5);
  i.payer_id_number = x.str(6);
  i.method = x.str(7);
  i.token = x.str(8);
  i.issued_by = x.str(9);
  i.amount = x.i64(10);
  i.issued_at = x.i64(11);
  i.items = nlohmann::json::parse(x.str(12), nullptr, false);
  i.dossier_code = x.str(13);
  i.dossier_id = x.str(14);
  i.procedure_name = x.str(15);
  return i;
}

void PaymentService::waive(const std::string& id, int64_t fee_id, const std::string& reason_in, const Principal& who, const std::string& ip) const {
  std::string reason = text::trim(text::nfc(reason_in));
  if (reason.empty() || text::length(reason) > 500)
    throw DomainError(ErrorKind::invalid, "reason_required", "Ghi lý do miễn, giảm (tối đa 500 ký tự).", {{"reason", "Ghi lý do miễn, giảm."}});
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& c) {
    PayDossier d = load(c, id);
    if (dossiers_) dossiers_->view(d.public_id, who);  // 404 unless the reader may see it
    if (!desk_at(d, who)) throw DomainError(ErrorKind::forbidden, "not_your_step", "Chỉ Bộ phận Một cửa của cơ quan tiếp nhận được miễn, giảm phí, lệ phí.");
    auto f = c.exec("SELECT total, name FROM dossier_fees WHERE id = $1 AND dossier_id = $2 AND paid_by IS NULL AND waived_by IS NULL AND total > 0",
                    {fee_id, d.id});
    if (f.rows.empty()) throw DomainError(ErrorKind::conflict, "fee_not_open", "Khoản thu này không còn để miễn (đã nộp, đã miễn hoặc không tồn tại).");
    if (!payments::may_pay(static_cast<int>(d.status)))
      throw DomainError(ErrorKind::conflict, "dossier_closed", "Hồ sơ ở trạng thái này không còn thu phí, lệ phí.");
    c.exec("UPDATE dossier_fees SET waived_by = $2, waived_reason = $3 WHERE id = $1", {fee_id, who.username, reason});
    ledger(c, d, "waiver", f.rows[0].i64(0), "", fee_id, 0, 0, who.username, reason, now);
    audit_.append(c, {who.user_id, who.username, "payment.waive", d.code.empty() ? d.public_id : d.code, d.agency_code, ip,
                      {{"fee", f.rows[0].str(1)}, {"amount", f.rows[0].i64(0)}, {"reason", reason}}},
                  now);
    if (d.status == 6 && payable(c, d.id) == 0 && dossiers_)
      dossiers_->act_in(c, d.public_id, "record-payment", {{"note", "Miễn, giảm: " + reason}}, who, ip, false);
  });
}

FeesView PaymentService::fees(const std::string& id, const Principal& who) const {
  FeesView v;
  if (!dossiers_) return v;
  auto dv = dossiers_->view(id, who);  // 404 unless the reader may see it
  db_.read([&](store::Conn& c) {
    PayDossier d = load(c, dv.id);
    auto rows = c.exec("SELECT id, code, name, kind, collect, exempt_reason, COALESCE(waived_by, ''), COALESCE(waived_reason, ''), amount, quantity, total, "
                       "refunded, due_at, paid_by FROM dossier_fees WHERE dossier_id = $1 ORDER BY id",
                       {d.id});
    for (const auto& x : rows.rows) {
      FeeItem f;
      f.id = x.i64(0);
      f.code = x.str(1);
      f.name = x.str(2);
      f.kind = x.str(3);
      f.collect = x.str(4);
      f.exempt_reason = x.str(5);
      f.waived_by = dv.for_staff ? x.str(6) : "";
      f.waived_reason = x.str(7);
      f.waived = !x.str(6).empty();
      f.amount = x.i64(8);
      f.quantity = x.i64(9);
      f.total = x.i64(10);
      f.refunded = x.i64(11);
      f.payable = !x.is_null(12);
      f.paid = !x.is_null(13);
      if (f.payable && !f.paid && !f.waived && f.total > 0) v.payable += f.total;
      if (f.payable && !f.paid && !f.waived && f.total > 0 && f.collect == "upfront") v.upfront_outstanding += f.total;
      v.items.push_back(std::move(f));
    }
    std::vector<payments::Movement> mv;
    for (const auto& x : c.exec("SELECT kind, amount FROM fee_ledger WHERE dossier_id = $1", {d.id}).rows) mv.push_back({x.str(0), x.i64(1)});
    v.balance = payments::balance(mv);
    for (const auto& x : c.exec("SELECT txn_ref, method, state, response_code, gateway_txn_no, note, amount, created_at, COALESCE(paid_at, 0), refunded "
                                "FROM payments WHERE dossier_id = $1 ORDER BY id",
                                {d.id})
                             .rows)
      v.payments.push_back({x.str(0), x.str(1), x.str(2), x.str(3), x.str(4), dv.for_staff ? x.str(5) : "", x.i64(6), x.i64(7), x.i64(8), x.i64(9)});
    for (const auto& x : c.exec("SELECT r.id, r.amount, r.created_at, COALESCE(r.done_at, 0), r.state, r.reason, p.method FROM refunds r "
                                "JOIN payments p ON p.id = r.payment_id WHERE r.dossier_id = $1 ORDER BY r.id",
                                {d.id})
                             .rows)
      v.refunds.push_back({x.i64(0), x.i64(1), x.i64(2), x.i64(3), x.str(4), x.str(5), x.str(6)});
    auto snap = agencies_.snapshot();
    for (const auto& x : c.exec(std::string(kReceiptSql) + "WHERE r.dossier_id = $1 ORDER BY r.id", {d.id}).rows) v.receipts.push_back(receipt_of(x, *snap));
    const bool open = payments::may_pay(static_cast<int>(d.status));
    if (open && v.payable > 0 && who.kind != accounts::Kind::staff && d.applicant_user_id == who.user_id)
      v.online_gateways = merchants_.offered(lineage(d.agency_code));
    v.may_pay_online = !v.online_gateways.empty();
    v.may_collect = open && v.payable > 0 && desk_at(d, who);
  });
  return v;
}

}  // namespace motcua::services
