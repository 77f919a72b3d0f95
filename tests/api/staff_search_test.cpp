// Staff search over dossiers (issues 14, 15) through the real server on SQLite and PostgreSQL: the applicant's name
// typed with or without diacritics (word starts, any order), the ID number and its start, the phone, the code and its
// prefix — within the officer's agencies only, ordered, paginated and counted like the inbox; and hostile text is a
// 200 with nothing found (or a 400 for what the query parameter never accepts), never a 500.
#include <gtest/gtest.h>

#include <cctype>
#include <set>

#include "http/message.h"
#include "support/dossier_fixtures.h"
#include "support/http_client.h"
#include "support/signed_in.h"

using namespace motcua::testing;
using namespace motcua::testing::demo;
using nlohmann::json;

namespace {

const char* kLinhToai = "000.07.12.H56";

json intake(Users& u, const std::string& user, const std::string& agency, const json& applicant) {
  auto r = u.post(user, "/api/v1/dossiers",
                  {{"procedure_code", "local.1"}, {"agency_code", agency}, {"applicant", applicant}, {"delivery", "desk"}, {"accept", true}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json();
}

// A desk officer at Lĩnh Toại, another commune of the province.
void add_linh_toai_desk(ServerProcess& s, Users& u) {
  auto r = u.post("quantri", "/api/v1/admin/users",
                  {{"username", "motcua.linhtoai"}, {"full_name", "Đinh Thị Mai"}, {"password", "MotCua#2026"},
                   {"grants", {{{"role", "desk"}, {"agency", kLinhToai}, {"unit", "MC"}}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  u.tokens["motcua.linhtoai"] = s.login("motcua.linhtoai", "MotCua#2026");
}

}  // namespace

ON_BOTH_DATABASES(StaffSearch, NamesWithOrWithoutDiacriticsIdNumbersPhonesAndCodes) {
  Users u{s, {}};
  // Online (the demo citizen's account: Nguyễn Văn An, 001090000001, 0912345678) and three walk-ins at Bến Sung.
  auto sub = u.post(kCitizen, "/api/v1/dossiers", submission(s));
  ASSERT_EQ(sub.status, 201) << sub.body;
  const std::string an = sub.json()["id"];
  const std::string binh = intake(u, kDesk, "000.01.25.H56", {{"name", "Trần Thị Bình"}, {"id_number", "038190000777"}, {"phone", "0912000777"}})["id"];
  const std::string duc = intake(u, kDesk, "000.01.25.H56", {{"name", "Đặng Văn Đức"}, {"phone", "+84 987 111 222"}})["id"];
  const json anh_d = intake(u, kDesk, "000.01.25.H56", {{"name", "Nguyễn Thị Vân Anh"}});
  const std::string anh = anh_d["id"], code = anh_d["code"];
  add_linh_toai_desk(s, u);
  const std::string other = intake(u, "motcua.linhtoai", kLinhToai, {{"name", "Nguyễn Văn An"}, {"id_number", "038090000123"}})["id"];

  using Ids = std::set<std::string>;
  auto find = [&](const std::string& user, const std::string& q, const std::string& more = "") {
    auto r = u.get(user, "/api/v1/dossiers?q=" + motcua::http::percent_encode(q) + more);
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
    Ids out;
    if (r.status != 200) return out;
    const json page = r.json();
    for (const auto& d : page["items"]) out.insert(d["id"].get<std::string>());
    if (more.empty()) {
      EXPECT_EQ(page["total"].get<size_t>(), out.size()) << q;
    }
    return out;
  };
  // Names: word starts, any order, diacritics and case ignored, đ = d.
  EXPECT_EQ(find(kDesk, "nguyen van an"), (Ids{an, anh}));  // "van" starts "Vân", "an" starts "Anh"
  EXPECT_EQ(find(kDesk, "Nguyễn Văn An"), (Ids{an, anh}));
  EXPECT_EQ(find(kDesk, "NGUYEN"), (Ids{an, anh}));
  EXPECT_EQ(find(kDesk, "ngu anh"), (Ids{anh}));
  EXPECT_EQ(find(kDesk, "an nguyen"), (Ids{an, anh}));
  EXPECT_EQ(find(kDesk, "binh tran"), (Ids{binh}));
  EXPECT_EQ(find(kDesk, "bình"), (Ids{binh}));
  EXPECT_EQ(find(kDesk, "dang duc"), (Ids{duc}));
  EXPECT_EQ(find(kDesk, "Đặng"), (Ids{duc}));
  EXPECT_EQ(find(kDesk, "guyen"), Ids{});  // the start of a word, not any fragment
  EXPECT_EQ(find(kDesk, "nguyen van an 0912"), (Ids{an}));  // name and phone together
  // ID numbers (the whole number, or its start), phones, codes and their prefixes.
  EXPECT_EQ(find(kDesk, "038190000777"), (Ids{binh}));
  EXPECT_EQ(find(kDesk, "0381900"), (Ids{binh}));
  EXPECT_EQ(find(kDesk, "001090000001"), (Ids{an}));
  EXPECT_EQ(find(kDesk, "0912000777"), (Ids{binh}));
  EXPECT_EQ(find(kDesk, "0987111222"), (Ids{duc}));  // recorded as +84 987 111 222
  EXPECT_EQ(find(kDesk, "0912"), (Ids{an, binh}));
  EXPECT_EQ(find(kDesk, code), (Ids{anh}));
  EXPECT_EQ(find(kDesk, code.substr(0, code.size() - 4)).size(), 4u);  // every code of the day at Bến Sung
  std::string lower = code.substr(0, code.size() - 4);
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_EQ(find(kDesk, lower).size(), 4u);  // typed in lower case
  // Another agency's dossier is never found, whatever matches it; a supervisor of the province finds both.
  EXPECT_EQ(find("motcua.linhtoai", "nguyen van an"), (Ids{other}));
  EXPECT_EQ(find("motcua.linhtoai", "038190000777"), Ids{});
  EXPECT_EQ(find("motcua.linhtoai", "0912"), Ids{});
  EXPECT_EQ(find(kDesk, "038090000123"), Ids{});
  EXPECT_EQ(find(kSupervisor, "nguyen van an"), (Ids{an, anh, other}));
  // With the other filters, ordered and paginated like the list (newest first), counted in full.
  EXPECT_EQ(find(kDesk, "nguyen", "&status=2"), (Ids{anh}));
  auto page = u.get(kDesk, "/api/v1/dossiers?q=nguyen&per_page=1&page=2").json();
  EXPECT_EQ(page["total"], 2);
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["id"], an);  // anh is newer: page 1
  auto beyond = u.get(kDesk, "/api/v1/dossiers?q=nguyen&per_page=1&page=5").json();  // past the end: still counted
  EXPECT_EQ(beyond["total"], 2);
  EXPECT_TRUE(beyond["items"].empty());
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers?q=nguyen&status=1&per_page=20").json()["total"], 1);
  // The inbox page searches the same way.
  auto html = http_request(s.port(), "GET", "/can-bo?tab=tat-ca&q=nguyen+van+an", "", {{"Authorization", "Bearer " + u.token(kDesk)}});
  EXPECT_EQ(html.status, 200);
}

ON_BOTH_DATABASES(StaffSearch, HostileQueriesFindNothingAndNeverFail) {
  Users u{s, {}};
  intake(u, kDesk, "000.01.25.H56", {{"name", "Nguyễn Văn An"}, {"id_number", "038090000456"}, {"phone", "0912345678"}});
  for (const std::string& q : std::vector<std::string>{"\"", "\"\"\"", "*", "**", "-", "- -", "(", ")", "()", "NEAR", "NEAR(x y)", "x AND", "OR", "NOT x", "x:y", "^", "'",
                              "'; DROP TABLE dossiers; --", "%", "_", "%%", "\\", "{}", "[", "zz\"", "\"zz\" OR \"an\"", "applicant_search:an",
                              "dossiers_search", "x*y", "NEAR/2", "𝔸", "😀", std::string(100, '"'), std::string(100, '*'),
                              std::string(100, 'x'), std::string(50, 'a') + " " + std::string(49, 'b')}) {
    auto r = u.get(kDesk, "/api/v1/dossiers?q=" + motcua::http::percent_encode(q));
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
    if (r.status == 200) {
      EXPECT_EQ(r.json()["total"], 0) << q;
    }
    auto page = http_request(s.port(), "GET", "/can-bo?tab=tat-ca&q=" + motcua::http::percent_encode(q), "", {{"Authorization", "Bearer " + u.token(kDesk)}});
    EXPECT_EQ(page.status, 200) << q;
  }
  // What the parameter never accepts is a 400: too long, invalid UTF-8, NUL.
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers?q=" + std::string(101, 'a')).status, 400);
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers?q=%ff%fe").status, 400);
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers?q=an%00").status, 400);
  EXPECT_EQ(u.get(kDesk, "/api/v1/dossiers?q=an").json()["total"], 1);  // and the index still answers
}
