// The inbox's tab badges count at most ListFilter::count_limit dossiers (issue 14): with per_page 0 and a limit,
// DossierService::list returns the exact number when it is within the limit and limit + 1 ("more than") beyond it,
// for every tab's filter (status, open in a unit, assigned, due soon, overdue — the union —, a search), on SQLite and
// PostgreSQL; without a limit the count stays exact.
#include <gtest/gtest.h>

#include "domain/format.h"
#include "support/dossier_fixtures.h"
#include "support/test_app.h"

using namespace motcua;
using nlohmann::json;
using Filter = services::DossierService::ListFilter;

namespace {

void run(const std::string& dialect) {
  auto t = motcua::testing::make_test_app(dialect, "counts");
  if (!t) GTEST_SKIP() << "PostgreSQL not configured (MOTCUA_TEST_PG)";
  {
    app::App& a = *t->app;
    a.load_demo_if_empty();
    auto& acc = a.ctx().accounts;
    auto citizen = *acc.principal_by_username("001090000001");
    auto desk = *acc.principal_by_username("motcua.bensung");
    auto& ds = a.ctx().dossiers;
    json form;
    {
      auto snap = a.ctx().catalog.snapshot();
      form = motcua::testing::valid_form_for(*snap->find("1.001653")->current(fmt::now_ms())->doc);
    }
    auto waiting = [&] {
      Filter f;
      f.per_page = 0;
      f.status = 1;
      return ds.list(desk, f).total;
    };
    const int before = waiting();
    for (int i = 0; i < 5; ++i) {
      auto d = ds.submit({{"procedure_code", "1.001653"}, {"agency_code", "000.01.25.H56"}, {"delivery", "desk"}, {"form", form}}, citizen, "127.0.0.1");
      if (i < 2) ds.act(d.id, "accept", json::object(), desk, "127.0.0.1");
    }
    std::vector<std::pair<std::string, Filter>> tabs;
    auto add = [&](const std::string& name, auto set) {
      Filter f;
      f.per_page = 0;
      set(f);
      tabs.emplace_back(name, f);
    };
    add("status 1", [](Filter& f) { f.status = 1; });
    add("open", [](Filter& f) { f.open_only = true; });
    add("unit", [](Filter& f) { f.unit = "MC", f.open_only = true; });
    add("assignee", [](Filter& f) { f.assignee = "motcua.bensung", f.open_only = true; });
    add("due soon", [](Filter& f) { f.due_soon = true; });
    add("overdue", [](Filter& f) { f.overdue = true; });
    add("search", [](Filter& f) { f.q = "Nguyen"; });
    add("all", [](Filter&) {});
    int checked_above = 0;
    for (auto [name, f] : tabs) {
      const int exact = ds.list(desk, f).total;
      for (int limit : {1, 2, 3, exact, exact + 1, 1000}) {
        if (limit <= 0) continue;
        f.count_limit = limit;
        const int got = ds.list(desk, f).total;
        EXPECT_EQ(got, exact > limit ? limit + 1 : exact) << dialect << " " << name << " limit " << limit << " exact " << exact;
        checked_above += exact > limit;
      }
      f.count_limit = 0;
    }
    EXPECT_GE(checked_above, 8) << "the fixture must have tabs with more dossiers than the small limits";
    EXPECT_EQ(waiting(), before + 3) << dialect;
  }
}

}  // namespace

TEST(InboxCounts, BoundedOnSqlite) { run("sqlite"); }
TEST(InboxCounts, BoundedOnPostgres) { run("postgresql"); }
