// Request-level authentication: the session cookie (web) or bearer token (API) → principal, stored in
// Request::user by authorize() before any handler runs; helpers for handlers.
#pragma once
#include <string>

#include "domain/accounts/principal.h"
#include "http/message.h"
#include "services/accounts/account_service.h"

namespace motcua::routes {

inline constexpr const char* kSessionCookie = "motcua_session";

// The principal of this request (anonymous when not signed in).
const accounts::Principal& principal(const http::Request& req);
services::ClientInfo client_of(const http::Request& req);
// The token presented by the request (cookie or bearer), "" when none.
std::string presented_token(const http::Request& req);
void set_session_cookie(http::Response& res, const std::string& token, bool secure);
void clear_session_cookie(http::Response& res, bool secure);
// Safe local redirect target from a "next" parameter ("/" when absent or not a local path).
std::string safe_next(const std::string& next);

}  // namespace motcua::routes
