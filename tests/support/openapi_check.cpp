// Responses checked against the OpenAPI description (see openapi_check.h).
#include "support/openapi_check.h"

#include <fstream>
#include <regex>
#include <sstream>

#include "services/yaml_json.h"

namespace motcua::testing {

using nlohmann::json;

const json& openapi_spec() {
  static const json spec = [] {
    std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/docs/api/openapi.yaml");
    std::ostringstream ss;
    ss << in.rdbuf();
    return services::yaml_to_json(ss.str());
  }();
  return spec;
}

namespace {

const json* resolve(const json& root, const json& node) {
  const json* n = &node;
  for (int depth = 0; n->is_object() && n->contains("$ref") && depth < 20; ++depth) {
    std::string ref = (*n)["$ref"].get<std::string>();
    if (ref.rfind("#/", 0) != 0) return nullptr;
    try {
      n = &root.at(json::json_pointer(ref.substr(1)));
    } catch (const std::exception&) {
      return nullptr;
    }
  }
  return n;
}

bool is_type(const json& v, const std::string& t) {
  if (t == "null") return v.is_null();
  if (t == "boolean") return v.is_boolean();
  if (t == "integer") return v.is_number_integer() || (v.is_number_float() && v.get<double>() == static_cast<double>(static_cast<int64_t>(v.get<double>())));
  if (t == "number") return v.is_number();
  if (t == "string") return v.is_string();
  if (t == "array") return v.is_array();
  if (t == "object") return v.is_object();
  return false;
}

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void check(const json& root, const json& schema_in, const json& v, const std::string& at, std::vector<std::string>& out) {
  if (out.size() > 20) return;
  const json* sp = resolve(root, schema_in);
  if (!sp) {
    out.push_back(at + ": unresolved $ref " + schema_in.dump());
    return;
  }
  const json& s = *sp;
  if (!s.is_object()) return;  // true / {} accept anything
  if (s.contains("type")) {
    bool ok = false;
    if (s["type"].is_array())
      for (const auto& t : s["type"]) ok |= is_type(v, t.get<std::string>());
    else ok = is_type(v, s["type"].get<std::string>());
    if (!ok) {
      out.push_back(at + ": expected " + s["type"].dump() + ", got " + v.dump().substr(0, 80));
      return;
    }
  }
  if (s.contains("enum")) {
    bool ok = false;
    for (const auto& e : s["enum"]) ok |= e == v;
    if (!ok) out.push_back(at + ": " + v.dump().substr(0, 80) + " not in " + s["enum"].dump());
  }
  if (s.contains("const") && s["const"] != v) out.push_back(at + ": expected " + s["const"].dump());
  if (s.contains("allOf"))
    for (const auto& sub : s["allOf"]) check(root, sub, v, at, out);
  for (const char* k : {"anyOf", "oneOf"})
    if (s.contains(k)) {
      int matches = 0;
      for (const auto& sub : s[k]) {
        std::vector<std::string> p;
        check(root, sub, v, at, p);
        matches += p.empty();
      }
      if (matches == 0 || (std::string(k) == "oneOf" && matches > 1)) out.push_back(at + ": " + std::to_string(matches) + " of " + k + " match");
    }
  if (v.is_number()) {
    if (s.contains("minimum") && v.get<double>() < s["minimum"].get<double>()) out.push_back(at + ": below minimum " + s["minimum"].dump());
    if (s.contains("maximum") && v.get<double>() > s["maximum"].get<double>()) out.push_back(at + ": above maximum " + s["maximum"].dump());
  }
  if (v.is_string()) {
    const std::string& str = v.get_ref<const std::string&>();
    if (s.contains("minLength") && code_points(str) < s["minLength"].get<size_t>()) out.push_back(at + ": shorter than minLength");
    if (s.contains("maxLength") && code_points(str) > s["maxLength"].get<size_t>()) out.push_back(at + ": longer than maxLength");
    std::string fmt = s.value("format", std::string());
    static const std::regex date("[0-9]{4}-[0-9]{2}-[0-9]{2}"), datetime("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})");
    if (fmt == "date" && !std::regex_match(str, date)) out.push_back(at + ": not a date: " + str);
    if (fmt == "date-time" && !std::regex_match(str, datetime)) out.push_back(at + ": not a date-time: " + str);
  }
  if (v.is_array()) {
    if (s.contains("minItems") && v.size() < s["minItems"].get<size_t>()) out.push_back(at + ": fewer items than minItems");
    if (s.contains("items"))
      for (size_t i = 0; i < v.size() && out.size() <= 20; ++i) check(root, s["items"], v[i], at + "[" + std::to_string(i) + "]", out);
  }
  if (v.is_object()) {
    if (s.contains("required"))
      for (const auto& k : s["required"])
        if (!v.contains(k.get<std::string>())) out.push_back(at + ": missing required " + k.get<std::string>());
    const json props = s.value("properties", json::object());
    for (const auto& [k, x] : v.items()) {
      if (props.contains(k)) check(root, props[k], x, at + "." + k, out);
      else if (s.contains("additionalProperties")) {
        const json& ap = s["additionalProperties"];
        if (ap.is_boolean() && !ap.get<bool>()) out.push_back(at + ": unexpected property " + k);
        else if (ap.is_object()) check(root, ap, x, at + "." + k, out);
      }
    }
  }
}

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += path[i];
    }
  }
  return out;
}

