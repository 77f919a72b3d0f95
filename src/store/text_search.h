// Word-prefix search over a folded text column, the one dialect-specific query form outside the migrations
// (issues 14, 15; DDL in migration 28).
//
// Contract
// - The column holds folded words separated by single spaces, with one leading space (dossier::applicant_search_key).
// - prefix_match(dialect, table, column, tokens, param): a condition on the rows of `table` (to be AND-ed or OR-ed into
//   its WHERE): true when the column has, for every token, a word starting with it. The tokens' values are added
//   through `param`, which returns their placeholder ("$n"). Tokens must be non-empty folded words
//   (dossier::search_tokens); any '"', '%', '_' or '\' in one is dropped anyway, so no token can change the query's
//   meaning; std::invalid_argument when no token is left.
//   SQLite: "id IN (SELECT rowid FROM <table>_search WHERE <table>_search MATCH $n)" with the FTS5 query
//   `"t1"* "t2"*`, over the external-content FTS5 table <table>_search(<column>) whose rowid is <table>.id (kept by
//   triggers). PostgreSQL: "(<column> LIKE '% t1%' AND …)", served by the pg_trgm GIN index on the column through a
//   bitmap scan that the planner may AND with other indexes (a scan when the extension could not be installed — same
//   results, slower).
// - filter_only(dialect, column): the column as an expression no index serves on SQLite ("(<column> || '')"), so that
//   SQLite's planner, which has no statistics for the FTS5 table, drives the query from the search's rowids (a few
//   hundred) and only filters by this column, instead of walking e.g. an agency's 400,000 index entries;
//   PostgreSQL: the column itself (its planner weighs each index by statistics).
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"

namespace motcua::store {

std::string prefix_match(std::string_view dialect, std::string_view table, std::string_view column, const std::vector<std::string>& tokens,
                         const std::function<std::string(Value)>& param);
std::string filter_only(std::string_view dialect, std::string_view column);

}  // namespace motcua::store
