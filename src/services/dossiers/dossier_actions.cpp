// DossierService::act — the skeleton every processing action shares (see dossier_service.h for the body
// fields, state_machine.h for the table, authority.h for who may act): one transaction per action —
// load, read access, who may act (domain), the action's effect (dossier_effects.cpp), the UPDATE guarded
// by the row version, the history row, the audit row, the message to the applicant (outbox). Any throw
// leaves the dossier unchanged and no message.
#include <set>

#include "domain/dossier/state_machine.h"
#include "domain/archive/package.h"
#include "domain/format.h"
#include "services/archive/archive_service.h"
#include "services/dossiers/dossier_effects.h"
#include "services/dossiers/dossier_internal.h"

namespace motcua::services {

using nlohmann::json;
using accounts::Kind;
using accounts::Principal;
using accounts::Role;
using namespace dossier_detail;

namespace dossier_detail {
std::string unit_of(const Principal& who, dossier::Actor actor, const std::string& agency) {
  std::optional<Role> role;
  switch (actor) {
    case dossier::Actor::desk: role = Role::desk; break;
    case dossier::Actor::specialist: role = Role::specialist; break;
    case dossier::Actor::leader: role = Role::leader; break;
    case dossier::Actor::post: role = Role::post; break;
    default: break;
  }
  if (role && who.kind == Kind::staff)
    for (const auto& g : who.grants)
      if (g.role == *role && g.agency == agency) return g.unit;
  return "";
}
}  // namespace dossier_detail


DossierView DossierService::act(const std::string& id, const std::string& action_name, const json& body, const Principal& who, const std::string& ip) {
  return act_impl(id, action_name, body, who, ip, false);
}

void DossierService::act_as_system(const std::string& id, const std::string& action_name, const json& body) {
  act_impl(id, action_name, body, system_principal(), "", true);
}

accounts::Principal DossierService::system_principal() {
  accounts::Principal p;
  p.kind = Kind::staff;  // never signed in through any route: only the job runner holds it
  p.username = "system";
  p.full_name = "Hệ thống";
  return p;
}

DossierView DossierService::act_impl(const std::string& id, const std::string& action_name, const json& body, const Principal& who, const std::string& ip,
                              bool as_system) {
  using A = dossier::Action;
  auto action = dossier::parse_action(action_name);
  if (!action) throw DomainError(ErrorKind::not_found, "unknown_action", "Không có thao tác \"" + action_name + "\".");
  if (!body.is_object()) throw DomainError(ErrorKind::bad_input, "bad_json", "Nội dung yêu cầu phải là một đối tượng JSON.");
  std::optional<int64_t> expected;
  if (body.contains("row_version")) {
    if (!body["row_version"].is_number_integer())
      throw DomainError(ErrorKind::invalid, "bad_version", "Số phiên bản hồ sơ không hợp lệ.", {{"row_version", "Không hợp lệ."}});
    expected = body["row_version"].get<int64_t>();
  }
  if (!as_system && *action == A::accept) return accept(id, who, ip, expected);
  if (!as_system && *action == A::refuse) return refuse(id, str(body, "reason"), who, ip, expected);
  std::string reason = str(body, "reason"), note = str(body, "note");
  if (text::length(reason) > 2000 || text::length(note) > 2000) throw DomainError(ErrorKind::invalid, "too_long", "Lý do/ghi chú tối đa 2000 ký tự.");
  std::string pid;
  db_.write([&](store::Conn& c) { pid = act_tx(c, id, *action, action_name, body, reason, note, expected, who, ip, as_system); });
  if (as_system) return {};
  return view(pid, who);
}

void DossierService::act_in(store::Conn& c, const std::string& id, const std::string& action_name, const json& body, const Principal& who,
                            const std::string& ip, bool as_system) {
  auto action = dossier::parse_action(action_name);
  if (!action) throw DomainError(ErrorKind::not_found, "unknown_action", "Không có thao tác \"" + action_name + "\".");
  act_tx(c, id, *action, action_name, body, str(body, "reason"), str(body, "note"), std::nullopt, who, ip, as_system);
}

std::string DossierService::act_tx(store::Conn& c, const std::string& id, dossier::Action action_v, const std::string& action_name, const json& body,
                                   const std::string& reason, const std::string& note, std::optional<int64_t> expected, const Principal& who,
                                   const std::string& ip, bool as_system) {
    const auto* action = &action_v;
    int64_t now = fmt::now_ms();
    Row r = load(c, id);
    if (!as_system && !can_read(r, who)) throw not_found();
    auto st = dossier::status_from_code(static_cast<int>(r.status));
    if (!st) throw DomainError(ErrorKind::conflict, "not_submitted", "Hồ sơ chưa được nộp.");
    if (expected && *expected != r.row_version) throw stale();
    dossier::Context ctx = r.context(!reason.empty());
    // Who may act is decided once, in src/domain/dossier/authority.h; a person never acts as the system.
    dossier::Decision d = as_system ? dossier::Decision{dossier::Actor::system, dossier::system_may(*action, *st, ctx)}
                                    : dossier::decide(*action, r.holding(), who, ctx);
    int64_t to = dossier::code(d.next);
    const std::string& acting_agency = d.actor == dossier::Actor::desk || d.actor == dossier::Actor::post ? r.agency_code : r.competent();
    auto ag = agencies_.snapshot();
    ActionScope s{c, r, body, who, *action, d.actor, now, reason, note, *ag, catalog_, calendar_,
                  [&](const json& docs, const json& components, int64_t owner, const std::string& source) {
                    insert_documents(c, r.id, docs, components, owner, source, now);
                  }};
    s.payments = payments_;
    s.signing = signing_;
    s.store = store_;
    s.post = post_;
    s.h = {who.username, std::string(dossier::to_string(d.actor)), unit_of(who, d.actor, acting_agency), action_name, r.status, to,
           reason.empty() ? note : reason, "", ""};
    if (auto sub = dossier::substate_after(*action)) s.ch.set("substate", std::string(dossier::to_string(*sub)));
    effect_of(*action)(s);
    std::string sql = "UPDATE dossiers SET status = $2, updated_at = $3, row_version = row_version + 1";
    std::vector<store::Value> p = {r.id, to, now, r.row_version};
    for (auto& [col, v] : s.ch.sets) {
      p.push_back(std::move(v));
      sql += ", " + col + " = $" + std::to_string(p.size());
    }
    for (const auto& raw : s.ch.raw) sql += ", " + raw;
    auto upd = c.exec(sql + " WHERE id = $1 AND row_version = $4", p);
    if (upd.affected != 1) throw stale();
    add_history(c, r.id, now, s.h);
    if (archive_ && archive::seals_at(static_cast<int>(to))) archive_->seal(c, r.id, now);  // e-archive: ended, sealed
    record_change(c, r.id, now);
    audit_.append(c, {who.user_id, who.username, "dossier." + action_name, s.code_or_id(), r.competent(), ip, {{"from", r.status}, {"to", to}}}, now);
    if (s.tell) notify_applicant(c, r, "dossier." + action_name, *s.tell, now);
    return r.public_id;
}

}  // namespace motcua::services
