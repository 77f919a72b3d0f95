// Who is asking: the signed-in user (or nobody) with their roles, as the policy module sees them.
// Roles (DOMAIN/issue "Accounts"): desk (Bộ phận Một cửa), specialist (chuyên môn), leader (lãnh đạo),
// catalog (đầu mối kiểm soát TTHC), admin (quản trị, scoped to an agency subtree), post (bưu điện),
// supervisor (read-only over an agency subtree). A role is always granted at one agency (and optionally
// one unit inside it); it applies to that agency's whole subtree where the role is subtree-scoped.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::accounts {

enum class Role { desk, specialist, leader, catalog, admin, post, supervisor };
enum class Kind { anonymous, citizen, organisation, staff };

std::string_view to_string(Role r);
std::optional<Role> parse_role(std::string_view s);
std::string_view label_vi(Role r);  // "Bộ phận Một cửa", "Lãnh đạo" …
std::string_view to_string(Kind k);
std::optional<Kind> parse_kind(std::string_view s);
const std::vector<Role>& all_roles();

struct Grant {
  Role role;
  std::string agency;  // agency code
  std::string unit;    // unit code inside the agency, may be empty
};

struct Principal {
  Kind kind = Kind::anonymous;
  int64_t user_id = 0;
  std::string public_id;  // random, the only id that leaves the server
  std::string username;
  std::string full_name;
  std::vector<Grant> grants;
  bool national_id_verified = false;  // signed in through the national identity provider (VNeID)
  bool second_factor = false;         // this session passed TOTP

  bool signed_in() const { return kind != Kind::anonymous; }
  bool has_role(Role r) const;
  // Holds role r at exactly this agency (not above it): what acting on that agency's dossiers needs.
  bool holds(Role r, const std::string& agency) const;
  // Agencies at which the principal holds role r.
  std::vector<std::string> agencies_with(Role r) const;
};

}  // namespace motcua::accounts
