// The handling report as XLSX (contract: handling_xlsx in report_service.h), written through services/xlsx_book.h.
// Layout: title, agency, period; a two-row header with merged group cells (Tiếp nhận / Đã giải quyết / Đang giải
// quyết) and vertically merged single columns; one row per group and a bold total; counts "#,##0", the online
// ratio and its target "0.00" (empty when there is no ratio); "Chưa đạt" in the last column below target.
#include "domain/format.h"
#include "services/reports/report_service.h"
#include "services/xlsx_book.h"

namespace motcua::services {

std::string handling_xlsx(const HandlingReport& r) {
  XlsxBook w("report");
  lxw_worksheet* ws = workbook_add_worksheet(w.wb(), "Báo cáo");

  const XlsxTableFormats f(w.wb());
  lxw_format *title = f.title, *sub = f.sub, *head = f.head, *text = f.text, *count = f.count, *ratio = f.ratio, *text_b = f.text_b,
             *count_b = f.count_b, *ratio_b = f.ratio_b;

  const lxw_col_t last = 19;  // A..T
  worksheet_merge_range(ws, 0, 0, 0, last, "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH", title);
  worksheet_merge_range(ws, 1, 0, 1, last, r.agency_name.c_str(), sub);
  std::string period = "Từ ngày " + fmt::date(r.from_ms) + " đến ngày " + fmt::date(r.to_ms - 1) + " (số liệu đang giải quyết tính đến " +
                       fmt::datetime(r.as_of_ms) + ")";
  worksheet_merge_range(ws, 2, 0, 2, last, period.c_str(), sub);

  const lxw_row_t h1 = 4, h2 = 5;
  auto single = [&](lxw_col_t col, const char* label) { worksheet_merge_range(ws, h1, col, h2, col, label, head); };
  single(0, "STT");
  single(1, label_vi(r.group));
  worksheet_merge_range(ws, h1, 2, h1, 6, "Số hồ sơ tiếp nhận", head);
  const char* recv[] = {"Tổng số", "Trực tuyến", "Trực tiếp", "Bưu chính công ích", "Kỳ trước chuyển qua"};
  for (int i = 0; i < 5; ++i) worksheet_write_string(ws, h2, static_cast<lxw_col_t>(2 + i), recv[i], head);
  worksheet_merge_range(ws, h1, 7, h1, 10, "Số hồ sơ đã giải quyết", head);
  const char* done[] = {"Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn"};
  for (int i = 0; i < 4; ++i) worksheet_write_string(ws, h2, static_cast<lxw_col_t>(7 + i), done[i], head);
  worksheet_merge_range(ws, h1, 11, h1, 13, "Số hồ sơ đang giải quyết", head);
  const char* open[] = {"Tổng số", "Trong hạn", "Quá hạn"};
  for (int i = 0; i < 3; ++i) worksheet_write_string(ws, h2, static_cast<lxw_col_t>(11 + i), open[i], head);
  single(14, "Không được tiếp nhận");
  single(15, "Dừng xử lý");
  single(16, "Rút hồ sơ");
  single(17, "Tỷ lệ trực tuyến (%)");
  single(18, "Chỉ tiêu (%)");
  single(19, "Đánh giá");
  worksheet_set_row(ws, h2, 45, nullptr);
  worksheet_set_column(ws, 0, 0, 6, nullptr);
  worksheet_set_column(ws, 1, 1, 40, nullptr);
  worksheet_set_column(ws, 2, last, 12, nullptr);
  worksheet_freeze_panes(ws, h2 + 1, 2);

  lxw_row_t row = h2 + 1;
  auto write = [&](const HandlingRow& x, const std::string& stt, bool bold) {
    lxw_format* t = bold ? text_b : text;
    lxw_format* c = bold ? count_b : count;
    lxw_format* p = bold ? ratio_b : ratio;
    worksheet_write_string(ws, row, 0, stt.c_str(), t);
    worksheet_write_string(ws, row, 1, x.label.c_str(), t);
    const auto& k = x.counts;
    const int64_t nums[] = {k.received_total(), k.online,  k.direct,     k.postal,  k.carried_over, k.resolved(), k.early,  k.on_time,
                            k.late,             k.in_progress(), k.within_due, k.overdue, k.refused,      k.stopped,    k.withdrawn};
    for (int i = 0; i < 15; ++i) worksheet_write_number(ws, row, static_cast<lxw_col_t>(2 + i), static_cast<double>(nums[i]), c);
    if (x.online_ratio) worksheet_write_number(ws, row, 17, *x.online_ratio, p);
    else worksheet_write_string(ws, row, 17, "Không có", t);
    if (x.target) worksheet_write_number(ws, row, 18, *x.target, p);
    else worksheet_write_blank(ws, row, 18, t);
    worksheet_write_string(ws, row, 19, x.below_target ? "Chưa đạt" : (x.online_ratio && x.target ? "Đạt" : ""), t);
    ++row;
  };
  int stt = 0;
  for (const auto& x : r.rows) write(x, std::to_string(++stt), false);
  write(r.total, "", true);

  return w.finish();
}

}  // namespace motcua::services
