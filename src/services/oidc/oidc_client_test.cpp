// OIDC relying party against the local test provider (tests/support/oidc-provider.mjs, started as a child
// process with node from PATH): discovery, PKCE authorization, code exchange, ID-token verification, and
// every deliberately bad token refused with its code. Flow storage runs on SQLite and PostgreSQL.
#include "services/oidc/oidc_client.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "domain/errors.h"
#include "services/oidc/jwt.h"
#include "support/test_db.h"

using namespace motcua;
using namespace motcua::oidc;

namespace {

// The provider process, started once per test binary on first use and stopped at exit.
class Provider {
 public:
  Provider() {
    dir_ = std::filesystem::temp_directory_path() / ("motcua-oidc-" + motcua::testing::random_suffix());
    std::filesystem::create_directories(dir_);
    std::string script = std::string(MOTCUA_SOURCE_DIR) + "/tests/support/oidc-provider.mjs";
    std::string port_file = (dir_ / "port").string();
    std::vector<std::string> args = {"node", script, "--port", "0", "--port-file", port_file,
                                     "--client", "motcua:motcua-secret", "--client", "motcua-public:"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      int devnull = open("/dev/null", O_WRONLY);
      if (devnull >= 0) dup2(devnull, STDOUT_FILENO);
      execvp("node", argv.data());
      _exit(127);
    }
    if (pid_ < 0) throw std::runtime_error("fork failed");
    for (int i = 0; i < 300; ++i) {  // up to 15 s
      std::ifstream in(port_file);
      if (in >> port_) break;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("oidc-provider.mjs exited at start (is node on PATH?)");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!port_) throw std::runtime_error("oidc-provider.mjs did not write its port");
  }
  ~Provider() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string issuer() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

Provider& provider() {
  static Provider p;
  return p;
}

size_t collect(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

struct Reply {
  long status = 0;
  std::string body, location;
};

// Plain HTTP for driving the provider like a browser would (redirects are not followed).
Reply http(const std::string& url, bool post = false) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> c(curl_easy_init(), curl_easy_cleanup);
  Reply r;
  curl_easy_setopt(c.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(c.get(), CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c.get(), CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(c.get(), CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c.get(), CURLOPT_WRITEDATA, &r.body);
  if (post) curl_easy_setopt(c.get(), CURLOPT_POSTFIELDS, "");
  if (curl_easy_perform(c.get()) != CURLE_OK) throw std::runtime_error("request failed: " + url);
  curl_easy_getinfo(c.get(), CURLINFO_RESPONSE_CODE, &r.status);
  char* loc = nullptr;
  if (curl_easy_getinfo(c.get(), CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc) r.location = loc;
  return r;
}

std::string query_param(const std::string& url, const std::string& name) {
  size_t q = url.find('?');
  if (q == std::string::npos) return "";
  std::string rest = url.substr(q + 1);
  size_t pos = 0;
  while (pos <= rest.size()) {
    size_t amp = rest.find('&', pos);
    std::string part = rest.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (part.rfind(name + "=", 0) == 0) {
      int len = 0;
      char* raw = curl_easy_unescape(nullptr, part.c_str() + name.size() + 1, 0, &len);
      std::string v(raw, static_cast<size_t>(len));
      curl_free(raw);
      return v;
    }
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return "";
}

nlohmann::json stats() { return nlohmann::json::parse(http(provider().issuer() + "/test/stats").body); }

OidcConfig config(const std::string& client_id = "motcua", const std::string& secret = "motcua-secret") {
  OidcConfig c;
  c.issuer = provider().issuer();
  c.client_id = client_id;
  c.client_secret = secret;
  c.redirect_uri = "http://127.0.0.1:9/auth/oidc/callback";
  return c;
}

// begin() → provider /authorize with login_hint&auto=1 → code and state from the Location header.
struct Authorized {
  AuthRequest request;
  std::string code;
  FlowEntry flow;
};
Authorized authorize(OidcClient& client, const std::string& id_number) {
  Authorized a;
  a.request = client.begin({{"login_hint", id_number}, {"auto", "1"}});
  Reply r = http(a.request.authorization_url);
  EXPECT_EQ(r.status, 302) << r.body;
  EXPECT_EQ(r.location.rfind(client.config().redirect_uri + "?", 0), 0u) << r.location;
  a.code = query_param(r.location, "code");
  EXPECT_EQ(query_param(r.location, "state"), a.request.state);
  a.flow = FlowEntry{a.request.state, a.request.nonce, a.request.code_verifier, "/", 0};
  return a;
}

std::string error_code(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const DomainError& e) {
    return e.code();
  }
  return "";
}

TEST(OidcClientTest, DiscoveryReadsTheProviderAndChecksItsIssuer) {
  OidcClient client(config());
  ProviderMetadata m = client.discover();
  EXPECT_EQ(m.issuer, provider().issuer());
  EXPECT_EQ(m.token_endpoint, provider().issuer() + "/token");
  EXPECT_EQ(m.jwks_uri, provider().issuer() + "/jwks");
  OidcConfig other = config();
  other.issuer = "http://localhost:" + provider().issuer().substr(provider().issuer().rfind(':') + 1);
  OidcClient mismatched(other);
  EXPECT_EQ(error_code([&] { mismatched.discover(); }), "oidc_discovery_invalid");
}

TEST(OidcClientTest, ConfigurationMustUseHttpsOutsideLoopback) {
  OidcConfig c = config();
  c.issuer = "http://sso.example.gov.vn";
  EXPECT_THROW(OidcClient{c}, std::invalid_argument);
  c.issuer = "https://sso.example.gov.vn";
  EXPECT_NO_THROW(OidcClient{c});
  c.redirect_uri = "";
  EXPECT_THROW(OidcClient{c}, std::invalid_argument);
}

TEST(OidcClientTest, UnreachableProviderIsReportedAsUnavailable) {
  OidcConfig c = config();
  c.issuer = "http://127.0.0.1:1";
  OidcClient client(c);
  EXPECT_EQ(error_code([&] { client.discover(); }), "oidc_provider_unavailable");
}

TEST(OidcClientTest, BeginBuildsAPkceAuthorizationUrl) {
  // RFC 7636 appendix B.
  EXPECT_EQ(pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  OidcClient client(config());
  AuthRequest a = client.begin(), b = client.begin();
  EXPECT_EQ(a.code_verifier.size(), 43u);
  EXPECT_NE(a.state, b.state);
  EXPECT_NE(a.nonce, b.nonce);
  EXPECT_NE(a.state, a.nonce);
  EXPECT_NE(a.code_verifier, b.code_verifier);
  const std::string& u = a.authorization_url;
  EXPECT_EQ(u.rfind(provider().issuer() + "/authorize?", 0), 0u) << u;
  EXPECT_EQ(query_param(u, "response_type"), "code");
  EXPECT_EQ(query_param(u, "client_id"), "motcua");
  EXPECT_EQ(query_param(u, "redirect_uri"), "http://127.0.0.1:9/auth/oidc/callback");
  EXPECT_EQ(query_param(u, "scope"), "openid profile");
  EXPECT_EQ(query_param(u, "state"), a.state);
  EXPECT_EQ(query_param(u, "nonce"), a.nonce);
  EXPECT_EQ(query_param(u, "code_challenge"), pkce_challenge(a.code_verifier));
  EXPECT_EQ(query_param(u, "code_challenge_method"), "S256");
  // The login page lists the test identities.
  Reply page = http(u);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Nguyễn Văn An"), std::string::npos);
  EXPECT_NE(page.body.find("038305012345"), std::string::npos);
}

TEST(OidcClientTest, FullFlowReturnsTheVerifiedIdentity) {
  OidcClient client(config());
  Authorized a = authorize(client, "001090000001");
  ASSERT_FALSE(a.code.empty());
  IdentityClaims id = client.finish(a.code, a.flow);
  EXPECT_EQ(id.id_number, "001090000001");
  EXPECT_EQ(id.name, "Nguyễn Văn An");
  EXPECT_EQ(id.sub.rfind("vneid-", 0), 0u);
  EXPECT_EQ(id.raw["iss"], provider().issuer());
  EXPECT_EQ(id.raw["aud"], "motcua");
  EXPECT_EQ(stats()["last_token_auth"], "client_secret_basic");
}

TEST(OidcClientTest, FallsBackToPreferredUsernameWhenItIsTwelveDigits) {
  OidcClient client(config());
  Authorized a = authorize(client, "079201000123");
  IdentityClaims id = client.finish(a.code, a.flow);
  EXPECT_FALSE(id.raw.contains("id_number"));
  EXPECT_EQ(id.id_number, "079201000123");
  EXPECT_EQ(id.name, "Lê Hoàng Cường");
  // A provider whose number claim has another name: when it is absent, preferred_username still serves.
  OidcConfig c = config();
  c.id_number_claim = "so_dinh_danh";
  OidcClient renamed(c);
  Authorized b = authorize(renamed, "038305012345");
  EXPECT_EQ(renamed.finish(b.code, b.flow).id_number, "038305012345");  // via preferred_username
}

TEST(OidcClientTest, PublicClientSendsItsIdInTheBody) {
  OidcClient client(config("motcua-public", ""));
  Authorized a = authorize(client, "038305012345");
  IdentityClaims id = client.finish(a.code, a.flow);
  EXPECT_EQ(id.id_number, "038305012345");
  EXPECT_EQ(id.name, "Trần Thị Bình");
  EXPECT_EQ(stats()["last_token_auth"], "none");
}

TEST(OidcClientTest, CodeIsSingleUseAndBoundToTheVerifier) {
  OidcClient client(config());
  Authorized a = authorize(client, "001090000001");
  EXPECT_NO_THROW(client.finish(a.code, a.flow));
  EXPECT_EQ(error_code([&] { client.finish(a.code, a.flow); }), "oidc_token_refused");
  Authorized b = authorize(client, "001090000001");
  FlowEntry wrong = b.flow;
  wrong.code_verifier = client.begin().code_verifier;  // another flow's verifier
  EXPECT_EQ(error_code([&] { client.finish(b.code, wrong); }), "oidc_token_refused");
  EXPECT_EQ(error_code([&] { client.finish("", b.flow); }), "oidc_token_refused");
}

TEST(OidcClientTest, WrongClientSecretIsRefused) {
  OidcClient client(config("motcua", "not-the-secret"));
  Authorized a = authorize(client, "001090000001");
  EXPECT_EQ(error_code([&] { client.finish(a.code, a.flow); }), "oidc_token_refused");
}

TEST(OidcClientTest, JwksIsCachedAndRefetchedOnceForAnUnknownKid) {
  OidcClient client(config());
  int before = stats()["jwks"];
  for (int i = 0; i < 2; ++i) {
    Authorized a = authorize(client, "001090000001");
    client.finish(a.code, a.flow);
  }
  EXPECT_EQ(stats()["jwks"].get<int>(), before + 1);
  Authorized a = authorize(client, "001090000001");
  ASSERT_EQ(http(provider().issuer() + "/test/next?mode=unknown_kid", true).status, 204);
  EXPECT_EQ(error_code([&] { client.finish(a.code, a.flow); }), kJwtUnknownKey);
  EXPECT_EQ(stats()["jwks"].get<int>(), before + 2);
}

// Each deliberately bad ID token from the provider is refused with its own code.
class OidcBadTokenTest : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(OidcBadTokenTest, IsRefused) {
  const auto& [mode, expected] = GetParam();
  OidcClient client(config());
  Authorized a = authorize(client, "001090000001");
  ASSERT_EQ(http(provider().issuer() + "/test/next?mode=" + mode, true).status, 204);
  try {
    client.finish(a.code, a.flow);
    ADD_FAILURE() << mode << ": accepted";
  } catch (const DomainError& e) {
    EXPECT_EQ(e.code(), expected) << mode;
    EXPECT_EQ(e.kind(), ErrorKind::unauthorized);
  }
  // The mode applied once: the next sign-in works again.
  Authorized b = authorize(client, "001090000001");
  EXPECT_EQ(client.finish(b.code, b.flow).id_number, "001090000001");
}

INSTANTIATE_TEST_SUITE_P(Modes, OidcBadTokenTest,
                         ::testing::Values(std::pair<std::string, std::string>{"bad_signature", kJwtBadSignature},
                                           std::pair<std::string, std::string>{"wrong_audience", kJwtWrongAudience},
                                           std::pair<std::string, std::string>{"wrong_nonce", kJwtWrongNonce},
                                           std::pair<std::string, std::string>{"wrong_issuer", kJwtWrongIssuer},
                                           std::pair<std::string, std::string>{"expired", kJwtExpired},
                                           std::pair<std::string, std::string>{"not_yet_valid", kJwtNotYetValid},
                                           std::pair<std::string, std::string>{"alg_none", kJwtUnsupportedAlg},
                                           std::pair<std::string, std::string>{"hs256", kJwtUnsupportedAlg},
                                           std::pair<std::string, std::string>{"unknown_kid", kJwtUnknownKey}),
                         [](const auto& info) { return info.param.first; });

class OidcFlowStoreTest : public motcua::testing::DialectTest {};

TEST_P(OidcFlowStoreTest, FlowsAreSingleUseAndExpireAfterTenMinutes) {
  const int64_t t0 = 1'750'000'000'000;
  AuthRequest a{"", "state-a", "nonce-a", "verifier-a"};
  save_flow(db(), a, "/ho-so/cua-toi?trang=2", t0);
  FlowEntry f = take_flow(db(), "state-a", t0 + 1000);
  EXPECT_EQ(f.state, "state-a");
  EXPECT_EQ(f.nonce, "nonce-a");
  EXPECT_EQ(f.code_verifier, "verifier-a");
  EXPECT_EQ(f.return_to, "/ho-so/cua-toi?trang=2");
  EXPECT_EQ(f.created_at, t0);
  EXPECT_EQ(error_code([&] { take_flow(db(), "state-a", t0 + 2000); }), "oidc_state_unknown");
  EXPECT_EQ(error_code([&] { take_flow(db(), "", t0); }), "oidc_state_unknown");

  AuthRequest b{"", "state-b", "nonce-b", "verifier-b"};
  save_flow(db(), b, "/", t0);
  EXPECT_EQ(error_code([&] { take_flow(db(), "state-b", t0 + kFlowLifetimeMs + 1); }), "oidc_flow_expired");
  EXPECT_EQ(error_code([&] { take_flow(db(), "state-b", t0); }), "oidc_state_unknown");  // deleted anyway

  // Old flows are purged when new ones are saved.
  save_flow(db(), AuthRequest{"", "old", "n", "v"}, "/", t0);
  save_flow(db(), AuthRequest{"", "new", "n", "v"}, "/", t0 + kFlowLifetimeMs + 5000);
  EXPECT_EQ(db().query("SELECT COUNT(*) FROM oidc_flows").rows.at(0).i64(0), 1);
}

TEST_P(OidcFlowStoreTest, ReturnToIsKeptOnlyWhenLocal) {
  int i = 0;
  for (const auto& [given, kept] : std::vector<std::pair<std::string, std::string>>{
           {"/thu-tuc/1.000001", "/thu-tuc/1.000001"},
           {"//evil.example/x", "/"},
           {"/\\evil.example", "/"},
           {"https://evil.example/", "/"},
           {"", "/"},
           {"/a\r\nSet-Cookie: x=1", "/"}}) {
    std::string state = "s" + std::to_string(i++);
    save_flow(db(), AuthRequest{"", state, "n", "v"}, given);
    EXPECT_EQ(take_flow(db(), state).return_to, kept) << given;
  }
}

INSTANTIATE_TEST_SUITE_P(Dialects, OidcFlowStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
