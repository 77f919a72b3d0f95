// Ed25519 keys of the deployment and its peers (see peer_keys.h).
#include "services/handover/peer_keys.h"

#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <cstring>
#include <stdexcept>

namespace motcua::services {

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> unbase64(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t n = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), " \n\r\t", &n, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  out.resize(n);
  return out;
}

PeerKey PeerKey::load_or_create(const std::string& file) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium init failed");
  PeerKey k;
  if (std::filesystem::exists(file)) {
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto raw = unbase64(text);
    if (!raw || raw->size() != crypto_sign_SECRETKEYBYTES) throw std::runtime_error("hand-over key file is damaged: " + file);
    k.secret_ = *raw;
    k.public_ = k.secret_.substr(crypto_sign_SECRETKEYBYTES - crypto_sign_PUBLICKEYBYTES);
    return k;
  }
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  k.secret_.assign(reinterpret_cast<char*>(sk), sizeof sk);
  k.public_.assign(reinterpret_cast<char*>(pk), sizeof pk);
  sodium_memzero(sk, sizeof sk);
  std::filesystem::create_directories(std::filesystem::path(file).parent_path());
  std::string tmp = file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << base64(k.secret_) << "\n";
    if (!out) throw std::runtime_error("cannot write the hand-over key " + tmp);
  }
  ::chmod(tmp.c_str(), 0600);
  std::filesystem::rename(tmp, file);
  return k;
}

std::string PeerKey::public_key_b64() const { return base64(public_); }

std::string PeerKey::sign(std::string_view msg) const {
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                       reinterpret_cast<const unsigned char*>(secret_.data()));
  return base64(std::string_view(reinterpret_cast<char*>(sig), sizeof sig));
}

bool PeerKey::verify(const std::string& public_key, std::string_view msg, const std::string& signature_b64) {
  auto sig = unbase64(signature_b64);
  if (!sig || sig->size() != crypto_sign_BYTES || public_key.size() != crypto_sign_PUBLICKEYBYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()), reinterpret_cast<const unsigned char*>(msg.data()),
                                     msg.size(), reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

std::map<std::string, Peer> load_peers(const std::string& file) {
  std::map<std::string, Peer> out;
  if (file.empty()) return out;
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read the peers file " + file);
  auto j = nlohmann::json::parse(in);
  for (const auto& [id, p] : j.items()) {
    Peer x;
    x.id = id;
    x.name = p.value("name", id);
    x.url = p.value("url", std::string());
    while (!x.url.empty() && x.url.back() == '/') x.url.pop_back();
    auto key = unbase64(p.value("public_key", std::string()));
    if (x.url.empty() || !key || key->size() != crypto_sign_PUBLICKEYBYTES) throw std::runtime_error("peer " + id + ": url and a 32-byte public_key are required");
    x.public_key = *key;
    out[id] = x;
  }
  return out;
}

}  // namespace motcua::services
