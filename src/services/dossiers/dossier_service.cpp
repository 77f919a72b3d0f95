#include "services/dossiers/dossier_service.h"

#include <unicode/unistr.h>

#include <cmath>
#include <random>
#include <set>

#include "domain/catalog/applicants.h"
#include "domain/catalog/form_schema.h"
#include "domain/dossier/disclosure.h"
#include "domain/dossier/dossier_code.h"
#include "domain/dossier/state_machine.h"
#include "domain/dossier/status.h"
#include "domain/errors.h"
#include "domain/format.h"
#include "domain/text.h"
#include "services/calendar/processing_time.h"
#include "services/archive/archive_service.h"
#include "services/dossiers/dossier_internal.h"
#include "services/dossiers/dossier_search.h"
#include "services/handover/handover_service.h"
#include "services/natdb/national_data.h"
#include "services/payments/payment_service.h"
#include "services/reports/report_ledger.h"
#include "services/ids.h"

namespace motcua::services {

using nlohmann::json;
using accounts::Kind;
using accounts::Principal;
using accounts::Role;

using namespace dossier_detail;

namespace dossier_detail {
void add_history(store::Conn& c, int64_t dossier_id, int64_t at, const HistoryEntry& h) {
  c.exec("INSERT INTO dossier_history (dossier_id, at, actor, role, unit, action, from_status, to_status, note, to_unit, assignee, actor_name) "
         "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11, CASE WHEN $3 = 'system' THEN 'Hệ thống' ELSE COALESCE((SELECT full_name FROM users WHERE username = $3), '') END)",
         {dossier_id, at, h.actor, h.role, h.unit, h.action, h.from, h.to, h.note, h.to_unit, h.assignee});
}
OpenVersion open_version(CatalogService& catalog, const std::string& pcode, int64_t now) {
  OpenVersion o;
  o.snap = catalog.snapshot();
  o.entry = o.snap->find(pcode);
  o.version = o.entry ? o.entry->current(now) : nullptr;
  if (!o.entry || !o.version || o.entry->state != catalog::ProcState::active)
    throw DomainError(ErrorKind::invalid, "procedure_unavailable", "Thủ tục \"" + pcode + "\" không tồn tại hoặc hiện không nhận hồ sơ.",
                      {{"procedure_code", "Thủ tục không nhận hồ sơ."}});
  return o;
}

int64_t parse_local_ms(const std::string& s) {
  std::string t = s.size() == 10 ? s + "T17:00" : s.substr(0, 16);
  auto l = cal::parse_local(t);
  return l ? cal::utc_ms_from_local(*l) : 0;
}
}  // namespace dossier_detail

static constexpr const char* kCols =
    "id, public_id, code, procedure_code, procedure_name, agency_code, applicant_name, applicant_id_number, delivery, procedure_version, "
    "applicant_user_id, applicant_type, channel, status, row_version, submitted_at, received_at, due_at, created_at, form, "
    "handling_agency_code, substate, unit, assignee, result_file, returned_to, received_by, step_no, step_started_at, paused_at, "
    "supplement_count, fee_amount, paid_at, original_due_at, apologies, finished_at, returned_at, applicant_phone, applicant_email, "
    "applicant_address, received_unit, supplement_due_at, coded_at, result_verify_id, form_sources";

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
  auto opt = [&](size_t i) { return x.is_null(i) ? int64_t{0} : x.i64(i); };
  auto ostr = [&](size_t i) { return x.is_null(i) ? std::string() : x.str(i); };
  d.handling_agency = x.str(20);
  d.substate = x.str(21);
  d.unit = x.str(22);
  d.assignee = x.str(23);
  d.result_file = ostr(24);
  d.returned_to = x.str(25);
  d.received_by = x.str(26);
  d.step_no = x.i64(27);
  d.step_started_at = opt(28);
  d.paused_at = opt(29);
  d.supplement_count = x.i64(30);
  d.fee_amount = x.i64(31);
  d.paid_at = opt(32);
  d.original_due_at = opt(33);
  d.apologies = x.i64(34);
  d.finished_at = opt(35);
  d.returned_at = opt(36);
  d.applicant_phone = x.str(37);
  d.applicant_email = x.str(38);
  d.applicant_address = x.str(39);
  d.received_unit = x.str(40);
  d.supplement_due_at = opt(41);
  d.coded_at = opt(42);
  d.result_verify_id = ostr(43);
  d.form_sources = ostr(44);
  for (const auto& q : c.exec("SELECT target, closed_at, created_by FROM dossier_requests WHERE dossier_id = $1 AND kind = 'consult' ORDER BY id",
                              {d.id})
                           .rows) {
    d.consulted.push_back(q.str(0));
    if (q.is_null(1)) {
      ++d.open_consults;
      d.open_consultations.push_back({q.str(0), q.str(2)});
    }
  }
  return d;
}

