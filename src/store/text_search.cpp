#include "store/text_search.h"

#include <stdexcept>

namespace motcua::store {

std::string prefix_match(std::string_view dialect, std::string_view table, std::string_view column, const std::vector<std::string>& tokens,
                         const std::function<std::string(Value)>& param) {
  std::vector<std::string> clean;
  for (const auto& t : tokens) {
    std::string c;
    for (char ch : t)
      if (ch != '"' && ch != '%' && ch != '_' && ch != '\\') c.push_back(ch);
    if (!c.empty()) clean.push_back(std::move(c));
  }
  if (clean.empty()) throw std::invalid_argument("prefix_match: no token");
  const std::string tbl(table), col(column);
  if (dialect == "sqlite") {
    // Every token a quoted prefix phrase: FTS5 reads nothing inside "…" as syntax (and '"' was dropped above).
    std::string match;
    for (const auto& t : clean) match += (match.empty() ? "\"" : " \"") + t + "\"*";
    return "id IN (SELECT rowid FROM " + tbl + "_search WHERE " + tbl + "_search MATCH " + param(match) + ")";
  }
  std::string sql = "(";
  for (size_t i = 0; i < clean.size(); ++i) sql += (i ? " AND " : "") + col + " LIKE " + param("% " + clean[i] + "%");
  return sql + ")";
}

std::string filter_only(std::string_view dialect, std::string_view column) {
  return dialect == "sqlite" ? "(" + std::string(column) + " || '')" : std::string(column);
}

}  // namespace motcua::store
