#include "web/page_cache.h"

#include <memory>

#include "domain/format.h"
#include "http/encoded_body.h"
#include "web/views.h"

namespace motcua::web {

namespace {

constexpr const char* kPublicCache = "public, max-age=60";
constexpr const char* kPrivateCache = "private, no-store";
// Brotli quality for pages: drawn once per catalog revision, so a high quality is affordable (11 is ~10× slower
// for ~5 % less); gzip at 9 likewise.
constexpr http::EncodeOptions kPageEncoding{.gzip = true, .gzip_level = 9, .brotli_quality = 9, .min_size = 512};

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
  if (!entry) {
    PublicPage p = render();
    std::string title = p.data.value("title", ctx.views.site().site_name);
    std::string body = ctx.views.public_body(p.name, std::move(p.data), who);
    http::EncodedBody b;
    if (who == Audience::anonymous) {
      // The whole response, compressed once: nothing in it belongs to a visitor.
      b = http::encode_body(p.fragment ? std::move(body) : ctx.views.anonymous_page(title, body, nav), "text/html; charset=utf-8",
                            kPageEncoding);
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
