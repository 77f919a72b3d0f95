// Shipments: the moves, the reason on failure, S10 tracking numbers and the webhook's freshness.
#include "domain/post/shipment.h"

#include <gtest/gtest.h>

#include "domain/errors.h"

using namespace motcua::post;

TEST(Shipment, MovesFollowTheTable) {
  EXPECT_NO_THROW(check_move(State::requested, State::picked_up, false));
  EXPECT_NO_THROW(check_move(State::picked_up, State::delivered, false));
  EXPECT_NO_THROW(check_move(State::in_transit, State::failed, true));
  EXPECT_NO_THROW(check_move(State::failed, State::returned, false));
  EXPECT_NO_THROW(check_move(State::failed, State::in_transit, false));
  EXPECT_THROW(check_move(State::requested, State::delivered, false), motcua::DomainError);
  EXPECT_THROW(check_move(State::delivered, State::failed, true), motcua::DomainError);
  EXPECT_THROW(check_move(State::returned, State::in_transit, false), motcua::DomainError);
  try {
    check_move(State::in_transit, State::failed, false);
    FAIL();
  } catch (const motcua::DomainError& e) {
    EXPECT_EQ(e.code(), "reason_required");
  }
  for (auto s : {"requested", "picked_up", "in_transit", "delivered", "failed", "returned"}) EXPECT_EQ(to_string(*parse_state(s)), s);
  EXPECT_FALSE(parse_state("lost"));
}

TEST(Shipment, TrackingNumbersAreS10WithTheirCheckDigit) {
  // The UPU S10 example: serial 47312482 → check digit 9 (RR 47312482 9 GB).
  EXPECT_EQ(make_tracking(47312482), "EB473124829VN");
  EXPECT_TRUE(valid_tracking("EB473124829VN"));
  EXPECT_FALSE(valid_tracking("EB473124828VN"));
  EXPECT_FALSE(valid_tracking("eb473124829VN"));
  EXPECT_FALSE(valid_tracking("EB47312482VN"));
  for (int64_t s : {0LL, 1LL, 99999999LL, 12345678LL}) EXPECT_TRUE(valid_tracking(make_tracking(s))) << s;
}

TEST(Shipment, WebhookFreshness) {
  const int64_t now = 1'800'000'000'000;
  EXPECT_TRUE(fresh(now / 1000, now));
  EXPECT_TRUE(fresh(now / 1000 - 299, now));
  EXPECT_FALSE(fresh(now / 1000 - 301, now));
  EXPECT_FALSE(fresh(now / 1000 + 301, now));
}
