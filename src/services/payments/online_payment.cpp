// PaymentService: online payment through VNPAY — start, IPN, return URL, applying a payment exactly once, and
// asking the gateway about pending payments (see payment_service.h).
#include <spdlog/spdlog.h>

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
namespace vnpay = ::motcua::payments::vnpay;

namespace {
constexpr int64_t kExpireMs = 15 * 60 * 1000;  // vnp_ExpireDate: 15 minutes to pay

bool open_for_payment(int64_t status) { return payments::may_pay(static_cast<int>(status)); }

std::string param(const vnpay::Params& p, const char* k) {
  auto it = p.find(k);
  return it == p.end() ? "" : it->second;
}

// vnp_Amount (amount × 100) in đồng; -1 when it is not a whole number of đồng.
int64_t amount_of(const std::string& s) {
  if (s.empty() || s.size() > 17 || s.find_first_not_of("0123456789") != std::string::npos) return -1;
  int64_t v = std::stoll(s);
  return v % 100 == 0 ? v / 100 : -1;
}

struct PendingPayment {
  int64_t id = 0, dossier_id = 0, amount = 0, created_at = 0;
  std::string txn_ref, state, agency;
};
}  // namespace

PaymentStart PaymentService::start(const std::string& id, const std::string& gateway, const Principal& who, const std::string& ip,
                                   const std::string& base_url) const {
  if (!dossiers_) throw DomainError(ErrorKind::internal, "payments_off", "Chức năng thanh toán chưa sẵn sàng.");
  if (gateway != "vnpay" && gateway != "cash" && gateway != "transfer")
    throw DomainError(ErrorKind::invalid, "bad_gateway", "Hình thức thanh toán là vnpay (trực tuyến), cash (tiền mặt) hoặc transfer (chuyển khoản).",
                      {{"gateway", "Không hợp lệ."}});
  auto dv = dossiers_->view(id, who);  // 404 unless the reader may see it
  int64_t now = fmt::now_ms();
  PaymentStart out;
  if (gateway != "vnpay") {
    db_.write([&](store::Conn& c) {
      PayDossier d = load(c, dv.id);
      if (!desk_at(d, who))
        throw DomainError(ErrorKind::forbidden, "not_your_step", "Chỉ Bộ phận Một cửa của cơ quan tiếp nhận hồ sơ được ghi nhận khoản thu tại quầy.");
      if (!open_for_payment(d.status)) throw DomainError(ErrorKind::conflict, "dossier_closed", "Hồ sơ ở trạng thái này không thu phí, lệ phí.");
      out.amount = collect_at_desk(c, d, gateway, who, now);
      if (out.amount == 0) throw DomainError(ErrorKind::conflict, "nothing_to_pay", "Hồ sơ không có khoản phí, lệ phí nào phải nộp lúc này.");
      if (d.status == 6 && payable(c, d.id) == 0)
        dossiers_->act_in(c, d.public_id, "record-payment", {{"note", gateway == "cash" ? "Đã nộp tiền mặt tại Bộ phận Một cửa" : "Đã chuyển khoản"}}, who, ip,
                          false);
      out.txn_ref = c.exec("SELECT txn_ref FROM payments WHERE dossier_id = $1 ORDER BY id DESC LIMIT 1", {d.id}).rows[0].str(0);
    });
    return out;
  }
  if (who.kind == accounts::Kind::staff)
    throw DomainError(ErrorKind::forbidden, "owner_only", "Chỉ người nộp hồ sơ thanh toán trực tuyến; tại quầy hãy ghi nhận tiền mặt hoặc chuyển khoản.");
  db_.write([&](store::Conn& c) {
    PayDossier d = load(c, dv.id);
    if (d.applicant_user_id != who.user_id) throw DomainError(ErrorKind::not_found, "dossier_not_found", "Không tìm thấy hồ sơ.");
    if (!open_for_payment(d.status)) throw DomainError(ErrorKind::conflict, "dossier_closed", "Hồ sơ ở trạng thái này không thu phí, lệ phí.");
    const gateway::Merchant* m = merchants_.for_agency(lineage(d.agency_code));
    if (!m) throw DomainError(ErrorKind::conflict, "gateway_unavailable", "Cơ quan tiếp nhận chưa cấu hình thanh toán trực tuyến; vui lòng nộp tại Bộ phận Một cửa.");
    auto lines = c.exec("SELECT id, total FROM dossier_fees WHERE dossier_id = $1 AND due_at IS NOT NULL AND paid_by IS NULL AND waived_by IS NULL AND total > 0 "
                        "ORDER BY id",
                        {d.id});
    json ids = json::array();
    for (const auto& x : lines.rows) out.amount += x.i64(1), ids.push_back(x.i64(0));
    if (out.amount <= 0) throw DomainError(ErrorKind::conflict, "nothing_to_pay", "Hồ sơ không có khoản phí, lệ phí nào phải nộp lúc này.");
    out.txn_ref = "MC" + fmt::iso_date(now).substr(2, 2) + fmt::iso_date(now).substr(5, 2) + fmt::iso_date(now).substr(8, 2) + random_digits(10);
    c.exec("INSERT INTO payments (txn_ref, dossier_id, agency_code, method, amount, fee_ids, state, created_by, created_at) "
           "VALUES ($1,$2,$3,'vnpay',$4,$5,'pending',$6,$7)",
           {out.txn_ref, d.id, d.agency_code, out.amount, ids.dump(), who.username, now});
    vnpay::Params p = {{"vnp_Version", "2.1.0"},
                       {"vnp_Command", "pay"},
                       {"vnp_TmnCode", m->tmn_code},
                       {"vnp_Amount", std::to_string(out.amount * 100)},
                       {"vnp_CurrCode", "VND"},
                       {"vnp_TxnRef", out.txn_ref},
                       {"vnp_OrderInfo", "Thanh toan phi le phi ho so " + (d.code.empty() ? d.public_id : d.code)},
                       {"vnp_OrderType", "other"},
                       {"vnp_Locale", "vn"},
                       {"vnp_ReturnUrl", (base_url.empty() ? public_url_ : base_url) + "/thanh-toan/vnpay/ket-qua"},
                       {"vnp_IpAddr", ip.empty() ? "127.0.0.1" : ip},
                       {"vnp_CreateDate", vnpay::format_time(now)},
                       {"vnp_ExpireDate", vnpay::format_time(now + kExpireMs)}};
    out.payment_url = gateway::payment_url(*m, p);
    audit_.append(c, {who.user_id, who.username, "payment.start", d.code.empty() ? d.public_id : d.code, d.agency_code, ip,
                      {{"txn_ref", out.txn_ref}, {"amount", out.amount}, {"gateway", "vnpay"}}},
                  now);
  });
  return out;
}

