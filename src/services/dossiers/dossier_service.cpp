#include "services/dossiers/dossier_service.h"

#include <unicode/unistr.h>

#include <cmath>
#include <random>
#include <set>

#include "domain/catalog/form_schema.h"
#include "domain/dossier/dossier_code.h"
#include "domain/dossier/state_machine.h"
#include "domain/dossier/status.h"
#include "domain/errors.h"
#include "domain/format.h"
#include "domain/text.h"
#include "services/ids.h"

namespace motcua::services {

using nlohmann::json;
using accounts::Kind;
using accounts::Principal;
using accounts::Role;

namespace {
std::string str(const json& j, const char* k) {
  return j.is_object() && j.contains(k) && j[k].is_string() ? text::trim(text::nfc(j[k].get<std::string>())) : "";
}
DomainError not_found() { return DomainError(ErrorKind::not_found, "dossier_not_found", "Không tìm thấy hồ sơ."); }
}  // namespace

struct DossierService::Row {
  int64_t id = 0;
  std::string public_id, code, procedure_code, procedure_name, agency_code, applicant_name, applicant_id_number, delivery;
  int64_t procedure_version = 0, applicant_user_id = 0, applicant_type = 1, channel = 2, status = 0, row_version = 0;
  int64_t submitted_at = 0, received_at = 0, due_at = 0, created_at = 0;
  std::string form;
};

static constexpr const char* kCols =
    "id, public_id, code, procedure_code, procedure_name, agency_code, applicant_name, applicant_id_number, delivery, procedure_version, "
    "applicant_user_id, applicant_type, channel, status, row_version, submitted_at, received_at, due_at, created_at, form";

DossierService::Row DossierService::load(store::Conn& c, const std::string& id) {
  auto r = c.exec(std::string("SELECT ") + kCols + " FROM dossiers WHERE public_id = $1 OR code = $1", {id});
  if (r.rows.empty()) throw not_found();
  const auto& x = r.rows[0];
  Row d;
  d.id = x.i64(0);
  d.public_id = x.str(1);
  d.code = x.str(2);
  d.procedure_code = x.str(3);
  d.procedure_name = x.str(4);
  d.agency_code = x.str(5);
  d.applicant_name = x.str(6);
  d.applicant_id_number = x.str(7);
  d.delivery = x.str(8);
  d.procedure_version = x.i64(9);
  d.applicant_user_id = x.is_null(10) ? 0 : x.i64(10);
  d.applicant_type = x.i64(11);
  d.channel = x.i64(12);
  d.status = x.i64(13);
  d.row_version = x.i64(14);
  d.submitted_at = x.is_null(15) ? 0 : x.i64(15);
  d.received_at = x.is_null(16) ? 0 : x.i64(16);
  d.due_at = x.is_null(17) ? 0 : x.i64(17);
  d.created_at = x.i64(18);
  d.form = x.str(19);
  return d;
}

std::pair<DossierService::Row, dossier::Status> DossierService::load_for_desk(store::Conn& c, const std::string& id, const Principal& who) {
  Row r = load(c, id);
  if (!can_read(r, who)) throw not_found();
  auto st = dossier::status_from_code(static_cast<int>(r.status));
  if (!st) throw DomainError(ErrorKind::conflict, "not_submitted", "Hồ sơ chưa được nộp.");
  if (!who.has_role(Role::desk)) throw DomainError(ErrorKind::forbidden, "forbidden", "Chỉ cán bộ Bộ phận Một cửa được quyết định tiếp nhận hồ sơ.");
  return {r, *st};
}

bool DossierService::can_read(const Row& r, const Principal& who) {
  if (!who.signed_in()) return false;
  if (who.kind != Kind::staff) return r.applicant_user_id == who.user_id;
  auto ag = agencies_.snapshot();
  for (const auto& g : who.grants)
    if (ag->within(r.agency_code, g.agency)) return true;
  return false;
}

json DossierService::to_json(store::Conn& c, const Row& r) {
  auto st = dossier::status_from_code(static_cast<int>(r.status));
  json hist = json::array();
  auto h = c.exec("SELECT at, actor, role, action, from_status, to_status, note FROM dossier_history WHERE dossier_id = $1 ORDER BY at, id", {r.id});
  for (const auto& x : h.rows)
    hist.push_back({{"at", fmt::iso_datetime(x.i64(0))}, {"actor", x.str(1)}, {"role", x.str(2)}, {"action", x.str(3)},
                    {"from", x.i64(4)}, {"to", x.i64(5)}, {"note", x.str(6)}});
  auto opt_time = [](int64_t ms) { return ms ? json(fmt::iso_datetime(ms)) : json(nullptr); };
  return {{"id", r.public_id},
          {"code", r.code.empty() ? json(nullptr) : json(r.code)},
          {"status", r.status},
          {"status_label", st ? std::string(dossier::label_vi(*st)) : std::string("Bản nháp")},
          {"procedure", {{"code", r.procedure_code}, {"name", r.procedure_name}, {"version", r.procedure_version}}},
          {"agency", r.agency_code},
          {"applicant", {{"name", r.applicant_name}, {"id_number", r.applicant_id_number}, {"type", r.applicant_type}}},
          {"channel", r.channel},
          {"delivery", r.delivery},
          {"form", json::parse(r.form, nullptr, false)},
          {"submitted_at", opt_time(r.submitted_at)},
          {"received_at", opt_time(r.received_at)},
          {"due_at", opt_time(r.due_at)},
          {"row_version", r.row_version},
          {"history", hist}};
}

json DossierService::submit(const json& in, const Principal& who, const std::string& ip) {
  if (who.kind != Kind::citizen && who.kind != Kind::organisation)
    throw DomainError(ErrorKind::forbidden, "forbidden", "Chỉ công dân, tổ chức mới nộp hồ sơ trực tuyến bằng tài khoản của mình.");
  if (!in.is_object()) throw DomainError(ErrorKind::bad_input, "bad_json", "Dữ liệu hồ sơ phải là một đối tượng JSON.");
  std::string pcode = str(in, "procedure_code"), agency = str(in, "agency_code"), delivery = str(in, "delivery");
  if (delivery.empty()) delivery = "desk";
  if (delivery != "desk" && delivery != "post" && delivery != "online")
    throw DomainError(ErrorKind::invalid, "bad_delivery", "Hình thức nhận kết quả chỉ nhận desk (tại Bộ phận Một cửa), post (bưu chính) hoặc online.",
                      {{"delivery", "Hình thức nhận kết quả không hợp lệ."}});
  int64_t now = fmt::now_ms();
  auto snap = catalog_.snapshot();
  const auto* e = snap->find(pcode);
  const ProcVersion* v = e ? e->current(now) : nullptr;
  if (!e || !v || e->state != catalog::ProcState::active)
    throw DomainError(ErrorKind::invalid, "procedure_unavailable", "Thủ tục \"" + pcode + "\" không tồn tại hoặc hiện không nhận hồ sơ.",
                      {{"procedure_code", "Thủ tục không nhận hồ sơ."}});
  const json& doc = *v->doc;
  auto ag = agencies_.snapshot();
  const Agency* a = ag->find(agency);
  if (!a) throw DomainError(ErrorKind::invalid, "unknown_agency", "Không tìm thấy cơ quan tiếp nhận \"" + agency + "\".", {{"agency_code", "Cơ quan không hợp lệ."}});
  if (!(v->levels & level_bit(a->level)))
    throw DomainError(ErrorKind::invalid, "wrong_level", "Thủ tục này không thực hiện tại " + a->name + ".", {{"agency_code", "Cơ quan không giải quyết thủ tục này."}});
  int applicant_type = who.kind == Kind::organisation ? 2 : 1;
  if (doc["online_level"] == "thong_tin")
    throw DomainError(ErrorKind::invalid, "not_online", "Thủ tục này chưa cung cấp dịch vụ nộp hồ sơ trực tuyến.");
  const json& pol = doc["channel_policy"];
  std::string key = std::to_string(applicant_type);
  if (pol.contains(key)) {
    bool ok = false;
    for (const auto& ch : pol[key]) ok |= ch == "truc_tuyen";
    if (!ok) throw DomainError(ErrorKind::invalid, "channel_not_allowed", "Đối tượng của bạn không được nộp thủ tục này trực tuyến (R10).");
  }
  if (delivery == "online" && doc["online_level"] != "toan_trinh")
    throw DomainError(ErrorKind::invalid, "delivery_not_allowed", "Thủ tục này chưa trả kết quả trực tuyến; hãy chọn nhận tại Bộ phận Một cửa hoặc qua bưu chính.",
                      {{"delivery", "Không trả kết quả trực tuyến cho thủ tục này."}});
  json form = in.contains("form") ? in["form"] : json::object();
  int year = std::stoi(fmt::iso_date(now).substr(0, 4));
  auto errs = catalog::validate_values(doc["form_schema"], form, year);
  if (!errs.empty()) {
    for (auto& f : errs) f.field = "form." + f.field;
    throw DomainError(ErrorKind::invalid, "form_invalid", "Tờ khai còn " + std::to_string(errs.size()) + " lỗi.", errs);
  }
  bool do_submit = !in.contains("submit") || (in["submit"].is_boolean() && in["submit"].get<bool>());
  std::string pid = random_token(12);
  db_.write([&](store::Conn& c) {
    auto u = c.exec("SELECT full_name, id_number, tax_code, phone, email FROM users WHERE id = $1", {who.user_id});
    const auto& ur = u.rows.at(0);
    int64_t id = c.exec("INSERT INTO dossiers (public_id, procedure_id, procedure_code, procedure_version, procedure_name, agency_code, "
                        "applicant_user_id, applicant_type, applicant_name, applicant_id_number, applicant_phone, applicant_email, channel, status, "
                        "delivery, form, submitted_at, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,2,$13,$14,$15,$16,$17,$17) "
                        "RETURNING id",
                        {pid, e->id, pcode, int64_t{v->version_no}, doc["name"].get<std::string>(), agency, who.user_id, int64_t{applicant_type},
                         ur.str(0), ur.str(1).empty() ? ur.str(2) : ur.str(1), ur.str(3), ur.str(4), int64_t{do_submit ? 1 : 0}, delivery, form.dump(),
                         do_submit ? store::Value(now) : store::Value(nullptr), now})
                     .rows.at(0)
                     .i64(0);
    if (do_submit)
      c.exec("INSERT INTO dossier_history (dossier_id, at, actor, role, action, from_status, to_status, note) VALUES ($1,$2,$3,'applicant','submit',0,1,'')",
             {id, now, who.username});
    audit_.append(c, {who.user_id, who.username, do_submit ? "dossier.submit" : "dossier.draft", pid, agency, ip, {{"procedure", pcode}}}, now);
  });
  return get(pid, who);
}

json DossierService::accept(const std::string& id, const Principal& who, const std::string& ip) {
  int64_t now = fmt::now_ms();
  std::string pid;
  db_.write([&](store::Conn& c) {
    auto [r, st] = load_for_desk(c, id, who);
    dossier::check(dossier::Action::accept, st, dossier::Actor::desk, {});
    // Gapless daily sequence per receiving agency.
    auto local = cal::local_from_utc_ms(now);
    cal::Date day = cal::date_of(local);
    std::string yymmdd = cal::to_string(day);
    yymmdd = yymmdd.substr(2, 2) + yymmdd.substr(5, 2) + yymmdd.substr(8, 2);
    c.exec("INSERT INTO dossier_sequences (agency_code, day, last_value) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING", {r.agency_code, yymmdd});
    int64_t seq = c.exec("UPDATE dossier_sequences SET last_value = last_value + 1 WHERE agency_code = $1 AND day = $2 RETURNING last_value",
                         {r.agency_code, yymmdd})
                      .rows.at(0)
                      .i64(0);
    std::string code = dossier::format_code(r.agency_code, day, static_cast<int>(seq));
    // Appointment from the deadline engine: the pinned version's processing time.
    auto snap = catalog_.snapshot();
    const auto* e = snap->find(r.procedure_code);
    const auto* v = e ? e->version(static_cast<int>(r.procedure_version)) : nullptr;
    int64_t due = 0;
    if (v) {
      const json& pt = (*v->doc)["processing_time"];
      double amount = pt.value("amount", 0.0);
      if (r.channel == 2 && pt.contains("online_amount") && pt["online_amount"].is_number()) amount = pt["online_amount"].get<double>();
      auto res = calendar_.due(r.agency_code, cal::to_string(local), std::ceil(amount), pt.value("unit", std::string("working_days")));
      due = cal::utc_ms_from_local(*cal::parse_local(res["due"].get<std::string>().substr(0, 16)));
    }
    auto upd = c.exec("UPDATE dossiers SET status = 2, code = $2, received_at = $3, due_at = $4, received_by = $5, row_version = row_version + 1, "
                      "updated_at = $3 WHERE id = $1 AND row_version = $6",
                      {r.id, code, now, due ? store::Value(due) : store::Value(nullptr), who.username, r.row_version});
    if (upd.affected != 1) throw DomainError(ErrorKind::conflict, "stale_version", "Hồ sơ vừa được người khác xử lý. Vui lòng tải lại.");
    c.exec("INSERT INTO dossier_history (dossier_id, at, actor, role, action, from_status, to_status, note) VALUES ($1,$2,$3,'desk','accept',1,2,$4)",
           {r.id, now, who.username, code});
    audit_.append(c, {who.user_id, who.username, "dossier.accept", code, r.agency_code, ip, json::object()}, now);
    pid = r.public_id;
  });
  return get(pid, who);
}

json DossierService::refuse(const std::string& id, const std::string& reason_in, const Principal& who, const std::string& ip) {
  int64_t now = fmt::now_ms();
  std::string reason = text::trim(text::nfc(reason_in));
  std::string pid;
  db_.write([&](store::Conn& c) {
    auto [r, st] = load_for_desk(c, id, who);
    dossier::Context ctx;
    ctx.has_reason = !reason.empty();
    dossier::check(dossier::Action::refuse, st, dossier::Actor::desk, ctx);
    c.exec("UPDATE dossiers SET status = 3, finished_at = $2, row_version = row_version + 1, updated_at = $2 WHERE id = $1", {r.id, now});
    c.exec("INSERT INTO dossier_history (dossier_id, at, actor, role, action, from_status, to_status, note) VALUES ($1,$2,$3,'desk','refuse',$4,3,$5)",
           {r.id, now, who.username, r.status, reason});
    audit_.append(c, {who.user_id, who.username, "dossier.refuse", r.public_id, r.agency_code, ip, {{"reason", reason}}}, now);
    pid = r.public_id;
  });
  return get(pid, who);
}

json DossierService::get(const std::string& id, const Principal& who) {
  json out;
  db_.read([&](store::Conn& c) {
    Row r = load(c, id);
    if (!can_read(r, who)) throw not_found();
    out = to_json(c, r);
  });
  return out;
}

json DossierService::list(const Principal& who, int status, const std::string& agency, int page, int per_page) {
  std::string where;
  std::vector<store::Value> p;
  if (who.kind == Kind::staff) {
    auto ag = agencies_.snapshot();
    std::string in;
    for (const auto& a : ag->agencies) {
      bool ok = false;
      for (const auto& g : who.grants) ok |= ag->within(a.code, g.agency);
      if (!ok || (!agency.empty() && !ag->within(a.code, agency))) continue;
      p.push_back(a.code);
      in += (in.empty() ? "$" : ",$") + std::to_string(p.size());
    }
    if (in.empty()) return {{"items", json::array()}, {"total", 0}, {"page", page}, {"per_page", per_page}};
    where = "agency_code IN (" + in + ") AND status > 0";
  } else {
    p.push_back(who.user_id);
    where = "applicant_user_id = $1";
  }
  if (status >= 0) {
    p.push_back(int64_t{status});
    where += " AND status = $" + std::to_string(p.size());
  }
  json items = json::array();
  int total = 0;
  db_.read([&](store::Conn& c) {
    total = static_cast<int>(c.exec("SELECT COUNT(*) FROM dossiers WHERE " + where, p).rows.at(0).i64(0));
    auto q = p;
    q.push_back(int64_t{per_page});
    q.push_back(int64_t{(page - 1) * per_page});
    // Online first (R23), then by due date, then newest.
    auto r = c.exec("SELECT public_id, code, status, procedure_code, procedure_name, agency_code, applicant_name, channel, submitted_at, due_at "
                    "FROM dossiers WHERE " + where + " ORDER BY CASE WHEN channel = 2 THEN 0 ELSE 1 END, COALESCE(due_at, 9000000000000), created_at DESC "
                    "LIMIT $" + std::to_string(q.size() - 1) + " OFFSET $" + std::to_string(q.size()),
                    q);
    for (const auto& x : r.rows) {
      auto st = dossier::status_from_code(static_cast<int>(x.i64(2)));
      items.push_back({{"id", x.str(0)}, {"code", x.is_null(1) ? json(nullptr) : json(x.str(1))}, {"status", x.i64(2)},
                       {"status_label", st ? std::string(dossier::label_vi(*st)) : std::string("Bản nháp")}, {"procedure_code", x.str(3)},
                       {"procedure_name", x.str(4)}, {"agency", x.str(5)}, {"applicant_name", x.str(6)}, {"channel", x.i64(7)},
                       {"submitted_at", x.is_null(8) ? json(nullptr) : json(fmt::iso_datetime(x.i64(8)))},
                       {"due_at", x.is_null(9) ? json(nullptr) : json(fmt::iso_datetime(x.i64(9)))}});
    }
  });
  return {{"items", items}, {"total", total}, {"page", page}, {"per_page", per_page}};
}

std::string DossierService::mask_name(const std::string& full) {
  // "Nguyễn Văn An" → "Nguyễn V*** A***": family name kept, then initials.
  auto words = std::vector<std::string>{};
  std::string w;
  for (char ch : text::trim(full) + " ") {
    if (ch == ' ') {
      if (!w.empty()) words.push_back(w);
      w.clear();
    } else {
      w.push_back(ch);
    }
  }
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += " ";
    if (i == 0) {
      out += words[i];
      continue;
    }
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(words[i]);
    std::string first;
    u.tempSubString(0, U16_IS_LEAD(u.charAt(0)) ? 2 : 1).toUTF8String(first);
    out += first + "***";
  }
  return out;
}