DossierService::Row DossierService::load_for_desk(store::Conn& c, const std::string& id, const Principal& who) {
  Row r = load(c, id);
  if (!can_read(r, who)) throw not_found();
  if (!dossier::status_from_code(static_cast<int>(r.status))) throw DomainError(ErrorKind::conflict, "not_submitted", "Hồ sơ chưa được nộp.");
  return r;
}

bool DossierService::staff_at(const std::string& agency, const Principal& who) {
  if (who.kind != Kind::staff || agency.empty()) return false;
  auto ag = agencies_.snapshot();
  for (const auto& g : who.grants)
    if (g.role != Role::catalog && g.role != Role::admin && ag->within(agency, g.agency)) return true;
  return false;
}

bool DossierService::can_read(const Row& r, const Principal& who) {
  if (!who.signed_in()) return false;
  if (who.kind != Kind::staff) return r.applicant_user_id == who.user_id;
  if (staff_at(r.agency_code, who) || staff_at(r.handling_agency, who)) return true;
  for (const auto& a : r.consulted)
    if (staff_at(a, who)) return true;
  return false;
}

int64_t DossierService::appointment(const Row& r, int64_t from_ms) {
  auto snap = catalog_.snapshot();
  const auto* e = snap->find(r.procedure_code);
  const auto* v = e ? e->version(static_cast<int>(r.procedure_version)) : nullptr;
  if (!v) return 0;
  // The pinned version's statutory time (the online amount for online dossiers), counted exactly by the
  // deadline engine — no rounding (services/calendar/processing_time.h).
  auto pt = processing_time_of((*v->doc)["processing_time"], r.channel == 2);
  return calendar_.due_at(r.competent(), from_ms, pt.amount, pt.unit, pt.cutoff_minutes).due_ms;
}

std::string DossierService::assign_code(store::Conn& c, const std::string& agency, int64_t now) {
  cal::Date day = cal::date_of(cal::local_from_utc_ms(now));
  std::string yymmdd = cal::to_string(day);
  yymmdd = yymmdd.substr(2, 2) + yymmdd.substr(5, 2) + yymmdd.substr(8, 2);
  // One statement: the day's first code creates the counter row, later ones take the next value under its lock.
  int64_t seq = c.exec("INSERT INTO dossier_sequences (agency_code, day, last_value) VALUES ($1, $2, 1) ON CONFLICT (agency_code, day) "
                       "DO UPDATE SET last_value = dossier_sequences.last_value + 1 RETURNING last_value",
                       {agency, yymmdd})
                    .rows.at(0)
                    .i64(0);
  return dossier::format_code(agency, day, static_cast<int>(seq));
}

void DossierService::notify_applicant(store::Conn& c, const Row& r, const std::string& event, motcua::notify::Vars vars, int64_t now) {
  notify::Message m;
  m.event = event;
  vars["ma_ho_so"] = r.code.empty() ? r.public_id : r.code;
  vars["thu_tuc"] = r.procedure_name;
  auto ag = agencies_.snapshot();
  const Agency* a = ag->find(r.agency_code);
  vars["co_quan"] = a ? a->name : r.agency_code;
  m.vars = std::move(vars);
  m.user_id = r.applicant_user_id;  // their preferences and Zalo link, when the dossier has an account
  m.key = r.public_id + "#" + std::to_string(r.row_version + 1);
  m.dossier_id = r.id;
  m.dossier_code = r.code;
  m.agency = r.agency_code;  // the receiving agency's gateway credentials, when it has its own
  outbox_.enqueue_for(c, {r.applicant_email, r.applicant_phone}, std::move(m), now);
}

