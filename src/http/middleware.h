// Response finishing applied to every response by the server, after the handler:
//  - X-Request-Id echo; security headers (CSP with script-src 'self', frame-ancestors 'none',
//    X-Content-Type-Options, Referrer-Policy, X-Frame-Options, Permissions-Policy);
//  - Cache-Control: no-store unless the handler chose one;
//  - gzip for compressible types ≥ 1 KiB when the client accepts it (Vary: Accept-Encoding), unless the
//    handler already chose an encoding (http/encoded_body: cached pages, static files).
// gzip(s) is the zlib gzip encoding of s (level 6 unless told).
#pragma once
#include <string>
#include <string_view>

#include "http/message.h"

namespace motcua::http {

void finalize(const Request& req, Response& res);
std::string gzip(std::string_view s, int level = 6);
bool accepts_gzip(const Request& req);  // Accept-Encoding gives gzip a q-value above 0

}  // namespace motcua::http
