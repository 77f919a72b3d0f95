// PaymentService: refunds (gateway job and desk pay-out) and receipts (public verification, PDF, search) (see
// payment_service.h).
#include <spdlog/spdlog.h>

#include "domain/errors.h"
#include "domain/format.h"
#include "domain/text.h"
#include "services/documents/receipt_pdf.h"
#include "services/dossiers/dossier_service.h"
#include "services/payments/payment_service.h"

namespace motcua::services {

using nlohmann::json;
using accounts::Principal;

namespace {
constexpr int kRefundMaxAttempts = 8;

}  // namespace

void PaymentService::finish_refund(store::Conn& c, int64_t refund_id, const std::string& by, int64_t now) const {
  auto upd = c.exec("UPDATE refunds SET state = 'done', done_at = $2, done_by = $3 WHERE id = $1 AND state IN ('pending', 'desk')", {refund_id, now, by});
  if (upd.affected != 1) throw DomainError(ErrorKind::conflict, "refund_done", "Khoản hoàn trả này đã được thực hiện.");
  auto r = c.exec("SELECT r.payment_id, r.dossier_id, r.amount, r.fee_ids, r.reason, p.method FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.id = $1",
                  {refund_id})
               .rows.at(0);
  PayDossier d = load_by_id(c, r.i64(1));
  c.exec("UPDATE payments SET refunded = refunded + $2 WHERE id = $1", {r.i64(0), r.i64(2)});
  json items = json::array();
  json ids = json::parse(r.str(3), nullptr, false);
  if (ids.is_array())
    for (const auto& id : ids)
      for (const auto& x : c.exec("SELECT code, name, amount, quantity, total FROM dossier_fees WHERE id = $1", {id.get<int64_t>()}).rows)
        items.push_back({{"code", x.str(0)}, {"name", x.str(1)}, {"amount", x.i64(2)}, {"quantity", x.i64(3)}, {"total", x.i64(4)}});
  if (items.empty()) items.push_back({{"code", "THUA"}, {"name", "Hoàn số tiền nộp thừa"}, {"amount", r.i64(2)}, {"quantity", 1}, {"total", r.i64(2)}});
  const gateway::Gateway* gw = gateway::find_gateway(by);
  auto rc = issue_receipt(c, d, r.i64(0), "refund", r.i64(2), items, r.str(5), gw ? gw->label() : by, now);
  ledger(c, d, "refund", r.i64(2), r.str(5), 0, r.i64(0), rc.id, by, "Hoàn trả do " + payments::kind_label(r.str(4)), now);
  audit_.append(c, {0, by, "payment.refund", d.code.empty() ? d.public_id : d.code, d.agency_code, "", {{"amount", r.i64(2)}, {"receipt", rc.number}}}, now);
}

void PaymentService::refund_at_desk(const std::string& id, int64_t refund_id, const Principal& who, const std::string& ip) const {
  if (dossiers_) dossiers_->view(id, who);
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& c) {
    PayDossier d = load(c, id);
    if (!desk_at(d, who)) throw DomainError(ErrorKind::forbidden, "not_your_step", "Chỉ Bộ phận Một cửa của cơ quan tiếp nhận hồ sơ được chi trả hoàn phí.");
    auto r = c.exec("SELECT state FROM refunds WHERE id = $1 AND dossier_id = $2", {refund_id, d.id});
    if (r.rows.empty()) throw DomainError(ErrorKind::not_found, "refund_not_found", "Không tìm thấy khoản hoàn trả.");
    if (r.rows[0].str(0) != "desk") throw DomainError(ErrorKind::conflict, "refund_not_desk", "Khoản này hoàn qua cổng thanh toán hoặc đã hoàn xong.");
    finish_refund(c, refund_id, who.username, now);
    audit_.append(c, {who.user_id, who.username, "payment.refund_desk", d.code.empty() ? d.public_id : d.code, d.agency_code, ip, {{"refund", refund_id}}}, now);
  });
}

