// PDF slips of a dossier (documents/forms_pdf), same access rule as get():
//   01 receipt and appointment (with a QR code of the public lookup page, and the rating code with its QR) once accepted;
//   02 request to complete / supplement, from the latest such request;
//   03 refusal, once refused;
//   04 apology and new appointment, once issued;
//   05 the dossier's line of the desk ledger (staff), 06 the control slip of hand-overs (staff);
//   "stop" the stop notice once stopped.
// (Keys are stable; the printed numbers follow the configured era, see forms_pdf.h.)
// Asking for a slip that does not exist (yet) is a 409 that says when it will exist.
// Mẫu 04 and the stop notice, letters of the solving agency, can be signed by its leader (sign_form): from then
// on the signed copy of that event (PAdES, QR code to /xac-minh/{id}) is what everyone downloads.
//
// A slip prints what happened, never what the catalog says should happen, and is dated by its event:
//  - Mẫu 01: the components actually received (dossier_documents rows up to the receipt, with the copy
//    type the desk recorded: bản chính / bản chứng thực / bản photo; an online upload without a recorded
//    type counts as bản photo, an electronic copy), the statutory time used for the appointment (the
//    online amount for channel 2), the appointment given at receipt (receipt_due_at, not the current
//    due date that a pause or an apology moved), the ledger book and number, dated the receipt.
//  - Officers and signers are printed by the full name recorded with the event (dossier_history.actor_name,
//    migration 9), "Hệ thống" for the system; never login names.
//  - 02 is dated by the request and names its issuing officer and the receiving desk's phone; before
//    acceptance its number is blank (no internal id). 03 by the refusal, 04 by the apology, the stop
//    notice by the stop. So a reprint is byte-for-byte the same text.
// The data comes from the typed rows (Row, history, documents, requests) read in one place,
// read_slip_facts(); nothing goes through the dossier JSON.
#include <map>
#include <set>

#include "domain/catalog/processing_time.h"
#include "domain/dossier/status.h"
#include "domain/format.h"
#include "domain/dossier/slips.h"
#include "domain/esign/signing_rules.h"
#include "services/dossiers/dossier_internal.h"
#include "services/esign/issued_documents.h"
#include "services/ratings/rating_service.h"

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

struct SlipEvent {
  int64_t at = 0, from = 0, to = 0;
  std::string actor, actor_name, role, action, note, to_unit, assignee, assignee_name;
};
struct SlipDocument {
  std::string component_code, copy_type, source;
  int64_t created_at = 0;
};
struct SlipRequest {
  std::string kind, reason, target, created_by;
  std::vector<std::string> items;
  int64_t deadline_at = 0, created_at = 0;
};
// Everything a slip prints besides the dossier row itself.
struct SlipFacts {
  std::vector<SlipEvent> history;  // in order
  std::vector<SlipDocument> documents;
  std::vector<SlipRequest> requests;  // in order
  std::string ledger_book;
  int64_t ledger_no = 0, receipt_due_at = 0;
  std::optional<LedgerLine> ledger_line;  // only for "05"
};

