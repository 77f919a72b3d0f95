// PaymentService: refunds (gateway job and desk pay-out), receipts (public verification, PDF, search) and the
// daily reconciliation of gateway transactions against the ledger (see payment_service.h).
#include <spdlog/spdlog.h>
#include <xlsxwriter.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "domain/errors.h"
#include "domain/format.h"
#include "domain/text.h"
#include "services/documents/receipt_pdf.h"
#include "services/dossiers/dossier_service.h"
#include "services/payments/payment_service.h"

namespace motcua::services {

using nlohmann::json;
using accounts::Principal;
namespace vnpay = ::motcua::payments::vnpay;

namespace {
constexpr int kRefundMaxAttempts = 8;

std::string method_label(const std::string& m) {
  if (m == "cash") return "Tiền mặt";
  if (m == "transfer") return "Chuyển khoản";
  if (m == "vnpay") return "Thanh toán trực tuyến qua VNPAY";
  return m;
}

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
  auto rc = issue_receipt(c, d, r.i64(0), "refund", r.i64(2), items, r.str(5), by == "vnpay" ? "Cổng thanh toán VNPAY" : by, now);
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
    std::string txn_ref, txn_no, agency;
  };
  std::vector<Due> due;
  db_.read([&](store::Conn& c) {
    for (const auto& x : c.exec("SELECT r.id, r.amount, p.amount, p.refunded, p.created_at, p.txn_ref, p.gateway_txn_no, p.agency_code FROM refunds r "
                                "JOIN payments p ON p.id = r.payment_id WHERE r.state = 'pending' ORDER BY r.id LIMIT $1",
                                {static_cast<int64_t>(limit)})
                             .rows)
      due.push_back({x.i64(0), x.i64(1), x.i64(2), x.i64(3), x.i64(4), x.str(5), x.str(6), x.str(7)});
  });
  int done = 0, failed = 0;
  for (const auto& r : due) {
    const gateway::Merchant* m = merchants_.for_agency(lineage(r.agency));
    std::string error;
    bool ok = false;
    if (!m) error = "Chưa cấu hình cổng thanh toán";
    else
      try {
        auto res = gateway::refund(*m, r.txn_ref, r.amount, r.amount == r.paid - r.refunded, r.txn_no, vnpay::format_time(r.created_at), "system", fmt::now_ms());
        ok = res.response_code == "00" || res.response_code == "94";
        if (!ok) error = "Cổng thanh toán từ chối hoàn tiền: " + vnpay::response_text(res.response_code);
      } catch (const gateway::GatewayError& e) {
        error = e.what();
      }
    db_.write([&](store::Conn& c) {
      int64_t now = fmt::now_ms();
      if (ok) {
        finish_refund(c, r.id, "vnpay", now);
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
  d.method = method_label(r->method);
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

json PaymentService::reconcile(const std::string& day, const std::string& agency) const {
  auto t0 = fmt::parse_iso_date(day);
  if (!t0) throw DomainError(ErrorKind::invalid, "bad_day", "Ngày đối soát phải theo dạng YYYY-MM-DD.", {{"day", "Không hợp lệ."}});
  const int64_t t1 = *t0 + 86'400'000;
  struct P {
    int64_t id, amount, created_at;
    std::string txn_ref, state, agency, dossier_code;
    int64_t ledger = 0;
  };
  std::map<std::string, std::vector<P>> per_agency;
  db_.read([&](store::Conn& c) {
    auto rows = c.exec("SELECT p.id, p.amount, p.created_at, p.txn_ref, p.state, p.agency_code, COALESCE(d.code, d.public_id), "
                       "(SELECT COALESCE(SUM(l.amount), 0) FROM fee_ledger l WHERE l.payment_id = p.id AND l.kind = 'payment') "
                       "FROM payments p JOIN dossiers d ON d.id = p.dossier_id WHERE p.method = 'vnpay' AND p.created_at >= $1 AND p.created_at < $2 ORDER BY p.id",
                       {*t0, t1});
    for (const auto& x : rows.rows) {
      if (!agency.empty() && x.str(5) != agency) continue;
      per_agency[x.str(5)].push_back({x.i64(0), x.i64(1), x.i64(2), x.str(3), x.str(4), x.str(5), x.str(6), x.i64(7)});
    }
  });
  json all = json::array();
  for (auto& [ag, list] : per_agency) {
    json rep = {{"day", day}, {"agency", ag}, {"matched", json::array()}, {"missing_in_ledger", json::array()}, {"missing_at_gateway", json::array()},
                {"amount_mismatch", json::array()}, {"unreachable", json::array()}};
    int64_t gateway_total = 0, ledger_total = 0;
    const gateway::Merchant* m = merchants_.for_agency(lineage(ag));
    for (auto& p : list) {
      json line = {{"txn_ref", p.txn_ref}, {"dossier", p.dossier_code}, {"ledger_amount", p.ledger}, {"amount", p.amount}, {"state", p.state}};
      ledger_total += p.ledger;
      if (!m) {
        rep["unreachable"].push_back(line);
        continue;
      }
      gateway::QueryResult q;
      try {
        q = gateway::query(*m, p.txn_ref, vnpay::format_time(p.created_at), fmt::now_ms());
      } catch (const gateway::GatewayError& e) {
        line["error"] = e.what();
        rep["unreachable"].push_back(line);
        continue;
      }
      const bool gateway_paid = q.response_code == "00" && q.transaction_status == "00";
      line["gateway_amount"] = gateway_paid ? q.amount : 0;
      line["gateway_status"] = q.transaction_status;
      if (gateway_paid) gateway_total += q.amount;
      if (p.state == "flagged" || (gateway_paid && q.amount != p.amount)) {
        db_.write([&](store::Conn& c) {
          c.exec("UPDATE payments SET state = 'flagged', note = $2 WHERE id = $1 AND state IN ('pending', 'failed')",
                 {p.id, "Đối soát: cổng thanh toán báo " + fmt::money(q.amount)});
        });
        rep["amount_mismatch"].push_back(line);
      } else if (gateway_paid && p.ledger == 0) {
        bool recovered = false;
        db_.write([&](store::Conn& c) {
          if (p.state == "failed") c.exec("UPDATE payments SET state = 'pending' WHERE id = $1 AND state = 'failed'", {p.id});
          recovered = apply(c, p.id, q.transaction_no, q.bank_code, "00", "đối soát", fmt::now_ms());
        });
        line["recovered"] = recovered;
        if (recovered) ledger_total += p.amount;
        rep["missing_in_ledger"].push_back(line);
      } else if (!gateway_paid && p.ledger > 0) {
        rep["missing_at_gateway"].push_back(line);
      } else if (gateway_paid) {
        rep["matched"].push_back(line);
      }
    }
    rep["totals"] = {{"gateway", gateway_total}, {"ledger", ledger_total}, {"difference", gateway_total - ledger_total}};
    int64_t now = fmt::now_ms();
    db_.write([&](store::Conn& c) {
      c.exec("INSERT INTO reconciliations (day, agency_code, run_at, report) VALUES ($1,$2,$3,$4) ON CONFLICT (day, agency_code) DO UPDATE SET run_at = $3, report = $4",
             {day, ag, now, rep.dump()});
    });
    all.push_back(rep);
  }
  return all;
}

std::string PaymentService::run_reconcile_job() const {
  int64_t now = fmt::now_ms();
  int n = 0;
  for (int64_t back : {86'400'000LL, 0LL}) n += static_cast<int>(reconcile(fmt::iso_date(now - back)).size());
  return "đối soát: " + std::to_string(n) + " bảng (hôm qua và hôm nay)";
}

json PaymentService::reconciliation(const std::string& day, const std::string& agency, const Principal& who) const {
  auto snap = agencies_.snapshot();
  if (!snap->find(agency)) throw DomainError(ErrorKind::not_found, "agency_not_found", "Không tìm thấy cơ quan.");
  bool in_scope = false;
  for (const auto& g : who.grants) in_scope |= snap->within(agency, g.agency);
  if (!in_scope) throw DomainError(ErrorKind::forbidden, "out_of_scope", "Cơ quan này nằm ngoài phạm vi của bạn.");
  json all = reconcile(day, agency);
  if (!all.empty()) return all[0];
  return {{"day", day}, {"agency", agency}, {"matched", json::array()}, {"missing_in_ledger", json::array()}, {"missing_at_gateway", json::array()},
          {"amount_mismatch", json::array()}, {"unreachable", json::array()}, {"totals", {{"gateway", 0}, {"ledger", 0}, {"difference", 0}}}};
}

std::string PaymentService::reconciliation_xlsx(const std::string& day, const std::string& agency, const Principal& who) const {
  json rep = reconciliation(day, agency, who);
  char tmpl[] = "/tmp/motcua-reconcile-XXXXXX.xlsx";
  int fd = mkstemps(tmpl, 5);
  if (fd < 0) throw std::runtime_error("reconciliation_xlsx: cannot create a temporary file");
  close(fd);
  std::string path = tmpl;
  struct Cleanup {
    std::string p;
    ~Cleanup() { std::remove(p.c_str()); }
  } cleanup{path};
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw std::runtime_error("reconciliation_xlsx: workbook_new failed");
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Đối soát");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_border(head, LXW_BORDER_THIN);
  format_set_text_wrap(head);
  lxw_format* cell = workbook_add_format(wb);
  format_set_border(cell, LXW_BORDER_THIN);
  lxw_format* money = workbook_add_format(wb);
  format_set_border(money, LXW_BORDER_THIN);
  format_set_num_format(money, "#,##0");
  worksheet_write_string(ws, 0, 0, ("ĐỐI SOÁT GIAO DỊCH THANH TOÁN TRỰC TUYẾN NGÀY " + fmt::date(*fmt::parse_iso_date(day))).c_str(), bold);
  worksheet_write_string(ws, 1, 0, ("Cơ quan: " + agency).c_str(), nullptr);
  const char* cols[] = {"Kết quả", "Mã giao dịch", "Mã hồ sơ", "Số tiền phải nộp (đ)", "Theo sổ thu (đ)", "Theo cổng thanh toán (đ)", "Ghi chú"};
  for (int i = 0; i < 7; ++i) worksheet_write_string(ws, 3, static_cast<lxw_col_t>(i), cols[i], head);
  worksheet_set_column(ws, 0, 0, 28, nullptr);
  worksheet_set_column(ws, 1, 2, 26, nullptr);
  worksheet_set_column(ws, 3, 5, 18, nullptr);
  worksheet_set_column(ws, 6, 6, 40, nullptr);
  lxw_row_t row = 4;
  const std::pair<const char*, const char*> cats[] = {{"matched", "Khớp"},
                                                       {"missing_in_ledger", "Có ở cổng, thiếu trong sổ thu"},
                                                       {"missing_at_gateway", "Có trong sổ thu, không có ở cổng"},
                                                       {"amount_mismatch", "Sai lệch số tiền"},
                                                       {"unreachable", "Chưa đối soát được"}};
  for (const auto& [key, label] : cats)
    for (const auto& x : rep[key]) {
      worksheet_write_string(ws, row, 0, label, cell);
      worksheet_write_string(ws, row, 1, x.value("txn_ref", "").c_str(), cell);
      worksheet_write_string(ws, row, 2, x.value("dossier", "").c_str(), cell);
      worksheet_write_number(ws, row, 3, static_cast<double>(x.value("amount", int64_t{0})), money);
      worksheet_write_number(ws, row, 4, static_cast<double>(x.value("ledger_amount", int64_t{0})), money);
      worksheet_write_number(ws, row, 5, static_cast<double>(x.value("gateway_amount", int64_t{0})), money);
      std::string note = x.contains("recovered") && x["recovered"].get<bool>() ? "Đã ghi nhận bổ sung theo cổng thanh toán" : x.value("error", "");
      worksheet_write_string(ws, row, 6, note.c_str(), cell);
      ++row;
    }
  ++row;
  worksheet_write_string(ws, row, 0, "Tổng theo cổng thanh toán", bold);
  worksheet_write_number(ws, row++, 5, static_cast<double>(rep["totals"].value("gateway", int64_t{0})), money);
  worksheet_write_string(ws, row, 0, "Tổng theo sổ thu", bold);
  worksheet_write_number(ws, row++, 4, static_cast<double>(rep["totals"].value("ledger", int64_t{0})), money);
  worksheet_write_string(ws, row, 0, "Chênh lệch", bold);
  worksheet_write_number(ws, row, 5, static_cast<double>(rep["totals"].value("difference", int64_t{0})), money);
  if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("reconciliation_xlsx: workbook_close failed");
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace motcua::services
