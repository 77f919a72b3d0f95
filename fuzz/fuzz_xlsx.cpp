// Fuzz target: catalog::read_xlsx_rows, the reader of uploaded spreadsheets (the national procedure database's export).
//
// Contract (any input bytes):
//  - either returns rows — each with a positive row number and at most 256 cells of valid UTF-8 — or throws
//    DomainError with kind bad_input; no other exception, no crash, no read outside the input.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/catalog/xlsx_rows.h"
#include "domain/errors.h"
#include "domain/text.h"

using namespace motcua;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& row : catalog::read_xlsx_rows(in)) {
      if (row.number <= 0 || row.cells.size() > 256) std::abort();
      for (const auto& c : row.cells)
        if (!text::valid_utf8(c)) std::abort();
    }
  } catch (const DomainError& e) {
    if (e.kind() != ErrorKind::bad_input) std::abort();
  }
  return 0;
}
