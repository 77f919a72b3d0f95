#include "http/message.h"

#include <strings.h>

#include <cctype>

#include <nlohmann/json.hpp>

#include "domain/text.h"

namespace motcua::http {

bool CaseLess::operator()(const std::string& a, const std::string& b) const {
  return strcasecmp(a.c_str(), b.c_str()) < 0;
}

std::optional<std::string> Request::header(const std::string& name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::query_param(const std::string& name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

std::optional<std::string> Request::cookie(const std::string& name) const {
  auto h = header("Cookie");
  if (!h) return std::nullopt;
  std::string_view s = *h;
  while (!s.empty()) {
    size_t semi = s.find(';');
    std::string_view part = s.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    s.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

bool Request::wants_html() const {
  auto a = header("Accept");
  return a && a->find("text/html") != std::string::npos;
}

bool Request::is_htmx() const {
  auto h = header("HX-Request");
  return h && *h == "true";
}

Response& Response::set(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

Response Response::text(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}
Response Response::html(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  return r;
}
Response Response::json(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body = std::move(body);
  return r;
}
Response Response::redirect(const std::string& location, int status) {
  Response r;
  r.status = status;
  r.set("Location", location);
  return r;
}

namespace {
int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string percent_decode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view s) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!s.empty()) {
    size_t amp = s.find('&');
    std::string_view part = s.substr(0, amp);
    if (!part.empty()) {
      size_t eq = part.find('=');
      if (eq == std::string_view::npos) out.emplace_back(percent_decode(part, true), "");
      else out.emplace_back(percent_decode(part.substr(0, eq), true), percent_decode(part.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    s.remove_prefix(amp + 1);
  }
  return out;
}

std::optional<Target> parse_target(std::string_view target, size_t max_size) {
  if (target.empty() || target.front() != '/' || target.size() > max_size) return std::nullopt;
  for (unsigned char c : target)
    if (c <= 0x20 || c == 0x7f) return std::nullopt;  // raw UTF-8 is judged after decoding
  Target t;
  size_t q = target.find('?');
  t.path = percent_decode(target.substr(0, q), false);
  if (!text::valid_utf8(t.path)) return std::nullopt;
  for (unsigned char c : t.path)
    if (c < 0x20 || c == 0x7f) return std::nullopt;
  if (q != std::string_view::npos) {
    t.query = parse_urlencoded(target.substr(q + 1));
    for (const auto& [k, v] : t.query)
      if (!text::valid_utf8(k) || !text::valid_utf8(v) || k.find('\0') != std::string::npos ||
          v.find('\0') != std::string::npos)
        return std::nullopt;
  }
  return t;
}

bool valid_header_value(std::string_view v) {
  for (unsigned char c : v)
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  return true;
}

std::string json_quote(std::string_view s) {
  try {
    return nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (...) {
    return "\"?\"";  // only on allocation failure
  }
}

namespace {
bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}
std::string lower_token(std::string_view s, size_t& i) {
  std::string out;
  while (i < s.size() && is_tchar(s[i])) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[i++]))));
  return out;
}
void skip_ows(std::string_view s, size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
}
}  // namespace

std::optional<MediaType> parse_media_type(std::string_view s) {
  MediaType m;
  size_t i = 0;
  skip_ows(s, i);
  m.type = lower_token(s, i);
  if (m.type.empty() || i >= s.size() || s[i] != '/') return std::nullopt;
  ++i;
  m.subtype = lower_token(s, i);
  if (m.subtype.empty()) return std::nullopt;
  skip_ows(s, i);
  while (i < s.size()) {
    if (s[i] != ';') return std::nullopt;
    ++i;
    skip_ows(s, i);
    if (i == s.size()) break;  // a trailing ";" is tolerated
    std::string name = lower_token(s, i);
    if (name.empty() || i >= s.size() || s[i] != '=') return std::nullopt;
    ++i;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        char c = s[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && i < s.size()) c = s[i++];
        value.push_back(c);
      }
      if (!closed) return std::nullopt;
    } else {
      while (i < s.size() && is_tchar(s[i])) value.push_back(s[i++]);
      if (value.empty()) return std::nullopt;
    }
    m.params.emplace_back(std::move(name), std::move(value));
    skip_ows(s, i);
  }
  return m;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
  }
  return "Unknown";
}

}  // namespace motcua::http
