// motcua-national — a stand-in for the national public-service portal's sync endpoint (tests and the demo).
// It speaks what services/sync/national_channel.h sends and checks every payload against the schema kept in
// data/national/schema.json (domain/sync/schema_check.h): field types, required fields, code lists, dates,
// and the status transitions of each dossier.
//
//   motcua-national --schema data/national/schema.json --log FILE.jsonl [--host 127.0.0.1] [--port 0]
//                   [--port-file FILE] [--control-file FILE] [--client-id ID] [--client-secret SECRET] [--token-ttl S]
//
// - POST /token (form: grant_type=client_credentials, client_id, client_secret) → {"access_token", "token_type",
//   "expires_in"}; wrong credentials → 401.
// - POST /api/DongBoHoSoMC and /api/CapNhatTienDoHoSoMC with `Authorization: Bearer <token>` and `X-Request-Id`:
//   401 without a valid token; a request id seen before → 200 {"error_code":0,"duplicate":true} (not recorded
//   again); invalid JSON → 400; schema problems → 422 {"error_code":422,"message","problems":[…]}; a status that
//   cannot follow the dossier's last accepted one (or progress of an unknown dossier) → 409; else the payload is
//   appended to the log as {at, service, request_id, payload} and answered 200 {"error_code":0,"id"}.
//   State (request ids, last status per dossier) is rebuilt from the log at start, so a restart keeps it.
// - The national data-sharing platform's lookups (services/natdb/national_data.h), from --registry DIR
//   (default: the schema's directory) population.json {"CongDan": […]} and businesses.json {"DoanhNghiep": […]}:
//   POST /dancu/TraCuuCongDan {"SoDinhDanh", "HoVaTen"?, "NgaySinh"? (yyyyMMdd), "MucDich", "MaYeuCau"} and
//   POST /dkdn/TraCuuDoanhNghiep {"MaSoDoanhNghiep", "MucDich", "MaYeuCau"}, same bearer token: 200
//   {"error_code":0, "CongDan"|"DoanhNghiep"}; 404 when unknown or when the name / date of birth sent do not
//   match; 400 without MucDich or MaYeuCau. Every lookup is appended to <log>.lookups.jsonl.
// - GET /stats → {accepted, duplicates, rejected, unauthorized, dossiers, lookups}; GET /health → 200.
// - --control-file: while it exists its first word decides: "down" (close the connection without answering),
//   "timeout" (hold the request 30 s, then close), a number 400–599 (answer with that status), anything else 503.
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "domain/sync/schema_check.h"
#include "standins/listen.h"

namespace fs = std::filesystem;
using motcua::standins::Conn;
using nlohmann::json;

namespace {

struct Options {
  std::string host = "127.0.0.1", schema, log, port_file, control_file, client_id = "motcua", client_secret = "bi-mat-demo", registry;
  int port = 0;
  int64_t token_ttl_s = 3600;
};
Options opt;
json schema;
std::mutex mu;
std::set<std::string> seen;              // request ids accepted
std::map<std::string, int> last_status;  // MaHoSo → TrangThaiHoSo of the last accepted DongBoHoSoMC
std::map<std::string, int64_t> tokens;   // token → expiry (ms)
long accepted = 0, duplicates = 0, rejected = 0, unauthorized = 0, lookups = 0;
json population = json::array(), businesses = json::array();

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void respond(Conn& c, int status, const json& body) {
  motcua::standins::respond(c, status, "application/json; charset=utf-8", body.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::string url_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') out += ' ';
    else if (s[i] == '%' && i + 2 < s.size()) out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)), i += 2;
    else out += s[i];
  }
  return out;
}

std::map<std::string, std::string> parse_form(const std::string& body) {
  std::map<std::string, std::string> out;
  std::stringstream ss(body);
  std::string kv;
  while (std::getline(ss, kv, '&')) {
    auto eq = kv.find('=');
    if (eq != std::string::npos) out[url_decode(kv.substr(0, eq))] = url_decode(kv.substr(eq + 1));
  }
  return out;
}

std::string control() {
  if (opt.control_file.empty() || !fs::exists(opt.control_file)) return "";
  std::ifstream in(opt.control_file);
  std::string w;
  in >> w;
  return w.empty() ? "503" : w;
}

