// National portal sync: the payloads of each dossier change, and the reconciliation counts (see national_sync.h).
#include "services/sync/national_sync.h"

#include <nlohmann/json.hpp>

#include "services/agencies/agency_policy.h"
#include "domain/accounts/policy.h"
#include "domain/dossier/disclosure.h"
#include "domain/errors.h"
#include "domain/format.h"
#include "domain/payments/fees.h"
#include "domain/dossier/state_machine.h"
#include "domain/sync/national.h"

namespace motcua::services {

using nlohmann::json;

namespace {

constexpr int64_t kDayMs = 86'400'000, kVietnamOffsetMs = 25'200'000;

std::string jstr(const json& j, const char* k) { return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : ""; }

// Where the reader's `agencies` filter lands in SQL: "" for everything, else " AND agency_code IN ($n, …)".
std::string agency_filter(const std::vector<std::string>& agencies, std::vector<store::Value>& params) {
  if (agencies.empty()) return "";
  std::string s = " AND agency_code IN (";
  for (size_t i = 0; i < agencies.size(); ++i) {
    params.emplace_back(agencies[i]);
    s += (i ? ", $" : "$") + std::to_string(params.size());
  }
  return s + ")";
}

std::string local_day(int64_t day_number) {
  return sync::national_time(day_number * kDayMs - kVietnamOffsetMs + 1).substr(0, 8).insert(6, "-").insert(4, "-");
}

void add(SyncCounts& k, const std::string& status, int64_t tried, int64_t n) {
  if (status == "sent") k.synced += n;
  else if (status == "dead") k.dead += n;
  else if (status == "pending" && tried) k.failed += n;
  else k.pending += n;
}

}  // namespace

void NationalSync::record(store::Conn& c, int64_t dossier_id, int64_t now) const {
  if (!cfg_.enabled) return;
  auto d = c.exec("SELECT d.public_id, d.code, d.procedure_code, d.procedure_name, d.procedure_version, d.channel, d.applicant_name, "
                  "d.applicant_id_number, d.applicant_type, d.applicant_email, d.applicant_phone, d.submitted_at, d.received_at, d.due_at, "
                  "d.finished_at, d.returned_at, d.status, d.delivery, d.agency_code, d.handling_agency_code, d.result_file, d.step_started_at, "
                  "d.paid_at, d.fee_amount, COALESCE((SELECT 1 FROM users u WHERE u.id = d.applicant_user_id AND (u.national_id_verified = 1 OR u.oidc_subject IS NOT NULL)), 0), "
                  "COALESCE(d.form_sources, '') FROM dossiers d WHERE d.id = $1",
                  {dossier_id});
  if (d.rows.empty()) return;
  const auto& r = d.rows[0];
  int status = static_cast<int>(r.i64(16));
  std::string code = r.str(1);
  if (!sync::national_status(status) || code.empty()) return;  // a draft, or not yet numbered: nothing to tell
  std::string public_id = r.str(0), agency = r.str(18), competent = r.str(19).empty() ? agency : r.str(19);

  sync::NationalDossier n;
  n.code = code;
  n.procedure_code = r.str(2);
  n.procedure_name = r.str(3);
  n.channel = static_cast<int>(r.i64(5));
  n.applicant_name = r.str(6);
  n.applicant_id_number = r.str(7);
  n.applicant_type = static_cast<int>(r.i64(8));
  n.email = r.str(9);
  n.phone = r.str(10);
  n.summary = n.procedure_name + " — " + n.applicant_name;
  auto ms = [&](int i) { return r.is_null(i) ? int64_t{0} : r.i64(i); };
  n.submitted_at = ms(11);
  n.status = status;
  n.received_at = status == 3 ? 0 : ms(12);
  n.due_at = status == 3 ? 0 : ms(13);
  n.finished_at = status == 3 ? 0 : ms(14);
  n.refused_at = status == 3 ? ms(14) : 0;
  n.returned_at = ms(15);
  n.delivery = r.str(17);
  n.handling_agency = competent;
  n.vneid_verified = r.i64(24) == 1;
  // DuocThanhToanTrucTuyen: 2 when a fee was paid through the provincial gateway (services/payments), else 3.
  n.online_payment = 3;
  bool fee_rows = false;
  for (const auto& x : c.exec("SELECT f.name, f.code, f.total, COALESCE(p.method, '') FROM dossier_fees f LEFT JOIN payments p ON p.id = f.paid_by "
                              "WHERE f.dossier_id = $1 ORDER BY f.id",
                              {dossier_id})
                           .rows) {
    fee_rows = true;
    const bool online = payments::online_method(x.str(3));
    if (online) n.online_payment = 2;
    n.fees.push_back({x.str(0), x.str(1), online ? 2 : 1, x.i64(2)});
  }

  auto snap = catalog_.snapshot();
  const auto* e = snap->find(n.procedure_code);
  const auto* v = e ? e->version(static_cast<int>(r.i64(4))) : nullptr;
  if (v && v->doc) {
    const json& doc = *v->doc;
    if (doc.contains("field")) n.field_code = jstr(doc["field"], "code"), n.field_name = jstr(doc["field"], "name");
    if (!fee_rows && doc.contains("fees") && doc["fees"].is_array())
      for (const auto& f : doc["fees"])
        if (f.contains("amount") && f["amount"].is_number_integer()) n.fees.push_back({jstr(f, "name"), jstr(f, "code"), 1, f["amount"].get<int64_t>()});
  }
  std::string base = cfg_.public_url + "/api/v1/dossiers/" + public_id;
  for (const auto& x : c.exec("SELECT dd.component_code, dd.file_public_id, dd.source, COALESCE(f.original_name, '') FROM dossier_documents dd "
                              "LEFT JOIN files f ON f.public_id = dd.file_public_id WHERE dd.dossier_id = $1 AND dd.source <> 'result' ORDER BY dd.id",
                              {dossier_id})
                           .rows) {
    std::string file = x.str(1), source = x.str(2);
    n.documents.push_back({x.str(3).empty() ? x.str(0) : x.str(3), x.str(0), file.empty() ? "" : base + "/documents/" + file,
                           source == "desk" || source == "post", source == "reuse" || source == "earlier_result", source == "national_db"});
  }
  // The e-form (tờ khai) whose applicant fields were taken from a national database (services/natdb).
  if (std::string fs = r.str(25); !fs.empty() && fs != "{}" && v && v->doc) {
    std::string comp = "TOKHAI", name = "Tờ khai điện tử";
    for (const auto& x : (*v->doc)["components"])
      if (x.value("template_form", false)) {
        comp = jstr(x, "code");
        name = jstr(x, "name");
        break;
      }
    n.documents.push_back({name, comp, "", false, false, true});
  }
  for (const auto& x : c.exec("SELECT reason, created_at, closed_at, due_before, due_after FROM dossier_requests WHERE dossier_id = $1 AND kind = 'supplement' "
                              "ORDER BY id",
                              {dossier_id})
                           .rows)
    n.supplements.push_back({x.str(0), x.i64(1), x.is_null(2) ? 0 : x.i64(2), x.is_null(3) ? 0 : x.i64(3), x.is_null(4) ? 0 : x.i64(4)});
  if (!r.is_null(20) && !r.str(20).empty() && (status == 9 || status == 10)) {
    std::string result = v && v->doc ? jstr(*v->doc, "result") : "";
    n.results.push_back({result.empty() ? "Kết quả giải quyết thủ tục hành chính" : result, code + ".KQ", base + "/documents/" + r.str(20)});
  }

  auto h = c.exec("SELECT h.id, h.at, h.actor_name, h.role, h.unit, h.action, h.to_status, h.note, COALESCE(u.name, '') FROM dossier_history h "
                  "LEFT JOIN agency_units u ON u.code = h.unit AND u.agency_id = (SELECT id FROM agencies WHERE code = $2) "
                  "WHERE h.dossier_id = $1 ORDER BY h.id DESC LIMIT 1",
                  {dossier_id, competent});
  if (h.rows.empty()) return;
  const auto& hr = h.rows[0];
  sync::NationalProgress p;
  p.code = code;
  std::string role = hr.str(3);
  auto actor = dossier::parse_actor(role);
  p.officer = hr.str(2).empty() ? (role == "applicant" ? n.applicant_name : "Hệ thống") : hr.str(2);
  p.title = actor ? std::string(dossier::label_vi(*actor)) : role == "applicant" ? "Người nộp hồ sơ" : "";
  p.unit = hr.str(8);
  auto act = dossier::parse_action(hr.str(5));
  p.content = act ? std::string(dossier::label_vi(*act)) : hr.str(5) == "submit" ? "Nộp hồ sơ" : hr.str(5);
  // The national portal shows progress to the applicant: a note goes with it only when the applicant may read it.
  if (!hr.str(7).empty() && dossier::disclose_to_applicant(hr.str(5)) == dossier::Disclosure::with_note) p.content += ": " + hr.str(7);
  p.at = hr.i64(1);
  p.status = static_cast<int>(hr.i64(6));
  p.started_at = ms(21) ? ms(21) : n.received_at ? n.received_at : n.submitted_at;
  p.due_at = n.due_at;
  if (!sync::national_status(p.status)) return;

  std::string occurrence = public_id + "#h" + std::to_string(hr.i64(0));
  auto put = [&](const std::string& service, const json& body) {
    notify::Message m;
    m.event = "national." + service;
    m.channel = "national";
    m.recipient = "dvcqg";
    m.subject = service + " " + code;
    m.body_text = body.dump(-1, ' ', false, json::error_handler_t::replace);
    m.key = occurrence;
    m.dossier_id = dossier_id;
    m.dossier_code = code;
    m.agency = agency;
    outbox_.enqueue(c, std::move(m), now);
  };
  put("DongBoHoSoMC", sync::dong_bo_ho_so(n));
  put("CapNhatTienDoHoSoMC", sync::cap_nhat_tien_do(p));
}

SyncCounts NationalSync::counts(const std::vector<std::string>& agencies, int64_t from, int64_t to) const {
  std::vector<store::Value> params{from, to};
  std::string sql = "SELECT status, CASE WHEN attempts > 0 THEN 1 ELSE 0 END, COUNT(*) FROM outbox WHERE channel = 'national' AND created_at >= $1 "
                    "AND created_at < $2" + agency_filter(agencies, params) + " GROUP BY status, CASE WHEN attempts > 0 THEN 1 ELSE 0 END";
  SyncCounts k;
  for (const auto& x : db_.query(sql, params).rows) add(k, x.str(0), x.i64(1), x.i64(2));
  return k;
}

std::vector<SyncDay> NationalSync::by_day(const std::vector<std::string>& agencies, int64_t from, int64_t to) const {
  std::vector<store::Value> params{from, to};
  std::string day = "((created_at + " + std::to_string(kVietnamOffsetMs) + ") / " + std::to_string(kDayMs) + ")";
  std::string sql = "SELECT " + day + ", agency_code, status, CASE WHEN attempts > 0 THEN 1 ELSE 0 END, COUNT(*) FROM outbox WHERE channel = 'national' "
                    "AND created_at >= $1 AND created_at < $2" + agency_filter(agencies, params) + " GROUP BY " + day +
                    ", agency_code, status, CASE WHEN attempts > 0 THEN 1 ELSE 0 END ORDER BY 1 DESC, 2";
  std::vector<SyncDay> out;
  for (const auto& x : db_.query(sql, params).rows) {
    std::string d = local_day(x.i64(0));
    if (out.empty() || out.back().day != d || out.back().agency != x.str(1)) out.push_back({d, x.str(1), {}});
    add(out.back().counts, x.str(2), x.i64(3), x.i64(4));
  }
  return out;
}

std::vector<SyncProblem> NationalSync::problems(const std::vector<std::string>& agencies, int limit) const {
  std::vector<store::Value> params{int64_t{limit}};
  std::string sql = "SELECT id, event, dossier_code, agency_code, status, last_error, attempts, created_at, next_attempt_at FROM outbox "
                    "WHERE channel = 'national' AND (status = 'dead' OR (status = 'pending' AND attempts > 0))" +
                    agency_filter(agencies, params) + " ORDER BY id DESC LIMIT $1";
  std::vector<SyncProblem> out;
  for (const auto& x : db_.query(sql, params).rows) {
    std::string service = x.str(1).substr(x.str(1).find('.') + 1);
    out.push_back({x.i64(0), service, x.str(2), x.str(3), x.str(4), x.str(5), x.i64(6), x.i64(7), x.i64(8)});
  }
  return out;
}

SyncReport NationalSync::report(const accounts::Principal& who, const std::string& agency, const std::string& from_in, const std::string& to_in,
                                int64_t now) const {
  SyncReport out;
  auto scope = this->scope(who);
  if (scope.empty()) throw DomainError(ErrorKind::forbidden, "forbidden", "Bạn không có quyền xem tình hình đồng bộ của cơ quan nào.");
  std::vector<std::string> agencies;
  if (!agency.empty()) {
    if (!may_read(who, agency))
      throw DomainError(ErrorKind::not_found, "agency_not_found", "Không tìm thấy cơ quan \"" + agency + "\" trong phạm vi của bạn.", {{"agency", "Không có trong phạm vi của bạn."}});
    auto ag = agencies_.snapshot();
    for (const auto& a : ag->agencies)
      if (ag->within(a.code, agency)) agencies.push_back(a.code);
  } else if (scope.size() < agencies_.snapshot()->agencies.size()) {
    agencies = scope;  // the reader sees part of the tree: only that part
  }
  int64_t today = *fmt::parse_iso_date(fmt::iso_date(now));
  out.to = to_in.empty() ? fmt::iso_date(now) : to_in;
  out.from = from_in.empty() ? fmt::iso_date(today - 29 * kDayMs) : from_in;
  auto f = fmt::parse_iso_date(out.from), t = fmt::parse_iso_date(out.to);
  if (!f) throw DomainError(ErrorKind::invalid, "bad_date", "Từ ngày phải có dạng YYYY-MM-DD.", {{"from", "Ngày không hợp lệ."}});
  if (!t) throw DomainError(ErrorKind::invalid, "bad_date", "Đến ngày phải có dạng YYYY-MM-DD.", {{"to", "Ngày không hợp lệ."}});
  if (*f > *t) throw DomainError(ErrorKind::invalid, "bad_range", "Từ ngày phải trước hoặc bằng đến ngày.", {{"from", "Sau đến ngày."}});
  if (*t - *f > 366 * kDayMs) throw DomainError(ErrorKind::invalid, "bad_range", "Khoảng thời gian tối đa là một năm.", {{"from", "Quá xa."}});
  out.agency = agency;
  // parse_iso_date gives local midnight: [from 00:00, the day after `to` 00:00).
  out.total = counts(agencies, *f, *t + kDayMs);
  out.days = by_day(agencies, *f, *t + kDayMs);
  out.problems = problems(agencies);
  return out;
}

std::vector<std::string> NationalSync::scope(const accounts::Principal& who) const {
  std::vector<std::string> out;
  auto ag = agencies_.snapshot();
  for (const auto& a : ag->agencies)
    if (may_read(who, a.code)) out.push_back(a.code);
  return out;
}

bool NationalSync::may_read(const accounts::Principal& who, const std::string& agency) const {
  auto ag = agencies_.snapshot();
  if (!ag->find(agency)) return false;
  return accounts::decide("sync.read", who, {0, agency}, policy_context(*ag)) == accounts::Decision::allow;
}

bool NationalSync::resend(int64_t id, const accounts::Principal& who, const std::string& ip, int64_t now) const {
  auto r = db_.query("SELECT agency_code, dossier_code, event FROM outbox WHERE id = $1 AND channel = 'national' AND (status = 'dead' OR (status = 'pending' AND attempts > 0))",
                     {id});
  if (r.rows.empty()) return false;
  auto ag = agencies_.snapshot();
  if (accounts::decide("agency.admin", who, {0, r.rows[0].str(0)}, policy_context(*ag)) != accounts::Decision::allow) return false;
  bool ok = false;
  db_.write([&](store::Conn& c) {
    ok = c.exec("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2, lease_owner = '', lease_until = 0, last_error = '' "
                "WHERE id = $1 AND channel = 'national' AND (status = 'dead' OR (status = 'pending' AND attempts > 0))",
                {id, now})
             .affected == 1;
    if (ok)
      audit_.append(c, {who.user_id, who.username, "sync.resend", r.rows[0].str(1), r.rows[0].str(0), ip, {{"outbox_id", id}, {"event", r.rows[0].str(2)}}},
                    now);
  });
  return ok;
}

}  // namespace motcua::services