// The spec path matching a request path (most literal segments win), or "".
std::string match_path(const json& paths, const std::string& path, const std::string& method) {
  auto want = segments(path);
  std::string best;
  int best_literals = -1;
  for (const auto& [tpl, item] : paths.items()) {
    if (!item.contains(method)) continue;
    auto have = segments(tpl);
    if (have.size() != want.size()) continue;
    int literals = 0;
    bool ok = true;
    for (size_t i = 0; i < have.size() && ok; ++i) {
      if (have[i].size() > 1 && have[i].front() == '{' && have[i].back() == '}') ok = !want[i].empty();
      else if (have[i] == want[i]) ++literals;
      else ok = false;
    }
    if (ok && literals > best_literals) best = tpl, best_literals = literals;
  }
  return best;
}

}  // namespace

std::vector<std::string> validate(const json& schema, const json& doc) {
  std::vector<std::string> out;
  check(openapi_spec(), schema, doc, "$", out);
  return out;
}

std::vector<std::string> check_response(const std::string& method_in, const std::string& target, int status, const std::string& content_type,
                                        const std::string& body) {
  std::vector<std::string> out;
  const json& spec = openapi_spec();
  std::string path = target.substr(0, target.find('?')), method = method_in;
  for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string tpl = match_path(spec["paths"], path, method);
  std::string where = method_in + " " + path + " → " + std::to_string(status);
  if (tpl.empty()) {
    if (status != 404 && status != 405) out.push_back(where + ": no such operation in docs/api/openapi.yaml");
    return out;
  }
  const json& op = spec["paths"][tpl][method];
  const json responses = op.value("responses", json::object());
  std::string code = std::to_string(status), range = std::string(1, code[0]) + "XX";
  const json* resp = responses.contains(code) ? &responses[code] : responses.contains(range) ? &responses[range] : responses.contains("default") ? &responses["default"] : nullptr;
  bool is_json = content_type.find("application/json") != std::string::npos;
  json doc = is_json ? json::parse(body, nullptr, false) : json();
  if (is_json && doc.is_discarded()) {
    out.push_back(where + ": body is not JSON");
    return out;
  }
  if (!resp) {
    if (status < 400) {
      out.push_back(where + ": status not described for " + tpl);
    } else if (is_json) {
      for (auto& p : validate(spec["components"]["schemas"]["Error"], doc)) out.push_back(where + " (Error envelope): " + p);
      if (!doc.is_object() || !doc.contains("error")) out.push_back(where + ": an error without the Error envelope");
    }
    return out;
  }
  const json* r = resolve(spec, *resp);
  if (!r || !is_json || !r->contains("content")) return out;
  const json& content = (*r)["content"];
  if (!content.contains("application/json")) {
    out.push_back(where + ": JSON body, but the spec describes " + content.dump().substr(0, 80));
    return out;
  }
  if (content["application/json"].contains("schema"))
    for (auto& p : validate(content["application/json"]["schema"], doc)) out.push_back(where + ": " + p);
  return out;
}

}  // namespace motcua::testing
