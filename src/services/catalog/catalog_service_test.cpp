// Catalog service against SQLite and PostgreSQL: versioning, lifecycle, import/export, search.
#include "services/catalog/catalog_service.h"

#include <gtest/gtest.h>

#include <fstream>

#include "domain/format.h"
#include "support/test_db.h"

using namespace motcua;
using namespace motcua::services;
using catalog::Action;
using nlohmann::json;

namespace {

json demo_file() {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/catalog/thanh-hoa-cap-xa.json");
  return json::parse(in);
}

json proc(const std::string& code, const std::string& name) {
  return {{"code", code},
          {"name", name},
          {"field", {{"code", "HT"}, {"name", "Hộ tịch"}}},
          {"levels", {"xa"}},
          {"online_level", "toan_trinh"},
          {"processing_time", {{"amount", 3}, {"unit", "working_days"}}}};
}

class CatalogTest : public motcua::testing::DialectTest {
 protected:
  void SetUp() override {
    DialectTest::SetUp();
    if (IsSkipped()) return;
    agencies = std::make_unique<AgencyService>(db());
    svc = std::make_unique<CatalogService>(db(), *agencies);
  }
  int public_total(const std::string& q = "") {
    CatalogQuery cq;
    cq.q = q;
    cq.per_page = 100;
    return svc->search(cq, fmt::now_ms()).total;
  }
  int64_t count(const std::string& sql) { return db().query(sql).rows.at(0).i64(0); }
  std::unique_ptr<AgencyService> agencies;
  std::unique_ptr<CatalogService> svc;
};

}  // namespace

TEST_P(CatalogTest, ImportsTheSeedCatalogAndFindsWithoutDiacritics) {
  auto r = svc->import(demo_file(), "test");
  EXPECT_EQ(r.created, 15);
  EXPECT_EQ(public_total(), 15);
  CatalogQuery q;
  q.q = "dang ky khai sinh";
  auto page = svc->search(q, fmt::now_ms());
  ASSERT_GE(page.total, 1);
  EXPECT_EQ(page.items[0]->code, "1.001193");
  q.q = "ket hon";
  EXPECT_EQ(svc->search(q, fmt::now_ms()).items.at(0)->code, "1.000894");
  // Importing the same file again changes nothing.
  auto again = svc->import(demo_file(), "test");
  EXPECT_EQ(again.unchanged, 15);
  EXPECT_EQ(count("SELECT COUNT(*) FROM procedure_versions"), 15);
  // Export → import round trip is a no-op.
  auto back = svc->import(svc->export_all(), "test");
  EXPECT_EQ(back.unchanged, 15);
}

TEST_P(CatalogTest, FiltersAndPagination) {
  svc->import(demo_file(), "test");
  CatalogQuery q;
  q.field = "TG";
  auto tg = svc->search(q, fmt::now_ms());
  for (const auto* e : tg.items) EXPECT_EQ((*e->current(fmt::now_ms())->doc)["field"]["code"], "TG");
  q = {};
  q.online_level = "toan_trinh";
  EXPECT_EQ(svc->search(q, fmt::now_ms()).total, 2);  // kết hôn, khai tử are một phần (in person)
  q = {};
  q.online_level = "3";
  EXPECT_EQ(svc->search(q, fmt::now_ms()).total, 11);
  q = {};
  q.per_page = 4;
  q.page = 4;
  auto p4 = svc->search(q, fmt::now_ms());
  EXPECT_EQ(p4.total, 15);
  EXPECT_EQ(p4.items.size(), 3u);
  q.level = "tinh";
  q.page = 1;
  EXPECT_EQ(svc->search(q, fmt::now_ms()).total, 0);
}

TEST_P(CatalogTest, DraftPublishAmendKeepsOldVersion) {
  svc->create(proc("1.999001", "Thủ tục thử nghiệm"), "canbo1");
  EXPECT_EQ(public_total(), 0);  // drafts are not public
  svc->act("1.999001", Action::publish, json::object(), "canbo1");
  EXPECT_EQ(public_total("thu nghiem"), 1);
  svc->act("1.999001", Action::amend, json::object(), "canbo1");
  json v2 = proc("1.999001", "Thủ tục thử nghiệm (sửa đổi)");
  svc->update_draft("1.999001", v2, "canbo2");
  // While the amendment is a draft, version 1 still applies.
  auto s = svc->snapshot();
  EXPECT_EQ(s->find("1.999001")->current(fmt::now_ms())->version_no, 1);
  svc->act("1.999001", Action::publish, {{"note", "Theo Quyết định số 1/QĐ-UBND"}}, "canbo2");
  s = svc->snapshot();
  const auto* e = s->find("1.999001");
  EXPECT_EQ(e->current(fmt::now_ms())->version_no, 2);
  ASSERT_NE(e->version(1), nullptr);
  EXPECT_EQ((*e->version(1)->doc)["name"], "Thủ tục thử nghiệm");
  json detail = svc->detail_json(*e, fmt::now_ms());
  ASSERT_EQ(detail["versions"].size(), 2u);
  EXPECT_EQ(detail["versions"][0]["status"], "superseded");
  EXPECT_EQ(detail["versions"][1]["status"], "current");
  auto h = svc->history("1.999001");
  ASSERT_EQ(h.size(), 5u);  // create, publish, amend, edit-draft, publish
  EXPECT_EQ(h[4]["actor"], "canbo2");
  EXPECT_EQ(count("SELECT COUNT(*) FROM announcements WHERE procedure_code = '1.999001'"), 2);
}

