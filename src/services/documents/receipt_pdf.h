// The electronic receipt (biên lai điện tử) of a fee payment or refund, rendered to PDF (cairo/pango).
//
// Contract
// - Pure function of the input (no database, no clock): A4 portrait, the official header (agency, motto, place
//   and date of issue), the title "BIÊN LAI THU PHÍ, LỆ PHÍ" (kind refund: "BIÊN LAI HOÀN TRẢ PHÍ, LỆ PHÍ"),
//   series and number, payer, identification number, dossier code and procedure, a table of the items (name,
//   quantity, unit amount, amount; money as "1.250.000 đ"), the total, the total in Vietnamese words, the method
//   (tiền mặt / chuyển khoản / VNPAY), who issued it, and a QR code of verify_url (the public verification page)
//   with the URL printed under it. PDF metadata Title "Biên lai <number>".
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "services/documents/forms_pdf.h"

namespace motcua::documents {

struct ReceiptLine {
  std::string name;
  int64_t quantity = 1, amount = 0, total = 0;
};

struct ReceiptDoc {
  bool refund = false;
  std::string series;  // ký hiệu, e.g. "BL26-000.01.25.H56"
  std::string number;  // "0000012/2026"
  std::string payer_name, payer_id_number, dossier_code, procedure_name;
  std::string method;  // printed as is ("Tiền mặt", "Chuyển khoản", "Thanh toán trực tuyến qua VNPAY")
  std::vector<ReceiptLine> lines;
  int64_t total = 0;
  std::string issued_by;
  std::string verify_url;
};

std::string receipt_pdf(const FormHeader& h, const ReceiptDoc& r);

}  // namespace motcua::documents