SlipFacts read_slip_facts(store::Conn& c, const AgencySnapshot& ag, const std::string& agency, int64_t dossier_id, bool with_ledger_line) {
  SlipFacts f;
  for (const auto& x : c.exec("SELECT h.at, h.from_status, h.to_status, h.actor, h.actor_name, h.role, h.action, h.note, h.to_unit, h.assignee, u.full_name "
                              "FROM dossier_history h LEFT JOIN users u ON u.username = h.assignee AND h.assignee <> '' "
                              "WHERE h.dossier_id = $1 ORDER BY h.at, h.id",
                              {dossier_id})
                           .rows)
    f.history.push_back({x.i64(0), x.i64(1), x.i64(2), x.str(3), x.str(4), x.str(5), x.str(6), x.str(7), x.str(8), x.str(9),
                         x.is_null(10) ? std::string() : x.str(10)});
  for (const auto& x : c.exec("SELECT component_code, copy_type, source, created_at FROM dossier_documents WHERE dossier_id = $1 ORDER BY id", {dossier_id}).rows)
    f.documents.push_back({x.str(0), x.str(1), x.str(2), x.i64(3)});
  for (const auto& x : c.exec("SELECT kind, reason, target, created_by, items, deadline_at, created_at FROM dossier_requests WHERE dossier_id = $1 ORDER BY id",
                              {dossier_id})
                           .rows) {
    SlipRequest q{x.str(0), x.str(1), x.str(2), x.str(3), {}, x.is_null(5) ? 0 : x.i64(5), x.i64(6)};
    json items = json::parse(x.str(4), nullptr, false);
    if (items.is_array())
      for (const auto& it : items)
        if (it.is_string()) q.items.push_back(it.get<std::string>());
    f.requests.push_back(std::move(q));
  }
  auto l = c.exec("SELECT ledger_book, ledger_no, receipt_due_at FROM dossiers WHERE id = $1", {dossier_id});
  if (!l.rows.empty()) {
    f.ledger_book = l.rows[0].str(0);
    f.ledger_no = l.rows[0].is_null(1) ? 0 : l.rows[0].i64(1);
    f.receipt_due_at = l.rows[0].is_null(2) ? 0 : l.rows[0].i64(2);
  }
  if (with_ledger_line) {
    auto lines = ledger_lines(c, ag, agency, 0, 0, dossier_id);
    if (!lines.empty()) f.ledger_line = std::move(lines.front());
  }
  return f;
}

// What the register of issued documents records of a rendered slip.
SlipToSign slip_of(const DossierService::FormMeta& m, const std::string& form, std::string pdf, std::string file_name) {
  return SlipToSign{m.dossier_id, m.event_at, m.ref, form, std::move(pdf), std::move(file_name), m.title, m.applicant_name, m.solving_agency,
                    m.solving_agency_name};
}

DomainError unavailable(const std::string& msg) { return DomainError(ErrorKind::conflict, "form_not_available", msg); }

std::string unit_name(const Agency* a, const std::string& code) {
  if (a)
    for (const auto& u : a->units)
      if (u.code == code) return u.name;
  return code;
}

// The person named on a slip for an event: the full name recorded with it.
std::string person(const SlipEvent* e) {
  if (!e) return "";
  if (!e->actor_name.empty()) return e->actor_name;
  return e->actor == "system" || e->role == "system" ? "Hệ thống" : "";
}

// Components actually received up to `until` (the receipt), grouped by component in order of first
// receipt, counted per recorded copy type.
std::vector<documents::ComponentLine> received_components(const SlipFacts& f, const json* components, int64_t until) {
  std::vector<documents::ComponentLine> out;
  std::map<std::string, size_t> at;
  for (const auto& d : f.documents) {
    if (d.source == "result" || (until && d.created_at > until)) continue;
    auto it = at.find(d.component_code);
    if (it == at.end()) {
      std::string name = d.component_code;
      if (components && components->is_array())
        for (const auto& k : *components)
          if (k.value("code", std::string()) == d.component_code) name = k.value("name", name);
      it = at.emplace(d.component_code, out.size()).first;
      out.push_back({name, 0, 0, 0});
    }
    auto& line = out[it->second];
    if (d.copy_type == "original") ++line.original;
    else if (d.copy_type == "certified") ++line.certified;
    else ++line.photo;  // "photo", or an upload without a recorded type (an electronic copy)
  }
  return out;
}

}  // namespace

