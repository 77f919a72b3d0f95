// Accounts through the real server: registration, verification by the code in the outbox, sign-in,
// lockout, sessions, staff administration scope, desk accounts, audit log and its verification CLI.
#include <sstream>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <fstream>
#include <regex>

#include "store/db.h"
#include "support/http_client.h"
#include "support/outbox_log.h"

using namespace motcua::testing;
using nlohmann::json;

namespace {
std::string err_code(const HttpResult& r) { return r.json()["error"]["code"]; }
std::string err_msg(const HttpResult& r) { return r.json()["error"]["message"]; }

// The last one-time code sent to `to` (log channel: <data>/outbox.log), once one has been delivered.
std::string last_code(const ServerProcess& s, const std::string& to) {
  std::istringstream in(wait_outbox_log_for(s, {"\"to\":\"" + to + "\""}));
  std::string line, code;
  std::regex digits("([0-9]{6,8})");
  while (std::getline(in, line)) {
    auto j = json::parse(line);
    std::smatch m;
    std::string body = j["body"];
    if (j["to"] == to && std::regex_search(body, m, digits)) code = m[1];
  }
  return code;
}

int64_t metric(const ServerProcess& s, const std::string& name) {
  auto m = s.get("/metrics").body;
  auto p = m.find("\n" + name + " ");
  return p == std::string::npos ? -1 : std::stoll(m.substr(p + name.size() + 2));
}

json citizen(const std::string& id, const std::string& dob) {
  return {{"id_number", id}, {"full_name", "Trần Thị Bình"}, {"date_of_birth", dob}, {"phone", "0987654321"}, {"password", "Binh#2026an"}};
}

int run_cli(const std::vector<std::string>& args, std::string* out) {
  std::string cmd = std::string(MOTCUA_BIN);
  for (const auto& a : args) cmd += " '" + a + "'";
  FILE* p = popen((cmd + " 2>/dev/null").c_str(), "r");
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out->append(buf, n);
  int st = pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
}  // namespace

TEST(ApiAuth, RegistrationRejectsBadIdNumbersPrecisely) {
  ServerProcess s({"--demo-if-empty"});
  auto r = s.post_json("/api/v1/auth/register", citizen("003090000001", "1990-01-01"));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.json()["error"]["details"][0]["message"].get<std::string>().find("(003)"), std::string::npos);
  r = s.post_json("/api/v1/auth/register", citizen("03830501234", "2005-01-01"));
  EXPECT_NE(r.json()["error"]["details"][0]["message"].get<std::string>().find("12 chữ số"), std::string::npos);
  r = s.post_json("/api/v1/auth/register", citizen("038305012345", "1990-01-01"));  // CCCD says 2005
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.dump_details().find("2005"), std::string::npos);
  r = s.post_json("/api/v1/auth/register", citizen("001230000001", "2030-01-01"));  // born in the future
  EXPECT_EQ(r.status, 422);
  json weak = citizen("038305012345", "2005-03-04");
  weak["password"] = "12345678";
  r = s.post_json("/api/v1/auth/register", weak);
  EXPECT_NE(r.dump_details().find("phổ biến"), std::string::npos);
  EXPECT_EQ(s.post_json("/api/v1/auth/login", {{"username", "038305012345"}, {"password", "Binh#2026an"}}).status, 401);
}

