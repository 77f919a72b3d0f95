// One XLSX workbook through a private temporary file — contract in xlsx_book.h.
#include "services/xlsx_book.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace motcua::services {

XlsxBook::XlsxBook(const std::string& tag) : tag_(tag) {
  std::string tmpl = "/tmp/motcua-" + tag + "-XXXXXX.xlsx";
  int fd = mkstemps(tmpl.data(), 5);
  if (fd < 0) throw std::runtime_error(tag + ": cannot create a temporary file");
  close(fd);
  path_ = tmpl;
  wb_ = workbook_new(path_.c_str());
  if (!wb_) {
    std::remove(path_.c_str());
    throw std::runtime_error(tag + ": workbook_new failed");
  }
}

XlsxBook::~XlsxBook() {
  if (wb_) workbook_close(wb_);
  std::remove(path_.c_str());
}

std::string XlsxBook::finish() {
  lxw_error err = workbook_close(wb_);
  wb_ = nullptr;
  if (err != LXW_NO_ERROR) throw std::runtime_error(tag_ + ": " + lxw_strerror(err));
  std::ifstream in(path_, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

lxw_format* xlsx_format(lxw_workbook* wb, bool bold, bool border, bool center, const char* num, bool wrap) {
  lxw_format* f = workbook_add_format(wb);
  format_set_font_name(f, "Times New Roman");
  format_set_font_size(f, 12);
  if (bold) format_set_bold(f);
  if (border) format_set_border(f, LXW_BORDER_THIN);
  if (center) {
    format_set_align(f, LXW_ALIGN_CENTER);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  }
  if (wrap) format_set_text_wrap(f);
  if (num) format_set_num_format(f, num);
  return f;
}

XlsxTableFormats::XlsxTableFormats(lxw_workbook* wb)
    : title(xlsx_format(wb, true, false, true)),
      sub(xlsx_format(wb, false, false, true)),
      head(xlsx_format(wb, true, true, true, nullptr, true)),
      text(xlsx_format(wb, false, true, false, nullptr, true)),
      count(xlsx_format(wb, false, true, false, "#,##0")),
      ratio(xlsx_format(wb, false, true, false, "0.00")),
      text_b(xlsx_format(wb, true, true, false, nullptr, true)),
      count_b(xlsx_format(wb, true, true, false, "#,##0")),
      ratio_b(xlsx_format(wb, true, true, false, "0.00")) {
  format_set_font_size(title, 14);
}

}  // namespace motcua::services