void DossierService::record_change(store::Conn& c, int64_t dossier_id, int64_t now) const {
  report_ledger::sync(c, dossier_id);
  if (sync_) sync_->record(c, dossier_id, now);
  if (hooks_) hooks_->record(c, dossier_id, now);
  if (handover_) handover_->changed(c, dossier_id, now);
}

std::string status_label_vi(const std::optional<dossier::Status>& s) { return s ? std::string(dossier::label_vi(*s)) : std::string("Bản nháp"); }

bool DossierView::may(dossier::Action a) const { return std::find(actions.begin(), actions.end(), a) != actions.end(); }
bool DossierView::has_slip(dossier::Slip s) const { return std::find(slips.begin(), slips.end(), s) != slips.end(); }

DossierView DossierService::build_view(store::Conn& c, const Row& r, const Principal& who) {
  DossierView v;
  v.status = dossier::status_from_code(static_cast<int>(r.status));
  v.for_staff = who.kind == Kind::staff;
  auto h = c.exec("SELECT h.at, h.actor, h.role, h.action, h.from_status, h.to_status, h.note, h.unit, h.to_unit, h.assignee, "
                  "COALESCE(h.actor_name, ''), COALESCE(u.full_name, '') FROM dossier_history h "
                  "LEFT JOIN users u ON u.username = h.assignee AND h.assignee <> '' WHERE h.dossier_id = $1 ORDER BY h.at, h.id",
                  {r.id});
  for (const auto& x : h.rows) {
    // An applicant sees public events only, and a note only when it is addressed to them (dossier/disclosure.h).
    auto shown = v.for_staff ? dossier::Disclosure::with_note : dossier::disclose_to_applicant(x.str(3));
    if (shown == dossier::Disclosure::hidden) continue;
    DossierHistoryItem e;
    e.at = x.i64(0);
    e.role = x.str(2);
    e.action = x.str(3);
    e.from = static_cast<int>(x.i64(4));
    e.to = static_cast<int>(x.i64(5));
    if (shown == dossier::Disclosure::with_note) e.note = x.str(6);
    auto act = dossier::parse_action(e.action);
    e.action_label = act ? std::string(dossier::label_vi(*act)) : e.action == "submit" ? "Nộp hồ sơ" : e.action;
    // Applicants see which office acted, not the officer's account name.
    if (v.for_staff) {
      e.actor = x.str(1);
      e.unit = x.str(7);
      e.to_unit = x.str(8);
      e.assignee = x.str(9);
      e.actor_name = x.str(10);
      e.assignee_name = x.str(11);
    }
    v.history.push_back(std::move(e));
  }
  for (const auto& x : c.exec("SELECT d.component_code, d.file_public_id, d.copy_type, d.source, f.original_name, f.content_type, f.size, p.code, "
                              "p.doc_type_name, p.issuer_name, p.issued_at, d.digitization_mandatory FROM dossier_documents d LEFT JOIN files f ON f.public_id = d.file_public_id "
                              "LEFT JOIN personal_documents p ON p.public_id = d.reused_from WHERE d.dossier_id = $1 ORDER BY d.id",
                              {r.id})
                           .rows) {
    DossierDocument doc{x.str(0), x.str(1), x.str(2), x.str(3), x.is_null(4) ? "" : x.str(4), x.is_null(5) ? "" : x.str(5), x.is_null(6) ? 0 : x.i64(6)};
    if (!x.is_null(7)) doc.reused = {x.str(7), x.str(8), x.str(9), x.i64(10)};
    doc.digitization_mandatory = x.i64(11) != 0;
    v.documents.push_back(std::move(doc));
  }
  bool supplement_issued = false, apology_issued = false;
  for (const auto& x : c.exec("SELECT kind, reason, items, amount, target, deadline_at, created_at, closed_at, answer FROM dossier_requests "
                              "WHERE dossier_id = $1 ORDER BY id",
                              {r.id})
                           .rows) {
    if (!v.for_staff && x.str(0) == "consult") continue;  // between agencies, not addressed to the applicant
    DossierRequest q;
    q.kind = x.str(0);
    q.reason = x.str(1);
    q.target = x.str(4);
    q.answer = x.str(8);
    q.items = json::parse(x.str(2), nullptr, false);
    q.amount = x.i64(3);
    q.deadline = x.is_null(5) ? 0 : x.i64(5);
    q.at = x.i64(6);
    q.closed_at = x.is_null(7) ? 0 : x.i64(7);
    if (!q.items.is_array()) q.items = json::array();
    supplement_issued |= q.kind == "completion" || q.kind == "supplement";
    apology_issued |= q.kind == "apology";
    v.requests.push_back(std::move(q));
  }
  // Actions the caller may take now: exactly what act() would allow (domain/dossier/authority.h).
  if (v.status) v.actions = dossier::available(r.holding(), who, r.context(true));
  // Slips this reader may print: exactly what form_pdf() would print (domain/dossier/slips.h).
  v.slips = dossier::available(dossier::SlipFacts{v.status, r.received_at != 0, supplement_issued, apology_issued, v.for_staff});
  // One clock (domain/dossier/clock.h): the same answer as the lists, the slips and the jobs.
  v.clock = r.clock(fmt::now_ms());
  v.id = r.public_id;
  v.code = r.code;
  v.substate = r.substate;
  v.procedure_code = r.procedure_code;
  v.procedure_name = r.procedure_name;
  v.procedure_version = static_cast<int>(r.procedure_version);
  v.agency = r.agency_code;
  v.handling_agency = r.competent();
  v.applicant = {r.applicant_name, r.applicant_id_number, r.applicant_phone, r.applicant_email, r.applicant_address,
                 dossier::applicant_type_from_code(static_cast<int>(r.applicant_type)).value_or(dossier::ApplicantType::citizen)};
  v.channel = dossier::channel_from_code(static_cast<int>(r.channel)).value_or(dossier::Channel::online);
  v.delivery = r.delivery;
  v.form = json::parse(r.form, nullptr, false);
  if (v.form.is_discarded()) v.form = json::object();
  if (!r.form_sources.empty()) v.form_sources = json::parse(r.form_sources, nullptr, false);
  if (!v.form_sources.is_object()) v.form_sources = json::object();
  v.submitted_at = r.submitted_at;
  v.received_at = r.received_at;
  v.due_at = r.due_at;
  v.original_due_at = r.original_due_at;
  v.finished_at = r.finished_at;
  v.returned_at = r.returned_at;
  v.supplement_due_at = r.supplement_due_at;
  v.paid_at = r.paid_at;
  v.supplement_count = static_cast<int>(r.supplement_count);
  v.apologies = static_cast<int>(r.apologies);
  v.fee_amount = r.fee_amount;
  v.has_result = !r.result_file.empty();
  v.row_version = r.row_version;
  if (v.for_staff) {
    v.unit = r.unit;
    v.assignee = r.assignee;
    v.step_no = static_cast<int>(r.step_no);
    v.received_by = r.received_by;
    v.returned_to = r.returned_to;
    v.result_file = r.result_file;
    v.result_verify_id = r.result_verify_id;
  } else if (!r.result_file.empty() && r.status == 10 && r.delivery == "online") {
    v.result_file = r.result_file;  // online delivery: the applicant downloads the result
    v.result_verify_id = r.result_verify_id;
  }
  return v;
}

