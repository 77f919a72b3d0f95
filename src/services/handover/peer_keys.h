// The deployment's own Ed25519 key and its pinned peers, for signed hand-over requests (liên thông;
// domain/handover/handover.h). libsodium.
//
// Contract
// - PeerKey::load_or_create(file): the key file holds base64 of the 64-byte Ed25519 secret key; a missing file
//   is created with a fresh key (mode 0600, written to a temporary file then renamed). A damaged file throws.
// - sign(msg) → base64 signature; verify(public key (32 raw bytes), msg, base64 signature).
// - load_peers(file): {"<peer id>": {"name": "Tỉnh …", "url": "https://…", "public_key": "<base64 of 32 bytes>"}};
//   "" → no peers (hand-over off). A peer without a valid key or URL throws (the server refuses to start
//   with a half-configured peer rather than trusting it).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace motcua::services {

struct Peer {
  std::string id, name, url;
  std::string public_key;  // 32 raw bytes
};

class PeerKey {
 public:
  static PeerKey load_or_create(const std::string& file);
  std::string public_key_b64() const;
  std::string sign(std::string_view msg) const;
  static bool verify(const std::string& public_key, std::string_view msg, const std::string& signature_b64);

 private:
  std::string secret_, public_;  // 64 and 32 raw bytes
};

std::map<std::string, Peer> load_peers(const std::string& file);
std::string base64(std::string_view bytes);
std::optional<std::string> unbase64(std::string_view text);

}  // namespace motcua::services
