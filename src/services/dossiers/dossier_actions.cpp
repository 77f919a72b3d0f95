// DossierService::act — every processing action after submission (see dossier_service.h for the body
// fields and state_machine.h for the table). One transaction per action: load, access check, state
// machine check, effect, history row, audit row; any throw leaves the dossier unchanged.
#include <set>

#include "domain/dossier/state_machine.h"
#include "domain/format.h"
#include "services/dossiers/dossier_internal.h"

namespace motcua::services {

using nlohmann::json;
using accounts::Kind;
using accounts::Principal;
using accounts::Role;
using namespace dossier_detail;

namespace dossier_detail {
dossier::Actor actor_for(dossier::Action a, const Principal& who, bool owner) {
  if (who.kind != Kind::staff) return owner ? dossier::Actor::applicant : dossier::Actor::system;
  std::optional<dossier::Actor> first;
  for (auto [role, actor] : {std::pair{Role::desk, dossier::Actor::desk}, std::pair{Role::specialist, dossier::Actor::specialist},
                             std::pair{Role::leader, dossier::Actor::leader}, std::pair{Role::post, dossier::Actor::post}}) {
    if (!who.has_role(role)) continue;
    if (!first) first = actor;
    if (dossier::permitted(a, actor)) return actor;
  }
  return first.value_or(dossier::Actor::system);
}
}  // namespace dossier_detail

namespace {

// Columns to set, rendered as "a = $5, b = $6" after the fixed parameters.
struct Changes {
  std::vector<std::pair<std::string, store::Value>> sets;
  std::vector<std::string> raw;  // e.g. "paused_at = NULL"
  void set(const std::string& col, store::Value v) { sets.emplace_back(col, std::move(v)); }
};

std::vector<std::string> items_of(const json& body) {
  std::vector<std::string> out;
  if (!body.is_object() || !body.contains("items")) return out;
  const json& it = body["items"];
  if (!it.is_array() || it.size() > 50)
    throw DomainError(ErrorKind::invalid, "bad_items", "Danh sách nội dung cần bổ sung phải là một mảng (tối đa 50 dòng).", {{"items", "Không hợp lệ."}});
  for (const auto& x : it) {
    if (!x.is_string()) throw DomainError(ErrorKind::invalid, "bad_items", "Mỗi dòng của danh sách phải là văn bản.", {{"items", "Không hợp lệ."}});
    std::string s = text::trim(text::nfc(x.get<std::string>()));
    if (text::length(s) > 500) throw DomainError(ErrorKind::invalid, "bad_items", "Mỗi dòng tối đa 500 ký tự.", {{"items", "Quá dài."}});
    if (!s.empty()) out.push_back(s);
  }
  return out;
}

DomainError invalid(const std::string& code, const std::string& field, const std::string& msg) {
  return DomainError(ErrorKind::invalid, code, msg, {{field, msg}});
}

}  // namespace

json DossierService::act(const std::string& id, const std::string& action_name, const json& body, const Principal& who, const std::string& ip) {
  using A = dossier::Action;
  auto action = dossier::parse_action(action_name);
  if (!action) throw DomainError(ErrorKind::not_found, "unknown_action", "Không có thao tác \"" + action_name + "\".");
  if (!body.is_object()) throw DomainError(ErrorKind::bad_input, "bad_json", "Nội dung yêu cầu phải là một đối tượng JSON.");
  std::optional<int64_t> expected;
  if (body.contains("row_version")) {
    if (!body["row_version"].is_number_integer()) throw invalid("bad_version", "row_version", "Số phiên bản hồ sơ không hợp lệ.");
    expected = body["row_version"].get<int64_t>();
  }
  if (*action == A::accept) return accept(id, who, ip, expected);
  if (*action == A::refuse) return refuse(id, str(body, "reason"), who, ip, expected);
  std::string reason = str(body, "reason"), note = str(body, "note");
  if (text::length(reason) > 2000 || text::length(note) > 2000) throw DomainError(ErrorKind::invalid, "too_long", "Lý do/ghi chú tối đa 2000 ký tự.");
  int64_t now = fmt::now_ms();
  std::string pid;
  std::optional<std::pair<std::string, std::string>> tell;  // subject, body for the applicant
  Row after;
  db_.write([&](store::Conn& c) {
    Row r = load(c, id);
    if (!can_read(r, who)) throw not_found();
    auto st = dossier::status_from_code(static_cast<int>(r.status));
    if (!st) throw DomainError(ErrorKind::conflict, "not_submitted", "Hồ sơ chưa được nộp.");
    if (expected && *expected != r.row_version) throw stale();
    dossier::Context ctx;
    ctx.has_reason = !reason.empty();
    ctx.has_result = !r.result_file.empty();
    ctx.apologies_so_far = static_cast<int>(r.apologies);
    dossier::Actor actor = actor_for(*action, who, who.kind != Kind::staff && r.applicant_user_id == who.user_id);
    dossier::Status next = dossier::check(*action, *st, actor, ctx);
    int64_t to = dossier::code(next);
    std::string my_unit;
    for (const auto& g : who.grants)
      if ((g.agency == r.competent() || g.agency == r.agency_code) && !g.unit.empty()) my_unit = g.unit;
    Changes ch;
    HistoryEntry h{who.username, std::string(dossier::to_string(actor)), my_unit, action_name, r.status, to, reason.empty() ? note : reason, "", ""};
    if (auto sub = dossier::substate_after(*action)) ch.set("substate", std::string(dossier::to_string(*sub)));
    auto ag = agencies_.snapshot();
    auto staff_user = [&](const std::string& username, const std::string& agency) {
      auto q = c.exec("SELECT a.code, r.role FROM users u JOIN user_roles r ON r.user_id = u.id JOIN agencies a ON a.id = r.agency_id "
                      "WHERE u.username = $1 AND u.kind = 'staff' AND u.status = 'active'",
                      {username});
      for (const auto& x : q.rows)
        if ((x.str(1) == "specialist" || x.str(1) == "leader") && ag->within(agency, x.str(0))) return true;
      return false;
    };
    auto extend_clock = [&] {
      if (r.paused_at && r.due_at) {
        auto calendar = calendar_.calendar(r.competent());
        auto nd = calendar->extend_for_pause(cal::local_from_utc_ms(r.due_at), cal::local_from_utc_ms(r.paused_at), cal::local_from_utc_ms(now));
        ch.set("due_at", cal::utc_ms_from_local(nd));
      }
      ch.raw.push_back("paused_at = NULL");
    };
    auto add_request = [&](const std::string& kind, const std::vector<std::string>& items, int64_t amount, const std::string& target, int64_t deadline) {
      c.exec("INSERT INTO dossier_requests (dossier_id, kind, reason, items, amount, target, deadline_at, created_by, created_at) "
             "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)",
             {r.id, kind, reason.empty() ? note : reason, json(items).dump(), amount, target, deadline ? store::Value(deadline) : store::Value(nullptr),
              who.username, now});
    };
    auto close_requests = [&](const std::string& kind, const std::string& answer) {
      c.exec("UPDATE dossier_requests SET closed_at = $2, answer = $4 WHERE dossier_id = $1 AND kind = $3 AND closed_at IS NULL", {r.id, now, kind, answer});
    };
    const std::string code_or_id = r.code.empty() ? r.public_id : r.code;
    switch (*action) {
      case A::request_completion: {
        add_request("completion", items_of(body), 0, "", 0);
        tell = {{"Yêu cầu hoàn thiện hồ sơ " + r.procedure_name, "Hồ sơ của bạn cần hoàn thiện trước khi được tiếp nhận: " + reason}};
        break;
      }
      case A::transfer: {
        std::string unit = str(body, "unit");
        const Agency* comp = ag->find(r.competent());
        if (!unit.empty()) {
          bool known = false;
          if (comp)
            for (const auto& u : comp->units) known |= u.code == unit;
          if (!known) throw invalid("unknown_unit", "unit", "Đơn vị \"" + unit + "\" không thuộc cơ quan giải quyết.");
        } else if (comp) {
          for (const auto& u : comp->units)
            if (u.kind != "mot_cua") {
              unit = u.code;
              break;
            }
        }
        std::string assignee = str(body, "assignee");
        if (!assignee.empty() && !staff_user(assignee, r.competent()))
          throw invalid("unknown_assignee", "assignee", "Không tìm thấy cán bộ \"" + assignee + "\" thuộc cơ quan giải quyết.");
        ch.set("unit", unit);
        ch.set("assignee", assignee);
        ch.set("step_no", r.step_no + 1);
        ch.set("step_started_at", now);
        h.to_unit = unit;
        h.assignee = assignee;
        break;
      }
      case A::assign: {
        std::string assignee = str(body, "assignee");
        if (assignee.empty()) throw invalid("assignee_required", "assignee", "Chọn cán bộ được phân công.");
        if (!staff_user(assignee, r.competent()))
          throw invalid("unknown_assignee", "assignee", "Không tìm thấy cán bộ \"" + assignee + "\" thuộc cơ quan giải quyết.");
        ch.set("assignee", assignee);
        ch.set("step_started_at", now);
        h.to_unit = r.unit;
        h.assignee = assignee;
        break;
      }
      case A::consult: {
        std::string target = str(body, "agency");
        if (target.empty()) target = r.competent();
        if (!ag->find(target)) throw invalid("unknown_agency", "agency", "Không tìm thấy cơ quan được xin ý kiến \"" + target + "\".");
        double hours = body.contains("hours") && body["hours"].is_number() ? body["hours"].get<double>() : 16;
        if (hours <= 0 || hours > 2000) throw invalid("bad_hours", "hours", "Thời hạn trả lời phải từ 1 đến 2000 giờ làm việc.");
        auto res = calendar_.due(target, cal::to_string(cal::local_from_utc_ms(now)), hours, "hours");
        int64_t deadline = cal::utc_ms_from_local(*cal::parse_local(res["due"].get<std::string>().substr(0, 16)));
        add_request("consult", items_of(body), 0, target, deadline);
        h.to_unit = target;
        break;
      }
      case A::reply: {
        if (r.open_consults == 0) throw DomainError(ErrorKind::conflict, "no_consultation", "Hồ sơ không có yêu cầu xin ý kiến nào đang chờ trả lời.");
        if (note.empty() && reason.empty()) throw invalid("note_required", "note", "Nhập nội dung ý kiến trả lời.");
        auto open = c.exec("SELECT id FROM dossier_requests WHERE dossier_id = $1 AND kind = 'consult' AND closed_at IS NULL ORDER BY id LIMIT 1", {r.id});
        c.exec("UPDATE dossier_requests SET closed_at = $2, answer = $3 WHERE id = $1", {open.rows.at(0).i64(0), now, reason.empty() ? note : reason});
        if (r.open_consults > 1) ch.set("substate", std::string("at_consulted_agency"));
        break;
      }
      case A::send_back: {
        // Back to whoever held the dossier before the current holder.
        auto prev = c.exec("SELECT actor, unit, assignee, to_unit FROM dossier_history WHERE dossier_id = $1 AND action IN "
                           "('accept','transfer','assign','submit-for-approval','accept-supplement') ORDER BY id DESC",
                           {r.id});
        std::string back_to, back_unit = r.unit;
        for (const auto& x : prev.rows) {
          std::string holder = x.str(0);
          if (holder != r.assignee && holder != who.username) {
            back_to = holder;
            back_unit = x.str(1).empty() ? r.unit : x.str(1);
            break;
          }
        }
        ch.set("assignee", back_to);
        ch.set("unit", back_unit);
        ch.set("step_no", std::max<int64_t>(1, r.step_no - 1));
        ch.set("step_started_at", now);
        h.to_unit = back_unit;
        h.assignee = back_to;
        break;
      }
      case A::submit_for_approval: {
        std::string leader = str(body, "assignee");
        if (!leader.empty() && !staff_user(leader, r.competent()))
          throw invalid("unknown_assignee", "assignee", "Không tìm thấy lãnh đạo \"" + leader + "\" thuộc cơ quan giải quyết.");
        ch.set("assignee", leader);
        ch.set("step_no", r.step_no + 1);
        ch.set("step_started_at", now);
        h.assignee = leader;
        h.to_unit = r.unit;
        break;
      }
      case A::approve: {
        ch.set("finished_at", now);
        ch.set("assignee", std::string());
        ch.set("step_started_at", now);
        ch.set("unit", r.received_unit);  // back to the desk that received it, for the return
        h.to_unit = r.received_unit;
        tell = {{"Đã có kết quả hồ sơ " + code_or_id, "Hồ sơ " + r.procedure_name + " đã có kết quả. Hình thức nhận: " +
                                                         (r.delivery == "post" ? "qua bưu chính." : r.delivery == "online" ? "trực tuyến." : "tại Bộ phận Một cửa.")}};
        break;
      }
      case A::request_supplement: {
        auto items = items_of(body);
        std::string dl = str(body, "deadline");
        int64_t deadline = dl.empty() ? 0 : parse_local_ms(dl);
        if (!dl.empty() && (deadline == 0 || deadline <= now)) throw invalid("bad_deadline", "deadline", "Hạn bổ sung phải là một ngày sau hôm nay (YYYY-MM-DD).");
        add_request("supplement", items, 0, "", deadline);
        ch.set("paused_at", now);
        ch.set("supplement_count", r.supplement_count + 1);
        tell = {{"Yêu cầu bổ sung hồ sơ " + code_or_id, "Hồ sơ " + r.procedure_name + " cần bổ sung: " + reason}};
        break;
      }
      case A::supply: {
        if (body.contains("documents")) {
          auto snap = catalog_.snapshot();
          const auto* e = snap->find(r.procedure_code);
          const auto* v = e ? e->version(static_cast<int>(r.procedure_version)) : nullptr;
          insert_documents(c, r.id, body["documents"], v ? (*v->doc)["components"] : json::array(), who.user_id, "supplement", now);
        }
        c.exec("UPDATE dossier_requests SET answer = $2 WHERE dossier_id = $1 AND kind = 'supplement' AND closed_at IS NULL", {r.id, note});
        break;
      }
      case A::accept_supplement: {
        extend_clock();
        close_requests("supplement", note);
        ch.set("step_started_at", now);
        break;
      }
      case A::request_payment: {
        if (!body.contains("amount") || !body["amount"].is_number_integer() || body["amount"].get<int64_t>() <= 0 ||
            body["amount"].get<int64_t>() > 1'000'000'000'000)
          throw invalid("bad_amount", "amount", "Số tiền phải là số nguyên dương (đồng).");
        int64_t amount = body["amount"].get<int64_t>();
        add_request("payment", items_of(body), amount, "", 0);
        ch.set("fee_amount", amount);
        ch.set("paused_at", now);
        tell = {{"Thông báo nghĩa vụ tài chính hồ sơ " + code_or_id, "Số tiền phải nộp: " + fmt::money(amount) + ". " + reason + note}};
        break;
      }
      case A::record_payment: {
        extend_clock();
        close_requests("payment", note);
        ch.set("paid_at", now);
        break;
      }
      case A::stop:
      case A::confirm_withdrawal: {
        ch.set("finished_at", now);
        ch.raw.push_back("paused_at = NULL");
        c.exec("UPDATE dossier_requests SET closed_at = $2 WHERE dossier_id = $1 AND closed_at IS NULL", {r.id, now});
        if (*action == A::stop) tell = {{"Dừng xử lý hồ sơ " + code_or_id, "Hồ sơ " + r.procedure_name + " đã dừng xử lý. Lý do: " + reason}};
        break;
      }
      case A::withdraw:
        break;
      case A::apologize: {
        std::string nd = str(body, "new_due");
        int64_t new_due = parse_local_ms(nd);
        if (new_due == 0) throw invalid("new_due_required", "new_due", "Nhập ngày hẹn trả kết quả mới (YYYY-MM-DD).");
        if (new_due <= std::max(r.due_at, now)) throw invalid("bad_new_due", "new_due", "Ngày hẹn mới phải sau ngày hẹn hiện tại và sau hôm nay.");
        add_request("apology", {}, 0, "", new_due);
        ch.set("original_due_at", r.original_due_at ? r.original_due_at : r.due_at);
        ch.set("due_at", new_due);
        ch.set("apologies", r.apologies + 1);
        tell = {{"Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ " + code_or_id,
                 "Hồ sơ " + r.procedure_name + " chưa giải quyết kịp. Lý do: " + reason + ". Ngày hẹn mới: " + fmt::date(new_due) + "."}};
        break;
      }
      case A::attach_result: {
        std::string file = str(body, "file_id");
        auto f = c.exec("SELECT 1 FROM files WHERE public_id = $1 AND owner_user_id = $2", {file, who.user_id});
        if (file.empty() || f.rows.empty()) throw invalid("bad_file", "file_id", "Tệp kết quả không tồn tại hoặc không do bạn tải lên.");
        ch.set("result_file", file);
        break;
      }
      case A::return_result: {
        if (note.empty() && r.delivery == "desk") throw invalid("receiver_required", "note", "Ghi họ tên người nhận kết quả.");
        ch.set("returned_at", now);
        ch.set("returned_to", note.empty() ? std::string(r.delivery == "online" ? "Trực tuyến" : "Bưu chính") : note);
        break;
      }
      case A::accept:
      case A::refuse:
        break;
    }
    std::string sql = "UPDATE dossiers SET status = $2, updated_at = $3, row_version = row_version + 1";
    std::vector<store::Value> p = {r.id, to, now, r.row_version};
    for (auto& [col, v] : ch.sets) {
      p.push_back(std::move(v));
      sql += ", " + col + " = $" + std::to_string(p.size());
    }
    for (const auto& raw : ch.raw) sql += ", " + raw;
    auto upd = c.exec(sql + " WHERE id = $1 AND row_version = $4", p);
    if (upd.affected != 1) throw stale();
    add_history(c, r.id, now, h);
    audit_.append(c, {who.user_id, who.username, "dossier." + action_name, code_or_id, r.competent(), ip, {{"from", r.status}, {"to", to}}}, now);
    pid = r.public_id;
    after = r;
  });
  if (tell) notify_applicant(after, tell->first, tell->second);
  return get(pid, who);
}

}  // namespace motcua::services
