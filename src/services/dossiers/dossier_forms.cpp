// PDF slips of a dossier (documents/forms_pdf), same access rule as get():
//   01 receipt and appointment (with a QR code of the public lookup page) once accepted;
//   02 request to complete / supplement, from the latest such request;
//   03 refusal, once refused;
//   04 apology and new appointment, once issued;
//   05 the dossier's line of the desk ledger (staff), 06 the control slip of hand-overs (staff);
//   "stop" the stop notice once stopped.
// Asking for a slip that does not exist (yet) is a 409 that says when it will exist.
#include <set>

#include "domain/catalog/procedure.h"
#include "domain/dossier/status.h"
#include "domain/format.h"
#include "services/dossiers/dossier_internal.h"

namespace motcua::services {

using nlohmann::json;
using namespace dossier_detail;

namespace dossier_detail {
documents::FormHeader form_header(const AgencySnapshot& ag, const std::string& agency, int64_t date_ms) {
  const Agency* a = ag.find(agency);
  const Agency* parent = a && !a->parent_code.empty() ? ag.find(a->parent_code) : nullptr;
  documents::FormHeader h;
  h.agency_name = a ? (a->short_name.empty() ? a->name : a->short_name) : agency;
  h.parent_agency_name = parent ? (parent->short_name.empty() ? parent->name : parent->short_name) : "";
  std::string place = a ? a->name : "";
  for (const char* prefix : {"Ủy ban nhân dân thị trấn ", "Ủy ban nhân dân xã ", "Ủy ban nhân dân phường ", "Ủy ban nhân dân huyện ", "Ủy ban nhân dân tỉnh "})
    if (place.rfind(prefix, 0) == 0) place = place.substr(std::string(prefix).size());
  h.place = place;
  h.date_ms = date_ms;
  return h;
}
}  // namespace dossier_detail

namespace {
int64_t ms_of(const json& v) {
  if (!v.is_string()) return 0;
  auto lt = cal::parse_local(v.get<std::string>().substr(0, 16));
  return lt ? cal::utc_ms_from_local(*lt) : 0;
}
DomainError unavailable(const std::string& msg) { return DomainError(ErrorKind::conflict, "form_not_available", msg); }
std::string unit_name(const Agency* a, const std::string& code) {
  if (a)
    for (const auto& u : a->units)
      if (u.code == code) return u.name;
  return code;
}
}  // namespace

std::string DossierService::form_pdf(const std::string& id, const std::string& form, const accounts::Principal& who,
                                     const std::string& public_url) {
  static const std::set<std::string> known = {"01", "02", "03", "04", "05", "06", "stop"};
  if (!known.count(form)) throw DomainError(ErrorKind::not_found, "form_not_found", "Không có mẫu \"" + form + "\" (01–06 hoặc stop).");
  json d = get(id, who);  // access check
  bool staff = who.kind == accounts::Kind::staff;
  int status = d["status"].get<int>();
  auto ag = agencies_.snapshot();
  int64_t now = fmt::now_ms();
  documents::FormHeader h = form_header(*ag, d["agency"].get<std::string>(), now);
  const std::string competent = d["handling_agency"].get<std::string>();
  const Agency* comp = ag->find(competent);
  const Agency* recv = ag->find(d["agency"].get<std::string>());
  documents::DossierView v;
  v.code = d["code"].is_string() ? d["code"].get<std::string>() : d["id"].get<std::string>();
  v.procedure_name = d["procedure"]["name"];
  v.applicant_name = d["applicant"]["name"];
  v.applicant_phone = d["applicant"]["phone"];
  v.applicant_email = d["applicant"]["email"];
  v.applicant_address = d["applicant"]["address"];
  v.received_at_ms = ms_of(d["received_at"]);
  v.appointment_ms = ms_of(d["due_at"]);
  v.solving_agency = comp ? comp->name : competent;
  v.help_phone = recv ? recv->phone : "";
  v.help_website = public_url;
  std::string del = d["delivery"];
  v.delivery_method = del == "post" ? "Dịch vụ bưu chính công ích" : del == "online" ? "Trực tuyến" : "Bộ phận Tiếp nhận và Trả kết quả";
  auto snap = catalog_.snapshot();
  const auto* e = snap->find(d["procedure"]["code"].get<std::string>());
  const auto* pv = e ? e->version(d["procedure"]["version"].get<int>()) : nullptr;
  json steps = json::array();
  if (pv) {
    const json& doc = *pv->doc;
    for (const auto& c : doc["components"])
      v.components.push_back({c.value("name", std::string()), c.value("original", 0), c.value("certified", 0), c.value("photo", 0)});
    v.sets = doc.value("sets", 1);
    const json& pt = doc["processing_time"];
    v.statutory_time = pt["amount"].dump() + " " + catalog::time_unit_label(pt.value("unit", std::string()));
    if (doc.contains("internal_process") && doc["internal_process"].is_array()) steps = doc["internal_process"];
  }
  auto last_request = [&](std::initializer_list<const char*> kinds) -> const json* {
    const json* found = nullptr;
    for (const auto& r : d["requests"])
      for (const char* k : kinds)
        if (r["kind"] == k) found = &r;
    return found;
  };
  auto last_note = [&](const char* action) {
    std::string n;
    for (const auto& x : d["history"])
      if (x["action"] == action) n = x["note"];
    return n;
  };
  if (form == "01") {
    if (status < 2 || status == 3) throw unavailable("Giấy tiếp nhận (Mẫu 01) chỉ có sau khi hồ sơ được tiếp nhận.");
    db_.read([&](store::Conn& c) {
      auto r = c.exec("SELECT received_by FROM dossiers WHERE public_id = $1", {d["id"].get<std::string>()});
      v.receiving_officer = r.rows.at(0).str(0);
    });
    v.lookup_url = public_url + "/tra-cuu?ma=" + v.code;
    v.ledger_book = "01";
    v.ledger_order = v.code.substr(v.code.size() - 4);
    return documents::form01_receipt(h, v);
  }
  if (form == "02") {
    const json* r = last_request({"completion", "supplement"});
    if (!r) throw unavailable("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02) chỉ có khi cán bộ đã yêu cầu bổ sung hoặc hoàn thiện.");
    v.reason = (*r)["reason"];
    if ((*r)["items"].is_array())
      for (const auto& it : (*r)["items"]) v.items.push_back(it);
    h.date_ms = ms_of((*r)["at"]);
    return documents::form02_supplement(h, v);
  }
  if (form == "03") {
    if (status != 3) throw unavailable("Phiếu từ chối (Mẫu 03) chỉ có với hồ sơ không được tiếp nhận.");
    v.reason = last_note("refuse");
    return documents::form03_refusal(h, v);
  }
  if (form == "04") {
    const json* r = last_request({"apology"});
    if (!r) throw unavailable("Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04) chỉ có khi cơ quan giải quyết đã phát hành.");
    v.reason = (*r)["reason"];
    v.old_appointment_ms = ms_of(d["original_due_at"]);
    v.new_appointment_ms = ms_of((*r)["deadline"]);
    h = form_header(*ag, competent, ms_of((*r)["at"]));
    return documents::form04_apology(h, v);
  }
  if (form == "stop") {
    if (status != 8) throw unavailable("Thông báo dừng xử lý chỉ có với hồ sơ đã dừng.");
    v.reason = last_note("stop");
    if (v.reason.empty()) v.reason = "Theo đề nghị rút hồ sơ của người nộp.";
    h = form_header(*ag, competent, now);
    return documents::stop_notice(h, v);
  }
  if (!staff) throw DomainError(ErrorKind::not_found, "form_not_found", "Mẫu " + form + " là sổ, phiếu nội bộ của cơ quan.");
  if (form == "05") {
    if (!d["received_at"].is_string()) throw unavailable("Hồ sơ chưa được tiếp nhận nên chưa có trong Sổ theo dõi (Mẫu 05).");
    std::string day = d["received_at"].get<std::string>().substr(0, 10);
    json l = ledger(d["agency"].get<std::string>(), day, day, who);
    documents::LedgerView view;
    view.from_ms = view.to_ms = parse_local_ms(day);
    view.book = day.substr(0, 4);
    for (const auto& r : l["rows"])
      if (r["code"] == d["code"])
        view.rows.push_back({r["code"], r["procedure_name"], v.sets, r["applicant_name"], r["address_phone"], r["lead_agency"], ms_of(r["received_at"]),
                             ms_of(r["appointment"]), ms_of(r["transferred_at"]), ms_of(r["result_received_at"]), ms_of(r["returned_at"]),
                             r["returned_to"], r["note"]});
    return documents::form05_ledger(h, view);
  }
  // 06: one row per hand-over; each step is judged against its budget from the internal process.
  if (status < 2 || status == 3) throw unavailable("Phiếu kiểm soát (Mẫu 06) chỉ có sau khi hồ sơ được tiếp nhận.");
  auto calendar = calendar_.calendar(competent);
  std::string prev_unit = "Bộ phận TN & TKQ";
  int64_t prev_at = 0;
  size_t step = 0;
  for (const auto& x : d["history"]) {
    std::string a = x["action"];
    static const std::set<std::string> moves = {"accept", "transfer", "assign", "submit-for-approval", "send-back", "approve", "return-result",
                                                "consult", "reply", "accept-supplement", "request-supplement", "record-payment"};
    if (!moves.count(a)) continue;
    int64_t at = ms_of(x["at"]);
    if (a == "accept") {
      prev_at = at;
      continue;
    }
    documents::HandOver ho;
    ho.from_unit = prev_unit;
    std::string to_unit = x.value("to_unit", std::string());
    const Agency* consulted = ag->find(to_unit);  // consult rows name an agency, the others a unit
    ho.to_unit = to_unit.empty() ? std::string(x.value("action_label", a)) : consulted ? consulted->name : unit_name(comp, to_unit);
    if (!x.value("assignee", std::string()).empty()) ho.to_unit += " (" + x["assignee"].get<std::string>() + ")";
    ho.at_ms = at;
    if (step < steps.size() && steps[step].contains("hours") && steps[step]["hours"].is_number() && prev_at) {
      int64_t used = calendar->working_minutes_between(cal::local_from_utc_ms(prev_at), cal::local_from_utc_ms(at));
      int64_t budget = static_cast<int64_t>(steps[step]["hours"].get<double>() * 60);
      ho.result = std::string(cal::label_vi(cal::WorkingCalendar::classify_step(used, budget)));
    }
    ho.note = x.value("note", std::string());
    v.hand_overs.push_back(ho);
    if (!to_unit.empty()) prev_unit = ho.to_unit;
    prev_at = at;
    ++step;
  }
  for (const auto& r : d["requests"])
    if (r["kind"] == "consult") {
      const Agency* t = ag->find(r["target"].get<std::string>());
      v.coordinating_units.push_back(t ? t->name : r["target"].get<std::string>());
    }
  h = form_header(*ag, competent, now);
  return documents::form06_control(h, v);
}

}  // namespace motcua::services
