#include <gtest/gtest.h>

#include "domain/accounts/policy.h"

namespace motcua::accounts {
namespace {

Principal staff(std::initializer_list<Role> roles) {
  Principal p;
  p.kind = Kind::staff;
  for (auto r : roles) p.grants.push_back({r, "000.01.25.H56", ""});
  return p;
}

TEST(LandingPage, OfficersLandOnTheirWork) {
  for (auto r : {Role::desk, Role::specialist, Role::leader, Role::post, Role::supervisor}) EXPECT_EQ(landing_page(staff({r})), "/can-bo");
  EXPECT_EQ(landing_page(staff({Role::admin, Role::desk})), "/can-bo");  // work first
  EXPECT_EQ(landing_page(staff({Role::admin})), "/quan-tri/nguoi-dung");
  EXPECT_EQ(landing_page(staff({Role::catalog})), "/quan-tri/thu-tuc");
  EXPECT_EQ(landing_page(staff({})), "/");
}

TEST(LandingPage, CitizensAndOrganisationsLandOnTheHomePage) {
  Principal c;
  c.kind = Kind::citizen;
  EXPECT_EQ(landing_page(c), "/");
  c.kind = Kind::organisation;
  EXPECT_EQ(landing_page(c), "/");
  EXPECT_EQ(landing_page(Principal{}), "/");
}

}  // namespace
}  // namespace motcua::accounts