json DossierService::lookup(const std::string& code) {
  if (!dossier::is_valid_code(code))
    throw DomainError(ErrorKind::bad_input, "bad_code", "Mã hồ sơ không đúng định dạng (ví dụ 000.01.25.H56-260424-0001).");
  json out;
  db_.read([&](store::Conn& c) {
    auto r = c.exec("SELECT code, status, procedure_name, agency_code, applicant_name, received_at, due_at, finished_at, returned_at FROM dossiers "
                    "WHERE code = $1",
                    {code});
    if (r.rows.empty()) throw DomainError(ErrorKind::not_found, "dossier_not_found", "Không tìm thấy hồ sơ có mã " + code + ".");
    const auto& x = r.rows[0];
    auto st = dossier::status_from_code(static_cast<int>(x.i64(1)));
    auto t = [&](size_t i) { return x.is_null(i) ? json(nullptr) : json(fmt::iso_datetime(x.i64(i))); };
    auto ag = agencies_.snapshot();
    const auto* a = ag->find(x.str(3));
    out = {{"code", x.str(0)},          {"status", x.i64(1)},         {"status_label", st ? std::string(dossier::label_vi(*st)) : ""},
           {"procedure", x.str(2)},     {"agency", a ? a->name : x.str(3)}, {"applicant", mask_name(x.str(4))},
           {"received_at", t(5)},       {"due_at", t(6)},             {"finished_at", t(7)},
           {"returned_at", t(8)}};
  });
  return out;
}

