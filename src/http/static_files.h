// Static files (CSS, JS, images, downloadable forms) loaded into memory at start from one directory, each kept
// with its gzip and brotli forms (quality 11, compressed once at start) as an http::EncodedBody.
// url(rel) is the file's immutable address with its content hash in the name, "/static/css/app.<hash>.css":
// served with Cache-Control "public, max-age=31536000, immutable". The plain address ("/static/css/app.css")
// and the older "?v=<hash>" form keep working (an hour; a year for "?v=" and vendor/); a name whose hash is
// not the current content's (a page from before a deploy) gets the current file with "no-cache".
// serve(): the representation the client accepts, ETag per representation, 304 on If-None-Match, 404 when absent.
// Paths with "..", hidden files or backslashes never match.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "http/encoded_body.h"
#include "http/message.h"

namespace motcua::http {

class StaticFiles {
 public:
  explicit StaticFiles(const std::string& root);
  std::optional<Response> serve(const Request& req, const std::string& rel) const;
  // "/static/css/app.<hash>.css" — the immutable URL for templates ("/static/<rel>" when the file is unknown).
  std::string url(const std::string& rel) const;
  size_t size() const { return files_.size(); }

 private:
  std::map<std::string, EncodedBody> files_;
  std::map<std::string, std::string> hashed_;  // "css/app.<hash>.css" → "css/app.css"
};

std::string content_type_for(const std::string& path);
// "css/app.css" + hash → "css/app.<first 12 hex digits>.css"
std::string hashed_name(const std::string& rel, const std::string& hash);

}  // namespace motcua::http
