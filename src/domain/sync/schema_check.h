// Checks a JSON document against the national portal's schema (data/national/schema.json) — the small
// JSON-Schema-like language that file uses, and the per-dossier status transitions it lists. Pure: the
// caller reads the file. Used by the national portal's stand-in on every payload it receives and by the
// tests on every kind of payload motcua builds.
//
// Contract
// - check(schema, doc): the problems of `doc` against one service's schema, each "<path>: <what>", in
//   Vietnamese; empty = valid. Supported keywords: type (string, integer, array, object, date), required,
//   nonEmpty (fields that must not be ""), properties, additionalProperties: false, enum, pattern (ECMAScript
//   regex, whole string), minLength / maxLength (in code points), minimum, items, and rules
//   [{when: {field, in: [...]}, nonEmpty: [...]}]. A "date" is "" or yyyyMMddHHmmss naming a real moment.
// - transition_problem(transitions, previous, next): "" when the national status `next` may follow
//   `previous` (nullopt = the dossier's first payload), else why not.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace motcua::sync {

std::vector<std::string> check(const nlohmann::json& schema, const nlohmann::json& doc);
std::string transition_problem(const nlohmann::json& transitions, std::optional<int> previous, int next);

}  // namespace motcua::sync
