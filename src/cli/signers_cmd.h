// `motcua signers demo|add|list|revoke` (see signers_cmd.cpp).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "app/app.h"

namespace motcua::cli {

int signers_command(app::App& a, const std::vector<std::string>& rest, std::map<std::string, std::string>& opts);

}  // namespace motcua::cli
