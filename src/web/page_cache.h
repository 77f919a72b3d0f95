// Public catalog pages served from the cache of rendered bodies (issue 14): home, /thu-tuc, /thu-tuc/{code}, its
// versions, the blank form and /thong-bao change only when the catalog does, so each is drawn once per
// dependency set and kept in routes::Context::page_cache (http::BodyCache, LRU bounded in bytes).
//
// Key: the catalog revision, the number of published versions in effect (a scheduled version taking effect
// changes the pages without a new revision), the agency snapshot's generation, the language ("vi", the only
// one), the audience (anonymous / member / staff — web::Audience, nothing personal), the htmx flag, the path and
// the query as the page reads it (the handler's normalized `variant`). A catalog change thus makes the next
// request re-render; the bodies of older dependencies are dropped when their sum grows.
//
// Anonymous visitors get the whole page, rendered without any CSRF token or cookie, each compressed form (gzip 6,
// brotli 5) made once when a client first asks for it (a miss costs one render and one compression, as before the
// cache), with a strong ETag per representation (304 on If-None-Match), Cache-Control "public, max-age=60"
// (a reverse proxy or the browser may keep it a minute) and Vary: Accept-Encoding, Cookie.
// Signed-in visitors get the cached body of their audience (Views::public_body: no name, no token) inside the
// layout drawn for them per request (their name, the sign-out form with their CSRF token), "private, no-store".
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "http/message.h"
#include "routes/context.h"

namespace motcua::web {

struct PublicPage {
  std::string name;       // the body template
  nlohmann::json data;    // its data; data.title is the page title
  bool fragment = false;  // an htmx partial: the body alone, without the layout
  std::string vary;       // request headers the body depends on besides the key's (e.g. "HX-Request")
};

inline PublicPage public_page(std::string name, nlohmann::json data) {
  PublicPage p;
  p.name = std::move(name);
  p.data = std::move(data);
  return p;
}

http::Response cached_page(routes::Context& ctx, const http::Request& req, const std::string& variant, const std::string& nav,
                           const std::function<PublicPage()>& render);

// The part of the key naming what the catalog pages depend on at `now` (revision, versions in effect, agencies).
std::string catalog_deps(routes::Context& ctx, int64_t now);

}  // namespace motcua::web
