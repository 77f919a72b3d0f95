#include "http/rate_limit.h"

#include <gtest/gtest.h>

using motcua::http::client_ip;
using motcua::http::RateLimiter;

TEST(RateLimiter, BurstThenSteadyRatePerKey) {
  RateLimiter l(2, 5);  // 2 per second, burst 5
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(l.allow("203.0.113.7", 1000));
  EXPECT_FALSE(l.allow("203.0.113.7", 1000));
  EXPECT_EQ(l.retry_after_seconds("203.0.113.7", 1000), 1);
  EXPECT_TRUE(l.allow("198.51.100.1", 1000));  // another client is not affected
  EXPECT_FALSE(l.allow("203.0.113.7", 1400));  // 0.8 token
  EXPECT_TRUE(l.allow("203.0.113.7", 1500));   // 1 token after 0.5 s
  EXPECT_FALSE(l.allow("203.0.113.7", 1500));
  EXPECT_TRUE(l.allow("203.0.113.7", 60000));  // refilled, capped at the burst
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(l.allow("203.0.113.7", 60000));
  EXPECT_FALSE(l.allow("203.0.113.7", 60000));
}

TEST(RateLimiter, DisabledAndBoundedMemory) {
  RateLimiter off(0, 10);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(off.allow("x", 0));
  RateLimiter l(1, 1);
  for (int i = 0; i < 100000; ++i) l.allow("10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256), int64_t{i} * 1000);
  // Old clients are full again and were dropped; a new one still gets its burst.
  EXPECT_TRUE(l.allow("192.0.2.1", 100000000));
}

TEST(ClientIp, OnlyTrustedProxiesAreBelieved) {
  std::vector<std::string> proxies = {"127.0.0.1", "10.0.0.5"};
  EXPECT_EQ(client_ip("198.51.100.9", "1.2.3.4", proxies), "198.51.100.9");  // not a proxy: header ignored
  EXPECT_EQ(client_ip("127.0.0.1", "203.0.113.7", proxies), "203.0.113.7");
  EXPECT_EQ(client_ip("127.0.0.1", "6.6.6.6, 203.0.113.7", proxies), "203.0.113.7");  // the left part is the client's own claim
  EXPECT_EQ(client_ip("127.0.0.1", "203.0.113.7, 10.0.0.5", proxies), "203.0.113.7");  // chained proxies
  EXPECT_EQ(client_ip("127.0.0.1", "", proxies), "127.0.0.1");
  EXPECT_EQ(client_ip("127.0.0.1", "<script>", proxies), "127.0.0.1");
  EXPECT_EQ(client_ip("127.0.0.1", "2001:db8::1", proxies), "2001:db8::1");
}
