// The one policy module: decides every access by (policy × principal × resource).
//
// A route declares a policy name; handlers that touch a specific record ask again with the record as
// the resource (owner, agency). Decisions:
//   allow; need_login (401 for APIs, redirect to the sign-in page for browsers); forbidden (403);
//   need_second_factor (signed in, but the role requires TOTP in this session).
//
// Policies:
//   public            anyone
//   ops               loopback clients only (decided by the app, not here: allow for everyone here)
//   enroll            any signed-in user, even before the second factor (TOTP enrollment, sign-out)
//   signed_in         any signed-in user
//   citizen           a citizen or organisation account, on its own records (resource.owner_user_id)
//   staff             any staff account
//   catalog.admin     role catalog or admin (any agency)
//   users.admin       role admin, and the resource agency (if any) within one of the admin's agencies
//   agency.admin      role admin, resource agency within the admin's agencies (calendars, holidays)
//   audit.read        role supervisor or admin, resource agency within their agencies
//   deployment.admin  role admin at a top-level agency (a province: PolicyContext::top_level) — things
//                     that belong to the whole deployment, e.g. the scheduled jobs
//   dossier.submit    a citizen or organisation (online), or a desk / post officer (intake); the service
//                     checks the rest (own uploads, agency of the desk)
//   dossier.work      role desk, specialist, leader, post or supervisor (the officers' workspace); the
//                     dossier service checks each dossier's agency
//   ledger.read       role desk, leader or supervisor (Sổ theo dõi hồ sơ); the service checks the agency
//   report.read       role desk, specialist, leader or supervisor, resource agency within their agencies
//                     (the periodic handling report of an agency subtree; services/reports)
//   sync.read         role supervisor or admin, resource agency within their agencies (the national portal
//                     sync's reconciliation; resending a payload needs agency.admin of its agency)
//   payment.reconcile role desk, leader, supervisor or admin, resource agency within their agencies (the
//                     daily reconciliation of online payments against the fee ledger; services/payments)
// Staff roles admin and leader need the second factor (unless the deployment is in demo mode).
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/accounts/principal.h"

namespace motcua::accounts {

enum class Decision { allow, need_login, need_second_factor, forbidden, unknown_policy };

struct Resource {
  int64_t owner_user_id = 0;  // 0 = no owner
  std::string agency;         // agency code the record belongs to ("" = none)
};

// within(code, ancestor): true when agency `code` is `ancestor` or below it.
using WithinFn = std::function<bool(const std::string& code, const std::string& ancestor)>;

struct PolicyContext {
  WithinFn within;
  std::function<bool(const std::string& code)> top_level;  // the agency has no parent
  bool require_second_factor = true;  // false in demo mode
};

Decision decide(const std::string& policy, const Principal& who, const Resource& res, const PolicyContext& ctx);
const std::vector<std::string>& known_policies();
bool needs_second_factor(const Principal& who);

// Where a person lands after signing in when no page was asked for: an officer with dossier work (desk,
// specialist, leader, post, supervisor) on the workspace "/can-bo"; an administrator on the users page; a
// catalog officer on the catalog admin; anyone else (citizens, organisations) on the home page "/".
std::string_view landing_page(const Principal& who);

}  // namespace motcua::accounts