bool PaymentService::apply(store::Conn& c, int64_t payment_id, const std::string& txn_no, const std::string& bank, const std::string& response_code,
                           const std::string& via, int64_t now) const {
  auto upd = c.exec("UPDATE payments SET state = 'paid', paid_at = $2, gateway_txn_no = $3, bank_code = $4, response_code = $5 WHERE id = $1 AND state = 'pending'",
                    {payment_id, now, txn_no, bank, response_code});
  if (upd.affected != 1) return false;
  auto p = c.exec("SELECT dossier_id, amount, fee_ids, method, txn_ref FROM payments WHERE id = $1", {payment_id}).rows.at(0);
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
  auto rc = issue_receipt(c, d, payment_id, "payment", amount, items, "vnpay", "Cổng thanh toán VNPAY", now);
  ledger(c, d, "payment", amount, "vnpay", 0, payment_id, rc.id, "vnpay", "Giao dịch VNPAY " + txn_no + " (" + via + ")", now);
  if (covered < amount)
    c.exec("INSERT INTO refunds (payment_id, dossier_id, agency_code, amount, fee_ids, reason, state, created_at) VALUES ($1,$2,$3,$4,'[]','duplicate','pending',$5)",
           {payment_id, d.id, d.agency_code, amount - covered, now});
  audit_.append(c, {0, "vnpay", "payment.paid", d.code.empty() ? d.public_id : d.code, d.agency_code, "",
                    {{"txn_ref", p.str(4)}, {"amount", amount}, {"via", via}, {"receipt", rc.number}}},
                now);
  // The applicant is told, in this transaction (the outbox): one message per payment (keyed by its reference).
  auto contact = c.exec("SELECT applicant_email, applicant_phone FROM dossiers WHERE id = $1", {d.id}).rows.at(0);
  notify::Message m;
  m.event = "payment.paid";
  m.subject = "Đã nhận thanh toán phí, lệ phí hồ sơ " + (d.code.empty() ? d.public_id : d.code);
  m.body_text = "Đã nhận " + fmt::money(amount) + " thanh toán trực tuyến qua VNPAY cho hồ sơ " + d.procedure_name + ". Biên lai điện tử số " +
                rc.number + ": " + public_url_ + "/bien-lai/" + rc.token;
  m.key = p.str(4);
  m.dossier_id = d.id;
  m.dossier_code = d.code;
  m.agency = d.agency_code;
  outbox_.enqueue_for(c, {contact.str(0), contact.str(1)}, std::move(m), now);
  if (d.status == 6 && payable(c, d.id) == 0 && dossiers_)
    dossiers_->act_in(c, d.public_id, "record-payment", {{"note", "Đã thanh toán trực tuyến qua VNPAY, giao dịch " + txn_no + "."}},
                      DossierService::system_principal(), "", true);
  counters_.applied++;
  return true;
}

