// R39's monthly report on online public services as XLSX (contract: online_services_xlsx in report_service.h),
// written through services/xlsx_book.h. Layout: title, agency, month; a two-row header with merged group cells
// (Thủ tục hành chính / Hồ sơ / Thanh toán); one row per agency and a bold total; counts "#,##0", rates "0.00"
// ("Không có" where the denominator is 0 — never 0 %).
#include "domain/format.h"
#include "services/reports/report_service.h"
#include "services/xlsx_book.h"

namespace motcua::services {

std::string online_services_xlsx(const OnlineServicesReport& r) {
  XlsxBook w("online-services");
  lxw_worksheet* ws = workbook_add_worksheet(w.wb(), "DVCTT");
  const XlsxTableFormats f(w.wb());
  lxw_format *title = f.title, *sub = f.sub, *head = f.head, *text = f.text, *count = f.count, *ratio = f.ratio, *text_b = f.text_b,
             *count_b = f.count_b, *ratio_b = f.ratio_b;

  const lxw_col_t last = 15;  // A..P
  worksheet_merge_range(ws, 0, 0, 0, last, "BÁO CÁO KẾT QUẢ CUNG CẤP DỊCH VỤ CÔNG TRỰC TUYẾN", title);
  worksheet_merge_range(ws, 1, 0, 1, last, r.agency_name.c_str(), sub);
  const std::string period = "Tháng " + r.month.substr(5, 2) + "/" + r.month.substr(0, 4) + " (từ ngày " + fmt::date(*fmt::parse_iso_date(r.from)) +
                             " đến ngày " + fmt::date(*fmt::parse_iso_date(r.to)) + ")";
  worksheet_merge_range(ws, 2, 0, 2, last, period.c_str(), sub);

  const lxw_row_t h1 = 4, h2 = 5;
  auto single = [&](lxw_col_t col, const char* label) { worksheet_merge_range(ws, h1, col, h2, col, label, head); };
  single(0, "STT");
  single(1, "Cơ quan");
  worksheet_merge_range(ws, h1, 2, h1, 6, "Thủ tục hành chính", head);
  const char* procs[] = {"Số TTHC áp dụng", "DVCTT toàn trình", "DVCTT một phần", "DVCTT có phát sinh hồ sơ trực tuyến", "Tỷ lệ DVCTT có phát sinh hồ sơ (%)"};
  for (int i = 0; i < 5; ++i) worksheet_write_string(ws, h2, static_cast<lxw_col_t>(2 + i), procs[i], head);
  worksheet_merge_range(ws, h1, 7, h1, 12, "Hồ sơ", head);
  const char* dossiers[] = {"Tiếp nhận", "Trực tuyến", "Tỷ lệ trực tuyến (%)", "Đã giải quyết", "Đúng hạn", "Tỷ lệ đúng hạn (%)"};
  for (int i = 0; i < 6; ++i) worksheet_write_string(ws, h2, static_cast<lxw_col_t>(7 + i), dossiers[i], head);
  worksheet_merge_range(ws, h1, 13, h1, 15, "Thanh toán phí, lệ phí", head);
  const char* pays[] = {"Số giao dịch", "Trực tuyến", "Tỷ lệ trực tuyến (%)"};
  for (int i = 0; i < 3; ++i) worksheet_write_string(ws, h2, static_cast<lxw_col_t>(13 + i), pays[i], head);
  worksheet_set_row(ws, h2, 60, nullptr);
  worksheet_set_column(ws, 0, 0, 6, nullptr);
  worksheet_set_column(ws, 1, 1, 40, nullptr);
  worksheet_set_column(ws, 2, last, 13, nullptr);
  worksheet_freeze_panes(ws, h2 + 1, 2);

  lxw_row_t row = h2 + 1;
  auto write = [&](const OnlineServicesRow& x, const std::string& stt, bool bold) {
    lxw_format* t = bold ? text_b : text;
    lxw_format* c = bold ? count_b : count;
    lxw_format* p = bold ? ratio_b : ratio;
    auto num = [&](lxw_col_t col, int64_t v) { worksheet_write_number(ws, row, col, static_cast<double>(v), c); };
    auto rate = [&](lxw_col_t col, const std::optional<double>& v) {
      if (v) worksheet_write_number(ws, row, col, *v, p);
      else worksheet_write_string(ws, row, col, "Không có", t);
    };
    worksheet_write_string(ws, row, 0, stt.c_str(), t);
    worksheet_write_string(ws, row, 1, x.name.c_str(), t);
    num(2, x.procedures), num(3, x.full_online), num(4, x.partly_online), num(5, x.used_online), rate(6, x.used_ratio);
    num(7, x.received), num(8, x.online), rate(9, x.online_ratio), num(10, x.resolved), num(11, x.on_time), rate(12, x.on_time_rate);
    num(13, x.payments), num(14, x.payments_online), rate(15, x.online_payment_ratio);
    ++row;
  };
  int stt = 0;
  for (const auto& x : r.rows) write(x, std::to_string(++stt), false);
  write(r.total, "", true);
  return w.finish();
}

}  // namespace motcua::services
