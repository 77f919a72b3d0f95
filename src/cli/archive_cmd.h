// `motcua archive export|verify|import` (see archive_cmd.cpp).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "app/app.h"

namespace motcua::cli {

int archive_verify(const std::string& path);
int archive_import(app::App& a, const std::string& path, std::map<std::string, std::string>& opts);
int archive_export(app::App& a, const std::vector<std::string>& dossiers, std::map<std::string, std::string>& opts);

}  // namespace motcua::cli