// Checks and records one payload under the lock; returns the HTTP status and body.
std::pair<int, json> accept(const std::string& service, const std::string& request_id, const std::string& body) {
  std::lock_guard lk(mu);
  if (seen.count(request_id)) {
    ++duplicates;
    return {200, {{"error_code", 0}, {"message", "Gói tin đã được nhận trước đó."}, {"duplicate", true}}};
  }
  auto p = json::parse(body, nullptr, false);
  if (p.is_discarded()) {
    ++rejected;
    return {400, {{"error_code", 400}, {"message", "Dữ liệu không phải JSON hợp lệ."}}};
  }
  auto problems = motcua::sync::check(schema["services"][service], p);
  if (!problems.empty()) {
    ++rejected;
    return {422, {{"error_code", 422}, {"message", "Dữ liệu không đúng lược đồ: " + problems.front()}, {"problems", problems}}};
  }
  std::string code = p["MaHoSo"].get<std::string>();
  auto last = last_status.find(code);
  if (service == "DongBoHoSoMC") {
    int next = p["TrangThaiHoSo"].get<int>();
    std::string why = motcua::sync::transition_problem(schema["transitions"], last == last_status.end() ? std::nullopt : std::optional<int>(last->second), next);
    if (!why.empty()) {
      ++rejected;
      return {409, {{"error_code", 409}, {"message", "Hồ sơ " + code + ": " + why}}};
    }
    last_status[code] = next;
  } else if (last == last_status.end()) {
    ++rejected;
    return {409, {{"error_code", 409}, {"message", "Hồ sơ " + code + " chưa được đồng bộ: không nhận tiến độ."}}};
  }
  seen.insert(request_id);
  ++accepted;
  std::string id = "dvcqg-" + std::to_string(accepted);
  std::ofstream(opt.log, std::ios::app) << json{{"at", now_ms()}, {"service", service}, {"request_id", request_id}, {"id", id}, {"payload", p}}.dump(
                                               -1, ' ', false, json::error_handler_t::replace)
                                        << "\n";
  return {200, {{"error_code", 0}, {"message", "Thành công"}, {"id", id}}};
}

// One lookup of the data-sharing platform (see the header comment).
std::pair<int, json> lookup(const std::string& path, const std::string& body) {
  auto q = json::parse(body, nullptr, false);
  if (!q.is_object()) return {400, {{"error_code", 400}, {"message", "Dữ liệu không phải JSON hợp lệ."}}};
  auto s = [&](const char* k) { return q.contains(k) && q[k].is_string() ? q[k].get<std::string>() : std::string(); };
  if (s("MucDich").empty() || s("MaYeuCau").empty()) return {400, {{"error_code", 400}, {"message", "Thiếu mục đích (MucDich) hoặc mã yêu cầu (MaYeuCau)."}}};
  bool people = path == "/dancu/TraCuuCongDan";
  std::string key = s(people ? "SoDinhDanh" : "MaSoDoanhNghiep");
  json found;
  for (const auto& r : people ? population : businesses)
    if (r.value(people ? "SoDinhDanh" : "MaSoDoanhNghiep", std::string()) == key) found = r;
  // An unverified asker proves it knows the person: name and date of birth must match when sent.
  if (!found.is_null() && people && !s("HoVaTen").empty() && found.value("HoVaTen", std::string()) != s("HoVaTen")) found = nullptr;
  if (!found.is_null() && people && !s("NgaySinh").empty() && found.value("NgayThangNamSinh", std::string()) != s("NgaySinh")) found = nullptr;
  {
    std::lock_guard lk(mu);
    ++lookups;
    std::ofstream(opt.log + ".lookups.jsonl", std::ios::app)
        << json{{"at", now_ms()}, {"service", path}, {"key", key}, {"purpose", s("MucDich")}, {"request_id", s("MaYeuCau")}, {"found", !found.is_null()}}.dump(
               -1, ' ', false, json::error_handler_t::replace)
        << "\n";
  }
  if (found.is_null()) return {404, {{"error_code", 404}, {"message", "Không tìm thấy thông tin."}}};
  return {200, {{"error_code", 0}, {"message", "Thành công"}, {people ? "CongDan" : "DoanhNghiep", found}}};
}

