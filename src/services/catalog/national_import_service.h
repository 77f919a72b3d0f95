// Import of the national procedure database's export (CSDL quốc gia về TTHC) into the catalog: the file read
// (JSON or XLSX), its records planned against the catalog snapshot (domain/catalog/national_import), and applied
// through the one catalog import path (CatalogService::import: one transaction, new and changed procedures
// published as new versions, audited) — only when the catalog is still at the revision the dry run was computed on.
//
// Contract
//  - read_national_export(body, declared): `declared` is what the sender says the file is ("xlsx", "json" or ""
//    when unknown; the API maps the Content-Type, the page the file's type and name). A body that is a ZIP is read
//    as XLSX; one declared XLSX that is not a ZIP is refused; anything else is JSON (a UTF-8 BOM allowed).
//    DomainError bad_input (empty file, malformed JSON, not an XLSX, no records) with a Vietnamese message.
//  - national_dry_run(catalog, records): the plan against the current snapshot and that snapshot's revision.
//    Writes nothing.
//  - national_apply(catalog, records, expected_rev, actor): 409 catalog_changed unless the catalog is still at
//    expected_rev (checked again inside the import's transaction); then imports every accepted record; the
//    report's `applied` holds the import's counts and catalog_rev the revision after it.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalog/national_import.h"
#include "services/catalog/catalog_service.h"

namespace motcua::services {

inline constexpr std::string_view kXlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct NationalExport {
  std::string format;  // "json" | "xlsx"
  std::vector<catalog::NationalRecord> records;
};
NationalExport read_national_export(std::string_view body, std::string_view declared);

struct NationalImportReport {
  std::string format;
  int64_t catalog_rev = 0;
  std::vector<catalog::PlanItem> items;
  std::optional<ImportResult> applied;
  int count(catalog::ImportOutcome o) const;
};

// progress_key (optional): where the page's progress bar reads how far the run is (national_progress below).
NationalImportReport national_dry_run(CatalogService& catalog, const NationalExport& file, const std::string& progress_key = "");
NationalImportReport national_apply(CatalogService& catalog, const NationalExport& file, int64_t expected_rev, const std::string& actor,
                                    const std::string& progress_key = "");

// How far an import of this process is, for the page's progress bar (polled while the request runs): phase
// "reading" (the file), "comparing" (done / total records planned), "writing" (the import's transaction), "done".
// Kept in memory per process for 15 minutes (at most 1,000 runs); the key is chosen by the caller (the page: the
// signed-in actor and a random token from the browser).
struct NationalProgress {
  std::string phase;
  size_t done = 0, total = 0;
};
void national_progress_set(const std::string& key, const NationalProgress& p);
std::optional<NationalProgress> national_progress(const std::string& key);

// {"mode","format","catalog_rev","summary":{total,new,changed,unchanged,refused},"items":[…],"applied"?}
nlohmann::json to_json(const NationalImportReport& r);

}  // namespace motcua::services
