// One HTTP POST with libcurl (see http_post.h).
#include "services/notify/http_post.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

namespace motcua::services::notify {

namespace {
size_t collect(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() + size * n > 64 * 1024) return 0;
  out->append(data, size * n);
  return size * n;
}
}  // namespace

HttpReply http_post(const std::string& url, const std::vector<std::string>& header_lines, const std::string& body, const std::string& content_type,
                    long timeout_s, const std::string& what) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw SendError("libcurl không khởi tạo được", false);
  curl_slist* h = curl_slist_append(nullptr, ("Content-Type: " + content_type).c_str());
  for (const auto& l : header_lines) h = curl_slist_append(h, l.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> guard(h, curl_slist_free_all);
  HttpReply r;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, std::min(timeout_s, 10L));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) throw SendError(what + ": " + curl_easy_strerror(rc), false);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  if (r.status == 429 || r.status >= 500) throw SendError(what + " trả về HTTP " + std::to_string(r.status), false);
  return r;
}

}  // namespace motcua::services::notify
