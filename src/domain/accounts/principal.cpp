#include "domain/accounts/principal.h"

#include <algorithm>

namespace motcua::accounts {

const std::vector<Role>& all_roles() {
  static const std::vector<Role> r = {Role::desk,  Role::specialist, Role::leader,    Role::catalog,
                                      Role::admin, Role::post,       Role::supervisor};
  return r;
}

std::string_view to_string(Role r) {
  switch (r) {
    case Role::desk: return "desk";
    case Role::specialist: return "specialist";
    case Role::leader: return "leader";
    case Role::catalog: return "catalog";
    case Role::admin: return "admin";
    case Role::post: return "post";
    case Role::supervisor: return "supervisor";
  }
  return "";
}

std::optional<Role> parse_role(std::string_view s) {
  for (Role r : all_roles())
    if (to_string(r) == s) return r;
  return std::nullopt;
}

std::string_view label_vi(Role r) {
  switch (r) {
    case Role::desk: return "Bộ phận Một cửa";
    case Role::specialist: return "Công chức chuyên môn";
    case Role::leader: return "Lãnh đạo";
    case Role::catalog: return "Đầu mối kiểm soát TTHC";
    case Role::admin: return "Quản trị hệ thống";
    case Role::post: return "Bưu điện";
    case Role::supervisor: return "Giám sát";
  }
  return "";
}

std::string_view to_string(Kind k) {
  switch (k) {
    case Kind::anonymous: return "anonymous";
    case Kind::citizen: return "citizen";
    case Kind::organisation: return "organisation";
    case Kind::staff: return "staff";
  }
  return "";
}

std::optional<Kind> parse_kind(std::string_view s) {
  for (Kind k : {Kind::anonymous, Kind::citizen, Kind::organisation, Kind::staff})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

bool Principal::holds(Role r, const std::string& agency) const {
  if (kind != Kind::staff || agency.empty()) return false;
  for (const auto& g : grants)
    if (g.role == r && g.agency == agency) return true;
  return false;
}

bool Principal::has_role(Role r) const {
  return std::any_of(grants.begin(), grants.end(), [&](const Grant& g) { return g.role == r; });
}

std::vector<std::string> Principal::agencies_with(Role r) const {
  std::vector<std::string> out;
  for (const auto& g : grants)
    if (g.role == r) out.push_back(g.agency);
  return out;
}

}  // namespace motcua::accounts
