// Route × role matrix: every route of the real router, asked through the real access gate
// (app::authorize, the authorizer Router::dispatch runs before any handler) with real sessions of every
// kind of user. Fails loudly when a route uses a policy that has no row in the matrix below, and when
// any route lets in someone it should not (or keeps out someone it should let in).
#include <gtest/gtest.h>
#include <liboath/oath.h>

#include <filesystem>
#include <map>
#include <set>

#include "app/app.h"
#include "domain/accounts/policy.h"
#include "support/test_db.h"

using namespace motcua;
using nlohmann::json;

namespace {

std::string totp_now(const std::string& secret) {
  char* raw = nullptr;
  size_t len = 0;
  oath_init();
  oath_base32_decode(secret.c_str(), secret.size(), &raw, &len);
  char out[16] = {0};
  oath_totp_generate(raw, len, time(nullptr), OATH_TOTP_DEFAULT_TIME_STEP_SIZE, 0, 6, out);
  free(raw);
  return out;
}

struct Who {
  std::string name;
  std::string token;  // "" = anonymous
};

}  // namespace

TEST(PolicyMatrix, EveryRouteForEveryKindOfUser) {
  std::string dir = (std::filesystem::temp_directory_path() / ("motcua-matrix-" + motcua::testing::random_suffix())).string();
  app::Config cfg;
  cfg.data_dir = dir;
  cfg.web_root = MOTCUA_SOURCE_DIR;
  cfg.fast_hash = true;
  cfg.demo_mode = false;  // second factor enforced for admin and leader
  {
    app::App a(cfg);
    a.load_demo_if_empty();
    auto& acc = a.ctx().accounts;
    services::ClientInfo ci{"127.0.0.1", "matrix"};
    auto login = [&](const std::string& u, const std::string& otp = "", const std::string& pw = "demo1234") {
      return acc.login(u, pw, otp, "api", ci).token;
    };
    // Admin and leader enroll TOTP so they can pass the second factor.
    auto enroll = [&](const std::string& u, const std::string& pw = "demo1234") {
      auto p = acc.principal_by_username(u);
      auto [secret, uri] = acc.begin_totp(p->user_id);
      acc.confirm_totp(p->user_id, secret, totp_now(secret), ci);
      return login(u, totp_now(secret), pw);
    };
    std::string admin_no_2fa = login("quantri");
    std::string leader_no_2fa = login("lanhdao.bensung");
    auto admin_principal = *acc.principal_by_username("quantri");
    admin_principal.second_factor = true;
    acc.create_staff({{"username", "kiemsoat.thanhhoa"}, {"full_name", "Cán bộ kiểm soát TTHC"}, {"password", "Kiemsoat#2026"},
                      {"grants", {{{"role", "catalog"}, {"agency", "000.00.00.H56"}}}}},
                     admin_principal, ci);
    acc.create_staff({{"username", "quantri.bensung"}, {"full_name", "Quản trị thị trấn Bến Sung"}, {"password", "QuanTri#2026x"},
                      {"grants", {{{"role", "admin"}, {"agency", "000.01.25.H56"}}}}},
                     admin_principal, ci);
    acc.register_organisation({{"tax_code", "0101234567"}, {"name", "Công ty TNHH Thử Nghiệm"}, {"representative", "Nguyễn Văn Bê"},
                               {"phone", "0912000111"}, {"email", "ct@example.vn"}, {"password", "ToChuc#2026"}},
                              ci);
    a.db().write([](store::Conn& c) { c.exec("UPDATE users SET status = 'active' WHERE username = '0101234567'"); });

    std::vector<Who> who = {
        {"anonymous", ""},
        {"citizen", login("001090000001")},
        {"organisation", acc.login("0101234567", "ToChuc#2026", "", "api", ci).token},
        {"desk", login("motcua.bensung")},
        {"specialist", login("tuphap.bensung")},
        {"leader_no_2fa", leader_no_2fa},
        {"leader", enroll("lanhdao.bensung")},
        {"catalog", acc.login("kiemsoat.thanhhoa", "Kiemsoat#2026", "", "api", ci).token},
        {"admin_no_2fa", admin_no_2fa},
        {"admin", enroll("quantri")},
        {"post", login("buudien.bensung")},
        {"supervisor", login("giamsat.thanhhoa")},
        {"admin_commune", enroll("quantri.bensung", "QuanTri#2026x")},  // an administrator below the top level
    };
    const std::set<std::string> everyone = {"anonymous", "citizen", "organisation", "desk", "specialist", "leader_no_2fa", "leader",
                                            "catalog", "admin_no_2fa", "admin", "post", "supervisor", "admin_commune"};
    const std::set<std::string> staff_ok = {"desk", "specialist", "leader", "catalog", "admin", "post", "supervisor", "admin_commune"};
    std::set<std::string> signed_in_ok = staff_ok;
    signed_in_ok.insert({"citizen", "organisation"});
    std::set<std::string> enroll_ok = signed_in_ok;
    enroll_ok.insert({"leader_no_2fa", "admin_no_2fa"});
    // The matrix: policy → who gets through the gate.
    const std::map<std::string, std::set<std::string>> allowed = {
        {"public", everyone},
        {"ops", everyone},  // plus loopback only: the test client is 127.0.0.1
        {"enroll", enroll_ok},
        {"signed_in", signed_in_ok},
        {"citizen", {"citizen", "organisation"}},
        {"staff", staff_ok},
        {"catalog.admin", {"catalog", "admin", "admin_commune"}},
        {"users.admin", {"admin", "admin_commune"}},
        {"agency.admin", {"admin", "admin_commune"}},
        {"audit.read", {"admin", "supervisor", "admin_commune"}},
        {"deployment.admin", {"admin"}},  // only the province's administrator
        {"dossier.submit", {"citizen", "organisation", "desk", "post"}},
        {"dossier.work", {"desk", "specialist", "leader", "post", "supervisor"}},
        {"ledger.read", {"desk", "leader", "supervisor"}},
        {"report.read", {"desk", "specialist", "leader", "supervisor"}},
        {"sync.read", {"admin", "supervisor", "admin_commune"}},
        {"payment.reconcile", {"desk", "leader", "admin", "supervisor", "admin_commune"}},
    };
    int checked = 0;
    for (const auto& route : a.router().routes()) {
      auto row = allowed.find(route.policy);
      ASSERT_NE(row, allowed.end()) << "route " << route.method << " " << route.pattern << " uses policy \"" << route.policy
                                    << "\" which has no row in the route × role matrix (src/app/policy_matrix_test.cpp)";
      for (const auto& w : who) {
        http::Request req;
        req.method = route.method;
        req.path = route.pattern;
        req.target = route.pattern;
        req.remote = "127.0.0.1";
        req.headers["Accept"] = "application/json";
        if (!w.token.empty()) req.headers["Authorization"] = "Bearer " + w.token;
        auto refused = app::authorize(a.config(), a.ctx(), req, route);
        bool expect = row->second.count(w.name) > 0;
        EXPECT_EQ(!refused.has_value(), expect)
            << route.method << " " << route.pattern << " (policy " << route.policy << ") for " << w.name << ": "
            << (refused ? "refused " + std::to_string(refused->status) : std::string("allowed"));
        if (refused && !expect) {
          if (w.name == "anonymous") EXPECT_EQ(refused->status, 401) << route.pattern;
          else EXPECT_EQ(refused->status, 403) << route.pattern << " for " << w.name;
        }
        ++checked;
      }
    }
    EXPECT_GT(checked, 400);
  }
  std::filesystem::remove_all(dir);
}

TEST(PolicyMatrix, UnknownPolicyIsRefusedForEveryone) {
  accounts::Principal admin;
  admin.kind = accounts::Kind::staff;
  admin.user_id = 1;
  admin.grants = {{accounts::Role::admin, "000.00.00.H56", ""}};
  admin.second_factor = true;
  EXPECT_EQ(accounts::decide("dossier.everything", admin, {}, {}), accounts::Decision::unknown_policy);
  EXPECT_EQ(accounts::decide("dossier.everything", accounts::Principal{}, {}, {}), accounts::Decision::unknown_policy);
}
