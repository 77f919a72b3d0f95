// motcua::services::report_ledger — the stored form of the handling report's ledger (domain/reports/ledger.h;
// issue 12, performance; tables of migration 25).
//
// Contract
// - Counters per (competent agency, handling unit, procedure code, field code) and local day in
//   report_ledger_days, and the same per 32-day block in report_ledger_blocks; report_ledger_dossiers keeps each
//   ended dossier's entry (key and LedgerEntry), so that a change subtracts exactly what the dossier added.
// - sync(c, id): in the caller's transaction, after ANY change to the dossier's row, brings the ledger in line
//   with it (one read when nothing changed for the report; a few upserts when the dossier ends or its ended facts
//   change). DossierService::record_change calls it for every creation and transition.
// - rebuild(db): empties and refills the ledger from every dossier in one write transaction and marks it built;
//   ensure_built(db) does so once when it was never built (start-up after migration 25). Rows written around the
//   services (a bulk import, a bench generator) must call rebuild().
// - verify(db): "" when the stored counters and entries equal those recomputed from the dossiers, else the first
//   difference in words (tests; `motcua report-ledger --verify`).
// - sums_before(c, key_sql, agencies, day): per report key (key_sql over the ledger alias `l`: columns agency,
//   unit, procedure_code, field_code) the counters of the given agencies dated before `day` — the blocks before
//   day's block plus that block's days before `day`: at most one row per key and block, plus 31 per key.
// - facts_of(row, i): reports::DossierFacts from the kFactsColumns read at position i of a row.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/reports/handling.h"
#include "domain/reports/ledger.h"
#include "store/db.h"

namespace motcua::services::report_ledger {

// status, channel, submitted_at, finished_at, withdrawn_at, due_at, supplement_due_at, supplement_count, paused_at
extern const char* const kFactsColumns;  // over the dossiers alias `d`
reports::DossierFacts facts_of(const store::Row& row, size_t first);

void sync(store::Conn& c, int64_t dossier_id);
int64_t rebuild(store::Db& db);
void ensure_built(store::Db& db);
std::string verify(store::Db& db);
std::map<std::string, reports::LedgerSums> sums_before(store::Conn& c, const std::string& key_sql, const std::vector<std::string>& agencies,
                                                       int64_t day);

}  // namespace motcua::services::report_ledger