void session(int fd) {
  Conn c(fd);
  motcua::standins::HttpRequest req;
  bool too_large = false;
  if (!motcua::standins::read_request(c, req, 4u << 20, too_large))
    return too_large ? respond(c, 413, {{"error_code", 413}, {"message", "Gói tin quá lớn."}}) : void();
  const std::string &method = req.method, &path = req.path, &body = req.body;
  auto& h = req.headers;
  if (method == "GET" && path == "/health") return respond(c, 200, {{"status", "ok"}});
  if (method == "GET" && path == "/stats") {
    std::lock_guard lk(mu);
    return respond(c, 200, {{"accepted", accepted}, {"duplicates", duplicates}, {"rejected", rejected}, {"unauthorized", unauthorized},
                            {"dossiers", last_status.size()}, {"lookups", lookups}});
  }
  std::string ctl = control();
  if (ctl == "down") return;
  if (ctl == "timeout") {
    std::this_thread::sleep_for(std::chrono::seconds(30));
    return;
  }
  if (!ctl.empty()) {
    int st = std::atoi(ctl.c_str());
    return respond(c, st >= 400 && st <= 599 ? st : 503, {{"error_code", -1}, {"message", "Cổng tạm thời không phục vụ."}});
  }
  if (method == "POST" && path == "/token") {
    auto f = parse_form(body);
    if (f["grant_type"] != "client_credentials" || f["client_id"] != opt.client_id || f["client_secret"] != opt.client_secret) {
      std::lock_guard lk(mu);
      ++unauthorized;
      return respond(c, 401, {{"error", "invalid_client"}});
    }
    static std::mt19937_64 rng{std::random_device{}()};
    std::lock_guard lk(mu);
    std::string token = std::to_string(rng()) + std::to_string(rng());
    tokens[token] = now_ms() + opt.token_ttl_s * 1000;
    return respond(c, 200, {{"access_token", token}, {"token_type", "Bearer"}, {"expires_in", opt.token_ttl_s}});
  }
  bool lookup_path = path == "/dancu/TraCuuCongDan" || path == "/dkdn/TraCuuDoanhNghiep";
  if (method == "POST" && (path == "/api/DongBoHoSoMC" || path == "/api/CapNhatTienDoHoSoMC" || lookup_path)) {
    std::string auth = h["authorization"], token = auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : "";
    {
      std::lock_guard lk(mu);
      auto t = tokens.find(token);
      if (t == tokens.end() || t->second < now_ms()) {
        ++unauthorized;
        return respond(c, 401, {{"error_code", 401}, {"message", "Token không hợp lệ hoặc đã hết hạn."}});
      }
    }
    if (lookup_path) {
      auto [status, reply] = lookup(path, body);
      return respond(c, status, reply);
    }
    if (h["x-request-id"].empty()) return respond(c, 400, {{"error_code", 400}, {"message", "Thiếu X-Request-Id."}});
    auto [status, reply] = accept(path.substr(5), h["x-request-id"], body);
    return respond(c, status, reply);
  }
  respond(c, 404, {{"error_code", 404}, {"message", "Không có dịch vụ này."}});
}

void load_state() {
  std::ifstream in(opt.log);
  std::string line;
  while (std::getline(in, line)) {
    auto j = json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    seen.insert(j.value("request_id", std::string()));
    ++accepted;
    if (j.value("service", std::string()) == "DongBoHoSoMC") last_status[j["payload"].value("MaHoSo", std::string())] = j["payload"].value("TrangThaiHoSo", 0);
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    for (int i = 1; i < argc; ++i) {
      std::string a = argv[i];
      auto next = [&]() -> std::string {
        if (i + 1 >= argc) throw std::runtime_error("missing value for " + a);
        return argv[++i];
      };
      if (a == "--schema") opt.schema = next();
      else if (a == "--log") opt.log = next();
      else if (a == "--host") opt.host = next();
      else if (a == "--port") opt.port = std::stoi(next());
      else if (a == "--port-file") opt.port_file = next();
      else if (a == "--control-file") opt.control_file = next();
      else if (a == "--client-id") opt.client_id = next();
      else if (a == "--client-secret") opt.client_secret = next();
      else if (a == "--token-ttl") opt.token_ttl_s = std::stoll(next());
      else if (a == "--registry") opt.registry = next();
      else throw std::runtime_error("unknown option " + a);
    }
    if (opt.log.empty() || opt.schema.empty()) throw std::runtime_error("--schema FILE and --log FILE are required");
    std::ifstream s(opt.schema);
    schema = json::parse(s);
    std::string reg = opt.registry.empty() ? fs::path(opt.schema).parent_path().string() : opt.registry;
    for (auto [file, key, out] : {std::tuple{"population.json", "CongDan", &population}, std::tuple{"businesses.json", "DoanhNghiep", &businesses}}) {
      std::ifstream f(fs::path(reg) / file);
      if (!f) continue;  // no registry: every lookup answers 404
      json j = json::parse(f);
      if (j.contains(key) && j[key].is_array()) *out = j[key];
    }
    load_state();
    motcua::standins::serve_forever(opt.host, opt.port, opt.port_file, session);
  } catch (const std::exception& e) {
    std::cerr << "motcua-national: " << e.what() << "\n";
    return 1;
  }
}
