// motcua::services::dossier_search — the applicant search key of the dossiers (issues 14, 15; migration 28).
//
// Contract
// - key(name, id_number, phone): what dossiers.applicant_search holds (dossier::applicant_search_key). Every statement
//   that writes a dossier's applicant fields writes this key in the same statement — today the two INSERT INTO
//   dossiers of DossierService::submit and ::intake (hand-over and post pickup intake go through ::intake); the index
//   follows the column inside that transaction (SQLite: FTS5 triggers; PostgreSQL: the GIN index).
// - backfill(db, batch): computes the key for every row where it is NULL (rows older than migration 28, or written
//   around the services), in id order, `batch` rows per write transaction; returns the rows updated.
// - ensure_indexed(db): at start-up — backfills once when meta dossier_search_built is not '1', then sets it.
//   Interrupted, it resumes where it stopped at the next start.
// - condition(dialect, tokens, param): a condition on dossiers rows, true when the key has a word starting with every
//   token (store::prefix_match over dossiers.applicant_search: FTS5 rowids on SQLite, a pg_trgm bitmap on PostgreSQL).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"

namespace motcua::services::dossier_search {

std::string key(std::string_view name, std::string_view id_number, std::string_view phone);
int64_t backfill(store::Db& db, int batch = 5000);
void ensure_indexed(store::Db& db);
std::string condition(std::string_view dialect, const std::vector<std::string>& tokens, const std::function<std::string(store::Value)>& param);

}  // namespace motcua::services::dossier_search