TEST(ApiAuth, RegisterVerifyLoginSessionsLogout) {
  ServerProcess s({"--demo-if-empty"});
  auto r = s.post_json("/api/v1/auth/register", citizen("038305012345", "2005-03-04"));
  ASSERT_EQ(r.status, 201) << r.body;
  r = s.post_json("/api/v1/auth/login", {{"username", "038305012345"}, {"password", "Binh#2026an"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(err_code(r), "account_pending");
  EXPECT_EQ(s.post_json("/api/v1/auth/verify", {{"username", "038305012345"}, {"code", "000000"}}).status, 422);
  std::string code = last_code(s, "0987654321");
  ASSERT_EQ(code.size(), 6u);
  ASSERT_EQ(s.post_json("/api/v1/auth/verify", {{"username", "038305012345"}, {"code", code}}).status, 200);
  EXPECT_EQ(s.post_json("/api/v1/auth/register", citizen("038305012345", "2005-03-04")).status, 409);
  std::string token = s.login("038305012345", "Binh#2026an");
  auto me = s.get("/api/v1/me").json();
  EXPECT_EQ(me["full_name"], "Trần Thị Bình");
  EXPECT_EQ(me["kind"], "citizen");
  EXPECT_EQ(me["id"].get<std::string>().size(), 24u);  // random public id, never the row number
  auto sessions = s.get("/api/v1/me/sessions").json();
  ASSERT_EQ(sessions["items"].size(), 1u);
  EXPECT_TRUE(sessions["items"][0]["current"]);
  ASSERT_EQ(s.post_json("/api/v1/auth/logout", json::object()).status, 200);
  EXPECT_EQ(s.get("/api/v1/me").status, 401);  // the same token no longer works
}

TEST(ApiAuth, SixthWrongPasswordIsRefusedWithoutHashing) {
  ServerProcess s({"--demo-if-empty"});
  for (int i = 0; i < 5; ++i) {
    auto r = s.post_json("/api/v1/auth/login", {{"username", "motcua.bensung"}, {"password", "sai-mat-khau"}});
    ASSERT_EQ(r.status, 401);
    EXPECT_EQ(err_msg(r), "Tên đăng nhập hoặc mật khẩu không đúng.");
  }
  int64_t before = metric(s, "motcua_password_hashes_total");
  ASSERT_GE(before, 5);
  auto r = s.post_json("/api/v1/auth/login", {{"username", "motcua.bensung"}, {"password", "demo1234"}});  // even the right one
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(err_code(r), "login_locked");
  EXPECT_EQ(metric(s, "motcua_password_hashes_total"), before);  // refused before any hash computation
  s.login("giamsat.thanhhoa");
  auto audit = s.get("/api/v1/audit?action=login_refused_locked").json();
  ASSERT_EQ(audit["total"], 1);
  EXPECT_EQ(audit["items"][0]["target"], "motcua.bensung");
  EXPECT_EQ(s.get("/api/v1/audit?action=login_failed").json()["total"], 5);
}

TEST(ApiAuth, StaffAdministrationIsScopedToTheAdminSubtree) {
  ServerProcess s({"--demo-if-empty"});
  s.login("quantri");  // admin of tỉnh Thanh Hóa
  json staff = {{"username", "vanhoa.linhtoai"}, {"full_name", "Ngô Văn Hải"}, {"password", "VanHoa#2026"},
                {"grants", {{{"role", "specialist"}, {"agency", "000.07.12.H56"}, {"unit", "VH"}}}}};
  auto r = s.post_json("/api/v1/admin/users", staff);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  EXPECT_EQ(s.post_json("/api/v1/admin/users", staff).status, 409);
  json outside = staff;
  outside["username"] = "canbo.camhoang";
  outside["grants"][0]["agency"] = "000.10.04.H23";  // Hải Dương: outside Thanh Hóa
  r = s.post_json("/api/v1/admin/users", outside);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("phạm vi"), std::string::npos);
  r = s.post_json("/api/v1/admin/users/" + id + "/roles", {{"grants", {{{"role", "desk"}, {"agency", "000.07.12.H56"}, {"unit", "MC"}}}}}, "PUT");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["roles"][0]["role"], "desk");
  EXPECT_EQ(s.get("/api/v1/admin/users/khong-co").status, 404);
  auto list = s.get("/api/v1/admin/users?q=vanhoa").json();
  EXPECT_EQ(list["total"], 1);
  // The new officer signs in; a desk officer is not an admin.
  s.login("vanhoa.linhtoai", "VanHoa#2026");
  EXPECT_EQ(s.get("/api/v1/admin/users").status, 403);
  EXPECT_EQ(s.get("/api/v1/audit").status, 403);
  // Desk creates an account for a walk-in citizen, who activates it with the code.
  r = s.post_json("/api/v1/desk/citizens", {{"id_number", "038190000777"}, {"full_name", "Lò Văn Páo"}, {"date_of_birth", "1990-02-03"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string code = r.json()["activation_code"];
  ASSERT_EQ(code.size(), 8u);
  s.logout_local();
  r = s.post_json("/api/v1/auth/password-reset", {{"username", "038190000777"}, {"code", code}, {"password", "Pao#Moi2026"}});
  ASSERT_EQ(r.status, 200) << r.body;
  s.login("038190000777", "Pao#Moi2026");
  EXPECT_EQ(s.get("/api/v1/me").json()["full_name"], "Lò Văn Páo");
  EXPECT_EQ(s.post_json("/api/v1/desk/citizens", {{"id_number", "038190000778"}}).status, 403);  // citizens cannot
  // The citizen lost the phone: the desk checks the CCCD card and recovers the account.
  s.login("motcua.bensung");
  r = s.post_json("/api/v1/desk/citizens/038190000777/recovery", {{"phone", "0977000111"}});
  ASSERT_EQ(r.status, 200) << r.body;
  std::string recovery = r.json()["activation_code"];
  EXPECT_EQ(s.post_json("/api/v1/desk/citizens/001234567890/recovery", json::object()).status, 404);
  s.logout_local();
  ASSERT_EQ(s.post_json("/api/v1/auth/password-reset", {{"username", "038190000777"}, {"code", recovery}, {"password", "Pao#Lan2026"}}).status, 200);
  s.login("038190000777", "Pao#Lan2026");
}

TEST(ApiAuth, AuditVerifyDetectsTampering) {
  std::string dir;
  {
    ServerProcess s({"--demo-if-empty"});
    dir = s.data_dir();
    s.login("quantri");
    s.post_json("/api/v1/procedures/1.000894/actions/suspend", {{"reason", "Rà soát"}});
    s.login("giamsat.thanhhoa");
    ASSERT_GE(s.get("/api/v1/audit").json()["total"].get<int>(), 3);
    ASSERT_EQ(s.stop(), 0);
    std::string out;
    EXPECT_EQ(run_cli({"audit", "verify", "--data", dir, "--web-root", MOTCUA_SOURCE_DIR, "--log-level", "error"}, &out), 0) << out;
    EXPECT_NE(out.find("toàn vẹn"), std::string::npos);
    {
      auto db = motcua::store::open_sqlite(dir + "/motcua.db", 1);
      db->write([](motcua::store::Conn& c) { c.exec("UPDATE audit_log SET actor = 'ke-gian' WHERE seq = 2"); });
    }
    out.clear();
    EXPECT_EQ(run_cli({"audit", "verify", "--data", dir, "--web-root", MOTCUA_SOURCE_DIR, "--log-level", "error"}, &out), 1) << out;
    EXPECT_NE(out.find("số 2"), std::string::npos) << out;
  }
}
