// motcua::services::XlsxBook — one XLSX workbook written with libxlsxwriter (1.1.4 on Debian 12 writes only to a
// file): the workbook lives in a private temporary file (mkstemps, /tmp/motcua-<tag>-XXXXXX.xlsx) that finish() closes,
// reads back and returns as bytes; the file is removed in every case (also when an exception leaves early).
// xlsx_format(): the reports' cell format — Times New Roman 12, optionally bold, thin border, centred, wrapped, with a
// number format ("#,##0", "0.00").
#pragma once

#include <xlsxwriter.h>

#include <string>

namespace motcua::services {

class XlsxBook {
 public:
  explicit XlsxBook(const std::string& tag);
  ~XlsxBook();
  XlsxBook(const XlsxBook&) = delete;
  XlsxBook& operator=(const XlsxBook&) = delete;
  lxw_workbook* wb() const { return wb_; }
  std::string finish();  // closes the workbook; its bytes

 private:
  lxw_workbook* wb_ = nullptr;
  std::string path_, tag_;
};

lxw_format* xlsx_format(lxw_workbook* wb, bool bold, bool border, bool center, const char* num = nullptr, bool wrap = false);

// The report tables' formats: title (14 pt, centred), sub-title, header cells (bold, bordered, centred, wrapped), body
// text / counts ("#,##0") / rates ("0.00"), and the bold variants of the last three for the total row.
struct XlsxTableFormats {
  explicit XlsxTableFormats(lxw_workbook* wb);
  lxw_format *title, *sub, *head, *text, *count, *ratio, *text_b, *count_b, *ratio_b;
};

}  // namespace motcua::services
