// The electronic receipt as PDF (see receipt_pdf.h).
#include "services/documents/receipt_pdf.h"

#include "domain/format.h"
#include "domain/payments/amount_words.h"
#include "services/documents/forms_layout.h"
#include "services/documents/pdf_canvas.h"

namespace motcua::documents {

using namespace layout;

std::string receipt_pdf(const FormHeader& h, const ReceiptDoc& r) {
  PdfCanvas c("Biên lai " + r.number);
  double y = header(c, h, "Ký hiệu: " + r.series);
  y = title(c, y, r.refund ? "BIÊN LAI HOÀN TRẢ PHÍ, LỆ PHÍ" : "BIÊN LAI THU PHÍ, LỆ PHÍ", 15);
  TextStyle center{.size = 12, .bold = false, .italic = true, .align = Align::Center, .markup = false};
  y += c.text(c.left(), y, c.content_width(), "(Biên lai điện tử)", center) + 2;
  y += c.text(c.left(), y, c.content_width(), "Số: " + r.number, TextStyle{.size = 13, .bold = true, .italic = false, .align = Align::Center, .markup = false}) + 10;
  y = para(c, y, field(r.refund ? "Người nhận tiền:" : "Người nộp tiền:", r.payer_name));
  y = para(c, y, field("Số định danh cá nhân / mã số thuế:", r.payer_id_number));
  y = para(c, y, field("Mã hồ sơ:", r.dossier_code));
  y = para(c, y, field("Thủ tục hành chính:", r.procedure_name));
  y = para(c, y, field("Hình thức:", r.method)) + 4;
  std::vector<Column> cols = {{"STT", 30, Align::Center}, {"Nội dung thu", 0, Align::Left}, {"Số lượng", 55, Align::Center},
                              {"Đơn giá", 80, Align::Right}, {"Thành tiền", 90, Align::Right}};
  cols[1].width = c.content_width() - 30 - 55 - 80 - 90;
  std::vector<std::vector<std::string>> rows;
  int i = 0;
  for (const auto& l : r.lines)
    rows.push_back({std::to_string(++i), l.name, std::to_string(l.quantity), fmt::money(l.amount), fmt::money(l.total)});
  rows.push_back({"", "Tổng cộng", "", "", fmt::money(r.total)});
  TextStyle th{.size = 11, .bold = true, .italic = false, .align = Align::Center, .markup = false};
  TextStyle td{.size = 11, .bold = false, .italic = false, .align = Align::Left, .markup = false};
  y = c.table(c.left(), y, cols, rows, th, td) + 8;
  y = para(c, y, "Số tiền bằng chữ: <i>" + esc(payments::amount_in_words(r.total)) + "</i>") + 10;
  y = c.ensure(y, 140);
  const double qr = 90;
  if (!r.verify_url.empty() && c.qr(c.left(), y, qr, r.verify_url)) {
    c.text(c.left(), y + qr + 2, c.content_width() / 2, "Tra cứu, xác minh biên lai:\n" + r.verify_url,
           TextStyle{.size = 8, .bold = false, .italic = false, .align = Align::Left, .markup = false});
  }
  signatures(c, y, {{"NGƯỜI THU TIỀN", "(Biên lai điện tử, không cần chữ ký tay)", r.issued_by}});
  return c.finish();
}

}  // namespace motcua::documents
