// PaymentService: online payment through a gateway (VNPAY, the national platform) — start, IPN, return URL, applying a payment exactly once, and
// asking the gateway about pending payments (see payment_service.h).
#include <spdlog/spdlog.h>

#include "domain/dossier/status.h"
#include "domain/errors.h"
#include "domain/format.h"
#include "domain/payments/paygov.h"
#include "domain/text.h"
#include "services/dossiers/dossier_service.h"
#include "services/ids.h"
#include "services/payments/payment_service.h"

namespace motcua::services {

using nlohmann::json;
using accounts::Principal;
namespace vnpay = ::motcua::payments::vnpay;
namespace paygov = ::motcua::payments::paygov;

namespace {
constexpr int64_t kExpireMs = 15 * 60 * 1000;  // vnp_ExpireDate: 15 minutes to pay

bool open_for_payment(int64_t status) { return payments::may_pay(static_cast<int>(status)); }

struct PendingPayment {
  int64_t id = 0, dossier_id = 0, amount = 0, created_at = 0;
  std::string txn_ref, state, agency, method;
};
}  // namespace

PaymentStart PaymentService::start(const std::string& id, const std::string& gw_name, const Principal& who, const std::string& ip,
                                   const std::string& base_url) const {
  if (!dossiers_) throw DomainError(ErrorKind::internal, "payments_off", "Chức năng thanh toán chưa sẵn sàng.");
  const gateway::Gateway* gw = gateway::find_gateway(gw_name);
  if (!gw && gw_name != "cash" && gw_name != "transfer")
    throw DomainError(ErrorKind::invalid, "bad_gateway",
                      "Hình thức thanh toán là vnpay hoặc paygov (trực tuyến), cash (tiền mặt) hoặc transfer (chuyển khoản).", {{"gateway", "Không hợp lệ."}});
  auto dv = dossiers_->view(id, who);  // 404 unless the reader may see it
  int64_t now = fmt::now_ms();
  PaymentStart out;
  if (!gw) {
    db_.write([&](store::Conn& c) {
      PayDossier d = load(c, dv.id);
      if (!desk_at(d, who))
        throw DomainError(ErrorKind::forbidden, "not_your_step", "Chỉ Bộ phận Một cửa của cơ quan tiếp nhận hồ sơ được ghi nhận khoản thu tại quầy.");
      if (!open_for_payment(d.status)) throw DomainError(ErrorKind::conflict, "dossier_closed", "Hồ sơ ở trạng thái này không thu phí, lệ phí.");
      out.amount = collect_at_desk(c, d, gw_name, who, now);
      if (out.amount == 0) throw DomainError(ErrorKind::conflict, "nothing_to_pay", "Hồ sơ không có khoản phí, lệ phí nào phải nộp lúc này.");
      if (d.status == 6 && payable(c, d.id) == 0)
        dossiers_->act_in(c, d.public_id, "record-payment", {{"note", gw_name == "cash" ? "Đã nộp tiền mặt tại Bộ phận Một cửa" : "Đã chuyển khoản"}}, who, ip,
                          false);
      out.txn_ref = c.exec("SELECT txn_ref FROM payments WHERE dossier_id = $1 ORDER BY id DESC LIMIT 1", {d.id}).rows[0].str(0);
    });
    return out;
  }
  if (who.kind == accounts::Kind::staff)
    throw DomainError(ErrorKind::forbidden, "owner_only", "Chỉ người nộp hồ sơ thanh toán trực tuyến; tại quầy hãy ghi nhận tiền mặt hoặc chuyển khoản.");
  gateway::Merchant merchant;
  gateway::StartRequest req;
  int64_t payment_id = 0;
  db_.write([&](store::Conn& c) {
    PayDossier d = load(c, dv.id);
    if (d.applicant_user_id != who.user_id) throw DomainError(ErrorKind::not_found, "dossier_not_found", "Không tìm thấy hồ sơ.");
    if (!open_for_payment(d.status)) throw DomainError(ErrorKind::conflict, "dossier_closed", "Hồ sơ ở trạng thái này không thu phí, lệ phí.");
    const gateway::Merchant* m = merchants_.for_agency(gw_name, lineage(d.agency_code));
    if (!m)
      throw DomainError(ErrorKind::conflict, "gateway_unavailable",
                        std::string("Cơ quan tiếp nhận chưa cấu hình thanh toán qua ") + gw->label() + "; vui lòng chọn hình thức khác hoặc nộp tại Bộ phận Một cửa.");
    merchant = *m;
    auto lines = c.exec("SELECT id, total FROM dossier_fees WHERE dossier_id = $1 AND due_at IS NOT NULL AND paid_by IS NULL AND waived_by IS NULL AND total > 0 "
                        "ORDER BY id",
                        {d.id});
    json ids = json::array();
    for (const auto& x : lines.rows) out.amount += x.i64(1), ids.push_back(x.i64(0));
    if (out.amount <= 0) throw DomainError(ErrorKind::conflict, "nothing_to_pay", "Hồ sơ không có khoản phí, lệ phí nào phải nộp lúc này.");
    out.txn_ref = "MC" + fmt::iso_date(now).substr(2, 2) + fmt::iso_date(now).substr(5, 2) + fmt::iso_date(now).substr(8, 2) + random_digits(10);
    payment_id = c.exec("INSERT INTO payments (txn_ref, dossier_id, agency_code, method, amount, fee_ids, state, created_by, created_at) "
                        "VALUES ($1,$2,$3,$4,$5,$6,'pending',$7,$8) RETURNING id",
                        {out.txn_ref, d.id, d.agency_code, gw_name, out.amount, ids.dump(), who.username, now})
                     .rows.at(0)
                     .i64(0);
    const std::string base = base_url.empty() ? public_url_ : base_url;
    req = {out.txn_ref, "Thanh toan phi le phi ho so " + (d.code.empty() ? d.public_id : d.code), base + "/thanh-toan/" + gw_name + "/ket-qua",
           base + "/api/v1/payments/" + gw_name + "/ipn", ip.empty() ? "127.0.0.1" : ip, d.code.empty() ? d.public_id : d.code,
           out.amount, now, now + kExpireMs};
    audit_.append(c, {who.user_id, who.username, "payment.start", d.code.empty() ? d.public_id : d.code, d.agency_code, ip,
                      {{"txn_ref", out.txn_ref}, {"amount", out.amount}, {"gateway", gw_name}}},
                  now);
  });
  // The gateway is asked outside the transaction (PayGov is a network call); the pending row exists first, so a
  // notice that arrives at once finds it.
  try {
    out.payment_url = gw->start(merchant, req);
  } catch (const gateway::GatewayError& e) {
    spdlog::warn(R"("event":"payment_start_failed","gateway":"{}","txn_ref":"{}","error":"{}")", gw_name, out.txn_ref, text::display_text(e.what(), 200));
    db_.write([&](store::Conn& c) {
      c.exec("UPDATE payments SET state = 'failed', note = $2 WHERE id = $1 AND state = 'pending'", {payment_id, text::display_text(e.what(), 200)});
    });
    throw DomainError(ErrorKind::unavailable, "gateway_unreachable",
                      std::string("Chưa kết nối được với ") + gw->label() + "; vui lòng thử lại sau ít phút hoặc chọn hình thức thanh toán khác.");
  }
  return out;
}

bool PaymentService::apply(store::Conn& c, int64_t payment_id, const std::string& txn_no, const std::string& bank, const std::string& response_code,
                           const std::string& via, int64_t now) const {
  auto upd = c.exec("UPDATE payments SET state = 'paid', paid_at = $2, gateway_txn_no = $3, bank_code = $4, response_code = $5 WHERE id = $1 AND state = 'pending'",
                    {payment_id, now, txn_no, bank, response_code});
  if (upd.affected != 1) return false;
  auto p = c.exec("SELECT dossier_id, amount, fee_ids, method, txn_ref FROM payments WHERE id = $1", {payment_id}).rows.at(0);
  const std::string method = p.str(3);
  const gateway::Gateway* gw = gateway::find_gateway(method);
  const std::string label = gw ? gw->label() : method;
  PayDossier d = load_by_id(c, p.i64(0));
  json ids = json::parse(p.str(2), nullptr, false);
  json items = json::array();
  int64_t covered = 0;
  if (ids.is_array())
    for (const auto& id : ids) {
      if (!id.is_number_integer()) continue;
      auto f = c.exec("UPDATE dossier_fees SET paid_by = $2 WHERE id = $1 AND paid_by IS NULL AND waived_by IS NULL RETURNING code, name, amount, quantity, total",
                      {id.get<int64_t>(), payment_id});
      for (const auto& x : f.rows) {
        covered += x.i64(4);
        items.push_back({{"code", x.str(0)}, {"name", x.str(1)}, {"amount", x.i64(2)}, {"quantity", x.i64(3)}, {"total", x.i64(4)}});
      }
    }
  const int64_t amount = p.i64(1);
  if (covered < amount)  // paid twice for the same lines (two tabs): what was not needed goes back
    items.push_back({{"code", "THUA"}, {"name", "Số tiền nộp thừa (sẽ được hoàn)"}, {"amount", amount - covered}, {"quantity", 1}, {"total", amount - covered}});
  auto rc = issue_receipt(c, d, payment_id, "payment", amount, items, method, label, now);
  ledger(c, d, "payment", amount, method, 0, payment_id, rc.id, method, "Giao dịch " + txn_no + " qua " + label + " (" + via + ")", now);
  if (covered < amount)
    c.exec("INSERT INTO refunds (payment_id, dossier_id, agency_code, amount, fee_ids, reason, state, created_at) VALUES ($1,$2,$3,$4,'[]','duplicate','pending',$5)",
           {payment_id, d.id, d.agency_code, amount - covered, now});
  audit_.append(c, {0, method, "payment.paid", d.code.empty() ? d.public_id : d.code, d.agency_code, "",
                    {{"txn_ref", p.str(4)}, {"amount", amount}, {"via", via}, {"receipt", rc.number}}},
                now);
  // The applicant is told, in this transaction (the outbox): one message per payment (keyed by its reference).
  auto contact = c.exec("SELECT applicant_email, applicant_phone, COALESCE(applicant_user_id, 0) FROM dossiers WHERE id = $1", {d.id}).rows.at(0);
  notify::Message m;
  m.event = "payment.paid";
  m.vars = {{"ma_ho_so", d.code.empty() ? d.public_id : d.code}, {"thu_tuc", d.procedure_name}, {"so_tien", fmt::money(amount)},
            {"cong_thanh_toan", label}, {"so_bien_lai", rc.number}, {"lien_ket_bien_lai", public_url_ + "/bien-lai/" + rc.token}};
  m.user_id = contact.i64(2);
  m.key = p.str(4);
  m.dossier_id = d.id;
  m.dossier_code = d.code;
  m.agency = d.agency_code;
  outbox_.enqueue_for(c, {contact.str(0), contact.str(1)}, std::move(m), now);
  if (d.status == 6 && payable(c, d.id) == 0 && dossiers_)
    dossiers_->act_in(c, d.public_id, "record-payment", {{"note", "Đã thanh toán trực tuyến qua " + label + ", giao dịch " + txn_no + "."}},
                      DossierService::system_principal(), "", true);
  counters_.applied++;
  return true;
}

PaymentService::NoticeResult PaymentService::notice(const gateway::Gateway& g, const gateway::Params& p, const std::string& ip) const {
  const std::string gw = g.name();
  const gateway::Merchant* m = merchants_.by_code(gw, g.merchant_code(p));
  int64_t now = fmt::now_ms();
  gateway::Notice n;
  if (m) n = g.read(*m, p);
  if (!m || !n.authentic) {
    counters_.ipn_refused++;
    spdlog::warn(R"("event":"payment_ipn_refused","gateway":"{}","reason":"signature","ip":"{}")", gw, ip);
    db_.write([&](store::Conn& c) {
      audit_.append(c, {0, gw, "payment.ipn_refused", text::display_text(n.txn_ref, 64), "", ip, {{"reason", "signature"}}}, now);
    });
    return NoticeResult::bad_signature;
  }
  NoticeResult out = NoticeResult::received;
  db_.write([&](store::Conn& c) {
    auto r = c.exec("SELECT id, amount, state, agency_code FROM payments WHERE txn_ref = $1 AND method = $2", {n.txn_ref, gw});
    if (r.rows.empty()) {
      out = NoticeResult::not_found;
      return;
    }
    int64_t pid = r.rows[0].i64(0);
    c.exec("UPDATE payments SET ipn_count = ipn_count + 1 WHERE id = $1", {pid});
    if (n.amount != r.rows[0].i64(1)) {
      c.exec("UPDATE payments SET state = CASE WHEN state = 'pending' THEN 'flagged' ELSE state END, note = $2 WHERE id = $1",
             {pid, "Thông báo của cổng thanh toán có số tiền " + (n.amount < 0 ? std::string("không hợp lệ") : fmt::money(n.amount)) + ", khác số phải nộp"});
      audit_.append(c, {0, gw, "payment.ipn_refused", n.txn_ref, r.rows[0].str(3), ip, {{"reason", "amount"}, {"amount", n.amount}}}, now);
      out = NoticeResult::amount;
      return;
    }
    if (r.rows[0].str(2) != "pending") {
      out = NoticeResult::already;
      return;
    }
    if (n.outcome == gateway::Outcome::paid) apply(c, pid, n.txn_no, n.bank, n.code, "IPN", now);
    else if (n.outcome == gateway::Outcome::failed)
      c.exec("UPDATE payments SET state = 'failed', response_code = $2, note = $3 WHERE id = $1 AND state = 'pending'", {pid, n.code, n.text});
  });
  (out == NoticeResult::received || out == NoticeResult::already ? counters_.ipn_ok : counters_.ipn_refused)++;
  return out;
}

vnpay::IpnReply PaymentService::ipn(const std::string& query, const std::string& ip) const {
  auto p = vnpay::parse_query(query);
  if (!p) return vnpay::kUnknownError;
  switch (notice(*gateway::find_gateway("vnpay"), *p, ip)) {
    case NoticeResult::received: return vnpay::kConfirmSuccess;
    case NoticeResult::not_found: return vnpay::kOrderNotFound;
    case NoticeResult::already: return vnpay::kOrderAlreadyConfirmed;
    case NoticeResult::amount: return vnpay::kInvalidAmount;
    case NoticeResult::bad_signature: return vnpay::kInvalidChecksum;
  }
  return vnpay::kUnknownError;
}

json PaymentService::paygov_ipn(const std::string& body, const std::string& ip) const {
  auto reply = [](const paygov::Reply& r) { return json{{"resultCode", r.code}, {"message", r.message}}; };
  auto p = paygov::from_json(json::parse(body, nullptr, false));
  if (!p) return reply(paygov::kUnknownError);
  switch (notice(*gateway::find_gateway("paygov"), *p, ip)) {
    case NoticeResult::received: return reply(paygov::kReceived);
    case NoticeResult::not_found: return reply(paygov::kOrderNotFound);
    case NoticeResult::already: return reply(paygov::kAlreadyConfirmed);
    case NoticeResult::amount: return reply(paygov::kInvalidAmount);
    case NoticeResult::bad_signature: return reply(paygov::kInvalidSignature);
  }
  return reply(paygov::kUnknownError);
}

bool PaymentService::settle(store::Conn& c, int64_t pid, int64_t amount, const gateway::QueryResult& q, const std::string& via, int64_t now) const {
  if (!q.found) return false;
  if (q.outcome == gateway::Outcome::paid && q.amount == amount) return apply(c, pid, q.txn_no, q.bank, q.code, via, now);
  if (q.outcome == gateway::Outcome::paid)
    c.exec("UPDATE payments SET state = 'flagged', note = $2 WHERE id = $1 AND state = 'pending'",
           {pid, "Cổng thanh toán báo số tiền " + fmt::money(q.amount) + " khác số phải nộp"});
  else if (q.outcome == gateway::Outcome::failed)
    c.exec("UPDATE payments SET state = 'failed', response_code = $2 WHERE id = $1 AND state = 'pending'", {pid, q.code});
  return false;
}

ReturnOutcome PaymentService::on_return(const std::string& gw_name, const std::string& query) const {
  ReturnOutcome out;
  out.state = "invalid";
  out.message = "Thông tin thanh toán trả về không hợp lệ.";
  const gateway::Gateway* gw = gateway::find_gateway(gw_name);
  auto p = vnpay::parse_query(query, gw_name == "vnpay");
  if (!gw || !p) return out;
  const gateway::Merchant* m = merchants_.by_code(gw_name, gw->merchant_code(*p));
  if (!m) return out;
  auto n = gw->read(*m, *p);
  if (!n.authentic) return out;
  out.txn_ref = n.txn_ref;
  int64_t pid = 0, created = 0, amount = 0;
  std::string state;
  db_.read([&](store::Conn& c) {
    auto r = c.exec("SELECT p.id, p.state, p.created_at, p.amount, d.public_id, d.code FROM payments p JOIN dossiers d ON d.id = p.dossier_id "
                    "WHERE p.txn_ref = $1 AND p.method = $2",
                    {out.txn_ref, gw_name});
    if (r.rows.empty()) return;
    pid = r.rows[0].i64(0);
    state = r.rows[0].str(1);
    created = r.rows[0].i64(2);
    amount = r.rows[0].i64(3);
    out.dossier_id = r.rows[0].str(4);
    out.dossier_code = r.rows[0].str(5);
  });
  if (!pid) return out;
  out.amount = amount;
  if (state == "pending") {
    // The browser's word is only a hint: ask the gateway.
    try {
      auto q = gw->query(*m, out.txn_ref, created, fmt::now_ms());
      db_.write([&](store::Conn& c) {
        settle(c, pid, amount, q, "truy vấn", fmt::now_ms());
        state = c.exec("SELECT state FROM payments WHERE id = $1", {pid}).rows[0].str(0);
      });
    } catch (const gateway::GatewayError& e) {
      spdlog::warn(R"("event":"payment_query_failed","txn_ref":"{}","error":"{}")", out.txn_ref, text::display_text(e.what(), 200));
    }
  }
  out.state = state;
  if (state == "paid") out.message = "Thanh toán thành công " + fmt::money(amount) + ". Biên lai điện tử đã được cấp.";
  else if (state == "failed") out.message = "Thanh toán không thành công: " + n.text + ". Bạn có thể thanh toán lại.";
  else if (state == "flagged") out.message = "Giao dịch có sai lệch về số tiền và đang được kiểm tra; cơ quan sẽ liên hệ với bạn.";
  else out.message = "Đang chờ xác nhận từ cổng thanh toán. Kết quả sẽ được cập nhật trên trang hồ sơ.";
  return out;
}

int PaymentService::check_pending(const std::string& id, const Principal& who) const {
  if (!dossiers_) return 0;
  auto dv = dossiers_->view(id, who);
  std::vector<PendingPayment> pend;
  db_.read([&](store::Conn& c) {
    for (const auto& x : c.exec("SELECT p.id, p.dossier_id, p.amount, p.created_at, p.txn_ref, p.state, p.agency_code, p.method FROM payments p JOIN dossiers d ON "
                                "d.id = p.dossier_id WHERE d.public_id = $1 AND p.method IN ('vnpay', 'paygov') AND p.state = 'pending'",
                                {dv.id})
                             .rows)
      pend.push_back({x.i64(0), x.i64(1), x.i64(2), x.i64(3), x.str(4), x.str(5), x.str(6), x.str(7)});
  });
  int applied = 0;
  for (const auto& pp : pend) {
    const gateway::Gateway* gw = gateway::find_gateway(pp.method);
    const gateway::Merchant* m = gw ? merchants_.for_agency(pp.method, lineage(pp.agency)) : nullptr;
    if (!m) continue;
    try {
      auto q = gw->query(*m, pp.txn_ref, pp.created_at, fmt::now_ms());
      db_.write([&](store::Conn& c) { applied += settle(c, pp.id, pp.amount, q, "truy vấn", fmt::now_ms()) ? 1 : 0; });
    } catch (const gateway::GatewayError&) {
      throw DomainError(ErrorKind::conflict, "gateway_unreachable", "Chưa liên lạc được với cổng thanh toán; vui lòng thử lại sau ít phút.");
    }
  }
  return applied;
}

}  // namespace motcua::services
