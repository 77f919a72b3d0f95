// Random identifiers and secrets for services (libsodium's CSPRNG): public ids that leave the server,
// session tokens, one-time codes.
#pragma once
#include <cstddef>
#include <string>

namespace motcua::services {

std::string random_token(size_t bytes);  // 2×bytes lower-case hex characters
std::string random_digits(size_t n);     // n decimal digits, uniformly distributed

}  // namespace motcua::services