TEST_P(CatalogTest, FutureEffectiveDateWaits) {
  svc->create(proc("1.999002", "Thủ tục tương lai"), "a");
  svc->act("1.999002", Action::publish, {{"effective_from", "2099-01-01"}}, "a");
  EXPECT_EQ(public_total("tuong lai"), 0);
  auto s = svc->snapshot();
  EXPECT_EQ(s->find("1.999002")->current(fmt::now_ms()), nullptr);
  EXPECT_NE(s->find("1.999002")->current(*fmt::parse_iso_date("2099-01-02")), nullptr);
}

TEST_P(CatalogTest, AbolishHidesFromPublicButKeepsRecord) {
  svc->import(demo_file(), "test");
  EXPECT_THROW(svc->act("1.000656", Action::abolish, json::object(), "a"), DomainError);  // reason required
  svc->act("1.000656", Action::abolish, {{"reason", "Bãi bỏ theo Quyết định số 2/QĐ-UBND"}}, "a");
  EXPECT_EQ(public_total(), 14);
  auto s = svc->snapshot();
  ASSERT_NE(s->find("1.000656"), nullptr);
  EXPECT_EQ(s->find("1.000656")->state, catalog::ProcState::abolished);
  EXPECT_NE(s->find("1.000656")->version(1), nullptr);
  CatalogQuery q;
  q.admin = true;
  q.per_page = 100;
  EXPECT_EQ(svc->search(q, fmt::now_ms()).total, 15);
}

TEST_P(CatalogTest, IllegalTransitionsChangeNothing) {
  svc->import(demo_file(), "test");
  int64_t hist = count("SELECT COUNT(*) FROM procedure_history");
  int64_t ann = count("SELECT COUNT(*) FROM announcements");
  int64_t rev = std::stoll(db().query("SELECT value FROM meta WHERE key='catalog_rev'").rows.at(0).str(0));
  for (Action a : {Action::publish, Action::resume, Action::discard_draft}) {
    try {
      svc->act("1.001193", a, {{"reason", "x"}}, "a");
      ADD_FAILURE() << catalog::to_string(a);
    } catch (const DomainError& e) {
      EXPECT_EQ(e.kind(), ErrorKind::conflict);
      EXPECT_NE(std::string(e.what()).find("Đang áp dụng"), std::string::npos);
    }
  }
  EXPECT_THROW(svc->update_draft("1.001193", proc("1.001193", "X"), "a"), DomainError);
  EXPECT_THROW(svc->act("9.999999", Action::suspend, {{"reason", "x"}}, "a"), DomainError);
  EXPECT_THROW(svc->create(proc("1.001193", "Trùng mã"), "a"), DomainError);
  EXPECT_EQ(count("SELECT COUNT(*) FROM procedure_history"), hist);
  EXPECT_EQ(count("SELECT COUNT(*) FROM announcements"), ann);
  EXPECT_EQ(std::stoll(db().query("SELECT value FROM meta WHERE key='catalog_rev'").rows.at(0).str(0)), rev);
}

TEST_P(CatalogTest, StaleRowVersionIsRefused) {
  svc->import(demo_file(), "test");
  int64_t rv = svc->snapshot()->find("1.001193")->row_version;
  svc->act("1.001193", Action::suspend, {{"reason", "Tạm dừng để rà soát"}}, "a", rv);
  try {
    svc->act("1.001193", Action::resume, json::object(), "b", rv);  // stale
    FAIL();
  } catch (const DomainError& e) {
    EXPECT_EQ(e.code(), "stale_version");
  }
  EXPECT_EQ(svc->snapshot()->find("1.001193")->state, catalog::ProcState::suspended);
}

TEST_P(CatalogTest, InvalidImportChangesNothing) {
  json f = demo_file();
  f["procedures"][3]["processing_time"]["unit"] = "tuần";
  try {
    svc->import(f, "test");
    FAIL();
  } catch (const DomainError& e) {
    ASSERT_FALSE(e.fields().empty());
    EXPECT_EQ(e.fields()[0].field, "procedures[3].processing_time.unit");
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM procedures"), 0);
}

INSTANTIATE_TEST_SUITE_P(Dialects, CatalogTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });
