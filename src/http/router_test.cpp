#include "http/router.h"

#include <gtest/gtest.h>

#include "domain/errors.h"
#include "http/middleware.h"

using namespace motcua;
using namespace motcua::http;

TEST(Router, ParamsMethodsAndErrors) {
  Router r;
  r.add("GET", "/api/v1/procedures/{code}", "public", [](Request& q) { return Response::text(200, q.params["code"]); });
  r.add("GET", "/static/{path*}", "public", [](Request& q) { return Response::text(200, q.params["path"]); });
  r.add("POST", "/x", "public", [](Request&) -> Response { throw DomainError(ErrorKind::conflict, "c", "Xung đột"); });
  r.add("GET", "/boom", "public", [](Request&) -> Response { throw std::runtime_error("secret detail"); });
  Request q;
  q.method = "GET";
  q.path = "/api/v1/procedures/1.001193";
  EXPECT_EQ(r.dispatch(q).body, "1.001193");
  q.path = "/static/css/app.css";
  EXPECT_EQ(r.dispatch(q).body, "css/app.css");
  q.method = "HEAD";
  EXPECT_EQ(r.dispatch(q).status, 200);
  q.method = "DELETE";
  q.path = "/x";
  auto res = r.dispatch(q);
  EXPECT_EQ(res.status, 405);
  q.method = "POST";
  res = r.dispatch(q);
  EXPECT_EQ(res.status, 409);
  EXPECT_NE(res.body.find("Xung đột"), std::string::npos);
  q.method = "GET";
  q.path = "/boom";
  res = r.dispatch(q);
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.body.find("secret"), std::string::npos);
  q.path = "/nothing";
  EXPECT_EQ(r.dispatch(q).status, 404);
  q.path = "/api/v1/procedures/";
  EXPECT_EQ(r.dispatch(q).status, 404);
}

TEST(Router, EveryRouteNeedsAPolicy) {
  Router r;
  EXPECT_THROW(r.add("GET", "/x", "", [](Request&) { return Response{}; }), std::logic_error);
}

TEST(Router, AuthorizerCanRefuse) {
  Router r;
  r.add("GET", "/admin", "catalog.admin", [](Request&) { return Response::text(200, "ok"); });
  r.set_authorizer([](Request&, const Route& rt) -> std::optional<Response> {
    if (rt.policy == "catalog.admin") return Response::text(403, "no");
    return std::nullopt;
  });
  Request q;
  q.method = "GET";
  q.path = "/admin";
  EXPECT_EQ(r.dispatch(q).status, 403);
}

TEST(Http, UrlencodedAndCookies) {
  auto kv = parse_urlencoded("q=%C4%91%C4%83ng+k%C3%BD&page=2&empty=&flag");
  ASSERT_EQ(kv.size(), 4u);
  EXPECT_EQ(kv[0].second, "đăng ký");
  EXPECT_EQ(kv[1].second, "2");
  EXPECT_EQ(kv[3].first, "flag");
  EXPECT_EQ(percent_decode("%zz%4", false), "%zz%4");
  Request q;
  q.headers["cookie"] = "a=1; motcua_csrf=abc; b=2";
  EXPECT_EQ(q.cookie("motcua_csrf"), "abc");
  EXPECT_FALSE(q.cookie("c"));
}

TEST(Http, FinalizeAddsSecurityHeadersAndGzip) {
  Request q;
  q.method = "GET";
  q.headers["Accept-Encoding"] = "gzip, br";
  Response r = Response::html(200, std::string(5000, 'a'));
  finalize(q, r);
  bool csp = false, gz = false, nosniff = false;
  for (auto& [k, v] : r.headers) {
    if (k == "Content-Security-Policy") csp = v.find("script-src 'self'") != std::string::npos && v.find("frame-ancestors 'none'") != std::string::npos;
    if (k == "Content-Encoding") gz = v == "gzip";
    if (k == "X-Content-Type-Options") nosniff = v == "nosniff";
  }
  EXPECT_TRUE(csp);
  EXPECT_TRUE(gz);
  EXPECT_TRUE(nosniff);
  EXPECT_LT(r.body.size(), 200u);
}
