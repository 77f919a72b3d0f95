// The cells of an XLSX workbook's first worksheet as text, for importing spreadsheets officials download
// (the national procedure database's "Tra cứu thủ tục hành chính" export).
//
// Why our own reader: libxlsxwriter only writes, and converting with ssconvert at run time would make gnumeric
// (hundreds of MB, a second or more per call) a server dependency and a child process per upload. An XLSX is a
// ZIP of XML parts; reading the first sheet needs the central directory, raw deflate (zlib, already a dependency
// of the domain layer) and a small scanner for <row>/<c>/<v>/<t> — pure, bounded and unit-tested.
//
// Contract
//  - read_xlsx_rows(bytes): the non-empty rows of the first sheet (workbook order), each with its 1-based row
//    number and its cells by column (A = 0; missing cells are ""). Shared strings, inline strings, rich-text runs
//    and numbers (as written in the file, e.g. "8000") are read; formulas give their cached value. XML entities and
//    character references are decoded; text is returned as UTF-8 as stored.
//  - Limits: at most 64 MiB uncompressed in all, 200,000 rows, 256 columns. Anything that is not a readable XLSX
//    (not a ZIP, no workbook, damaged or encrypted entry, unsupported compression, over a limit) throws
//    DomainError(bad_input, "not_xlsx" | "xlsx_too_large") with a Vietnamese message; never crashes on any input.
//  - is_zip(bytes): the bytes start with a ZIP local file header ("PK\3\4").
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace motcua::catalog {

struct SheetRow {
  int number = 0;                  // 1-based row number in the sheet
  std::vector<std::string> cells;  // by column, A = 0
};

bool is_zip(std::string_view bytes);
std::vector<SheetRow> read_xlsx_rows(std::string_view bytes);

}  // namespace motcua::catalog
