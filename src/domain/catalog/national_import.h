// Import of the national procedure database's export (Cơ sở dữ liệu quốc gia về thủ tục hành chính,
// csdl.dichvucong.gov.vn) into the catalog, as pure rules: the one table of its keys and column headings, each
// record mapped onto our procedure document (docs/catalog-format.md, "Nhập từ CSDL quốc gia về TTHC"), and the
// diff of the mapped records against the current catalog.
//
// Contract
//  - national_fields(): THE table — national key (JSON, e.g. "MaTTHC"), the XLSX column headings that mean it
//    ("Mã thủ tục", …; matched without case, diacritics or punctuation), our key and its Vietnamese label.
//  - records_from_json(file): an array of records, or an object holding one under "data", "items", "DanhSachTTHC",
//    "procedures" or "result"; keys matched without case. records_from_rows(rows): the first row (of the first 20)
//    naming both the code and the name column is the heading; every later non-empty row is a record. Both throw
//    DomainError(bad_input) with a Vietnamese message when the file holds no records at all.
//  - map_record(record): our document's keys that the record provides (a column or key present), with every
//    problem found (missing code or name, an unknown level, an unreadable time limit, fee or online level…) in
//    Vietnamese. It never throws: a bad record is reported, never the rest of the file lost.
//  - plan(records, current): per record, in file order: created (code not in the catalog), changed (with the
//    top-level keys that differ), unchanged, or refused (its problems; also a code repeated in the file, an
//    abolished procedure, or one with an unpublished draft). An existing procedure keeps what the national
//    database does not carry (internal process, e-form, channel policy, targets, document types of components
//    matched by name…): the record overlays its latest published version. `doc` of every accepted item is the
//    normalized document to import (catalog::normalize_procedure), ready for CatalogService::import.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalog/xlsx_rows.h"

namespace motcua::catalog {

struct NationalField {
  const char* key;                   // national key, e.g. "MaTTHC"
  std::vector<const char*> headings;  // XLSX column headings, e.g. "Mã thủ tục"
  const char* ours;                  // our key, e.g. "code" ("field.name" for a nested one)
  const char* label;                 // Vietnamese label
};
const std::vector<NationalField>& national_fields();

struct NationalRecord {
  std::string where;    // "Bản ghi 3" (JSON) or "Dòng 4" (XLSX row)
  nlohmann::json data;  // national key → value as read (strings from XLSX)
};
std::vector<NationalRecord> records_from_json(const nlohmann::json& file);
std::vector<NationalRecord> records_from_rows(const std::vector<SheetRow>& rows);

struct MappedRecord {
  std::string where, code, name;
  nlohmann::json doc = nlohmann::json::object();  // our keys provided by the record
  std::vector<std::string> problems;
};
MappedRecord map_record(const NationalRecord& r);

enum class ImportOutcome { created, changed, unchanged, refused };
std::string outcome_key(ImportOutcome o);    // "new", "changed", "unchanged", "refused"
std::string outcome_label(ImportOutcome o);  // "Mới", "Thay đổi", "Không đổi", "Bị từ chối"
std::string key_label(const std::string& our_top_level_key);  // "fees" → "Phí, lệ phí"

// What the catalog holds for a code.
struct CatalogHolding {
  bool abolished = false, has_draft = false;
  std::optional<nlohmann::json> published;  // latest published version (without effective_from)
};

struct PlanItem {
  std::string where, code, name;
  ImportOutcome outcome = ImportOutcome::refused;
  std::vector<std::string> changed;   // top-level keys that differ (changed only)
  std::vector<std::string> problems;  // refused only
  nlohmann::json doc;                 // accepted items: the document to import
};
// on_progress(done, total), when given, is called after every 50 records and at the end (a progress bar).
std::vector<PlanItem> plan(const std::vector<NationalRecord>& records,
                           const std::function<std::optional<CatalogHolding>(const std::string& code)>& current,
                           const std::function<void(size_t done, size_t total)>& on_progress = {});

}  // namespace motcua::catalog