DossierView DossierService::submit(const json& in, const Principal& who, const std::string& ip) {
  if (who.kind == Kind::staff && (who.has_role(Role::desk) || who.has_role(Role::post))) return intake(in, who, ip);
  if (who.kind != Kind::citizen && who.kind != Kind::organisation)
    throw DomainError(ErrorKind::forbidden, "forbidden", "Chỉ công dân, tổ chức (hoặc Bộ phận Một cửa, bưu chính khi tiếp nhận) mới nộp được hồ sơ.");
  if (!in.is_object()) throw DomainError(ErrorKind::bad_input, "bad_json", "Dữ liệu hồ sơ phải là một đối tượng JSON.");
  std::string pcode = str(in, "procedure_code"), agency = str(in, "agency_code"), delivery = str(in, "delivery");
  if (delivery.empty()) delivery = "desk";
  if (delivery != "desk" && delivery != "post" && delivery != "online")
    throw DomainError(ErrorKind::invalid, "bad_delivery", "Hình thức nhận kết quả chỉ nhận desk (tại Bộ phận Một cửa), post (bưu chính) hoặc online.",
                      {{"delivery", "Hình thức nhận kết quả không hợp lệ."}});
  int64_t now = fmt::now_ms();
  auto open = open_version(catalog_, pcode, now);
  const auto* e = open.entry;
  const ProcVersion* v = open.version;
  const json& doc = open.doc();
  auto ag = agencies_.snapshot();
  const Agency* a = ag->find(agency);
  if (!a) throw DomainError(ErrorKind::invalid, "unknown_agency", "Không tìm thấy cơ quan tiếp nhận \"" + agency + "\".", {{"agency_code", "Cơ quan không hợp lệ."}});
  if (!(v->levels & level_bit(a->level)))
    throw DomainError(ErrorKind::invalid, "wrong_level", "Thủ tục này không thực hiện tại " + a->name + ".", {{"agency_code", "Cơ quan không giải quyết thủ tục này."}});
  int applicant_type = who.kind == Kind::organisation ? 2 : 1;
  catalog::check_applicant_type(doc, applicant_type, "procedure_code");
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
  bool do_submit = !in.contains("submit") || (in["submit"].is_boolean() && in["submit"].get<bool>());
  int year = std::stoi(fmt::iso_date(now).substr(0, 4));
  if (do_submit) {
    form = catalog::applicable_values(doc["form_schema"], form);  // answers to questions that no longer apply are not kept
    auto errs = catalog::validate_values(doc["form_schema"], form, year);
    if (!errs.empty()) {
      for (auto& f : errs) f.field = "form." + f.field;
      throw DomainError(ErrorKind::invalid, "form_invalid", "Tờ khai còn " + std::to_string(errs.size()) + " lỗi.", errs);
    }
  } else {
    // A draft may be incomplete; it is checked in full when submitted. Only its shape is checked here.
    bool ok = form.is_object() && form.size() <= 200;
    if (ok)
      for (const auto& [k, v] : form.items()) ok &= k.size() <= 100 && (v.is_string() ? v.get<std::string>().size() <= 4000 : v.is_primitive());
    if (!ok) throw DomainError(ErrorKind::invalid, "form_invalid", "Bản nháp tờ khai không hợp lệ (tối đa 200 trường, mỗi giá trị là văn bản ngắn).", {{"form", "Không hợp lệ."}});
  }
  const json docs = in.contains("documents") ? in["documents"] : json::array();
  if (do_submit) {
    // Every mandatory component must be attached (the e-form stands for the declaration form itself).
    std::vector<FieldError> missing;
    for (const auto& comp : doc["components"]) {
      if (!comp.value("mandatory", false) || comp.value("template_form", false)) continue;
      bool have = false;
      if (docs.is_array())
        for (const auto& d : docs) have |= d.is_object() && d.value("component_code", std::string()) == comp.value("code", std::string());
      if (!have) missing.push_back({"documents." + comp.value("code", std::string()), "Thiếu thành phần bắt buộc: " + comp.value("name", std::string())});
    }
    if (!missing.empty())
      throw DomainError(ErrorKind::invalid, "documents_missing", "Hồ sơ còn thiếu " + std::to_string(missing.size()) + " thành phần bắt buộc.", missing);
  }
  std::string pid = random_token(12);
  db_.write([&](store::Conn& c) {
    // The dossier code is given at submission (a draft has none); the counter rolls back with the
    // transaction, so a refused submission gives its number back and the sequence stays gapless.
    std::string code = do_submit ? assign_code(c, agency, now) : "";
    auto u = c.exec("SELECT full_name, id_number, tax_code, phone, email FROM users WHERE id = $1", {who.user_id});
    const auto& ur = u.rows.at(0);
    const std::string idn = ur.str(1).empty() ? ur.str(2) : ur.str(1);
    int64_t id = c.exec("INSERT INTO dossiers (public_id, procedure_id, procedure_code, procedure_version, procedure_name, agency_code, "
                        "applicant_user_id, applicant_type, applicant_name, applicant_id_number, applicant_phone, applicant_email, channel, status, "
                        "delivery, form, submitted_at, created_at, updated_at, substate, code, coded_at, applicant_search) "
                        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,2,$13,$14,$15,$16,$17,$17,$18,$19,$16,$20) RETURNING id",
                        {pid, e->id, pcode, int64_t{v->version_no}, doc["name"].get<std::string>(), agency, who.user_id, int64_t{applicant_type},
                         ur.str(0), idn, ur.str(3), ur.str(4), int64_t{do_submit ? 1 : 0}, delivery, form.dump(),
                         do_submit ? store::Value(now) : store::Value(nullptr), now, std::string(do_submit ? "waiting_for_desk" : ""),
                         code.empty() ? store::Value(nullptr) : store::Value(code), dossier_search::key(ur.str(0), idn, ur.str(3))})
                     .rows.at(0)
                     .i64(0);
    if (natdb_ && in.contains("national_lookup") && in["national_lookup"].is_string()) {
      // The lookup must be about this applicant: the account's own ID number or tax code.
      std::string subject = applicant_type == 2 ? ur.str(2) : ur.str(1);
      json taken = natdb_->taken(c, in["national_lookup"].get<std::string>(), who, subject, doc["form_schema"], form, id, code.empty() ? pid : code, now);
      if (!taken.empty()) c.exec("UPDATE dossiers SET form_sources = $2 WHERE id = $1", {id, taken.dump()});
    }
    insert_documents(c, id, docs, doc["components"], who.user_id, "applicant", now);
    if (do_submit && payments_) payments_->on_submitted(c, id, agency, doc.contains("fees") ? &doc["fees"] : nullptr, form, delivery, now);
    if (do_submit) {
      add_history(c, id, now, {who.username, "applicant", "", "submit", 0, 1, "", "", ""});
      record_change(c, id, now);
      notify::Message m;
      m.event = "dossier.submit";
      m.vars = {{"ma_ho_so", code}, {"thu_tuc", doc["name"].get<std::string>()}, {"co_quan", a->name}};
      m.key = pid + "#submit";
      m.dossier_id = id;
      m.dossier_code = code;
      m.agency = agency;
      m.user_id = who.user_id;
      outbox_.enqueue_for(c, {ur.str(4), ur.str(3)}, std::move(m), now);
    }
    audit_.append(c, {who.user_id, who.username, do_submit ? "dossier.submit" : "dossier.draft", pid, agency, ip, {{"procedure", pcode}}}, now);
  });
  return view(pid, who);
}

