// Static files (CSS, JS, images, downloadable forms) loaded into memory at start from one directory.
// serve(): 200 with ETag and Cache-Control (files under vendor/ are immutable for a year, others an
// hour), 304 on a matching If-None-Match, the pre-compressed gzip body when accepted, 404 when absent.
// Paths with "..", hidden files or backslashes never match.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "http/message.h"

namespace motcua::http {

class StaticFiles {
 public:
  explicit StaticFiles(const std::string& root);
  std::optional<Response> serve(const Request& req, const std::string& rel) const;
  // "/static/css/app.css?v=<etag>" — cache-busting URL for templates.
  std::string url(const std::string& rel) const;
  size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string body, gz, etag, type;
  };
  std::map<std::string, File> files_;
};

std::string content_type_for(const std::string& path);

}  // namespace motcua::http
