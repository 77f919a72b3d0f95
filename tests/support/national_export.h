// Test helper: the national procedure database's export as an XLSX file (the "Tra cứu thủ tục hành chính" table)
// written with libxlsxwriter from records in the JSON form (national keys → text), with the column headings of
// domain/catalog/national_import's table and, like the portal's download, a title row above them.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "domain/catalog/national_import.h"
#include "services/xlsx_book.h"

namespace motcua::testing {

inline std::string national_xlsx(const nlohmann::json& records, bool title_row = true) {
  services::XlsxBook book("national-test");
  lxw_worksheet* ws = workbook_add_worksheet(book.wb(), "Danh sách TTHC");
  lxw_row_t row = 0;
  if (title_row) worksheet_write_string(ws, row++, 0, "DANH SÁCH THỦ TỤC HÀNH CHÍNH", nullptr);
  const auto& fields = catalog::national_fields();
  worksheet_write_string(ws, row, 0, "STT", nullptr);
  for (size_t c = 0; c < fields.size(); ++c) worksheet_write_string(ws, row, static_cast<lxw_col_t>(c + 1), fields[c].headings[0], nullptr);
  ++row;
  int n = 0;
  for (const auto& r : records) {
    worksheet_write_number(ws, row, 0, ++n, nullptr);
    for (size_t c = 0; c < fields.size(); ++c)
      if (r.contains(fields[c].key) && r[fields[c].key].is_string())
        worksheet_write_string(ws, row, static_cast<lxw_col_t>(c + 1), r[fields[c].key].get<std::string>().c_str(), nullptr);
    ++row;
  }
  return book.finish();
}

}  // namespace motcua::testing
