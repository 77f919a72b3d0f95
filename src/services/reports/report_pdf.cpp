// The handling report as PDF (contract: handling_pdf in report_service.h). Drawn with the official forms' kit
// (services/documents: PdfCanvas, layout::header / title / signatures), the table with PdfCanvas::table and its
// grouped two-row header, so long reports continue on further pages with both header rows repeated.
// Columns follow handling_xlsx (report_xlsx.cpp) one for one; numbers are written the Vietnamese way
// (reports::count_vi, ratio_vi without the "%" the column heading carries), a missing ratio is "N/A".
#include <string>
#include <vector>

#include "domain/reports/handling.h"
#include "services/documents/forms_layout.h"
#include "services/documents/forms_pdf.h"
#include "services/documents/pdf_canvas.h"
#include "services/reports/report_service.h"

namespace motcua::services {

namespace {

using documents::Align;
using documents::Column;
using documents::ColumnGroup;
using documents::PdfCanvas;
using documents::TextStyle;

constexpr const char* kBelowMark = " ▼";

// "30,00" for 30 %, "N/A" when there is no ratio (nothing received), never "0".
std::string percent_cell(std::optional<double> p) {
  if (!p) return "N/A";
  std::string s = reports::ratio_vi(p);
  const std::string suffix = " %";
  if (s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0) s.resize(s.size() - suffix.size());
  return s;
}

// One table row as pango markup: every value escaped; the total row bold; a ratio below its target bold and marked.
std::vector<std::string> row_cells(const HandlingRow& x, const std::string& stt, bool bold) {
  const auto& k = x.counts;
  auto cell = [bold](const std::string& s) {
    std::string e = documents::markup_escape(s);
    return bold ? "<b>" + e + "</b>" : e;
  };
  std::vector<std::string> cells{cell(stt), cell(x.label)};
  const int64_t nums[] = {k.received_total(), k.online,  k.direct,     k.postal,  k.carried_over, k.resolved(), k.early,  k.on_time,
                          k.late,             k.in_progress(), k.within_due, k.overdue, k.refused,      k.stopped,    k.withdrawn};
  for (int64_t n : nums) cells.push_back(cell(reports::count_vi(n)));
  std::string ratio = documents::markup_escape(percent_cell(x.online_ratio));
  if (x.below_target) ratio = "<b>" + ratio + kBelowMark + "</b>";
  else if (bold) ratio = "<b>" + ratio + "</b>";
  cells.push_back(ratio);
  cells.push_back(x.target ? cell(percent_cell(x.target)) : "");
  cells.push_back(cell(x.below_target ? "Chưa đạt" : (x.online_ratio && x.target ? "Đạt" : "")));
  return cells;
}

}  // namespace

std::string handling_pdf(const HandlingReport& r) {
  namespace layout = documents::layout;
  PdfCanvas c("Báo cáo tình hình giải quyết hồ sơ " + r.from + "–" + r.to, /*landscape=*/true);

  documents::FormHeader h;
  h.agency_name = r.agency_name;  // place and date of signing: dots, filled in by hand
  double y = layout::header(c, h, "");
  y = layout::title(c, y, "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH", 14);
  const double w = c.content_width();
  y += c.text(c.left(), y, w, "Kỳ báo cáo: từ ngày " + documents::vn_date(r.from_ms) + " đến ngày " + documents::vn_date(r.to_ms - 1),
              TextStyle{12, false, true, Align::Center});
  y += c.text(c.left(), y, w, "Số liệu tính đến " + documents::vn_time_date(r.as_of_ms), TextStyle{11, false, true, Align::Center});
  y += c.text(c.left(), y, w, std::string("Theo: ") + label_vi(r.group), TextStyle{11, false, false, Align::Center});
  y += 6;

  // The XLSX's 20 columns (A..T) and its merged header cells.
  const double count_w = 31;
  std::vector<Column> cols{{"STT", 20, Align::Center}, {label_vi(r.group), 0, Align::Left}};
  const char* recv[] = {"Tổng số", "Trực tuyến", "Trực tiếp", "Bưu chính công ích", "Kỳ trước chuyển qua"};
  const char* done[] = {"Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn"};
  const char* open[] = {"Tổng số", "Trong hạn", "Quá hạn"};
  const char* ended[] = {"Không được tiếp nhận", "Dừng xử lý", "Rút hồ sơ"};
  for (const char* s : recv) cols.push_back({s, count_w, Align::Right});
  cols.back().width = count_w + 5;  // "Kỳ trước chuyển qua": whole words
  for (const char* s : done) cols.push_back({s, count_w, Align::Right});
  for (const char* s : open) cols.push_back({s, count_w, Align::Right});
  for (const char* s : ended) cols.push_back({s, count_w + 3, Align::Right});
  cols.push_back({"Tỷ lệ trực tuyến (%)", 42, Align::Right});
  cols.push_back({"Chỉ tiêu (%)", 34, Align::Right});
  cols.push_back({"Đánh giá", 46, Align::Center});
  double used = 0;
  for (const auto& col : cols) used += col.width;
  cols[1].width = w - used;
  const std::vector<ColumnGroup> groups{{"", 2},
                                        {"Số hồ sơ tiếp nhận", 5},
                                        {"Số hồ sơ đã giải quyết", 4},
                                        {"Số hồ sơ đang giải quyết", 3},
                                        {"", 6}};

  std::vector<std::vector<std::string>> rows;
  rows.reserve(r.rows.size() + 1);
  int stt = 0;
  for (const auto& x : r.rows) rows.push_back(row_cells(x, std::to_string(++stt), false));
  rows.push_back(row_cells(r.total, "", true));
  y = c.table(c.left(), y, cols, rows, TextStyle{7, true}, TextStyle{7.5, false, false, Align::Left, true}, 2.5, groups);

  y = c.ensure(y + 4, 30);
  y += c.text(c.left(), y, w,
              "Ghi chú: ▼ dưới chỉ tiêu (tỷ lệ trực tuyến thấp hơn chỉ tiêu: Chưa đạt); N/A: không tiếp nhận hồ sơ nào trong kỳ, "
              "không tính tỷ lệ. Tỷ lệ trực tuyến = số hồ sơ tiếp nhận trực tuyến ÷ (trực tiếp + bưu chính công ích + trực tuyến) × 100.",
              TextStyle{9, false, true, Align::Left});
  layout::signatures(c, y, {{"NGƯỜI LẬP BIỂU", "(Ký và ghi rõ họ tên)", ""}, {"THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên và đóng dấu)", ""}});
  return c.finish();
}

}  // namespace motcua::services
