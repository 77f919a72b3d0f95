// Word-prefix search over a folded text column, the one dialect-specific query form outside the migrations
// (issues 14, 15; DDL in migration 28).
//
// Contract
// - The column holds folded words separated by single spaces, with one leading space (dossier::applicant_search_key).
// - prefix_match_ids(dialect, table, column, tokens, param): an SQL expression selecting the ids of `table` whose
//   column has, for every token, a word starting with it; the tokens' values are added through `param`, which
//   returns their placeholder ("$n"). Tokens must be non-empty folded words (dossier::search_tokens); any '"', '%',
//   '_' or '\' in one is dropped anyway, so no token can change the query's meaning.
//   SQLite: "SELECT rowid FROM <table>_search WHERE <table>_search MATCH $n" with the FTS5 query `"t1"* "t2"*`,
//   over the external-content FTS5 table <table>_search(<column>) whose rowid is <table>.id (kept by triggers).
//   PostgreSQL: "SELECT id FROM <table> WHERE <column> LIKE '% t1%' AND …", served by the pg_trgm GIN index on
//   the column (a scan of the rows when the extension could not be installed — same results, slower).
// - The result is a subquery to be written inside "id IN (…)" (it may be followed by "UNION ALL SELECT …").
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"

namespace motcua::store {

std::string prefix_match_ids(std::string_view dialect, std::string_view table, std::string_view column, const std::vector<std::string>& tokens,
                             const std::function<std::string(Value)>& param);

}  // namespace motcua::store