std::string DossierService::form_pdf(const std::string& id, const std::string& form, const accounts::Principal& who,
                                     const std::string& public_url) {
  const auto slip = dossier::parse_slip(form);
  if (!signing_ || !slip || dossier::is_internal(*slip)) {  // 05 and 06 are the agency's own books: printed as they stand
    FormMeta m;
    return render_form(id, form, who, public_url, m);
  }
  // A slip given to the applicant is issued once per event, kept as first printed with the QR code of its
  // verification page; every later print is that file (or its signed copy).
  FormMeta m;
  render_form(id, form, who, public_url, m, "", /*meta_only=*/true);  // who may read it, whether it exists, its event
  std::string file;
  db_.read([&](store::Conn& c) { file = signing_->issued_slip(c, m.dossier_id, form, m.event_at); });
  if (!file.empty()) return files_.read_authorized(file).data;
  const std::string vid = IssuedDocuments::new_verify_id();
  SlipToSign s = slip_of(m, form, render_form(id, form, who, public_url, m, signing_->verify_url(vid)), "mau-" + form + ".pdf");
  try {
    db_.write([&](store::Conn& c) {
      file = signing_->issued_slip(c, m.dossier_id, form, m.event_at);
      if (file.empty()) signing_->issue_slip(c, s, vid, who, fmt::now_ms());
    });
  } catch (const std::exception&) {
    // Printed twice at the same moment: the other print was issued first (unique per event); hand out that one.
    db_.read([&](store::Conn& c) { file = signing_->issued_slip(c, m.dossier_id, form, m.event_at); });
    if (file.empty()) throw;
  }
  return file.empty() ? s.pdf : files_.read_authorized(file).data;
}

IssuedRef DossierService::sign_form(const std::string& id, const std::string& form, const std::string& pin, const accounts::Principal& who,
                                    const std::string& public_url) {
  const auto slip = dossier::parse_slip(form);
  if (!slip || !esign::signable_slip(*slip) || !signing_)
    throw DomainError(ErrorKind::not_found, "form_not_signable", "Chỉ ký số được Mẫu 04 (xin lỗi, hẹn lại) và thông báo dừng giải quyết.");
  FormMeta m;
  std::string pdf = render_form(id, form, who, public_url, m);  // 404 / 409 when it cannot be read or does not exist
  if (!esign::may_sign_slip(who, m.solving_agency))
    throw DomainError(ErrorKind::forbidden, "not_allowed", "Chỉ lãnh đạo cơ quan giải quyết hồ sơ mới ký được phiếu này.");
  SlipToSign s = slip_of(m, form, std::move(pdf), "mau-" + form + "-da-ky-so.pdf");
  IssuedRef out;
  db_.write([&](store::Conn& c) { out = signing_->sign_slip(c, s, who, pin, fmt::now_ms()); });
  return out;
}