// ---------- processing actions after acceptance (DossierService::act) ----------



namespace {  // processing actions

// The actor a principal acts as for `a`: the applicant for their own dossier, else the first of the
// principal's roles that the state machine permits (or their first role, so check() explains the 403).
dossier::Actor actor_for(dossier::Action a, const Principal& who, bool owner) {
  if (who.kind != accounts::Kind::staff) return owner ? dossier::Actor::applicant : dossier::Actor::system;
  std::optional<dossier::Actor> first;
  for (auto [role, actor] : {std::pair{Role::desk, dossier::Actor::desk}, std::pair{Role::specialist, dossier::Actor::specialist},
                             std::pair{Role::leader, dossier::Actor::leader}, std::pair{Role::post, dossier::Actor::post}}) {
    if (!who.has_role(role)) continue;
    if (!first) first = actor;
    if (dossier::permitted(a, actor)) return actor;
  }
  return first.value_or(dossier::Actor::system);
}

}  // namespace

json DossierService::act(const std::string& id, const std::string& action_name, const json& body, const Principal& who, const std::string& ip) {
  auto action = dossier::parse_action(action_name);
  static const std::set<std::string> supported = {"transfer", "submit-for-approval", "attach-result", "approve", "return-result",
                                                  "stop", "withdraw", "confirm-withdrawal"};
  if (!action || !supported.count(action_name))
    throw DomainError(ErrorKind::not_found, "unknown_action", "Thao tác \"" + action_name + "\" chưa có trong phiên bản này.");
  std::string reason = body.is_object() && body.contains("reason") && body["reason"].is_string() ? text::trim(text::nfc(body["reason"].get<std::string>())) : "";
  std::string note = body.is_object() && body.contains("note") && body["note"].is_string() ? text::trim(text::nfc(body["note"].get<std::string>())) : "";
  if (text::length(reason) > 2000 || text::length(note) > 2000)
    throw DomainError(ErrorKind::invalid, "too_long", "Lý do/ghi chú tối đa 2000 ký tự.");
  int64_t now = fmt::now_ms();
  std::string pid;
  db_.write([&](store::Conn& c) {
    Row r = load(c, id);
    if (!can_read(r, who)) throw DomainError(ErrorKind::not_found, "dossier_not_found", "Không tìm thấy hồ sơ.");
    auto st = dossier::status_from_code(static_cast<int>(r.status));
    if (!st) throw DomainError(ErrorKind::conflict, "not_submitted", "Hồ sơ chưa được nộp.");
    auto extra = c.exec("SELECT result_file, apologies FROM dossiers WHERE id = $1", {r.id});
    bool has_result = !extra.rows.at(0).is_null(0) && !extra.rows[0].str(0).empty();
    dossier::Context ctx;
    ctx.has_reason = !reason.empty();
    ctx.has_result = has_result;
    ctx.apologies_so_far = static_cast<int>(extra.rows[0].i64(1));
    dossier::Actor actor = actor_for(*action, who, r.applicant_user_id == who.user_id);
    dossier::Status next = dossier::check(*action, *st, actor, ctx);
    std::string extra_sql;
    std::vector<store::Value> p = {r.id, int64_t{dossier::code(next)}, now, r.row_version};
    if (*action == dossier::Action::attach_result) {
      std::string file = body.is_object() ? body.value("file_id", std::string()) : "";
      auto f = c.exec("SELECT 1 FROM files WHERE public_id = $1 AND owner_user_id = $2", {file, who.user_id});
      if (f.rows.empty())
        throw DomainError(ErrorKind::invalid, "bad_file", "Tệp kết quả không tồn tại hoặc không do bạn tải lên.", {{"file_id", "Tệp không hợp lệ."}});
      p.push_back(file);
      extra_sql = ", result_file = $5";
    }
    if (next == dossier::Status::resolved || next == dossier::Status::stopped) extra_sql += ", finished_at = $3";
    if (next == dossier::Status::returned) extra_sql += ", returned_at = $3";
    auto upd = c.exec("UPDATE dossiers SET status = $2, updated_at = $3, row_version = row_version + 1" + extra_sql +
                          " WHERE id = $1 AND row_version = $4",
                      p);
    if (upd.affected != 1) throw DomainError(ErrorKind::conflict, "stale_version", "Hồ sơ vừa được người khác xử lý. Vui lòng tải lại.");
    c.exec("INSERT INTO dossier_history (dossier_id, at, actor, role, action, from_status, to_status, note) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
           {r.id, now, who.username, std::string(dossier::to_string(actor)), action_name, r.status, int64_t{dossier::code(next)},
            reason.empty() ? note : reason});
    audit_.append(c, {who.user_id, who.username, "dossier." + action_name, r.code.empty() ? r.public_id : r.code, r.agency_code, ip,
                      {{"from", r.status}, {"to", dossier::code(next)}}}, now);
    pid = r.public_id;
  });
  return get(pid, who);
}

}  // namespace motcua::services
