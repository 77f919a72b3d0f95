#include "routes/auth.h"

#include "domain/text.h"

namespace motcua::routes {

const accounts::Principal& principal(const http::Request& req) {
  static const accounts::Principal anonymous;
  if (const auto* p = std::any_cast<accounts::Principal>(&req.user)) return *p;
  return anonymous;
}

services::ClientInfo client_of(const http::Request& req) {
  // Client-supplied: kept only in a form that is safe to store, log and show (valid UTF-8, no control
  // characters, bounded) — an invalid User-Agent must not break the session list later.
  return {text::display_text(req.remote, 64), text::display_text(req.header("User-Agent").value_or(""), 300)};
}

std::string presented_token(const http::Request& req) {
  if (auto h = req.header("Authorization"); h && h->rfind("Bearer ", 0) == 0) return h->substr(7);
  if (auto c = req.cookie(kSessionCookie)) return *c;
  return "";
}

void set_session_cookie(http::Response& res, const std::string& token, bool secure) {
  res.set("Set-Cookie", std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
}

void clear_session_cookie(http::Response& res, bool secure) {
  res.set("Set-Cookie", std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + (secure ? "; Secure" : ""));
}

std::string safe_next(const std::string& next) {
  if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) return "/";
  for (char c : next)
    if (c == '\r' || c == '\n') return "/";
  return next;
}

}  // namespace motcua::routes