void DossierService::accept_in(store::Conn& c, const Row& r, const Principal& who, const std::string& ip, int64_t now) {
  dossier::decide(dossier::Action::accept, r.holding(), who, r.context());
  if (payments_ && !payments::may_accept(static_cast<int>(r.channel), payments_->upfront_outstanding(c, r.id)))
    throw DomainError(ErrorKind::conflict, "fee_unpaid", "Người nộp chưa nộp phí, lệ phí phải nộp trước khi tiếp nhận hồ sơ trực tuyến.");
  // Coded at submission or recording; only dossiers recorded before codes were given then get one here.
  std::string code = r.code.empty() ? assign_code(c, r.agency_code, now) : r.code;
  int64_t due = appointment(r, now);
  std::string unit = unit_of(who, dossier::Actor::desk, r.agency_code);
  auto upd = c.exec("UPDATE dossiers SET status = 2, substate = 'received', code = $2, received_at = $3, due_at = $4, received_by = $5, "
                    "received_unit = $7, unit = $7, coded_at = COALESCE(coded_at, $3), row_version = row_version + 1, updated_at = $3 "
                    "WHERE id = $1 AND row_version = $6",
                    {r.id, code, now, due ? store::Value(due) : store::Value(nullptr), who.username, r.row_version, unit});
  if (upd.affected != 1) throw stale();
  assign_ledger_entry(c, r.id, r.agency_code, unit, now);
  c.exec("UPDATE dossier_requests SET closed_at = $2 WHERE dossier_id = $1 AND kind = 'completion' AND closed_at IS NULL", {r.id, now});
  add_history(c, r.id, now, {who.username, "desk", unit, "accept", 1, 2, code, unit, ""});
  record_change(c, r.id, now);
  audit_.append(c, {who.user_id, who.username, "dossier.accept", code, r.agency_code, ip, json::object()}, now);
  Row after = r;
  after.code = code;
  notify_applicant(c, after, "dossier.accept", {{"ngay_hen", due ? fmt::datetime(due) : std::string()}}, now);
}

