#include "domain/accounts/policy.h"

namespace motcua::accounts {

const std::vector<std::string>& known_policies() {
  static const std::vector<std::string> p = {"public", "ops", "enroll", "signed_in", "citizen", "staff",
                                             "catalog.admin", "users.admin", "agency.admin", "audit.read",
                                             "dossier.submit", "dossier.work", "ledger.read", "report.read",
                                             "deployment.admin", "sync.read", "payment.reconcile"};
  return p;
}

bool needs_second_factor(const Principal& who) { return who.has_role(Role::admin) || who.has_role(Role::leader); }

namespace {
bool scoped(const Principal& who, std::initializer_list<Role> roles, const Resource& res, const PolicyContext& ctx) {
  for (const auto& g : who.grants) {
    bool match = false;
    for (Role r : roles) match |= g.role == r;
    if (!match) continue;
    if (res.agency.empty()) return true;
    if (ctx.within && ctx.within(res.agency, g.agency)) return true;
  }
  return false;
}
}  // namespace

Decision decide(const std::string& policy, const Principal& who, const Resource& res, const PolicyContext& ctx) {
  if (policy == "public" || policy == "ops") return Decision::allow;
  bool known = false;
  for (const auto& p : known_policies()) known |= p == policy;
  if (!known) return Decision::unknown_policy;
  if (!who.signed_in()) return Decision::need_login;
  if (policy == "enroll") return Decision::allow;  // TOTP enrollment itself, reachable before the second factor
  if (who.kind == Kind::staff && ctx.require_second_factor && needs_second_factor(who) && !who.second_factor)
    return Decision::need_second_factor;
  if (policy == "signed_in") return Decision::allow;
  if (policy == "dossier.submit") {  // online by the applicant, or recorded at the desk / by the post office
    if (who.kind == Kind::citizen || who.kind == Kind::organisation) return Decision::allow;
    return who.has_role(Role::desk) || who.has_role(Role::post) ? Decision::allow : Decision::forbidden;
  }
  if (policy == "citizen") {
    if (who.kind != Kind::citizen && who.kind != Kind::organisation) return Decision::forbidden;
    if (res.owner_user_id != 0 && res.owner_user_id != who.user_id) return Decision::forbidden;
    return Decision::allow;
  }
  if (who.kind != Kind::staff) return Decision::forbidden;
  if (policy == "staff") return Decision::allow;
  if (policy == "catalog.admin") return scoped(who, {Role::catalog, Role::admin}, res, ctx) ? Decision::allow : Decision::forbidden;
  if (policy == "users.admin" || policy == "agency.admin")
    return scoped(who, {Role::admin}, res, ctx) ? Decision::allow : Decision::forbidden;
  if (policy == "dossier.work")  // the officers' workspace (inboxes, dossier processing)
    return scoped(who, {Role::desk, Role::specialist, Role::leader, Role::post, Role::supervisor}, res, ctx) ? Decision::allow : Decision::forbidden;
  if (policy == "ledger.read") return scoped(who, {Role::desk, Role::leader, Role::supervisor}, res, ctx) ? Decision::allow : Decision::forbidden;
  if (policy == "report.read")
    return scoped(who, {Role::desk, Role::specialist, Role::leader, Role::supervisor}, res, ctx) ? Decision::allow : Decision::forbidden;
  if (policy == "deployment.admin") {
    for (const auto& g : who.grants)
      if (g.role == Role::admin && ctx.top_level && ctx.top_level(g.agency)) return Decision::allow;
    return Decision::forbidden;
  }
  if (policy == "payment.reconcile")
    return scoped(who, {Role::desk, Role::leader, Role::supervisor, Role::admin}, res, ctx) ? Decision::allow : Decision::forbidden;
  if (policy == "sync.read") return scoped(who, {Role::supervisor, Role::admin}, res, ctx) ? Decision::allow : Decision::forbidden;
  if (policy == "audit.read") return scoped(who, {Role::supervisor, Role::admin}, res, ctx) ? Decision::allow : Decision::forbidden;
  return Decision::forbidden;
}

std::string_view landing_page(const Principal& who) {
  if (who.kind != Kind::staff) return "/";
  for (auto r : {Role::desk, Role::specialist, Role::leader, Role::post, Role::supervisor})
    if (who.has_role(r)) return "/can-bo";
  if (who.has_role(Role::admin)) return "/quan-tri/nguoi-dung";
  if (who.has_role(Role::catalog)) return "/quan-tri/thu-tuc";
  return "/";
}

}  // namespace motcua::accounts
