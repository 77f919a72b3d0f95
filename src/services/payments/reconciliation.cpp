// PaymentService: the reconciliation of gateway transactions — payments and refunds, every online gateway —
// against the fee ledger, per local day and agency, and its XLSX export (see payment_service.h).
#include <spdlog/spdlog.h>
#include <xlsxwriter.h>


#include "domain/errors.h"
#include "domain/format.h"
#include "domain/payments/fees.h"
#include "services/payments/payment_service.h"
#include "services/xlsx_book.h"

namespace motcua::services {

using nlohmann::json;
using accounts::Principal;

namespace {

json empty_report(const std::string& day, const std::string& agency) {
  json rep = {{"day", day}, {"agency", agency}};
  for (const char* k : {"matched", "missing_in_ledger", "missing_at_gateway", "amount_mismatch", "unreachable", "refund_matched", "refund_missing_at_gateway",
                        "refund_missing_in_ledger", "refund_pending"})
    rep[k] = json::array();
  rep["totals"] = {{"gateway", 0}, {"ledger", 0}, {"difference", 0}, {"payments", {{"gateway", 0}, {"ledger", 0}}}, {"refunds", {{"gateway", 0}, {"ledger", 0}}}};
  return rep;
}

}  // namespace

json PaymentService::reconcile(const std::string& day, const std::string& agency) const {
  auto t0 = fmt::parse_iso_date(day);
  if (!t0) throw DomainError(ErrorKind::invalid, "bad_day", "Ngày đối soát phải theo dạng YYYY-MM-DD.", {{"day", "Không hợp lệ."}});
  const int64_t t1 = *t0 + 86'400'000;
  struct Refund {
    int64_t id, amount;
    std::string state, error;
  };
  struct P {
    int64_t id, amount, created_at;
    std::string txn_ref, state, agency, dossier_code, method;
    int64_t ledger_paid = 0, ledger_refunded = 0;
    bool of_day = false;              // started that day (its payment is reconciled)
    std::vector<Refund> refunds;      // refunds owed or done that day
  };
  std::map<std::string, std::map<int64_t, P>> per_agency;
  db_.read([&](store::Conn& c) {
    const std::string cols =
        "SELECT p.id, p.amount, p.created_at, p.txn_ref, p.state, p.agency_code, COALESCE(d.code, d.public_id), p.method, "
        "(SELECT COALESCE(SUM(l.amount), 0) FROM fee_ledger l WHERE l.payment_id = p.id AND l.kind = 'payment'), "
        "(SELECT COALESCE(SUM(l.amount), 0) FROM fee_ledger l WHERE l.payment_id = p.id AND l.kind = 'refund') "
        "FROM payments p JOIN dossiers d ON d.id = p.dossier_id ";
    auto add = [&](const store::Row& x, bool of_day) {
      if (!agency.empty() && x.str(5) != agency) return (P*)nullptr;
      auto& p = per_agency[x.str(5)][x.i64(0)];
      p = {x.i64(0), x.i64(1), x.i64(2), x.str(3), x.str(4), x.str(5), x.str(6), x.str(7), x.i64(8), x.i64(9), of_day || p.of_day, std::move(p.refunds)};
      return &p;
    };
    for (const auto& x : c.exec(cols + "WHERE p.method IN ('vnpay', 'paygov') AND p.created_at >= $1 AND p.created_at < $2 ORDER BY p.id", {*t0, t1}).rows)
      add(x, true);
    // Gateway refunds done that day, or owed (created that day, or still not done).
    auto refunds = c.exec("SELECT r.id, r.amount, r.state, COALESCE(r.last_error, ''), r.payment_id FROM refunds r JOIN payments p ON p.id = r.payment_id "
                          "WHERE p.method IN ('vnpay', 'paygov') AND ((r.done_at >= $1 AND r.done_at < $2) OR (r.state <> 'done' AND r.created_at < $2)) "
                          "ORDER BY r.id",
                          {*t0, t1});
    for (const auto& r : refunds.rows) {
      P* p = nullptr;
      for (auto& [ag, list] : per_agency)
        if (auto it = list.find(r.i64(4)); it != list.end()) p = &it->second;
      if (!p) {
        auto row = c.exec(cols + "WHERE p.id = $1", {r.i64(4)});
        if (row.rows.empty()) continue;
        p = add(row.rows[0], false);
        if (!p) continue;
      }
      p->refunds.push_back({r.i64(0), r.i64(1), r.str(2), r.str(3)});
    }
  });
  json all = json::array();
  for (auto& [ag, list] : per_agency) {
    json rep = empty_report(day, ag);
    int64_t gw_paid = 0, ledger_paid = 0, gw_refunded = 0, ledger_refunded = 0;
    for (auto& [pid, p] : list) {
      json line = {{"txn_ref", p.txn_ref}, {"dossier", p.dossier_code}, {"gateway_name", p.method}, {"ledger_amount", p.ledger_paid}, {"amount", p.amount},
                   {"state", p.state}};
      const gateway::Gateway* gw = gateway::find_gateway(p.method);
      const gateway::Merchant* m = gw ? merchants_.for_agency(p.method, lineage(ag)) : nullptr;
      gateway::QueryResult q;
      std::string error = m ? "" : "Chưa cấu hình cổng thanh toán";
      if (m) try {
          q = gw->query(*m, p.txn_ref, p.created_at, fmt::now_ms());
        } catch (const gateway::GatewayError& e) {
          error = e.what();
        }
      if (!error.empty()) {
        line["error"] = error;
        if (p.of_day) ledger_paid += p.ledger_paid, rep["unreachable"].push_back(line);
        for (const auto& r : p.refunds) rep["unreachable"].push_back({{"txn_ref", p.txn_ref}, {"dossier", p.dossier_code}, {"refund", r.amount}, {"error", error}});
        continue;
      }
      const bool gateway_paid = q.found && q.outcome == gateway::Outcome::paid;
      if (p.of_day) {
        line["gateway_amount"] = gateway_paid ? q.amount : 0;
        line["gateway_status"] = q.code;
        ledger_paid += p.ledger_paid;
        if (gateway_paid) gw_paid += q.amount;
        if (p.state == "flagged" || (gateway_paid && q.amount != p.amount)) {
          db_.write([&](store::Conn& c) {
            c.exec("UPDATE payments SET state = 'flagged', note = $2 WHERE id = $1 AND state IN ('pending', 'failed')",
                   {p.id, "Đối soát: cổng thanh toán báo " + fmt::money(q.amount)});
          });
          rep["amount_mismatch"].push_back(line);
        } else if (gateway_paid && p.ledger_paid == 0) {
          bool recovered = false;
          db_.write([&](store::Conn& c) {
            if (p.state == "failed") c.exec("UPDATE payments SET state = 'pending' WHERE id = $1 AND state = 'failed'", {p.id});
            recovered = apply(c, p.id, q.txn_no, q.bank, q.code, "đối soát", fmt::now_ms());
          });
          line["recovered"] = recovered;
          if (recovered) ledger_paid += p.amount;
          rep["missing_in_ledger"].push_back(line);
        } else if (!gateway_paid && p.ledger_paid > 0) {
          rep["missing_at_gateway"].push_back(line);
        } else if (gateway_paid) {
          rep["matched"].push_back(line);
        }
      }
      // Refunds: what the ledger refunded for this payment against what the gateway reports refunded (VNPAY only
      // says "partly refunded" without the amount: then the ledger's figure stands, if it is partial too).
      int64_t at_gateway = q.refunded < 0 ? (p.ledger_refunded > 0 && p.ledger_refunded < p.amount ? p.ledger_refunded : 0) : q.refunded;
      for (const auto& r : p.refunds) {
        json rl = {{"txn_ref", p.txn_ref}, {"dossier", p.dossier_code}, {"gateway_name", p.method}, {"refund", r.amount}, {"refund_state", r.state},
                   {"ledger_refunded", p.ledger_refunded}, {"gateway_refunded", at_gateway}};
        if (r.state == "done") {
          ledger_refunded += r.amount;
          if (at_gateway >= p.ledger_refunded && at_gateway > 0) {
            gw_refunded += r.amount;
            rep["refund_matched"].push_back(rl);
          } else {
            rep["refund_missing_at_gateway"].push_back(rl);
          }
        } else if (at_gateway > p.ledger_refunded && at_gateway - p.ledger_refunded >= r.amount) {
          // The gateway refunded, the ledger does not know (a crash between the call and its record): record it now.
          bool recovered = false;
          db_.write([&](store::Conn& c) {
            c.exec("UPDATE refunds SET state = 'pending' WHERE id = $1 AND state = 'failed'", {r.id});
            if (c.exec("SELECT state FROM refunds WHERE id = $1", {r.id}).rows.at(0).str(0) == "pending") {
              finish_refund(c, r.id, p.method, fmt::now_ms());
              recovered = true;
            }
          });
          rl["recovered"] = recovered;
          if (recovered) ledger_refunded += r.amount, gw_refunded += r.amount, p.ledger_refunded += r.amount;
          rep["refund_missing_in_ledger"].push_back(rl);
        } else {
          if (!r.error.empty()) rl["error"] = r.error;
          rep["refund_pending"].push_back(rl);
        }
      }
    }
    rep["totals"] = {{"gateway", gw_paid - gw_refunded},
                     {"ledger", ledger_paid - ledger_refunded},
                     {"difference", (gw_paid - gw_refunded) - (ledger_paid - ledger_refunded)},
                     {"payments", {{"gateway", gw_paid}, {"ledger", ledger_paid}}},
                     {"refunds", {{"gateway", gw_refunded}, {"ledger", ledger_refunded}}}};
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
  return empty_report(day, agency);
}

std::string PaymentService::reconciliation_xlsx(const std::string& day, const std::string& agency, const Principal& who) const {
  json rep = reconciliation(day, agency, who);
  XlsxBook book("reconcile");
  lxw_workbook* wb = book.wb();
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
  const char* cols[] = {"Kết quả", "Mã giao dịch", "Mã hồ sơ", "Số tiền phải nộp / hoàn (đ)", "Theo sổ thu (đ)", "Theo cổng thanh toán (đ)", "Ghi chú"};
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
                                                       {"unreachable", "Chưa đối soát được"},
                                                       {"refund_matched", "Hoàn trả khớp"},
                                                       {"refund_missing_at_gateway", "Đã hoàn trong sổ thu, cổng chưa hoàn"},
                                                       {"refund_missing_in_ledger", "Cổng đã hoàn, thiếu trong sổ thu"},
                                                       {"refund_pending", "Hoàn trả chưa thực hiện"}};
  for (const auto& [key, label] : cats)
    for (const auto& x : rep[key]) {
      const bool refund = x.contains("refund");
      worksheet_write_string(ws, row, 0, label, cell);
      worksheet_write_string(ws, row, 1, x.value("txn_ref", "").c_str(), cell);
      worksheet_write_string(ws, row, 2, x.value("dossier", "").c_str(), cell);
      worksheet_write_number(ws, row, 3, static_cast<double>(x.value(refund ? "refund" : "amount", int64_t{0})), money);
      worksheet_write_number(ws, row, 4, static_cast<double>(x.value(refund ? "ledger_refunded" : "ledger_amount", int64_t{0})), money);
      worksheet_write_number(ws, row, 5, static_cast<double>(x.value(refund ? "gateway_refunded" : "gateway_amount", int64_t{0})), money);
      std::string note = x.contains("recovered") && x["recovered"].get<bool>() ? "Đã ghi nhận bổ sung theo cổng thanh toán" : x.value("error", "");
      worksheet_write_string(ws, row, 6, note.c_str(), cell);
      ++row;
    }
  ++row;
  worksheet_write_string(ws, row, 0, "Tổng thu qua cổng / hoàn qua cổng", bold);
  worksheet_write_number(ws, row, 4, static_cast<double>(rep["totals"]["payments"].value("gateway", int64_t{0})), money);
  worksheet_write_number(ws, row++, 5, static_cast<double>(rep["totals"]["refunds"].value("gateway", int64_t{0})), money);
  worksheet_write_string(ws, row, 0, "Tổng thu theo sổ / hoàn theo sổ", bold);
  worksheet_write_number(ws, row, 4, static_cast<double>(rep["totals"]["payments"].value("ledger", int64_t{0})), money);
  worksheet_write_number(ws, row++, 5, static_cast<double>(rep["totals"]["refunds"].value("ledger", int64_t{0})), money);
  worksheet_write_string(ws, row, 0, "Thực thu theo cổng thanh toán", bold);
  worksheet_write_number(ws, row++, 5, static_cast<double>(rep["totals"].value("gateway", int64_t{0})), money);
  worksheet_write_string(ws, row, 0, "Thực thu theo sổ thu", bold);
  worksheet_write_number(ws, row++, 4, static_cast<double>(rep["totals"].value("ledger", int64_t{0})), money);
  worksheet_write_string(ws, row, 0, "Chênh lệch", bold);
  worksheet_write_number(ws, row, 5, static_cast<double>(rep["totals"].value("difference", int64_t{0})), money);
  return book.finish();
}

}  // namespace motcua::services
