// National portal sync through the real server and the national portal's stand-in (src/standins/national_portal.cpp),
// which checks every payload against data/national/schema.json and each dossier's status transitions:
//  - a whole life (desk intake → accepted → processing → supplement → result → returned) and a refused online
//    dossier: every change reaches the portal as DongBoHoSoMC + CapNhatTienDoHoSoMC, in order, none refused;
//    the reconciliation API counts them synced; who may read it (SQLite and PostgreSQL);
//  - the portal down while dossiers change: nothing lost, nothing twice, still in order once it is back;
//  - a payload the portal refuses is dead and holds its dossier's later payloads back until resent.
#include <gtest/gtest.h>

#include <map>

#include "support/signed_in.h"
#include "support/standins.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;

namespace {

json desk_intake(Users& u) {
  json body = {{"procedure_code", "local.1"},
               {"agency_code", "000.01.25.H56"},
               {"applicant", {{"name", "Nguyễn Văn An"}, {"id_number", kCitizen}, {"phone", "0912345678"}, {"address", "Khu phố 1, thị trấn Bến Sung"}}},
               {"delivery", "desk"},
               {"accept", true}};
  auto r = u.post(kDesk, "/api/v1/dossiers", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json();
}

// The statuses the dossier went through, one per history row (what the portal must have been told, in order).
std::vector<int> history_statuses(Users& u, const std::string& id) {
  std::vector<int> out;
  auto d = u.get(kDesk, "/api/v1/dossiers/" + id).json();
  for (const auto& h : d["history"]) out.push_back(h["to"].get<int>());
  return out;
}

// What the portal accepted for a dossier code: the DongBoHoSoMC statuses, in arrival order, and the progress count.
std::pair<std::vector<int>, int> told(const std::vector<json>& accepted, const std::string& code) {
  std::vector<int> statuses;
  int progress = 0;
  for (const auto& a : accepted) {
    if (a["payload"]["MaHoSo"] != code) continue;
    if (a["service"] == "DongBoHoSoMC") statuses.push_back(a["payload"]["TrangThaiHoSo"].get<int>());
    else ++progress;
  }
  return {statuses, progress};
}

json sync_status(Users& u, const std::string& user, const std::string& query = "") { return u.get(user, "/api/v1/sync/status" + query).json(); }

void whole_life(ServerProcess& s, const NationalPortal& portal) {
  Users u{s, {}};
  json d = desk_intake(u);
  std::string id = d["id"], code = d["code"];
  u.act_ok(kDesk, id, "transfer", {{"unit", "TP"}});
  u.act_ok(kSpecialist, id, "request-supplement", {{"reason", "Thiếu bản sao giấy chứng sinh"}});
  u.act_ok(kCitizen, id, "supply", {{"note", "Đã nộp bổ sung"}});
  u.act_ok(kDesk, id, "accept-supplement");
  s.login(kSpecialist);
  std::string file = upload_pdf(s, "ket-qua.pdf");
  u.act_ok(kSpecialist, id, "attach-result", {{"file_id", file}});
  u.act_ok(kLeader, id, "approve");
  u.act_ok(kDesk, id, "return-result", {{"note", "Ông An nhận"}});
  // An online dossier the desk refuses.
  auto on = u.post(kCitizen, "/api/v1/dossiers", submission(s, "local.1"));
  ASSERT_EQ(on.status, 201) << on.body;
  std::string id2 = on.json()["id"], code2 = on.json()["code"];
  u.act_ok(kDesk, id2, "refuse", {{"reason", "Không thuộc thẩm quyền"}});

  auto h1 = history_statuses(u, id), h2 = history_statuses(u, id2);
  size_t expected = 2 * (h1.size() + h2.size());
  auto accepted = portal.wait_for(expected);
  ASSERT_EQ(accepted.size(), expected) << portal.stats().dump();
  EXPECT_EQ(portal.stats()["rejected"], 0) << portal.stats().dump();
  auto [s1, p1] = told(accepted, code);
  EXPECT_EQ(s1, h1);  // every change, in order: 1, 2, 4, 5, 5, 4, 4, 9, 10
  EXPECT_EQ(p1, static_cast<int>(h1.size()));
  EXPECT_EQ(told(accepted, code2).first, (std::vector<int>{1, 3}));
  // The last payload of the returned dossier carries what happened.
  json last;
  for (const auto& a : accepted)
    if (a["service"] == "DongBoHoSoMC" && a["payload"]["MaHoSo"] == code) last = a["payload"];
  EXPECT_EQ(last["TrangThaiHoSo"], 10);
  EXPECT_EQ(last["KenhThucHien"], 1);
  EXPECT_EQ(last["MaTTHC"], "local.1");
  EXPECT_EQ(last["NgayTra"].get<std::string>().size(), 14u);
  ASSERT_EQ(last["DanhSachHoSoBoSung"].size(), 1u);
  EXPECT_EQ(last["DanhSachHoSoBoSung"][0]["NoiDungBoSung"], "Thiếu bản sao giấy chứng sinh");
  EXPECT_EQ(last["DanhSachHoSoBoSung"][0]["NgayHenTraMoi"].get<std::string>().size(), 14u);
  EXPECT_EQ(last["DanhSachGiayToKetQua"].size(), 1u);
  // Progress entries name the officer, never an internal note.
  for (const auto& a : accepted) {
    if (a["service"] == "CapNhatTienDoHoSoMC" && a["payload"]["MaHoSo"] == code) {
      EXPECT_NE(a["payload"]["NguoiXuLy"], "") << a.dump();
    }
  }
  // The reconciliation: all synced, for the province's administrator and supervisor.
  json st;
  for (int i = 0; i < 100; ++i) {
    st = sync_status(u, "quantri");
    if (st["synced"] == static_cast<int64_t>(expected)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(st["synced"], static_cast<int64_t>(expected)) << st.dump();
  EXPECT_EQ(st["pending"], 0);
  EXPECT_EQ(st["failed"], 0);
  EXPECT_EQ(st["dead"], 0);
  ASSERT_EQ(st["days"].size(), 1u) << st.dump();
  EXPECT_EQ(st["days"][0]["agency"], "000.01.25.H56");
  EXPECT_EQ(sync_status(u, kSupervisor, "?agency=000.01.25.H56")["synced"], static_cast<int64_t>(expected));
  EXPECT_EQ(sync_status(u, kSupervisor, "?agency=000.00.25.H56")["synced"], static_cast<int64_t>(expected));  // the district includes its communes
  EXPECT_EQ(sync_status(u, kSupervisor, "?agency=000.07.12.H56")["synced"], 0);  // another district's commune: nothing
  EXPECT_EQ(u.get(kDesk, "/api/v1/sync/status").status, 403);
  EXPECT_EQ(u.get(kCitizen, "/api/v1/sync/status").status, 403);
  EXPECT_EQ(u.get(kSupervisor, "/api/v1/sync/status?agency=000.99.99.H99").status, 404);
  EXPECT_EQ(u.get(kSupervisor, "/api/v1/sync/status?from=2026-13-01").status, 422);
  EXPECT_EQ(u.get(kSupervisor, "/api/v1/sync/status?from=2026-12-02&to=2026-12-01").status, 422);
}

}  // namespace

TEST(NationalSync, EveryChangeReachesThePortalInOrder) {
  NationalPortal portal;
  auto args = portal.server_args();
  args.insert(args.begin(), "--demo-if-empty");
  ServerProcess s(args);
  whole_life(s, portal);
}

TEST(NationalSyncOnPostgres, EveryChangeReachesThePortalInOrder) {
  auto pg = make_test_db("postgresql", /*migrate=*/false);
  if (!pg) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  std::string url = pg->url;
  pg->db.reset();
  NationalPortal portal;
  auto args = portal.server_args();
  args.insert(args.begin(), {"--db", url, "--demo-if-empty"});
  ServerProcess s(args);
  whole_life(s, portal);
}

// Without a configured portal nothing is written for it.
TEST(NationalSync, OffWhenNotConfigured) {
  ServerProcess s({"--demo-if-empty"});
  Users u{s, {}};
  desk_intake(u);
  auto st = sync_status(u, "quantri");
  EXPECT_EQ(st["synced"].get<int>() + st["pending"].get<int>() + st["failed"].get<int>() + st["dead"].get<int>(), 0) << st.dump();
}

// The portal goes down while dossiers change; when it is back every payload arrives once, in order.
TEST(NationalSync, PortalDownThenBackDeliversEachOnceInOrder) {
  NationalPortal portal;
  auto args = portal.server_args();
  args.insert(args.begin(), "--demo-if-empty");
  ServerProcess s(args);
  Users u{s, {}};
  portal.control("down");
  std::vector<std::pair<std::string, std::string>> dossiers;  // id, code
  for (int i = 0; i < 6; ++i) {
    json d = desk_intake(u);
    dossiers.emplace_back(d["id"], d["code"]);
    u.act_ok(kDesk, d["id"], "transfer", {{"unit", "TP"}});
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  auto st = sync_status(u, "quantri");
  EXPECT_EQ(st["synced"], 0) << st.dump();
  EXPECT_GT(st["failed"].get<int>(), 0) << st.dump();
  EXPECT_EQ(st["pending"].get<int>() + st["failed"].get<int>(), 6 * 3 * 2) << st.dump();
  for (const auto& [id, code] : dossiers) u.act_ok(kSpecialist, id, "request-supplement", {{"reason", "Thiếu giấy tờ"}});
  portal.control("");
  auto accepted = portal.wait_for(6 * 4 * 2);
  ASSERT_EQ(accepted.size(), 6u * 4 * 2) << portal.stats().dump();
  EXPECT_EQ(portal.stats()["rejected"], 0);
  std::set<std::string> ids;
  for (const auto& a : accepted) EXPECT_TRUE(ids.insert(a["request_id"].get<std::string>()).second) << "twice: " << a.dump();
  for (const auto& [id, code] : dossiers) EXPECT_EQ(told(accepted, code).first, (std::vector<int>{1, 2, 4, 5})) << code;
}

// A payload the portal refuses dies and holds its dossier's later payloads back; resent, everything follows in order.
TEST(NationalSync, RefusedPayloadHoldsItsDossierUntilResent) {
  NationalPortal portal;
  auto args = portal.server_args();
  args.insert(args.begin(), "--demo-if-empty");
  ServerProcess s(args);
  Users u{s, {}};
  json d = desk_intake(u);
  std::string id = d["id"], code = d["code"];
  ASSERT_EQ(portal.wait_for(4).size(), 4u);  // 1 and 2 arrived (and the token is known)
  portal.control("422");
  u.act_ok(kDesk, id, "transfer", {{"unit", "TP"}});
  json st;
  for (int i = 0; i < 100 && (st.empty() || st["dead"] == 0); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    st = sync_status(u, "quantri");
  }
  ASSERT_EQ(st["dead"], 1) << st.dump();
  ASSERT_EQ(st["problems"].size(), 1u);
  EXPECT_EQ(st["problems"][0]["status"], "dead");
  EXPECT_EQ(st["problems"][0]["service"], "DongBoHoSoMC");
  EXPECT_EQ(st["problems"][0]["dossier_code"], code);
  portal.control("");
  u.act_ok(kSpecialist, id, "request-supplement", {{"reason", "Thiếu giấy tờ"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(portal.accepted().size(), 4u);  // held back behind the dead one
  st = sync_status(u, "quantri");
  EXPECT_EQ(st["pending"], 3) << st.dump();
  int64_t pid = st["problems"][0]["id"];
  // Only an administrator of the payload's agency resends.
  EXPECT_EQ(u.post(kSupervisor, "/api/v1/sync/payloads/" + std::to_string(pid) + "/resend", json::object()).status, 404);
  EXPECT_EQ(u.post("quantri", "/api/v1/sync/payloads/99999999/resend", json::object()).status, 404);
  auto r = u.post("quantri", "/api/v1/sync/payloads/" + std::to_string(pid) + "/resend", json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  auto accepted = portal.wait_for(8);
  ASSERT_EQ(accepted.size(), 8u) << portal.stats().dump();
  EXPECT_EQ(told(accepted, code).first, (std::vector<int>{1, 2, 4, 5}));
  auto audit = u.get("quantri", "/api/v1/audit?action=sync.resend");
  EXPECT_NE(audit.body.find(code), std::string::npos) << audit.body;
}
