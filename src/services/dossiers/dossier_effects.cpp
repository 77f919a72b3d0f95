// The effect of each dossier action (see dossier_effects.h; the table of who may act from where is
// domain/dossier/state_machine.h + authority.h; body fields are listed in dossier_service.h).
#include "services/dossiers/dossier_effects.h"

#include <algorithm>
#include <cmath>

#include "domain/format.h"
#include "services/docstore/personal_store.h"
#include "services/esign/issued_documents.h"
#include "services/payments/payment_service.h"
#include "services/post/post_service.h"

namespace motcua::services::dossier_detail {

using nlohmann::json;
using accounts::Role;

namespace {

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

void none(ActionScope&) {}

void request_completion(ActionScope& s) {
  s.add_request("completion", items_of(s.body), 0, "", 0);
  s.tell = motcua::notify::Vars{{"ly_do", s.reason}};
}

void transfer(ActionScope& s) {
  std::string unit = str(s.body, "unit");
  const Agency* comp = s.ag.find(s.r.competent());
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
  std::string assignee = str(s.body, "assignee");
  if (!assignee.empty() && !s.processing_officer(assignee, s.r.competent()))
    throw invalid("unknown_assignee", "assignee", "Không tìm thấy cán bộ \"" + assignee + "\" thuộc cơ quan giải quyết.");
  s.ch.set("unit", unit);
  if (!unit.empty()) s.ch.set("handling_unit", unit);  // the unit that solves it, kept after approval (reports)
  s.ch.set("assignee", assignee);
  s.ch.set("step_no", s.r.step_no + 1);
  s.ch.set("step_started_at", s.now);
  s.h.to_unit = unit;
  s.h.assignee = assignee;
}

void assign(ActionScope& s) {
  std::string assignee = str(s.body, "assignee");
  if (assignee.empty()) throw invalid("assignee_required", "assignee", "Chọn cán bộ được phân công.");
  if (!s.processing_officer(assignee, s.r.competent()))
    throw invalid("unknown_assignee", "assignee", "Không tìm thấy cán bộ \"" + assignee + "\" thuộc cơ quan giải quyết.");
  s.ch.set("assignee", assignee);
  s.ch.set("step_started_at", s.now);
  s.h.to_unit = s.r.unit;
  s.h.assignee = assignee;
}

void consult(ActionScope& s) {
  std::string target = str(s.body, "agency");
  if (target.empty()) target = s.r.competent();
  if (!s.ag.find(target)) throw invalid("unknown_agency", "agency", "Không tìm thấy cơ quan được xin ý kiến \"" + target + "\".");
  double hours = s.body.contains("hours") && s.body["hours"].is_number() ? s.body["hours"].get<double>() : 16;
  if (hours <= 0 || hours > 2000) throw invalid("bad_hours", "hours", "Thời hạn trả lời phải từ 1 đến 2000 giờ làm việc.");
  int64_t deadline = s.calendar.due_at(target, s.now, std::round(hours * 60) / 60, cal::TimeUnit::hours).due_ms;
  s.add_request("consult", items_of(s.body), 0, target, deadline);
  s.h.to_unit = target;
}

void reply(ActionScope& s) {
  if (s.note.empty() && s.reason.empty()) throw invalid("note_required", "note", "Nhập nội dung ý kiến trả lời.");
  // The consultation addressed to the replying officer's agency (never one this officer asked).
  auto open = s.c.exec("SELECT id, target FROM dossier_requests WHERE dossier_id = $1 AND kind = 'consult' AND closed_at IS NULL AND created_by <> $2 "
                       "ORDER BY id",
                       {s.r.id, s.who.username});
  int64_t req = 0;
  for (const auto& g : s.who.grants)
    for (const auto& x : open.rows)
      if (!req && g.agency == x.str(1) && (g.role == Role::specialist || g.role == Role::leader)) req = x.i64(0);
  if (!req) throw DomainError(ErrorKind::forbidden, "not_your_step", "Không có yêu cầu xin ý kiến nào gửi đến cơ quan của bạn.");
  s.c.exec("UPDATE dossier_requests SET closed_at = $2, answer = $3 WHERE id = $1", {req, s.now, s.reason.empty() ? s.note : s.reason});
  s.h.to_unit = s.r.competent();
  if (s.r.open_consults > 1) s.ch.set("substate", std::string("at_consulted_agency"));
}

void send_back(ActionScope& s) {
  // Back to whoever held the dossier before the current holder.
  auto prev = s.c.exec("SELECT actor, unit, assignee, to_unit FROM dossier_history WHERE dossier_id = $1 AND action IN "
                       "('accept','transfer','assign','submit-for-approval','accept-supplement') ORDER BY id DESC",
                       {s.r.id});
  std::string back_to, back_unit = s.r.unit;
  for (const auto& x : prev.rows) {
    std::string holder = x.str(0);
    if (holder != s.r.assignee && holder != s.who.username) {
      back_to = holder;
      back_unit = x.str(1).empty() ? s.r.unit : x.str(1);
      break;
    }
  }
  s.ch.set("assignee", back_to);
  s.ch.set("unit", back_unit);
  s.ch.set("step_no", std::max<int64_t>(1, s.r.step_no - 1));
  s.ch.set("step_started_at", s.now);
  s.h.to_unit = back_unit;
  s.h.assignee = back_to;
}

void submit_for_approval(ActionScope& s) {
  std::string leader = str(s.body, "assignee");
  if (!leader.empty() && !s.processing_officer(leader, s.r.competent()))
    throw invalid("unknown_assignee", "assignee", "Không tìm thấy lãnh đạo \"" + leader + "\" thuộc cơ quan giải quyết.");
  s.ch.set("assignee", leader);
  s.ch.set("step_no", s.r.step_no + 1);
  s.ch.set("step_started_at", s.now);
  s.h.assignee = leader;
  s.h.to_unit = s.r.unit;
}

void approve(ActionScope& s) {
  // The leader signs the result (services/esign decides whether a signature is needed and possible).
  if (s.signing && !s.r.result_file.empty()) {
    const auto* issuer = s.ag.find(s.r.competent());
    ResultToSign rs{s.r.id, s.code_or_id(), s.r.result_file, "Kết quả giải quyết thủ tục: " + s.r.procedure_name, s.r.applicant_name,
                    s.r.competent(), issuer ? issuer->name : s.r.competent()};
    const std::string pin = s.body.contains("pin") && s.body["pin"].is_string() ? s.body["pin"].get<std::string>() : "";
    if (auto issued = s.signing->sign_result(s.c, rs, s.who, pin, s.now)) {
      s.ch.set("result_file", issued->file_id);
      s.ch.set("result_verify_id", issued->verify_id);
    }
  }
  s.ch.set("finished_at", s.now);
  s.ch.set("assignee", std::string());
  s.ch.set("step_started_at", s.now);
  s.ch.set("unit", s.r.received_unit);  // back to the desk that received it, for the return
  s.h.to_unit = s.r.received_unit;
  const std::string& d = s.r.delivery;
  if (d == "post" && s.post) s.post->request_delivery(s.c, s.r.id, s.now);  // BCCI: the result waits for the post
  s.tell = motcua::notify::Vars{{"hinh_thuc_nhan", d == "post" ? "qua bưu chính" : d == "online" ? "trực tuyến" : "tại Bộ phận Một cửa"}};
}

void request_supplement(ActionScope& s) {
  auto items = items_of(s.body);
  std::string dl = str(s.body, "deadline");
  int64_t deadline = dl.empty() ? 0 : parse_local_ms(dl);
  if (!dl.empty() && (deadline == 0 || deadline <= s.now)) throw invalid("bad_deadline", "deadline", "Hạn bổ sung phải là một ngày sau hôm nay (YYYY-MM-DD).");
  if (deadline > s.now + 366LL * 86'400'000) throw invalid("bad_deadline", "deadline", "Hạn bổ sung không được quá một năm.");
  s.add_request("supplement", items, 0, "", deadline);
  s.ch.set("paused_at", s.now);  // the clock stops at the request (clock.h)
  s.ch.set("supplement_due_at", deadline ? store::Value(deadline) : store::Value(nullptr));
  s.ch.set("supplement_count", s.r.supplement_count + 1);
  s.tell = motcua::notify::Vars{{"ly_do", s.reason}};
}

void supply(ActionScope& s) {
  if (s.body.contains("documents")) {
    const json* doc = s.pinned_doc();
    s.insert_documents(s.body["documents"], doc ? (*doc)["components"] : json::array(), s.who.user_id, "supplement");
  }
  s.c.exec("UPDATE dossier_requests SET answer = $2 WHERE dossier_id = $1 AND kind = 'supplement' AND closed_at IS NULL", {s.r.id, s.note});
}

void accept_supplement(ActionScope& s) {
  int64_t due = s.resume_clock();
  s.close_requests("supplement", s.note, due);
  s.ch.raw.push_back("supplement_due_at = NULL");
  s.ch.set("step_started_at", s.now);
}

void request_payment(ActionScope& s) {
  // The amount is optional when the fee schedule has lines to collect on notice (services/payments).
  const json& a = s.body.contains("amount") ? s.body["amount"] : json();
  if (!(a.is_null() && s.payments) && (!a.is_number_integer() || a.get<int64_t>() <= 0 || a.get<int64_t>() > 1'000'000'000'000))
    throw invalid("bad_amount", "amount", "Số tiền phải là số nguyên dương (đồng).");
  int64_t amount = a.is_null() ? 0 : a.get<int64_t>();
  if (s.payments) amount = s.payments->notice(s.c, s.r.id, s.r.agency_code, amount, s.reason.empty() ? s.note : s.reason, s.now);
  s.add_request("payment", items_of(s.body), amount, "", 0);
  s.ch.set("fee_amount", amount);
  // The clock keeps running at 6 unless the pinned version says a payment notice stops it (clock.h).
  const json* doc = s.pinned_doc();
  if (doc && doc->value("payment_pauses_clock", false)) s.ch.set("paused_at", s.now);
  s.tell = motcua::notify::Vars{{"so_tien", fmt::money(amount)}, {"noi_dung", s.reason + s.note}};
}

void record_payment(ActionScope& s) {
  // The desk records what is collected at the counter (ledger + receipt); the system comes here only after
  // a payment was applied (services/payments), so there is nothing left to collect.
  if (s.payments && s.actor == dossier::Actor::desk) {
    PayDossier d;
    d.id = s.r.id;
    d.public_id = s.r.public_id;
    d.code = s.r.code;
    d.agency_code = s.r.agency_code;
    d.applicant_name = s.r.applicant_name;
    d.applicant_id_number = s.r.applicant_id_number;
    d.status = s.r.status;
    std::string method = str(s.body, "method");
    if (method.empty()) method = "cash";
    if (method != "cash" && method != "transfer") throw invalid("bad_method", "method", "Hình thức nộp tại quầy là cash (tiền mặt) hoặc transfer (chuyển khoản).");
    s.payments->collect_at_desk(s.c, d, method, s.who, s.now);
  }
  s.resume_clock();
  s.close_requests("payment", s.note);
  s.ch.set("paid_at", s.now);
}

void end_processing(ActionScope& s) {  // stop, confirm-withdrawal
  s.ch.set("finished_at", s.now);
  s.ch.raw.push_back("paused_at = NULL");
  s.ch.raw.push_back("supplement_due_at = NULL");
  s.c.exec("UPDATE dossier_requests SET closed_at = $2 WHERE dossier_id = $1 AND closed_at IS NULL", {s.r.id, s.now});
  if (s.action == dossier::Action::confirm_withdrawal) s.ch.set("withdrawn_at", s.now);  // stopped by withdrawal (reports)
  if (s.payments) s.payments->on_ended(s.c, s.r.id, s.action == dossier::Action::stop ? "stop" : "withdraw", s.now);
  if (s.action == dossier::Action::stop)
    s.tell = motcua::notify::Vars{{"ly_do", s.reason}};
}

void apologize(ActionScope& s) {
  std::string nd = str(s.body, "new_due");
  int64_t new_due = parse_local_ms(nd);
  if (new_due == 0) throw invalid("new_due_required", "new_due", "Nhập ngày hẹn trả kết quả mới (YYYY-MM-DD).");
  int64_t earliest = std::max(s.r.due_at, s.now);
  if (new_due <= earliest) throw invalid("bad_new_due", "new_due", "Ngày hẹn mới phải sau ngày hẹn hiện tại và sau hôm nay.");
  if (new_due > earliest + 366LL * 86'400'000) throw invalid("bad_new_due", "new_due", "Ngày hẹn mới không được quá một năm sau ngày hẹn hiện tại.");
  // A date alone means the end of that working day (its last working period); the moment must be a
  // working moment of the solving agency within a year (CalendarService::check_appointment).
  if (nd.size() == 10) {
    auto wc = s.calendar.calendar(s.r.competent());
    cal::Date day = cal::date_of(cal::local_from_utc_ms(new_due));
    auto periods = wc->periods(day);
    if (periods.empty()) throw invalid("new_due_day_off", "new_due", "Ngày hẹn mới " + fmt::date(new_due) + " là ngày nghỉ; hãy chọn một ngày làm việc.");
    new_due = cal::utc_ms_from_local(cal::make_local(day, periods.back().end / 60, periods.back().end % 60));
  }
  try {
    s.calendar.check_appointment(s.r.competent(), s.now, new_due);
  } catch (const DomainError& e) {
    throw invalid("bad_new_due", "new_due", e.what());
  }
  s.add_request("apology", {}, 0, "", new_due);
  s.ch.set("original_due_at", s.r.original_due_at ? s.r.original_due_at : s.r.due_at);
  s.ch.set("due_at", new_due);
  s.ch.set("apologies", s.r.apologies + 1);
  s.tell = motcua::notify::Vars{{"ly_do", s.reason}, {"ngay_hen", fmt::date(new_due)}};
}

void attach_result(ActionScope& s) {
  std::string file = str(s.body, "file_id");
  auto f = s.c.exec("SELECT 1 FROM files WHERE public_id = $1 AND owner_user_id = $2", {file, s.who.user_id});
  if (file.empty() || f.rows.empty()) throw invalid("bad_file", "file_id", "Tệp kết quả không tồn tại hoặc không do bạn tải lên.");
  s.ch.set("result_file", file);
}

void return_result(ActionScope& s) {
  if (s.note.empty() && s.r.delivery == "desk") throw invalid("receiver_required", "note", "Ghi họ tên người nhận kết quả.");
  s.ch.set("returned_at", s.now);
  if (s.store) {  // the result enters the applicant's data store (R13)
    const json* doc = s.pinned_doc();
    const auto* issuer = s.ag.find(s.r.competent());
    s.store->on_result_returned(s.c,
                                {s.r.id, s.r.applicant_user_id, s.r.applicant_id_number, s.r.result_file, s.r.result_verify_id,
                                 issuer ? issuer->name : s.r.competent(), doc && doc->contains("result_doc_type") ? &(*doc)["result_doc_type"] : nullptr},
                                s.now);
  }
  s.ch.set("returned_to", s.note.empty() ? std::string(s.r.delivery == "online" ? "Trực tuyến" : "Bưu chính") : s.note);
  s.tell = motcua::notify::Vars{{"hinh_thuc_nhan", s.r.delivery == "post" ? "qua bưu chính" : s.r.delivery == "online" ? "trực tuyến" : "tại Bộ phận Một cửa"},
                                {"thoi_gian", fmt::datetime(s.now)}};
}

}  // namespace

const json* ActionScope::pinned_doc() const {
  if (!snap_) snap_ = catalog.snapshot();
  const auto* e = snap_->find(r.procedure_code);
  const auto* v = e ? e->version(static_cast<int>(r.procedure_version)) : nullptr;
  return v ? v->doc.get() : nullptr;
}

void ActionScope::add_request(const std::string& kind, const std::vector<std::string>& items, int64_t amount, const std::string& target, int64_t deadline) {
  c.exec("INSERT INTO dossier_requests (dossier_id, kind, reason, items, amount, target, deadline_at, created_by, created_at, due_before) "
         "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
         {r.id, kind, reason.empty() ? note : reason, json(items).dump(), amount, target, deadline ? store::Value(deadline) : store::Value(nullptr),
          who.username, now, r.due_at ? store::Value(r.due_at) : store::Value(nullptr)});
}

void ActionScope::close_requests(const std::string& kind, const std::string& answer, int64_t due_after) {
  c.exec("UPDATE dossier_requests SET closed_at = $2, answer = $4, due_after = $5 WHERE dossier_id = $1 AND kind = $3 AND closed_at IS NULL",
         {r.id, now, kind, answer, due_after ? store::Value(due_after) : store::Value(nullptr)});
}

int64_t ActionScope::resume_clock() {
  int64_t due = r.due_at;
  if (r.paused_at && r.due_at) {
    auto wc = calendar.calendar(r.competent());
    auto nd = wc->extend_for_pause(cal::local_from_utc_ms(r.due_at), cal::local_from_utc_ms(r.paused_at), cal::local_from_utc_ms(now));
    due = cal::utc_ms_from_local(nd);
    ch.set("due_at", due);
  }
  ch.raw.push_back("paused_at = NULL");
  return due;
}

bool ActionScope::processing_officer(const std::string& username, const std::string& agency) {
  auto q = c.exec("SELECT a.code, r.role FROM users u JOIN user_roles r ON r.user_id = u.id JOIN agencies a ON a.id = r.agency_id "
                  "WHERE u.username = $1 AND u.kind = 'staff' AND u.status = 'active'",
                  {username});
  for (const auto& x : q.rows)
    if ((x.str(1) == "specialist" || x.str(1) == "leader") && x.str(0) == agency) return true;  // at that agency, not above it
  return false;
}

Effect effect_of(dossier::Action a) {
  using A = dossier::Action;
  switch (a) {
    case A::accept:
    case A::refuse:
    case A::withdraw: return none;
    case A::request_completion: return request_completion;
    case A::transfer: return transfer;
    case A::assign: return assign;
    case A::consult: return consult;
    case A::reply: return reply;
    case A::send_back: return send_back;
    case A::submit_for_approval: return submit_for_approval;
    case A::approve: return approve;
    case A::request_supplement: return request_supplement;
    case A::supply: return supply;
    case A::accept_supplement: return accept_supplement;
    case A::request_payment: return request_payment;
    case A::record_payment: return record_payment;
    case A::stop:
    case A::confirm_withdrawal: return end_processing;
    case A::apologize: return apologize;
    case A::attach_result: return attach_result;
    case A::return_result: return return_result;
  }
  return none;
}

}  // namespace motcua::services::dossier_detail
