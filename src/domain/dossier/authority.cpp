#include "domain/dossier/authority.h"

#include <string>

#include "domain/errors.h"

namespace motcua::dossier {
namespace {

using accounts::Kind;
using accounts::Principal;
using accounts::Role;

bool holds(const Principal& who, Role r, const std::string& agency) { return who.holds(r, agency); }

// The agency whose officers act for `actor` on action `a` now ("" = nobody of that role).
bool qualifies(Action a, Actor actor, const Holding& h, const Principal& who) {
  const Status s = h.status;
  switch (actor) {
    case Actor::applicant:
      return (who.kind == Kind::citizen || who.kind == Kind::organisation) && h.applicant_user_id != 0 &&
             h.applicant_user_id == who.user_id;
    case Actor::desk:
      // At the desk: everything in its column of the table, except that once the dossier has gone to
      // processing (4–6) the desk no longer transfers or stops it — the competent agency holds it.
      if ((a == Action::transfer || a == Action::stop) && s != Status::accepted) return false;
      return holds(who, Role::desk, h.receiving_agency);
    case Actor::post:
      return holds(who, Role::post, h.receiving_agency);
    case Actor::specialist:
    case Actor::leader: {
      Role r = actor == Actor::leader ? Role::leader : Role::specialist;
      if (a == Action::reply) {
        for (const auto& q : h.open_consultations)
          if (q.asked_by != who.username && holds(who, r, q.agency)) return true;
        return false;
      }
      // While accepted and still at the desk (2), only the desk hands it over or stops it.
      if (s == Status::accepted) return false;
      return holds(who, r, h.competent_agency);
    }
    case Actor::system:
      return false;  // never a person
  }
  return false;
}

constexpr Actor kPersonActors[] = {Actor::desk, Actor::specialist, Actor::leader, Actor::post, Actor::applicant};

}  // namespace

std::optional<Actor> acting_role(Action a, const Holding& h, const Principal& who) {
  if (!who.signed_in()) return std::nullopt;
  for (Actor actor : kPersonActors)
    if (permitted(a, actor) && qualifies(a, actor, h, who)) return actor;
  return std::nullopt;
}

Decision decide(Action a, const Holding& h, const Principal& who, const Context& ctx) {
  if (!allowed_from(a, h.status)) check(a, h.status, Actor::system, ctx);  // throws illegal_transition (409)
  if (a == Action::reply && h.open_consultations.empty())
    throw DomainError(ErrorKind::conflict, "no_consultation", "Hồ sơ không có yêu cầu xin ý kiến nào đang chờ trả lời.");
  auto actor = acting_role(a, h, who);
  if (!actor)
    throw DomainError(ErrorKind::forbidden, "not_your_step",
                      "Bạn không có quyền thực hiện thao tác \"" + std::string(label_vi(a)) +
                          "\" với hồ sơ này: thao tác do cán bộ của cơ quan, bộ phận đang giữ hồ sơ ở bước này thực hiện.");
  return {*actor, check(a, h.status, *actor, ctx)};
}

std::vector<Action> available(const Holding& h, const Principal& who, const Context& ctx) {
  std::vector<Action> out;
  for (Action a : all_actions()) {
    if (!allowed_from(a, h.status)) continue;
    auto actor = acting_role(a, h, who);
    if (!actor) continue;
    if (a == Action::apologize && ctx.apologies_so_far >= 1) continue;
    if (a == Action::approve && !ctx.has_result) continue;
    if (a == Action::supply && *actor == Actor::applicant && h.supplement_received) continue;
    out.push_back(a);
  }
  return out;
}

Status system_may(Action a, Status current, const Context& ctx) { return check(a, current, Actor::system, ctx); }

}  // namespace motcua::dossier