DossierView DossierService::accept(const std::string& id, const Principal& who, const std::string& ip, std::optional<int64_t> expected) {
  int64_t now = fmt::now_ms();
  std::string pid;
  db_.write([&](store::Conn& c) {
    Row r = load_for_desk(c, id, who);
    if (expected && *expected != r.row_version) throw stale();
    accept_in(c, r, who, ip, now);
    pid = r.public_id;
  });
  return view(pid, who);
}

DossierView DossierService::refuse(const std::string& id, const std::string& reason_in, const Principal& who, const std::string& ip,
                            std::optional<int64_t> expected) {
  int64_t now = fmt::now_ms();
  std::string reason = text::trim(text::nfc(reason_in));
  std::string pid;
  db_.write([&](store::Conn& c) {
    Row r = load_for_desk(c, id, who);
    if (expected && *expected != r.row_version) throw stale();
    dossier::decide(dossier::Action::refuse, r.holding(), who, r.context(!reason.empty()));
    c.exec("UPDATE dossiers SET status = 3, substate = 'refused', finished_at = $2, row_version = row_version + 1, updated_at = $2 WHERE id = $1",
           {r.id, now});
    add_history(c, r.id, now, {who.username, "desk", unit_of(who, dossier::Actor::desk, r.agency_code), "refuse", r.status, 3, reason, "", ""});
    if (archive_) archive_->seal(c, r.id, now);  // e-archive: ended (3), sealed
    if (payments_) payments_->on_ended(c, r.id, "refuse", now);
    record_change(c, r.id, now);
    audit_.append(c, {who.user_id, who.username, "dossier.refuse", r.public_id, r.agency_code, ip, {{"reason", reason}}}, now);
    notify_applicant(c, r, "dossier.refuse", {{"ly_do", reason}}, now);
    pid = r.public_id;
  });
  return view(pid, who);
}