vnpay::IpnReply PaymentService::ipn(const std::string& query, const std::string& ip) const {
  auto p = vnpay::parse_query(query);
  if (!p) return vnpay::kUnknownError;
  const gateway::Merchant* m = merchants_.by_tmn(param(*p, "vnp_TmnCode"));
  int64_t now = fmt::now_ms();
  const std::string ref = param(*p, "vnp_TxnRef");
  if (!m || !gateway::verify(*m, *p)) {
    counters_.ipn_refused++;
    spdlog::warn(R"("event":"payment_ipn_refused","reason":"signature","ip":"{}")", ip);
    db_.write([&](store::Conn& c) {
      audit_.append(c, {0, "vnpay", "payment.ipn_refused", text::display_text(ref, 64), "", ip, {{"reason", "signature"}}}, now);
    });
    return vnpay::kInvalidChecksum;
  }
  vnpay::IpnReply reply = vnpay::kUnknownError;
  db_.write([&](store::Conn& c) {
    auto r = c.exec("SELECT id, amount, state, agency_code FROM payments WHERE txn_ref = $1 AND method = 'vnpay'", {ref});
    if (r.rows.empty()) {
      reply = vnpay::kOrderNotFound;
      return;
    }
    int64_t pid = r.rows[0].i64(0);
    c.exec("UPDATE payments SET ipn_count = ipn_count + 1 WHERE id = $1", {pid});
    int64_t amount = amount_of(param(*p, "vnp_Amount"));
    if (amount != r.rows[0].i64(1)) {
      c.exec("UPDATE payments SET state = CASE WHEN state = 'pending' THEN 'flagged' ELSE state END, note = $2 WHERE id = $1",
             {pid, "IPN báo số tiền " + param(*p, "vnp_Amount") + " (×100) khác số phải nộp"});
      audit_.append(c, {0, "vnpay", "payment.ipn_refused", ref, r.rows[0].str(3), ip, {{"reason", "amount"}, {"vnp_Amount", param(*p, "vnp_Amount")}}}, now);
      reply = vnpay::kInvalidAmount;
      return;
    }
    if (r.rows[0].str(2) != "pending") {
      reply = vnpay::kOrderAlreadyConfirmed;
      return;
    }
    const std::string code = param(*p, "vnp_ResponseCode"), status = param(*p, "vnp_TransactionStatus");
    if (code == "00" && status == "00") apply(c, pid, param(*p, "vnp_TransactionNo"), param(*p, "vnp_BankCode"), code, "IPN", now);
    else
      c.exec("UPDATE payments SET state = 'failed', response_code = $2, note = $3 WHERE id = $1 AND state = 'pending'",
             {pid, code, vnpay::response_text(code)});
    reply = vnpay::kConfirmSuccess;
  });
  (std::string(reply.code) == "00" || std::string(reply.code) == "02" ? counters_.ipn_ok : counters_.ipn_refused)++;
  return reply;
}

