// Who may act on a dossier — the record-level matrix (issue "Dossier core, second pass" §1).
//
// Every action of the state machine (transfer and stop both at the desk (2) and in processing (4)) ×
// every staff role (desk, specialist, leader, post, supervisor, admin, catalog) × the dossier's own
// agency, a child of it, its parent and a sibling — plus the applicant and another citizen — through the
// real DossierService on SQLite and on PostgreSQL. The expected outcome of every cell is written out in
// the table below:
//   A  allowed (the action happens)
//   F  403: the person may read the dossier (own agency, an ancestor's supervision, a consulted agency)
//      but does not hold the role at the agency that holds the dossier at this step
//   N  404: the person may not even read it (existence is not disclosed)
// A refused attempt must change nothing: row_version, history rows and audit rows stay as they were.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "app/app.h"
#include "domain/errors.h"
#include "domain/format.h"
#include "support/dossier_fixtures.h"
#include "support/test_app.h"

using namespace motcua;
using nlohmann::json;

namespace {

const std::string kOwn = "000.01.25.H56";      // thị trấn Bến Sung (where the dossier is received and solved)
const std::string kChild = "000.51.25.H56";    // a test agency below it
const std::string kParent = "000.00.25.H56";   // huyện Như Thanh
const std::string kSibling = "000.02.25.H56";  // a test commune beside it (consulted in the reply row)

const std::vector<std::string> kRoles = {"desk", "specialist", "leader", "post", "supervisor", "admin", "catalog"};
const std::vector<std::pair<std::string, std::string>> kPositions = {{"own", kOwn}, {"child", kChild}, {"parent", kParent}, {"sibling", kSibling}};

// One row: action, the status it is tried from, the body, and the expected outcome per column.
// Columns: for each role in kRoles, the four positions own/child/parent/sibling (4 letters), then the
// applicant and another citizen.
struct Row {
  std::string action;
  int from;
  std::map<std::string, std::string> cells;  // role → "own child parent sibling" letters; "applicant"/"citizen" → one letter
};

// clang-format off
const std::vector<Row> kMatrix = {
  //                               desk    specialist leader  post    supervisor admin   catalog   applicant citizen
  {"accept",              1, {{"desk","ANFN"},{"specialist","FNFN"},{"leader","FNFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"request-completion",  1, {{"desk","ANFN"},{"specialist","FNFN"},{"leader","FNFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"refuse",              1, {{"desk","ANFN"},{"specialist","FNFN"},{"leader","FNFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"transfer",            2, {{"desk","ANFN"},{"specialist","FNFN"},{"leader","FNFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"stop",                2, {{"desk","ANFN"},{"specialist","FNFN"},{"leader","FNFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"transfer",            4, {{"desk","FNFN"},{"specialist","ANFN"},{"leader","ANFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"assign",              4, {{"desk","FNFN"},{"specialist","ANFN"},{"leader","ANFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"consult",             4, {{"desk","FNFN"},{"specialist","ANFN"},{"leader","ANFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  // consulted: the sibling agency — its specialist and leader answer; nobody else, not even the own agency's officers
  {"reply",               4, {{"desk","FNFF"},{"specialist","FNFA"},{"leader","FNFA"},{"post","FNFF"},{"supervisor","FNFF"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"send-back",           4, {{"desk","FNFN"},{"specialist","ANFN"},{"leader","ANFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"submit-for-approval", 4, {{"desk","FNFN"},{"specialist","ANFN"},{"leader","FNFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"approve",             4, {{"desk","FNFN"},{"specialist","FNFN"},{"leader","ANFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"request-supplement",  4, {{"desk","FNFN"},{"specialist","ANFN"},{"leader","ANFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"supply",              5, {{"desk","ANFN"},{"specialist","FNFN"},{"leader","FNFN"},{"post","ANFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","A"},{"citizen","N"}}},
  {"accept-supplement",   5, {{"desk","ANFN"},{"specialist","ANFN"},{"leader","FNFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"request-payment",     4, {{"desk","ANFN"},{"specialist","ANFN"},{"leader","ANFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"record-payment",      6, {{"desk","ANFN"},{"specialist","FNFN"},{"leader","FNFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"stop",                4, {{"desk","FNFN"},{"specialist","ANFN"},{"leader","ANFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"withdraw",            4, {{"desk","ANFN"},{"specialist","FNFN"},{"leader","FNFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","A"},{"citizen","N"}}},
  {"confirm-withdrawal",  7, {{"desk","ANFN"},{"specialist","ANFN"},{"leader","ANFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"apologize",           4, {{"desk","FNFN"},{"specialist","FNFN"},{"leader","ANFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"attach-result",       4, {{"desk","FNFN"},{"specialist","ANFN"},{"leader","ANFN"},{"post","FNFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
  {"return-result",       9, {{"desk","ANFN"},{"specialist","FNFN"},{"leader","FNFN"},{"post","ANFN"},{"supervisor","FNFN"},{"admin","NNNN"},{"catalog","NNNN"},{"applicant","F"},{"citizen","N"}}},
};
// clang-format on

struct Fixture {
  app::App& a;
  std::map<std::string, accounts::Principal> who;  // "desk/own", …, "applicant", "citizen", "demo-desk", …
  json form;

  accounts::Principal& p(const std::string& k) { return who.at(k); }
  services::DossierService& ds() { return a.ctx().dossiers; }

  services::DossierView act(const std::string& id, const std::string& action, json body, const std::string& as) {
    if (body.is_null()) body = json::object();
    return ds().act(id, action, body, p(as), "127.0.0.1");
  }
  std::string file_of(const std::string& as) {
    std::string pdf = "%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n";
    return a.ctx().files.save(pdf, "ket-qua.pdf", p(as).user_id, fmt::now_ms()).id;
  }
  // The body an action needs to succeed when the right person asks.
  json body_for(const std::string& action, const std::string& as) {
    if (action == "request-completion" || action == "refuse" || action == "send-back" || action == "stop")
      return {{"reason", "Lý do kiểm thử"}};
    if (action == "assign") return {{"assignee", "tuphap.bensung"}};
    if (action == "consult") return {{"agency", kSibling}, {"reason", "Xin ý kiến"}};
    if (action == "reply") return {{"note", "Đồng ý"}};
    if (action == "request-supplement") return {{"reason", "Thiếu giấy tờ"}, {"deadline", fmt::iso_date(fmt::now_ms() + 10LL * 86400000)}};
    if (action == "supply") return {{"note", "Đã bổ sung"}};
    if (action == "request-payment") return {{"amount", 50000}};
    if (action == "apologize") {
      // A working day of the solving agency, some weeks after the appointment.
      auto cal = a.ctx().calendar.calendar(kOwn);
      int64_t t = fmt::now_ms() + 40LL * 86400000;
      while (!cal->is_working_day(cal::date_of(cal::local_from_utc_ms(t)))) t += 86400000;
      return {{"reason", "Chậm do xác minh"}, {"new_due", fmt::iso_date(t)}};
    }
    if (action == "attach-result") return {{"file_id", file_of(as)}};
    if (action == "return-result") return {{"note", "Nguyễn Văn An"}};
    return json::object();
  }
  // A fresh dossier brought to the row's precondition by the demo officers of the own agency.
  std::string prepare(const Row& row) {
    auto d = ds().submit({{"procedure_code", "1.001653"}, {"agency_code", kOwn}, {"delivery", "desk"}, {"form", form}}, p("applicant"), "127.0.0.1");
    std::string id = d.id;
    if (row.from == 1) return id;
    act(id, "accept", {}, "demo-desk");
    if (row.from == 2) return id;
    act(id, "transfer", {}, "demo-desk");
    if (row.action == "reply") act(id, "consult", {{"agency", kSibling}, {"reason", "Xin ý kiến"}}, "demo-specialist");
    if (row.action == "approve") act(id, "attach-result", {{"file_id", file_of("demo-specialist")}}, "demo-specialist");
    if (row.from == 4) return id;
    if (row.from == 5) {
      act(id, "request-supplement", body_for("request-supplement", ""), "demo-specialist");
      return id;
    }
    if (row.from == 6) {
      act(id, "request-payment", {{"amount", 50000}}, "demo-specialist");
      return id;
    }
    if (row.from == 7) {
      act(id, "withdraw", {}, "applicant");
      return id;
    }
    act(id, "attach-result", {{"file_id", file_of("demo-specialist")}}, "demo-specialist");
    act(id, "approve", {}, "demo-leader");
    return id;  // 9
  }

  struct Snapshot {
    int64_t row_version, history, audit;
    bool operator==(const Snapshot&) const = default;
  };
  Snapshot snap(const std::string& id) {
    Snapshot s{};
    a.db().read([&](store::Conn& c) {
      auto r = c.exec("SELECT id, row_version FROM dossiers WHERE public_id = $1", {id});
      s.row_version = r.rows.at(0).i64(1);
      s.history = c.exec("SELECT COUNT(*) FROM dossier_history WHERE dossier_id = $1", {r.rows.at(0).i64(0)}).rows.at(0).i64(0);
      s.audit = c.exec("SELECT (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM audit_pending)", {}).rows.at(0).i64(0);
    });
    return s;
  }
};

void run_matrix(const std::string& dialect) {
  auto t = motcua::testing::make_test_app(dialect, "authority");
  if (!t) GTEST_SKIP() << "PostgreSQL not configured (MOTCUA_TEST_PG)";
  {
    app::App& a = *t->app;
    a.load_demo_if_empty();
    // The demo tree plus a child of the commune and a sibling commune.
    std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/agencies/demo.json");
    json tree = json::parse(in);
    for (auto& district : tree[0]["children"])
      if (district["code"] == kParent) {
        json sib = {{"code", kSibling}, {"name", "Ủy ban nhân dân xã Thử Nghiệm"}, {"level", "xa"}, {"units", {{{"code", "MC"}, {"name", "Bộ phận Một cửa"}, {"kind", "mot_cua"}}, {{"code", "TP"}, {"name", "Tư pháp – Hộ tịch"}, {"kind", "tu_phap"}}}}};
        district["children"].push_back(sib);
        for (auto& commune : district["children"])
          if (commune["code"] == kOwn)
            commune["children"] = json::array({{{"code", kChild}, {"name", "Điểm tiếp nhận thôn Thử Nghiệm"}, {"level", "xa"}}});
      }
    a.ctx().agencies.import_tree(tree);
    auto& acc = a.ctx().accounts;
    services::ClientInfo ci{"127.0.0.1", "matrix"};
    auto admin = *acc.principal_by_username("quantri");
    admin.second_factor = true;
    Fixture f{a, {}, json()};
    int n = 0;
    for (const auto& role : kRoles)
      for (const auto& [pos, agency] : kPositions) {
        std::string u = "mt" + std::to_string(++n) + "." + role + "." + pos;
        acc.create_staff({{"username", u}, {"full_name", "Cán bộ " + role + " " + pos}, {"password", "MaTran#2026x"},
                          {"grants", {{{"role", role}, {"agency", agency}}}}},
                         admin, ci);
        f.who[role + "/" + pos] = *acc.principal_by_username(u);
      }
    f.who["applicant"] = *acc.principal_by_username("001090000001");
    acc.register_citizen({{"id_number", "038095000123"}, {"full_name", "Trần Thị Bích"}, {"date_of_birth", "1995-03-04"}, {"phone", "0912000222"},
                          {"email", "bich@example.vn"}, {"password", "CongDan#2026"}},
                         ci);
    a.db().write([](store::Conn& c) { c.exec("UPDATE users SET status = 'active' WHERE username = '038095000123'"); });
    f.who["citizen"] = *acc.principal_by_username("038095000123");
    f.who["demo-desk"] = *acc.principal_by_username("motcua.bensung");
    f.who["demo-specialist"] = *acc.principal_by_username("tuphap.bensung");
    f.who["demo-leader"] = *acc.principal_by_username("lanhdao.bensung");
    {
      auto snap = a.ctx().catalog.snapshot();
      f.form = motcua::testing::valid_form_for(*snap->find("1.001653")->current(fmt::now_ms())->doc);
    }

    int checked = 0;
    for (const auto& row : kMatrix) {
      std::string label = row.action + "@" + std::to_string(row.from);
      std::string shared = f.prepare(row);  // tried by everyone who must be refused
      auto attempt = [&](const std::string& who_key, char expected) {
        std::string id = expected == 'A' ? f.prepare(row) : shared;
        auto before = f.snap(id);
        int got = 200;
        std::string msg;
        try {
          f.act(id, row.action, f.body_for(row.action, who_key), who_key);
        } catch (const DomainError& e) {
          got = http_status(e.kind());
          msg = e.code() + ": " + e.what();
        }
        int want = expected == 'A' ? 200 : expected == 'F' ? 403 : 404;
        EXPECT_EQ(got, want) << dialect << " " << label << " by " << who_key << " " << msg;
        if (expected != 'A') {
          EXPECT_TRUE(f.snap(id) == before) << dialect << " " << label << " by " << who_key << ": a refused action changed the dossier";
        }
        ++checked;
      };
      for (const auto& role : kRoles) {
        const std::string& cells = row.cells.at(role);
        ASSERT_EQ(cells.size(), 4u) << label << " " << role;
        for (size_t i = 0; i < kPositions.size(); ++i) attempt(role + "/" + kPositions[i].first, cells[i]);
      }
      attempt("applicant", row.cells.at("applicant")[0]);
      attempt("citizen", row.cells.at("citizen")[0]);
    }
    EXPECT_EQ(checked, static_cast<int>(kMatrix.size() * (kRoles.size() * kPositions.size() + 2)));
  }
}

TEST(DossierAuthorityMatrix, SQLite) { run_matrix("sqlite"); }
TEST(DossierAuthorityMatrix, PostgreSQL) { run_matrix("postgresql"); }

}  // namespace
