#include "web/views.h"

#include <kainjow/mustache.hpp>

#include "domain/accounts/principal.h"

#include <filesystem>
#include <atomic>
#include <memory>
#include <fstream>
#include <random>
#include <sstream>

namespace motcua::web {

namespace mst = kainjow::mustache;
using nlohmann::json;

namespace {

mst::data to_data(const json& j) {
  switch (j.type()) {
    case json::value_t::object: {
      mst::data d{mst::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_data(it.value()));
      return d;
    }
    case json::value_t::array: {
      mst::data d{mst::data::type::list};
      for (const auto& e : j) d.push_back(to_data(e));
      return d;
    }
    case json::value_t::string: return mst::data(j.get<std::string>());
    case json::value_t::boolean: return j.get<bool>() ? mst::data(mst::data::type::bool_true) : mst::data(mst::data::type::bool_false);
    case json::value_t::null: return mst::data(mst::data::type::bool_false);
    default: return mst::data(j.dump());
  }
}

}  // namespace

Views::Views(const std::string& dir, Site site, const http::StaticFiles& statics) : site_(std::move(site)), statics_(statics) {
  static std::atomic<uint64_t> next_id{1};
  id_ = next_id++;
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".mustache") continue;
    std::ifstream in(e.path());
    std::ostringstream ss;
    ss << in.rdbuf();
    templates_[e.path().stem().string()] = ss.str();
  }
  if (!templates_.count("layout")) throw std::runtime_error("không tìm thấy mẫu giao diện trong " + dir);
}

std::string Views::render(const std::string& name, const json& data) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) throw std::runtime_error("missing template " + name);
  // Parsed templates are cached per thread (rendering mutates the mustache object's state).
  thread_local std::map<std::pair<uint64_t, std::string>, std::unique_ptr<mst::mustache>> cache;
  auto& slot = cache[{id_, name}];
  if (!slot) {
    slot = std::make_unique<mst::mustache>(it->second);
    if (!slot->is_valid()) throw std::runtime_error("template " + name + ": " + slot->error_message());
  }
  mst::mustache& tpl = *slot;
  mst::data d = to_data(data);
  for (const auto& [pname, ptext] : templates_)
    if (pname.rfind("_", 0) == 0) {
      std::string copy = ptext;
      d.set(pname.substr(1), mst::partial([copy]() { return copy; }));
    }
  return tpl.render(d);
}

namespace {

// The signed-in visitor's part of the layout: me (name, username, staff) and the menus their roles open.
json who_of(const http::Request& req) {
  json w = {{"me", false}, {"users_nav", false}, {"desk_nav", false}, {"audit_nav", false}, {"work_nav", false}, {"mine_nav", false},
            {"admin_nav", false}};
  if (const auto* p = std::any_cast<accounts::Principal>(&req.user); p && p->signed_in()) {
    bool staff = p->kind == accounts::Kind::staff;
    w["mine_nav"] = p->kind == accounts::Kind::citizen || p->kind == accounts::Kind::organisation;  // "Hồ sơ của tôi"
    w["admin_nav"] = p->has_role(accounts::Role::catalog) || p->has_role(accounts::Role::admin);
    w["users_nav"] = p->has_role(accounts::Role::admin);
    w["desk_nav"] = p->has_role(accounts::Role::desk);
    w["work_nav"] = p->has_role(accounts::Role::desk) || p->has_role(accounts::Role::specialist) || p->has_role(accounts::Role::leader) ||
                    p->has_role(accounts::Role::post) || p->has_role(accounts::Role::supervisor);  // officers' workspace /can-bo
    w["audit_nav"] = p->has_role(accounts::Role::supervisor) || p->has_role(accounts::Role::admin);
    w["me"] = {{"name", p->full_name}, {"username", p->username}, {"staff", staff}};
  }
  return w;
}

}  // namespace

Audience audience_of(const http::Request& req) {
  const auto* p = std::any_cast<accounts::Principal>(&req.user);
  if (!p || !p->signed_in()) return Audience::anonymous;
  return p->kind == accounts::Kind::staff ? Audience::staff : Audience::member;
}

const char* to_string(Audience a) {
  switch (a) {
    case Audience::anonymous: return "anonymous";
    case Audience::member: return "member";
    case Audience::staff: return "staff";
  }
  return "anonymous";
}

std::string Views::layout(const std::string& title, const std::string& body, const std::string& nav, const json& who,
                          const std::string& csrf) const {
  json layout = who;
  // "<page> – <site>", or the site's name alone (the home page, a page without a title): never doubled.
  layout.update(json{{"title", title == site_.site_name ? title : title + " – " + site_.site_name},
                     {"site_name", site_.site_name},
                     {"agency_name", site_.agency_name},
                     {"css", statics_.url("css/app.css")},
                     {"favicon", statics_.url("favicon.svg")},
                     {"htmx", statics_.url("vendor/htmx.min.js")},
                     {"app_js", statics_.url("js/app.js")},
                     {"content", body},
                     {"csrf", csrf.empty() ? json(false) : json(csrf)},
                     {"nav_" + (nav.empty() ? std::string("none") : nav), true},
                     {"year", "2026"}});
  return render("layout", layout);
}

