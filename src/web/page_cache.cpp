#include "web/page_cache.h"

#include <memory>

#include "domain/format.h"
#include "http/encoded_body.h"
#include "web/views.h"

namespace motcua::web {

namespace {

constexpr const char* kPublicCache = "public, max-age=60";
constexpr const char* kPrivateCache = "private, no-store";
// A miss must cost what drawing the page cost before the cache (a client that never asks twice gains nothing from
// it): only the form this client takes is made, at gzip 6 or brotli 5 (0.1–0.4 ms on a 16 KB page; brotli 9 takes
// 10 ms there); the others are added when a client first asks for them.
constexpr http::EncodeOptions kPageEncoding{.gzip = true, .gzip_level = 6, .brotli_quality = 5, .min_size = 512};

std::string vary_with(const std::string& base, const std::string& extra) { return extra.empty() ? base : base + ", " + extra; }

}  // namespace

std::string catalog_deps(routes::Context& ctx, int64_t now) {
  auto s = ctx.catalog.snapshot();
  auto ag = ctx.agencies.snapshot();
  size_t effective = s->effective_count(now);
  // The bodies of older dependencies can never be asked for again: drop them when the dependencies move on
  // (each part only grows; keys alone keep the pages right, this only frees the memory early).
  ctx.page_cache.advance(static_cast<uint64_t>(std::max<int64_t>(0, s->rev)) + effective + ag->generation);
  return "c" + std::to_string(s->rev) + "." + std::to_string(effective) + ".a" + std::to_string(ag->generation) + ".vi";
}

http::Response cached_page(routes::Context& ctx, const http::Request& req, const std::string& variant, const std::string& nav,
                           const std::function<PublicPage()>& render) {
  Audience who = audience_of(req);
  bool htmx = req.is_htmx();
  const char sep = '\x1f';
  std::string key = catalog_deps(ctx, fmt::now_ms()) + sep + to_string(who) + sep + (htmx ? "hx" : "") + sep + req.path + sep + variant;
  auto entry = ctx.page_cache.get(key);
  http::Coding want = who == Audience::anonymous ? http::preferred_coding(req) : http::Coding::identity;
  if (entry && http::lacks(*entry, want)) {
    entry = std::make_shared<const http::EncodedBody>(http::add_coding(*entry, want, kPageEncoding));
    ctx.page_cache.put(key, entry);
  }
  if (!entry) {
    PublicPage p = render();
    std::string title = p.data.value("title", ctx.views.site().site_name);
    std::string body = ctx.views.public_body(p.name, std::move(p.data), who);
    http::EncodedBody b;
    if (who == Audience::anonymous) {
      // The whole response: nothing in it belongs to a visitor. Each compressed form is made once, when first asked for.
      http::EncodeOptions only = kPageEncoding;
      only.gzip = want == http::Coding::gzip;
      only.brotli_quality = want == http::Coding::br ? kPageEncoding.brotli_quality : 0;
      b = http::encode_body(p.fragment ? std::move(body) : ctx.views.anonymous_page(title, body, nav), "text/html; charset=utf-8", only);
      b.headers = {{"Cache-Control", kPublicCache}, {"Vary", vary_with("Cookie", p.vary)}};
    } else {
      // The body only: the layout around it is drawn per request for the visitor.
      b.identity = std::move(body);
      b.content_type = "text/html; charset=utf-8";
      b.headers = {{"Vary", p.vary}};
    }
    b.label = p.fragment ? std::string() : title;
    entry = std::make_shared<const http::EncodedBody>(std::move(b));
    ctx.page_cache.put(key, entry);
  }
  if (who == Audience::anonymous) return http::respond(req, *entry);
  http::Response res = entry->label.empty() ? http::Response::html(200, entry->identity)  // an htmx partial
                                            : ctx.views.wrap(req, 200, entry->label, entry->identity, nav);
  res.set("Cache-Control", kPrivateCache);
  std::string extra = entry->headers.empty() ? std::string() : entry->headers.front().second;
  res.set("Vary", vary_with("Cookie", extra));
  return res;
}

}  // namespace motcua::web
