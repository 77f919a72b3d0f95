// Test support for API tests against the real server: signed-in users by name, each with its own bearer
// token (tokens stay valid when another user signs in), and ON_BOTH_DATABASES — one test body run
// against the server on SQLite and on PostgreSQL (MOTCUA_TEST_PG; skipped without it, and a failure
// under ./test, which sets MOTCUA_REQUIRE_PG).
#pragma once
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "support/dossier_fixtures.h"
#include "support/http_client.h"
#include "support/test_db.h"

namespace motcua::testing {

// The demo accounts (services/accounts: demo data) by role.
namespace demo {
inline constexpr const char* kCitizen = "001090000001";
inline constexpr const char* kDesk = "motcua.bensung";          // desk, thị trấn Bến Sung (000.01.25.H56), unit MC
inline constexpr const char* kSpecialist = "tuphap.bensung";    // specialist, Bến Sung, Tư pháp – Hộ tịch (TP)
inline constexpr const char* kLeader = "lanhdao.bensung";       // leader, Bến Sung
inline constexpr const char* kPost = "buudien.bensung";         // post office, Bến Sung
inline constexpr const char* kSupervisor = "giamsat.thanhhoa";  // supervisor, province of Thanh Hóa (000.00.00.H56)
}  // namespace demo

struct Users {
  ServerProcess& s;
  std::map<std::string, std::string> tokens;
  const std::string& token(const std::string& user) {
    auto it = tokens.find(user);
    if (it == tokens.end()) it = tokens.emplace(user, s.login(user)).first;
    return it->second;
  }
  HttpResult post(const std::string& user, const std::string& target, const nlohmann::json& body,
                  std::vector<std::pair<std::string, std::string>> h = {}) {
    h.emplace_back("Content-Type", "application/json");
    h.emplace_back("Authorization", "Bearer " + token(user));
    return http_request(s.port(), "POST", target, body.dump(), h);
  }
  HttpResult get(const std::string& user, const std::string& target) {
    return http_request(s.port(), "GET", target, "", {{"Authorization", "Bearer " + token(user)}});
  }
  HttpResult act(const std::string& user, const std::string& id, const std::string& action, const nlohmann::json& body = nlohmann::json::object()) {
    return post(user, "/api/v1/dossiers/" + id + "/actions/" + action, body);
  }
  // The action must succeed (200): the dossier afterwards.
  nlohmann::json act_ok(const std::string& user, const std::string& id, const std::string& action,
                        const nlohmann::json& body = nlohmann::json::object()) {
    auto r = act(user, id, action, body);
    EXPECT_EQ(r.status, 200) << action << ": " << r.body;
    return r.json();
  }
  // A slip of the dossier as text (pdftotext); it must exist (200).
  std::string slip(const std::string& user, const std::string& id, const std::string& form) {
    auto r = get(user, "/api/v1/dossiers/" + id + "/forms/" + form + ".pdf");
    EXPECT_EQ(r.status, 200) << form << ": " << r.body;
    return pdftotext(r.body);
  }
  void forget() { tokens.clear(); }  // after moving the clock past the tokens' lifetime
};

}  // namespace motcua::testing

// The same test body against the server on SQLite (default) and on PostgreSQL (MOTCUA_TEST_PG).
#define ON_BOTH_DATABASES(Suite, Name)                                          \
  static void Suite##_##Name##_body(motcua::testing::ServerProcess& s);         \
  TEST(Suite, Name) {                                                           \
    motcua::testing::ServerProcess s({"--demo-if-empty"});                      \
    Suite##_##Name##_body(s);                                                   \
  }                                                                             \
  TEST(Suite##OnPostgres, Name) {                                               \
    auto pg = motcua::testing::make_test_db("postgresql", /*migrate=*/false);  \
    if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";                          \
    std::string url = pg->url;                                                  \
    pg->db.reset();                                                             \
    motcua::testing::ServerProcess s({"--db", url, "--demo-if-empty"});         \
    Suite##_##Name##_body(s);                                                   \
  }                                                                             \
  static void Suite##_##Name##_body(motcua::testing::ServerProcess& s)