std::string DossierService::render_form(const std::string& id, const std::string& form, const accounts::Principal& who,
                                        const std::string& public_url, FormMeta& meta, const std::string& verify_url, bool meta_only) {
  const auto slip = dossier::parse_slip(form);
  if (!slip) throw DomainError(ErrorKind::not_found, "form_not_found", "Không có mẫu \"" + form + "\" (01–06 hoặc stop).");
  const bool staff = who.kind == accounts::Kind::staff;
  if (dossier::is_internal(*slip) && !staff)
    throw DomainError(ErrorKind::not_found, "form_not_found", "Mẫu " + form + " là sổ, phiếu nội bộ của cơ quan.");
  auto ag = agencies_.snapshot();
  Row r;
  SlipFacts f;
  db_.read([&](store::Conn& c) {
    r = load(c, id);
    if (!can_read(r, who)) throw not_found();
    f = read_slip_facts(c, *ag, r.agency_code, r.id, form == "05" && staff);
  });
  // Whether this slip exists at all: the one rule (domain/dossier/slips.h), as the dossier view lists them.
  dossier::SlipFacts exists{dossier::status_from_code(static_cast<int>(r.status)), r.received_at != 0, false, false, staff};
  for (const auto& q : f.requests) {
    exists.supplement_issued |= q.kind == "completion" || q.kind == "supplement";
    exists.apology_issued |= q.kind == "apology";
  }
  if (auto why = dossier::unavailable_reason(*slip, exists)) throw unavailable(std::string(*why));
  const std::string competent = r.competent();
  const Agency* comp = ag->find(competent);
  const Agency* recv = ag->find(r.agency_code);
  meta.dossier_id = r.id;
  meta.ref = r.code.empty() ? r.public_id : r.code;
  meta.solving_agency = competent;
  meta.solving_agency_name = comp ? comp->name : competent;
  meta.applicant_name = r.applicant_name;
  if (auto k = dossier::parse_slip(form)) meta.title = documents::form_name(documents::form_kind(*k), forms_era_).name;
  auto header = [&](const std::string& agency, int64_t at) {
    documents::FormHeader h = form_header(*ag, agency, at);
    h.era = forms_era_;
    return h;
  };
  auto last_event = [&](std::initializer_list<const char*> actions, int64_t at = -1) -> const SlipEvent* {
    const SlipEvent* found = nullptr;
    for (const auto& e : f.history)
      for (const char* a : actions)
        if (e.action == a && (at < 0 || e.at == at)) found = &e;
    return found;
  };
  auto last_request = [&](std::initializer_list<const char*> kinds) -> const SlipRequest* {
    const SlipRequest* found = nullptr;
    for (const auto& q : f.requests)
      for (const char* k : kinds)
        if (q.kind == k) found = &q;
    return found;
  };
  // The event a slip records (its issued copy is kept per event).
  if (form == "01") meta.event_at = r.received_at;
  else if (form == "02") meta.event_at = last_request({"completion", "supplement"}) ? last_request({"completion", "supplement"})->created_at : 0;
  else if (form == "03") meta.event_at = last_event({"refuse"}) ? last_event({"refuse"})->at : r.finished_at;
  else if (form == "04") meta.event_at = last_request({"apology"}) ? last_request({"apology"})->created_at : 0;
  else if (form == "stop") meta.event_at = last_event({"stop", "confirm-withdrawal"}) ? last_event({"stop", "confirm-withdrawal"})->at : r.finished_at;
  if (meta_only) return "";
  // The signer of a letter of the solving agency: its head, or an officer on the head's behalf.
  auto signer = [](documents::DossierView& v, const SlipEvent* e) {
    v.signer_name = person(e);
    v.signer_title = e && e->role == "leader" ? "" : "TL. Thủ trưởng cơ quan";
  };
  documents::DossierView v;
  v.verify_url = verify_url;
  v.code = r.code;  // empty before acceptance: printed as dots, never an internal id
  v.procedure_name = r.procedure_name;
  v.applicant_name = r.applicant_name;
  v.applicant_phone = r.applicant_phone;
  v.applicant_email = r.applicant_email;
  v.applicant_address = r.applicant_address;
  v.received_at_ms = r.received_at;
  v.appointment_ms = f.receipt_due_at ? f.receipt_due_at : r.due_at;
  v.solving_agency = comp ? comp->name : competent;
  v.help_phone = recv ? recv->phone : "";
  v.help_website = public_url;
  if (!r.received_unit.empty()) v.receiving_unit = unit_name(recv, r.received_unit);
  v.delivery_method = r.delivery == "post" ? "Dịch vụ bưu chính công ích" : r.delivery == "online" ? "Trực tuyến" : "Bộ phận Tiếp nhận và Trả kết quả";
  auto snap = catalog_.snapshot();
  const auto* e = snap->find(r.procedure_code);
  const auto* pv = e ? e->version(static_cast<int>(r.procedure_version)) : nullptr;
  const json* doc = pv ? pv->doc.get() : nullptr;

  if (form == "01") {
    v.components = received_components(f, doc ? &(*doc)["components"] : nullptr, r.received_at);
    v.sets = 1;  // one dossier is one set received
    if (doc) v.statutory_time = catalog::statutory_time_text(*doc, static_cast<int>(r.channel));  // the time the appointment used
    v.receiving_officer = person(last_event({"accept"}));
    v.lookup_url = public_url + "/tra-cuu?ma=" + v.code;
    v.rating_code = RatingService::code_for(r.public_id);
    v.rating_url = public_url + "/danh-gia?ma=" + v.code + "&k=" + v.rating_code;
    v.ledger_book = f.ledger_book;
    v.ledger_order = f.ledger_no ? std::to_string(f.ledger_no) : "";
    return documents::form01_receipt(header(r.agency_code, r.received_at), v);
  }
  if (form == "02") {
    const SlipRequest* q = last_request({"completion", "supplement"});
    if (!q) throw unavailable("Không tìm thấy yêu cầu bổ sung của hồ sơ.");
    v.reason = q->reason;
    v.items = q->items;
    if (!r.coded_at || q->created_at < r.coded_at) v.code.clear();  // asked before the dossier had a code: no number
    const SlipEvent* by = last_event({"request-completion", "request-supplement"}, q->created_at);
    v.help_officer = v.receiving_officer = person(by);
    return documents::form02_supplement(header(r.agency_code, q->created_at), v);
  }
  if (form == "03") {
    const SlipEvent* ev = last_event({"refuse"});
    v.reason = ev ? ev->note : "";
    v.help_officer = v.receiving_officer = person(ev);
    return documents::form03_refusal(header(r.agency_code, ev ? ev->at : r.finished_at), v);
  }
  if (form == "04") {
    const SlipRequest* q = last_request({"apology"});
    if (!q) throw unavailable("Không tìm thấy thư xin lỗi của hồ sơ.");
    v.reason = q->reason;
    v.old_appointment_ms = r.original_due_at;
    v.new_appointment_ms = q->deadline_at;
    signer(v, last_event({"apologize"}, q->created_at));
    return documents::form04_apology(header(competent, q->created_at), v);
  }
  if (form == "stop") {
    const SlipEvent* ev = last_event({"stop", "confirm-withdrawal"});
    v.reason = ev && ev->action == "stop" ? ev->note : "";
    if (v.reason.empty()) v.reason = "Theo đề nghị rút hồ sơ của người nộp.";
    signer(v, ev);
    return documents::stop_notice(header(competent, ev ? ev->at : r.finished_at), v);
  }
  if (form == "05") {
    if (!f.ledger_line) throw unavailable("Hồ sơ chưa được tiếp nhận nên chưa có trong Sổ theo dõi (Mẫu 05).");
    documents::LedgerView view;
    view.from_ms = view.to_ms = r.received_at;
    view.book = f.ledger_line->book;
    view.rows.push_back(f.ledger_line->row);
    return documents::form05_ledger(header(r.agency_code, r.received_at), view);
  }
  // 06: one row per hand-over; each step is judged against its budget from the internal process.
  json steps = doc && doc->contains("internal_process") && (*doc)["internal_process"].is_array() ? (*doc)["internal_process"] : json::array();
  auto calendar = calendar_.calendar(competent);
  std::string prev_unit = "Bộ phận TN & TKQ";
  int64_t prev_at = 0;
  size_t step = 0;
  static const std::set<std::string> moves = {"accept", "transfer", "assign", "submit-for-approval", "send-back", "approve", "return-result",
                                              "consult", "reply", "accept-supplement", "request-supplement", "record-payment"};
  for (const auto& x : f.history) {
    if (!moves.count(x.action)) continue;
    if (x.action == "accept") {
      prev_at = x.at;
      continue;
    }
    documents::HandOver ho;
    ho.from_unit = prev_unit;
    const Agency* consulted = ag->find(x.to_unit);  // consult rows name an agency, the others a unit
    auto act = dossier::parse_action(x.action);
    std::string label = act ? std::string(dossier::label_vi(*act)) : x.action;
    ho.to_unit = x.to_unit.empty() ? label : consulted ? consulted->name : unit_name(comp, x.to_unit);
    if (!x.assignee.empty()) ho.to_unit += " (" + (x.assignee_name.empty() ? x.assignee : x.assignee_name) + ")";
    ho.at_ms = x.at;
    if (step < steps.size() && steps[step].contains("hours") && steps[step]["hours"].is_number() && prev_at) {
      int64_t used = calendar->working_minutes_between(cal::local_from_utc_ms(prev_at), cal::local_from_utc_ms(x.at));
      int64_t budget = static_cast<int64_t>(steps[step]["hours"].get<double>() * 60);
      ho.result = std::string(cal::label_vi(cal::WorkingCalendar::classify_step(used, budget)));
    }
    ho.note = x.note;
    v.hand_overs.push_back(ho);
    if (!x.to_unit.empty()) prev_unit = ho.to_unit;
    prev_at = x.at;
    ++step;
  }
  for (const auto& q : f.requests)
    if (q.kind == "consult") {
      const Agency* t = ag->find(q.target);
      v.coordinating_units.push_back(t ? t->name : q.target);
    }
  // The control slip accompanies the receipt: dated the receipt.
  return documents::form06_control(header(competent, r.received_at), v);
}

}  // namespace motcua::services
