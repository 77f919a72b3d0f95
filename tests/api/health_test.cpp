#include <gtest/gtest.h>

#include "support/http_client.h"

using namespace motcua::testing;

TEST(ApiHealth, HealthzAndShutdown) {
  ServerProcess s;
  auto r = s.get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"ok"})");
  EXPECT_EQ(s.stop(), 0);
}
