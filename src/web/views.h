// Server-rendered pages: mustache templates (escaped by default) from <web_root>/templates, the common
// layout (brand header, navigation, footer) and helpers shared by page handlers: CSRF tokens
// (double-submit cookie checked together with Origin), HTML error pages in Vietnamese, pagination.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "http/message.h"
#include "http/static_files.h"

namespace motcua::web {

// Who a page is drawn for, without anything personal: all that a cached page body may depend on (web/page_cache).
enum class Audience { anonymous, member, staff };
Audience audience_of(const http::Request& req);
const char* to_string(Audience a);

struct Site {
  std::string site_name;    // "Cổng Dịch vụ công"
  std::string agency_name;  // header line
};

class Views {
 public:
  Views(const std::string& template_dir, Site site, const http::StaticFiles& statics);
  // Renders templates/<name>.mustache with data. Throws if the template is missing.
  std::string render(const std::string& name, const nlohmann::json& data) const;
  // Full page: body template inside layout. `data.title` is the page title. nav: active menu key.
  http::Response page(const http::Request& req, int status, const std::string& name, nlohmann::json data,
                      const std::string& nav = "") const;
  http::Response error_page(const http::Request& req, int status, const std::string& message) const;
  // Public pages drawn once for many visitors (web/page_cache). public_body renders a body template for an
  // audience: data.me is false (anonymous) or {"signed_in":true,"staff":…} and data.csrf is false — never a
  // name, a session value or a CSRF token, so the result may be shown to anyone of that audience.
  std::string public_body(const std::string& name, nlohmann::json data, Audience a) const;
  // The whole page for anonymous visitors around such a body: no CSRF token, no cookie.
  std::string anonymous_page(const std::string& title, const std::string& body, const std::string& nav) const;
  // The layout for this request's visitor (name, sign-out form with the CSRF token, menus) around a rendered body.
  http::Response wrap(const http::Request& req, int status, const std::string& title, const std::string& body,
                      const std::string& nav) const;
  const Site& site() const { return site_; }

 private:
  std::string layout(const std::string& title, const std::string& body, const std::string& nav, const nlohmann::json& who,
                     const std::string& csrf) const;
  std::map<std::string, std::string> templates_;
  Site site_;
  const http::StaticFiles& statics_;
  uint64_t id_ = 0;  // distinguishes instances in the per-thread template cache
};

// CSRF: csrf_token() returns the token for forms (creating the cookie via `res` when missing);
// csrf_ok() checks a POSTed form's "_csrf" field against the cookie and the Origin/Referer host.
std::string csrf_token(const http::Request& req, http::Response& res);
bool csrf_ok(const http::Request& req, const std::vector<std::pair<std::string, std::string>>& form);
// New token after sign-in / sign-out (no fixation of a token known before authentication).
void rotate_csrf(const http::Request& req, http::Response& res);
std::string random_hex(size_t bytes);

// Pagination links for a list: {"pages":[{"n","url","current"}],"prev","next","from","to","total"}.
nlohmann::json pagination(const std::string& base_path, const std::vector<std::pair<std::string, std::string>>& query,
                          int page, int per_page, int total);

}  // namespace motcua::web