DossierView DossierService::view(const std::string& id, const Principal& who) {
  DossierView out;
  db_.read([&](store::Conn& c) {
    Row r = load(c, id);
    if (!can_read(r, who)) throw not_found();
    out = build_view(c, r, who);
  });
  return out;
}

std::string DossierService::mask_name(const std::string& full) { return text::mask_name(full); }

DossierService::PublicLookup DossierService::lookup(const std::string& typed) {
  const std::string code = dossier::normalize_code(typed);  // "000.01.25.h56-…" with spaces finds it too
  if (!dossier::is_valid_code(code))
    throw DomainError(ErrorKind::bad_input, "bad_code", "Mã hồ sơ không đúng định dạng (ví dụ 000.01.25.H56-260424-0001).");
  PublicLookup out;
  db_.read([&](store::Conn& c) {
    auto r = c.exec("SELECT code, status, procedure_name, agency_code, applicant_name, received_at, due_at, finished_at, returned_at FROM dossiers "
                    "WHERE code = $1",
                    {code});
    if (r.rows.empty()) throw DomainError(ErrorKind::not_found, "dossier_not_found", "Không tìm thấy hồ sơ có mã " + code + ".");
    const auto& x = r.rows[0];
    auto t = [&](size_t i) { return x.is_null(i) ? int64_t{0} : x.i64(i); };
    auto ag = agencies_.snapshot();
    const auto* a = ag->find(x.str(3));
    out.code = x.str(0);
    out.status = dossier::status_from_code(static_cast<int>(x.i64(1))).value_or(dossier::Status::submitted);  // coded dossiers are ≥ 2
    out.procedure = x.str(2);
    out.agency_name = a ? a->name : x.str(3);
    out.applicant_masked = mask_name(x.str(4));
    out.received_at = t(5);
    out.due_at = t(6);
    out.finished_at = t(7);
    out.returned_at = t(8);
  });
  return out;
}

}  // namespace motcua::services
