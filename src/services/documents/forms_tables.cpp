// Table-shaped forms: Mẫu 05 (Sổ theo dõi hồ sơ, landscape) and Mẫu 06 (Phiếu kiểm soát).
#include <cstdio>
#include <string>
#include <vector>

#include "services/documents/forms_layout.h"
#include "services/documents/forms_pdf.h"
#include "services/documents/pdf_canvas.h"

namespace motcua::documents {
namespace {

std::string cell_datetime(int64_t ms) {
  if (ms == 0) return "";
  // vn_time_date gives "HH giờ MM phút, ngày dd/mm/yyyy"; the ledger wants a compact cell.
  const std::string full = vn_time_date(ms);
  const std::string hour_word = "giờ ";
  std::string hhmm = full.substr(0, 2) + ":" + full.substr(full.find(hour_word) + hour_word.size(), 2);
  return vn_date(ms) + "\n" + hhmm;
}

std::string cell_date(int64_t ms) { return ms == 0 ? "" : vn_date(ms); }

}  // namespace

using namespace layout;

std::string form05_ledger(const FormHeader& h, const LedgerView& l) {
  const std::string range = "Từ ngày " + vn_date(l.from_ms) + " đến ngày " + vn_date(l.to_ms);
  const FormName n = form_name(FormKind::ledger, h.era);
  PdfCanvas c(metadata_title(n) + " - " + range, /*landscape=*/true);
  form_mark(c, n);
  double y = header(c, h, "");
  y = title(c, y, n.title, 15);
  y += c.text(c.left(), y, c.content_width(), range, TextStyle{12, false, true, Align::Center});
  if (!l.book.empty()) {
    y += c.text(c.left(), y, c.content_width(), "Quyển số: " + l.book,
                TextStyle{12, false, false, Align::Center});
  }
  y += 8;
  std::vector<Column> cols{
      {"STT", 24, Align::Center},
      {"Mã hồ sơ", 104, Align::Left},
      {"Tên thủ tục hành chính", 80, Align::Left},
      {"Số lượng hồ sơ (bộ)", 32, Align::Center},
      {"Tên cá nhân, tổ chức", 72, Align::Left},
      {"Địa chỉ, số điện thoại", 66, Align::Left},
      {"Cơ quan chủ trì giải quyết", 58, Align::Left},
      {"Nhận hồ sơ (ngày)", 50, Align::Center},
      {"Hẹn trả kết quả", 50, Align::Center},
      {"Chuyển hồ sơ đến cơ quan giải quyết", 52, Align::Center},
      {"Nhận kết quả từ cơ quan giải quyết", 52, Align::Center},
      {"Trả kết quả (ngày, ký nhận)", 60, Align::Center},
  };
  double used = 0;
  for (const auto& col : cols) used += col.width;
  cols.push_back({"Ghi chú", c.content_width() - used, Align::Left});
  std::vector<std::vector<std::string>> rows;
  rows.reserve(l.rows.size());
  for (size_t i = 0; i < l.rows.size(); ++i) {
    const LedgerRow& r = l.rows[i];
    std::string returned = cell_date(r.returned_ms);
    if (!r.returned_to.empty()) returned += (returned.empty() ? "" : "\n") + r.returned_to;
    rows.push_back({std::to_string(r.number > 0 ? r.number : static_cast<int64_t>(i + 1)), r.code, r.procedure_name, std::to_string(r.sets),
                    r.applicant_name, r.address_phone, r.lead_agency, cell_datetime(r.received_ms),
                    cell_datetime(r.appointment_ms), cell_date(r.transferred_ms),
                    cell_date(r.result_received_ms), returned, r.note});
  }
  y = c.table(c.left(), y, cols, rows, TextStyle{8, true}, TextStyle{8}, 2.5);
  y = c.ensure(y + 6, 20);
  c.text(c.left(), y, c.content_width(), "Tổng số: " + std::to_string(l.rows.size()) + " hồ sơ",
         TextStyle{10, false, true});
  return c.finish();
}

std::string form06_control(const FormHeader& h, const DossierView& d) {
  const FormName n = form_name(FormKind::control, h.era);
  PdfCanvas c(metadata_title(n) + " - " + d.code);
  form_mark(c, n);
  double y = header(c, h, "");
  y = title(c, y, n.title, 14);
  y += c.text(c.left(), y, c.content_width(), "Mã hồ sơ: <b>" + esc(d.code.empty() ? "……" : d.code) + "</b>",
              TextStyle{13, false, false, Align::Center, true});
  y += c.text(c.left(), y, c.content_width(), "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)",
              TextStyle{12, false, true, Align::Center}) + 8;
  y = para(c, y, field("Cơ quan (bộ phận) giải quyết hồ sơ:", d.solving_agency));
  std::string coord;
  for (const auto& u : d.coordinating_units) coord += (coord.empty() ? "" : "; ") + u;
  y = para(c, y, field("Cơ quan phối hợp giải quyết hồ sơ:", coord));
  y += 4;
  const double w = c.content_width();
  std::vector<Column> cols{{"TÊN CƠ QUAN", w * 0.30, Align::Left},
                           {"THỜI GIAN GIAO, NHẬN HỒ SƠ", w * 0.36, Align::Center},
                           {"KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)", w * 0.18,
                            Align::Center},
                           {"GHI CHÚ", w * 0.16, Align::Left}};
  std::vector<std::vector<std::string>> rows;
  for (const auto& ho : d.hand_overs) {
    rows.push_back({"1. Giao: " + ho.from_unit + "\n\n2. Nhận: " + ho.to_unit,
                    vn_time_date(ho.at_ms) + "\nNgười giao       Người nhận\n\n\n", ho.result, ho.note});
  }
  if (rows.empty()) {
    rows.push_back({"1. Giao: Bộ phận TN & TKQ\n\n2. Nhận: ", vn_time_date(0) + "\n\n\n", "", ""});
  }
  c.table(c.left(), y, cols, rows, TextStyle{10, true}, TextStyle{11});
  return c.finish();
}

}  // namespace motcua::documents