ReturnOutcome PaymentService::on_return(const std::string& query) const {
  ReturnOutcome out;
  out.state = "invalid";
  out.message = "Thông tin thanh toán trả về không hợp lệ.";
  auto p = vnpay::parse_query(query);
  if (!p) return out;
  const gateway::Merchant* m = merchants_.by_tmn(param(*p, "vnp_TmnCode"));
  if (!m || !gateway::verify(*m, *p)) return out;
  out.txn_ref = param(*p, "vnp_TxnRef");
  int64_t pid = 0, created = 0, amount = 0;
  std::string state;
  db_.read([&](store::Conn& c) {
    auto r = c.exec("SELECT p.id, p.state, p.created_at, p.amount, d.public_id, d.code FROM payments p JOIN dossiers d ON d.id = p.dossier_id "
                    "WHERE p.txn_ref = $1 AND p.method = 'vnpay'",
                    {out.txn_ref});
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
      auto q = gateway::query(*m, out.txn_ref, vnpay::format_time(created), fmt::now_ms());
      db_.write([&](store::Conn& c) {
        int64_t now = fmt::now_ms();
        if (q.response_code == "00" && q.transaction_status == "00" && q.amount == amount) apply(c, pid, q.transaction_no, q.bank_code, "00", "querydr", now);
        else if (q.response_code == "00" && q.transaction_status == "00")
          c.exec("UPDATE payments SET state = 'flagged', note = $2 WHERE id = $1 AND state = 'pending'",
                 {pid, "Cổng thanh toán báo số tiền " + fmt::money(q.amount) + " khác số phải nộp"});
        else if (q.response_code == "00" && q.transaction_status == "02")
          c.exec("UPDATE payments SET state = 'failed', response_code = $2 WHERE id = $1 AND state = 'pending'", {pid, param(*p, "vnp_ResponseCode")});
        state = c.exec("SELECT state FROM payments WHERE id = $1", {pid}).rows[0].str(0);
      });
    } catch (const gateway::GatewayError& e) {
      spdlog::warn(R"("event":"payment_query_failed","txn_ref":"{}","error":"{}")", out.txn_ref, text::display_text(e.what(), 200));
    }
  }
  out.state = state;
  if (state == "paid") out.message = "Thanh toán thành công " + fmt::money(amount) + ". Biên lai điện tử đã được cấp.";
  else if (state == "failed") out.message = "Thanh toán không thành công: " + vnpay::response_text(param(*p, "vnp_ResponseCode")) + ". Bạn có thể thanh toán lại.";
  else if (state == "flagged") out.message = "Giao dịch có sai lệch về số tiền và đang được kiểm tra; cơ quan sẽ liên hệ với bạn.";
  else out.message = "Đang chờ xác nhận từ cổng thanh toán. Kết quả sẽ được cập nhật trên trang hồ sơ.";
  return out;
}

int PaymentService::check_pending(const std::string& id, const Principal& who) const {
  if (!dossiers_) return 0;
  auto dv = dossiers_->view(id, who);
  std::vector<PendingPayment> pend;
  db_.read([&](store::Conn& c) {
    for (const auto& x : c.exec("SELECT p.id, p.dossier_id, p.amount, p.created_at, p.txn_ref, p.state, p.agency_code FROM payments p JOIN dossiers d ON "
                                "d.id = p.dossier_id WHERE d.public_id = $1 AND p.method = 'vnpay' AND p.state = 'pending'",
                                {dv.id})
                             .rows)
      pend.push_back({x.i64(0), x.i64(1), x.i64(2), x.i64(3), x.str(4), x.str(5), x.str(6)});
  });
  int applied = 0;
  for (const auto& pp : pend) {
    const gateway::Merchant* m = merchants_.for_agency(lineage(pp.agency));
    if (!m) continue;
    try {
      auto q = gateway::query(*m, pp.txn_ref, vnpay::format_time(pp.created_at), fmt::now_ms());
      db_.write([&](store::Conn& c) {
        if (q.response_code == "00" && q.transaction_status == "00" && q.amount == pp.amount)
          applied += apply(c, pp.id, q.transaction_no, q.bank_code, "00", "querydr", fmt::now_ms()) ? 1 : 0;
        else if (q.response_code == "00" && q.transaction_status == "02")
          c.exec("UPDATE payments SET state = 'failed' WHERE id = $1 AND state = 'pending'", {pp.id});
      });
    } catch (const gateway::GatewayError& e) {
      throw DomainError(ErrorKind::conflict, "gateway_unreachable", "Chưa liên lạc được với cổng thanh toán; vui lòng thử lại sau ít phút.");
    }
  }
  return applied;
}

}  // namespace motcua::services
