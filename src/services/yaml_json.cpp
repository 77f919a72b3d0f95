// YAML → JSON with libyaml (see yaml_json.h).
#include "services/yaml_json.h"

#include <yaml.h>

#include <map>
#include <memory>
#include <regex>
#include <stdexcept>

namespace motcua::services {

using nlohmann::json;

namespace {

json plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  static const std::regex integer("[-+]?[0-9]+"), number("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  if (std::regex_match(s, integer)) {
    try {
      return std::stoll(s);
    } catch (const std::out_of_range&) {
      return std::stod(s);
    }
  }
  if (std::regex_match(s, number)) return std::stod(s);
  return s;
}

class Parser {
 public:
  explicit Parser(const std::string& text) {
    if (!yaml_parser_initialize(&p_)) throw std::runtime_error("YAML: cannot initialise the parser");
    yaml_parser_set_input_string(&p_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  ~Parser() { yaml_parser_delete(&p_); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  json document() {
    json out = nullptr;
    for (;;) {
      Event e = next();
      switch (e.ev.type) {
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_START_EVENT: continue;
        case YAML_STREAM_END_EVENT: return out;
        case YAML_DOCUMENT_END_EVENT: return out;
        default: out = node(e); break;
      }
    }
  }

 private:
  struct Event {  // owns one libyaml event
    yaml_event_t ev{};
    Event() = default;
    Event(Event&& o) noexcept : ev(o.ev) { o.ev = yaml_event_t{}; }
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;
    Event& operator=(Event&&) = delete;
    ~Event() { yaml_event_delete(&ev); }
  };

  Event next() {
    Event e;
    if (!yaml_parser_parse(&p_, &e.ev))
      throw std::runtime_error("YAML line " + std::to_string(p_.problem_mark.line + 1) + ": " + (p_.problem ? p_.problem : "malformed"));
    return e;
  }

  void remember(const yaml_char_t* anchor, const json& v) {
    if (anchor) anchors_[reinterpret_cast<const char*>(anchor)] = v;
  }

  json node(Event& e) {
    switch (e.ev.type) {
      case YAML_ALIAS_EVENT: {
        auto it = anchors_.find(reinterpret_cast<const char*>(e.ev.data.alias.anchor));
        if (it == anchors_.end()) throw std::runtime_error("YAML line " + std::to_string(e.ev.start_mark.line + 1) + ": unknown alias");
        return it->second;
      }
      case YAML_SCALAR_EVENT: {
        std::string s(reinterpret_cast<const char*>(e.ev.data.scalar.value), e.ev.data.scalar.length);
        json v = e.ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? plain_scalar(s) : json(s);
        remember(e.ev.data.scalar.anchor, v);
        return v;
      }
      case YAML_SEQUENCE_START_EVENT: {
        std::string anchor = e.ev.data.sequence_start.anchor ? reinterpret_cast<const char*>(e.ev.data.sequence_start.anchor) : "";
        json arr = json::array();
        for (;;) {
          Event x = next();
          if (x.ev.type == YAML_SEQUENCE_END_EVENT) break;
          arr.push_back(node(x));
        }
        if (!anchor.empty()) anchors_[anchor] = arr;
        return arr;
      }
      case YAML_MAPPING_START_EVENT: {
        std::string anchor = e.ev.data.mapping_start.anchor ? reinterpret_cast<const char*>(e.ev.data.mapping_start.anchor) : "";
        json obj = json::object();
        for (;;) {
          Event k = next();
          if (k.ev.type == YAML_MAPPING_END_EVENT) break;
          size_t line = k.ev.start_mark.line + 1;
          json key = node(k);
          std::string ks = key.is_string() ? key.get<std::string>() : key.dump();
          Event v = next();
          json val = node(v);
          if (obj.contains(ks)) throw std::runtime_error("YAML line " + std::to_string(line) + ": duplicate key " + ks);
          obj[ks] = std::move(val);
        }
        if (!anchor.empty()) anchors_[anchor] = obj;
        return obj;
      }
      default: throw std::runtime_error("YAML line " + std::to_string(e.ev.start_mark.line + 1) + ": unexpected event");
    }
  }

  yaml_parser_t p_{};
  std::map<std::string, json> anchors_;
};

}  // namespace

json yaml_to_json(const std::string& text) {
  Parser p(text);
  return p.document();
}

}  // namespace motcua::services
