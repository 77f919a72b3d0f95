// A client-credentials access token for the national platforms (the portal's sync endpoint, the data-sharing
// platform NDXP that fronts the population and business registration databases), as their integration guide
// describes: POST <token_url> `grant_type=client_credentials&client_id=…&client_secret=…` (form-encoded) →
// {"access_token", "expires_in"}.
//
// Contract: token() returns the cached token until a minute before it expires, or a fresh one when renew is
// true (the peer answered 401). Failures throw notify::SendError (transient). Thread-safe. The secret and the
// tokens are never logged.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>

namespace motcua::services {

class ClientCredentials {
 public:
  ClientCredentials(std::string token_url, std::string client_id, std::string client_secret, long timeout_s, std::string peer)
      : url_(std::move(token_url)), id_(std::move(client_id)), secret_(std::move(client_secret)), timeout_s_(timeout_s), peer_(std::move(peer)) {}
  std::string token(bool renew);

 private:
  std::string url_, id_, secret_;
  long timeout_s_;
  std::string peer_;
  std::mutex mu_;
  std::string token_;
  int64_t expires_at_ = 0;
};

}  // namespace motcua::services