std::string PaymentService::run_refunds(int limit) const {
  struct Due {
    int64_t id, amount, paid, refunded, created_at;
    std::string txn_ref, txn_no, agency, method;
  };
  std::vector<Due> due;
  db_.read([&](store::Conn& c) {
    for (const auto& x : c.exec("SELECT r.id, r.amount, p.amount, p.refunded, p.created_at, p.txn_ref, p.gateway_txn_no, p.agency_code, p.method FROM refunds r "
                                "JOIN payments p ON p.id = r.payment_id WHERE r.state = 'pending' ORDER BY r.id LIMIT $1",
                                {static_cast<int64_t>(limit)})
                             .rows)
      due.push_back({x.i64(0), x.i64(1), x.i64(2), x.i64(3), x.i64(4), x.str(5), x.str(6), x.str(7), x.str(8)});
  });
  int done = 0, failed = 0;
  for (const auto& r : due) {
    const gateway::Gateway* gw = gateway::find_gateway(r.method);
    const gateway::Merchant* m = gw ? merchants_.for_agency(r.method, lineage(r.agency)) : nullptr;
    std::string error;
    bool ok = false;
    if (!m) error = "Chưa cấu hình cổng thanh toán";
    else
      try {
        auto res = gw->refund(*m, r.txn_ref, r.amount, r.amount == r.paid - r.refunded, r.txn_no, r.created_at, fmt::now_ms());
        ok = res.done;
        if (!ok) error = "Cổng thanh toán từ chối hoàn tiền: " + res.message;
      } catch (const gateway::GatewayError& e) {
        error = e.what();
      }
    db_.write([&](store::Conn& c) {
      int64_t now = fmt::now_ms();
      if (ok) {
        finish_refund(c, r.id, r.method, now);
        ++done;
      } else {
        c.exec("UPDATE refunds SET attempts = attempts + 1, last_error = $2, state = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE state END WHERE id = $1",
               {r.id, error, static_cast<int64_t>(kRefundMaxAttempts)});
        ++failed;
      }
    });
  }
  return "hoàn tiền: " + std::to_string(done) + " xong, " + std::to_string(failed) + " chưa được";
}

std::optional<ReceiptInfo> PaymentService::receipt_by_token(const std::string& token) const {
  if (token.size() != 32 || token.find_first_not_of("0123456789abcdef") != std::string::npos) return std::nullopt;
  std::optional<ReceiptInfo> out;
  db_.read([&](store::Conn& c) {
    auto r = c.exec(std::string(kReceiptSql) + "WHERE r.token = $1", {token});
    if (r.rows.empty()) return;
    out = receipt_of(r.rows[0], *agencies_.snapshot());
  });
  return out;
}

std::string PaymentService::receipt_pdf(const std::string& token, const std::string& base_url) const {
  auto r = receipt_by_token(token);
  if (!r) throw DomainError(ErrorKind::not_found, "receipt_not_found", "Không tìm thấy biên lai.");
  auto snap = agencies_.snapshot();
  documents::FormHeader h;
  const auto* a = snap->find(r->agency_code);
  h.agency_name = a ? a->name : r->agency_name;
  const auto* parent = a && !a->parent_code.empty() ? snap->find(a->parent_code) : nullptr;
  h.parent_agency_name = parent ? parent->name : "";
  h.place = a ? (a->short_name.empty() ? a->name : a->short_name) : "";
  h.date_ms = r->issued_at;
  documents::ReceiptDoc d;
  d.refund = r->kind == "refund";
  d.series = std::string(d.refund ? "HT" : "BL") + fmt::iso_date(r->issued_at).substr(2, 2) + "-" + r->agency_code;
  d.number = r->number;
  d.payer_name = r->payer_name;
  d.payer_id_number = r->payer_id_number;
  d.dossier_code = r->dossier_code;
  d.procedure_name = r->procedure_name;
  d.method = payments::method_label(r->method);
  if (r->items.is_array())
    for (const auto& x : r->items) d.lines.push_back({x.value("name", ""), x.value("quantity", int64_t{1}), x.value("amount", int64_t{0}), x.value("total", int64_t{0})});
  d.total = r->amount;
  d.issued_by = r->issued_by;
  d.verify_url = (base_url.empty() ? public_url_ : base_url) + "/bien-lai/" + r->token;
  return documents::receipt_pdf(h, d);
}

std::vector<ReceiptInfo> PaymentService::search_receipts(const std::string& q_in, const Principal& who, int limit) const {
  std::vector<ReceiptInfo> out;
  std::string q = text::trim(text::nfc(q_in));
  for (auto& ch : q) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (q.empty() || who.kind != accounts::Kind::staff) return out;
  auto snap = agencies_.snapshot();
  db_.read([&](store::Conn& c) {
    auto rows = c.exec("SELECT r.token FROM receipts r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = $1 OR r.payer_id_number = $1 "
                       "ORDER BY r.id DESC LIMIT 500",
                       {q});
    for (const auto& x : rows.rows) {
      if (static_cast<int>(out.size()) >= limit) break;
      out.push_back(ReceiptInfo{});
      out.back().token = x.str(0);
    }
  });
  std::vector<ReceiptInfo> full;
  for (const auto& t : out) {
    auto r = receipt_by_token(t.token);
    if (!r) continue;
    bool in_scope = false;
    for (const auto& g : who.grants) in_scope |= g.role != accounts::Role::catalog && snap->within(r->agency_code, g.agency);
    if (in_scope) full.push_back(std::move(*r));
  }
  return full;
}

}  // namespace motcua::services
