// The national database's values as text or JSON → our procedure document's values (national_import.cpp). Internal
// to the import: helpers for the one mapping in map_record, declared here only to keep each file short.
#pragma once
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::catalog::national_detail {

std::string key_of(std::string_view s);  // folded for matching: lower case, no diacritics, letters/digits, single spaces
std::string lower_ascii(std::string s);
std::string str_of(const nlohmann::json& v);  // a string (trimmed, NFC) or a number as text; "" otherwise
std::vector<std::string> lines_of(const std::string& s, bool split_semicolons);  // list marks removed
const nlohmann::json* get(const nlohmann::json& o, std::string_view key);  // by key without case
std::string get_str(const nlohmann::json& o, std::initializer_list<const char*> keys);
std::vector<std::string> items_of(const nlohmann::json& v, std::initializer_list<const char*> keys, bool split_semicolons);
std::optional<double> first_number(const std::string& folded, size_t& after);
std::optional<nlohmann::json> processing_time_of(const std::string& raw);
void map_fees(const nlohmann::json& v, nlohmann::json& doc, std::vector<std::string>& problems);
void map_components(const nlohmann::json& v, nlohmann::json& doc);
void map_methods(const nlohmann::json& v, nlohmann::json& doc);
void map_legal(const nlohmann::json& v, nlohmann::json& doc);
std::vector<int> applicants_of(const std::string& s);

}  // namespace motcua::catalog::national_detail