http::Response Views::page(const http::Request& req, int status, const std::string& name, json data, const std::string& nav) const {
  http::Response res;
  std::string csrf = csrf_token(req, res);
  json who = who_of(req);
  data["csrf"] = csrf;
  data["me"] = who["me"];
  std::string body = render(name, data);
  res.status = status;
  res.content_type = "text/html; charset=utf-8";
  res.body = layout(data.value("title", site_.site_name), body, nav, who, csrf);
  return res;
}

std::string Views::public_body(const std::string& name, json data, Audience a) const {
  data["csrf"] = false;
  data["me"] = a == Audience::anonymous ? json(false) : json{{"signed_in", true}, {"staff", a == Audience::staff}};
  return render(name, data);
}

std::string Views::anonymous_page(const std::string& title, const std::string& body, const std::string& nav) const {
  http::Request nobody;
  return layout(title, body, nav, who_of(nobody), "");
}

http::Response Views::wrap(const http::Request& req, int status, const std::string& title, const std::string& body, const std::string& nav) const {
  http::Response res;
  std::string csrf = csrf_token(req, res);
  res.status = status;
  res.content_type = "text/html; charset=utf-8";
  res.body = layout(title, body, nav, who_of(req), csrf);
  return res;
}

http::Response Views::error_page(const http::Request& req, int status, const std::string& message) const {
  std::string heading = status == 404 ? "Không tìm thấy trang"
                        : status == 403 ? "Không có quyền truy cập"
                        : status >= 500 ? "Hệ thống đang gặp sự cố"
                                        : "Yêu cầu không hợp lệ";
  json d = {{"title", heading}, {"heading", heading}, {"message", message}, {"status", status}, {"request_id", req.request_id}};
  return page(req, status, "error", d);
}

std::string random_hex(size_t bytes) {
  thread_local std::random_device rd;  // /dev/urandom on Linux
  static const char* hex = "0123456789abcdef";
  std::string s;
  s.reserve(bytes * 2);
  for (size_t i = 0; i < bytes; ++i) {
    unsigned v = rd() & 0xff;
    s.push_back(hex[v >> 4]);
    s.push_back(hex[v & 15]);
  }
  return s;
}

std::string csrf_token(const http::Request& req, http::Response& res) {
  auto c = req.cookie("motcua_csrf");
  if (c && c->size() == 64) return *c;
  if (req.csrf.empty()) req.csrf = random_hex(32);
  res.set("Set-Cookie", "motcua_csrf=" + req.csrf + "; Path=/; HttpOnly; SameSite=Lax");
  return req.csrf;
}

void rotate_csrf(const http::Request& req, http::Response& res) {
  req.csrf = random_hex(32);
  res.set("Set-Cookie", "motcua_csrf=" + req.csrf + "; Path=/; HttpOnly; SameSite=Lax");
}

bool csrf_ok(const http::Request& req, const std::vector<std::pair<std::string, std::string>>& form) {
  auto c = req.cookie("motcua_csrf");
  if (!c || c->size() != 64) return false;
  std::string sent;
  for (const auto& [k, v] : form)
    if (k == "_csrf") sent = v;
  if (sent.size() != c->size()) return false;
  unsigned diff = 0;
  for (size_t i = 0; i < sent.size(); ++i) diff |= static_cast<unsigned>(sent[i] ^ (*c)[i]);
  if (diff != 0) return false;
  auto host = req.header("Host");
  auto origin = req.header("Origin");
  if (origin && host && *origin != "null") {
    auto p = origin->find("://");
    std::string oh = p == std::string::npos ? *origin : origin->substr(p + 3);
    if (oh != *host) return false;
  }
  return true;
}

json pagination(const std::string& base, const std::vector<std::pair<std::string, std::string>>& query, int page, int per_page, int total) {
  int pages = std::max(1, (total + per_page - 1) / per_page);
  auto url = [&](int n) {
    std::string q;
    for (const auto& [k, v] : query) {
      if (k == "page" || v.empty()) continue;
      q += (q.empty() ? "?" : "&") + http::percent_encode(k) + "=" + http::percent_encode(v);
    }
    if (n > 1) q += (q.empty() ? "?" : "&") + std::string("page=") + std::to_string(n);
    return base + q;
  };
  json items = json::array();
  int lo = std::max(1, page - 3), hi = std::min(pages, page + 3);
  for (int n = lo; n <= hi; ++n) items.push_back({{"n", n}, {"url", url(n)}, {"current", n == page}});
  json p = {{"pages", items}, {"total", total}, {"from", total == 0 ? 0 : (page - 1) * per_page + 1},
            {"to", std::min(total, page * per_page)}, {"many", pages > 1}};
  if (page > 1) p["prev"] = url(page - 1);
  if (page < pages) p["next"] = url(page + 1);
  return p;
}

}  // namespace motcua::web
