// The applicant search index (migration 28, services/dossiers/dossier_search) on SQLite (FTS5) and PostgreSQL (pg_trgm):
// the same words find the same dossiers, the index follows every insert, update and delete of the key, rows older than
// the migration are backfilled, and no typed text changes the query's meaning.
#include "services/dossiers/dossier_search.h"

#include <gtest/gtest.h>

#include <set>

#include "domain/dossier/search.h"
#include "support/test_db.h"

using namespace motcua;
using motcua::testing::DialectTest;

namespace {

class DossierSearchTest : public DialectTest {
 protected:
  void SetUp() override {
    DialectTest::SetUp();
    if (IsSkipped()) return;
    db().write([&](store::Conn& c) {
      proc_ = c.exec("INSERT INTO procedures (code, state, created_at, updated_at) VALUES ('p.1', 'active', 0, 0) RETURNING id").rows.at(0).i64(0);
    });
  }
  // A dossier with the key every intake path writes, or none (a row older than migration 28) when `indexed` is false.
  int64_t add(const std::string& pid, const std::string& name, const std::string& idn = "", const std::string& phone = "", bool indexed = true) {
    int64_t id = 0;
    db().write([&](store::Conn& c) {
      id = c.exec("INSERT INTO dossiers (public_id, procedure_id, procedure_code, procedure_version, procedure_name, agency_code, applicant_type, "
                  "applicant_name, applicant_id_number, applicant_phone, channel, status, delivery, created_at, updated_at, applicant_search) "
                  "VALUES ($1, $2, 'p.1', 1, 'Thủ tục', 'A', 1, $3, $4, $5, 1, 1, 'desk', 0, 0, $6) RETURNING id",
                  {pid, proc_, name, idn, phone, indexed ? store::Value(services::dossier_search::key(name, idn, phone)) : store::Value(nullptr)})
               .rows.at(0)
               .i64(0);
    });
    return id;
  }
  std::set<std::string> find(const std::string& q) {
    auto tokens = dossier::search_tokens(q);
    if (tokens.empty()) return {};
    std::vector<store::Value> p;
    auto param = [&](store::Value v) {
      p.push_back(std::move(v));
      return "$" + std::to_string(p.size());
    };
    std::string sql = "SELECT public_id FROM dossiers WHERE " + services::dossier_search::condition(db().dialect(), tokens, param);
    std::set<std::string> out;
    for (const auto& r : db().query(sql, p).rows) out.insert(r.str(0));
    return out;
  }
  void integrity() {
    if (GetParam() == "sqlite") {  // FTS5 compares its index with the content table's column
      EXPECT_NO_THROW(db().write([](store::Conn& c) { c.exec("INSERT INTO dossiers_search (dossiers_search) VALUES ('integrity-check')"); }));
    }
  }
  int64_t proc_ = 0;
};

using S = std::set<std::string>;

TEST_P(DossierSearchTest, FoldedWordPrefixesFindTheApplicant) {
  add("an", "Nguyễn Văn An", "038090012345", "0912 345 678");
  add("anh", "Nguyễn Thị Vân Anh", "001190054321", "+84 987 654 321");
  add("binh", "Trần Văn Bình");
  add("dao", "Đặng Thị Đào");
  EXPECT_EQ(find("nguyen van an"), (S{"an", "anh"}));  // "van" starts "Vân", "an" starts "Anh"
  EXPECT_EQ(find("Nguyễn Văn An"), (S{"an", "anh"}));
  EXPECT_EQ(find("nguyen an 0912"), (S{"an"}));
  EXPECT_EQ(find("ngu bi"), S{});
  EXPECT_EQ(find("tran binh"), (S{"binh"}));
  EXPECT_EQ(find("an nguyen"), (S{"an", "anh"}));  // any order
  EXPECT_EQ(find("VĂN"), (S{"an", "anh", "binh"}));
  EXPECT_EQ(find("dang dao"), (S{"dao"}));         // đ → d
  EXPECT_EQ(find("đặng"), (S{"dao"}));
  EXPECT_EQ(find("guyen"), S{});                     // a word's start, not any fragment
  EXPECT_EQ(find("038090012345"), (S{"an"}));        // CCCD
  EXPECT_EQ(find("0011900"), (S{"anh"}));            // its start
  EXPECT_EQ(find("0987654321"), (S{"anh"}));         // phone typed nationally, stored from +84
  EXPECT_EQ(find("0912345"), (S{"an"}));
  integrity();
}

TEST_P(DossierSearchTest, HostileTextIsOnlyWords) {
  add("an", "Nguyễn Văn An");
  for (const std::string& q : std::vector<std::string>{"\"", "\"\"", "*", "-an", "an*", "(an)", "an OR van", "NEAR(an van)", "an AND NOT van", "applicant_search:an", "^an",
                              "a'b", "%", "_", "\\", "' OR 1=1 --", "\xff\xfe", std::string(5000, 'a'), std::string(3000, '"')}) {
    std::set<std::string> got;
    EXPECT_NO_THROW(got = find(q)) << q;
    for (const auto& id : got) EXPECT_EQ(id, "an") << q;
  }
  EXPECT_EQ(find("-an"), (S{"an"}));  // the '-' is not "NOT"
  EXPECT_EQ(find("an OR zzz"), S{});  // OR is a word like any other: nobody's name has "or…" and "zzz…"
  // Tokens given to the store directly: its quoting holds even for characters search_tokens never yields.
  std::vector<store::Value> p;
  auto param = [&](store::Value v) {
    p.push_back(std::move(v));
    return "$" + std::to_string(p.size());
  };
  std::string sql =
      "SELECT COUNT(*) FROM dossiers WHERE " + services::dossier_search::condition(db().dialect(), {"a\"n", "%", "v_a\\n\" OR \""}, param);
  EXPECT_NO_THROW(db().query(sql, p));
  EXPECT_THROW(services::dossier_search::condition(db().dialect(), {"\"%_\\"}, param), std::invalid_argument);
}

TEST_P(DossierSearchTest, TheIndexFollowsEveryWriteOfTheKey) {
  int64_t id = add("x", "Lê Văn Tám");
  EXPECT_EQ(find("le tam"), (S{"x"}));
  db().write([&](store::Conn& c) {
    c.exec("UPDATE dossiers SET applicant_search = $2 WHERE id = $1", {id, services::dossier_search::key("Phạm Thị Hoa", "", "")});
  });
  EXPECT_EQ(find("le tam"), S{});
  EXPECT_EQ(find("pham hoa"), (S{"x"}));
  db().write([&](store::Conn& c) { c.exec("UPDATE dossiers SET status = 2 WHERE id = $1", {id}); });  // other columns: unchanged
  EXPECT_EQ(find("pham hoa"), (S{"x"}));
  // A write that fails rolls the index back with the row.
  EXPECT_THROW(db().write([&](store::Conn& c) {
    c.exec("UPDATE dossiers SET applicant_search = ' vo van ba' WHERE id = $1", {id});
    throw std::runtime_error("refused");
  }),
               std::runtime_error);
  EXPECT_EQ(find("vo ba"), S{});
  EXPECT_EQ(find("pham hoa"), (S{"x"}));
  db().write([&](store::Conn& c) { c.exec("DELETE FROM dossiers WHERE id = $1", {id}); });  // a discarded draft
  EXPECT_EQ(find("pham hoa"), S{});
  add("y", "Phạm Thị Hoa");  // SQLite may give the deleted id again: only the new row's words are found
  EXPECT_EQ(find("pham hoa"), (S{"y"}));
  integrity();
}

TEST_P(DossierSearchTest, RowsOlderThanTheIndexAreBackfilledOnce) {
  add("old1", "Hoàng Văn Nam", "038090099999", "", false);
  add("new", "Hoàng Thị Lan");
  add("old2", "Hoàng Minh Đức", "", "0901234567", false);
  EXPECT_EQ(find("hoang"), (S{"new"}));
  services::dossier_search::ensure_indexed(db());
  EXPECT_EQ(find("hoang"), (S{"old1", "new", "old2"}));
  EXPECT_EQ(find("hoang duc 0901"), (S{"old2"}));
  EXPECT_EQ(db().query("SELECT value FROM meta WHERE key = 'dossier_search_built'").rows.at(0).str(0), "1");
  EXPECT_EQ(db().query("SELECT COUNT(*) FROM dossiers WHERE applicant_search IS NULL").rows.at(0).i64(0), 0);
  // Small batches walk every row once.
  add("old3", "Hoàng Văn Tư", "", "", false);
  add("old4", "Hoàng Văn Năm", "", "", false);
  EXPECT_EQ(services::dossier_search::backfill(db(), 1), 2);
  EXPECT_EQ(find("hoang van"), (S{"old1", "old3", "old4"}));
  integrity();
}

TEST_P(DossierSearchTest, PostgresUsesTheTrigramIndex) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "PostgreSQL only";
  ASSERT_EQ(db().query("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'dossiers_applicant_search' AND schemaname = current_schema()").rows.at(0).i64(0), 1)
      << "pg_trgm could not be installed: the search falls back to scanning";
  add("an", "Nguyễn Văn An");
  std::string plan;
  db().write([&](store::Conn& c) {
    c.exec("SET LOCAL enable_seqscan = off");
    for (const auto& r : c.exec("EXPLAIN SELECT id FROM dossiers WHERE applicant_search LIKE '% nguyen%' AND applicant_search LIKE '% an%'").rows)
      plan += r.str(0) + "\n";
  });
  EXPECT_NE(plan.find("dossiers_applicant_search"), std::string::npos) << plan;
}

INSTANTIATE_TEST_SUITE_P(Dialects, DossierSearchTest, ::testing::Values("sqlite", "postgresql"), [](const auto& info) { return info.param; });

}  // namespace
