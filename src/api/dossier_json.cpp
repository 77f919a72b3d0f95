#include "api/dossier_json.h"

#include "domain/format.h"

namespace motcua::api {

using nlohmann::json;

namespace {

json instant(int64_t ms) { return ms ? json(fmt::iso_datetime(ms)) : json(nullptr); }
json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

json to_json(const services::DossierView& v) {
  json hist = json::array();
  for (const auto& h : v.history) {
    json e = {{"at", fmt::iso_datetime(h.at)}, {"role", h.role},   {"action", h.action}, {"from", h.from},
              {"to", h.to},                    {"note", h.note},   {"action_label", h.action_label}};
    if (v.for_staff) {
      e["actor"] = h.actor;
      e["unit"] = h.unit;
      e["to_unit"] = h.to_unit;
      e["assignee"] = h.assignee;
    }
    hist.push_back(std::move(e));
  }
  json docs = json::array();
  for (const auto& d : v.documents) {
    docs.push_back({{"component_code", d.component_code}, {"file_id", d.file_id}, {"copy_type", d.copy_type}, {"source", d.source},
                    {"name", d.name}, {"content_type", d.content_type}, {"size", d.size},
                    {"digitization_mandatory", d.digitization_mandatory}, {"digitized", !d.file_id.empty()}});
    if (d.source == "reuse")  // where it came from: the item of the applicant's data store
      docs.back()["reused_from"] = {{"code", d.reused.code}, {"doc_type", d.reused.doc_type_name}, {"issuer", d.reused.issuer_name},
                                    {"issued_at", fmt::iso_datetime(d.reused.issued_at)}};
  }
  json reqs = json::array();
  for (const auto& q : v.requests)
    reqs.push_back({{"kind", q.kind}, {"reason", q.reason}, {"items", q.items}, {"amount", q.amount}, {"target", q.target},
                    {"deadline", instant(q.deadline)}, {"at", fmt::iso_datetime(q.at)}, {"closed_at", instant(q.closed_at)}, {"answer", q.answer}});
  json actions = json::array();
  for (auto a : v.actions) actions.push_back(std::string(dossier::to_string(a)));
  json slips = json::array();
  for (auto s : v.slips) slips.push_back(std::string(dossier::key(s)));
  json out = {{"id", v.id},
              {"code", text_or_null(v.code)},
              {"status", v.status_code()},
              {"status_label", services::status_label_vi(v.status)},
              {"substate", v.substate},
              {"procedure", {{"code", v.procedure_code}, {"name", v.procedure_name}, {"version", v.procedure_version}}},
              {"agency", v.agency},
              {"handling_agency", v.handling_agency},
              {"applicant",
               {{"name", v.applicant.name}, {"id_number", v.applicant.id_number}, {"type", dossier::code(v.applicant.type)},
                {"phone", v.applicant.phone}, {"email", v.applicant.email}, {"address", v.applicant.address}}},
              {"channel", dossier::code(v.channel)},
              {"delivery", v.delivery},
              {"form", v.form},
              {"form_sources", v.form_sources},
              {"submitted_at", instant(v.submitted_at)},
              {"received_at", instant(v.received_at)},
              {"due_at", instant(v.due_at)},
              {"original_due_at", instant(v.original_due_at)},
              {"finished_at", instant(v.finished_at)},
              {"returned_at", instant(v.returned_at)},
              {"clock", std::string(dossier::to_string(v.clock.clock))},
              {"clock_paused", v.clock.clock == dossier::Clock::paused},
              {"timeliness", std::string(dossier::key(v.clock.standing))},
              {"timeliness_label", std::string(dossier::label_vi(v.clock.standing))},
              {"supplement_due_at", instant(v.supplement_due_at)},
              {"supplement_count", v.supplement_count},
              {"apologies", v.apologies},
              {"fee_amount", v.fee_amount},
              {"paid_at", instant(v.paid_at)},
              {"has_result", v.has_result},
              {"row_version", v.row_version},
              {"documents", docs},
              {"requests", reqs},
              {"actions", actions},
              {"slips", slips},
              {"history", hist}};
  if (v.for_staff) {
    out["unit"] = v.unit;
    out["assignee"] = v.assignee;
    out["step_no"] = v.step_no;
    out["received_by"] = v.received_by;
    out["returned_to"] = v.returned_to;
  }
  if (!v.result_file.empty()) {
    out["result_file"] = v.result_file;
    out["result"] = {{"file", v.result_file},
                     {"url", "/api/v1/dossiers/" + v.id + "/result.pdf"},
                     {"signed", !v.result_verify_id.empty()},
                     {"verify_id", v.result_verify_id.empty() ? json(nullptr) : json(v.result_verify_id)},
                     {"verify_url", v.result_verify_id.empty() ? json(nullptr) : json("/xac-minh/" + v.result_verify_id)}};
  }
  return out;
}

json to_json(const services::DossierPage& p) {
  json items = json::array();
  for (const auto& d : p.items) {
    json item = {{"id", d.id},
                 {"code", text_or_null(d.code)},
                 {"status", d.status_code()},
                 {"status_label", services::status_label_vi(d.status)},
                 {"substate", d.substate},
                 {"procedure_code", d.procedure_code},
                 {"procedure_name", d.procedure_name},
                 {"agency", d.agency},
                 {"handling_agency", d.handling_agency},
                 {"applicant_name", d.applicant_name},
                 {"channel", dossier::code(d.channel)},
                 {"submitted_at", instant(d.submitted_at)},
                 {"received_at", instant(d.received_at)},
                 {"due_at", instant(d.due_at)},
                 {"finished_at", instant(d.finished_at)},
                 {"returned_at", instant(d.returned_at)},
                 {"clock_paused", d.clock.clock == dossier::Clock::paused},
                 {"timeliness", std::string(dossier::key(d.clock.standing))}};
    if (d.for_staff) {
      item["unit"] = d.unit;
      item["assignee"] = d.assignee;
    }
    items.push_back(std::move(item));
  }
  return {{"items", items}, {"total", p.total}, {"page", p.page}, {"per_page", p.per_page}};
}

json to_json(const services::DossierService::PublicLookup& l) {
  return {{"code", l.code},
          {"status", dossier::code(l.status)},
          {"status_label", std::string(dossier::label_vi(l.status))},
          {"procedure", l.procedure},
          {"agency", l.agency_name},
          {"applicant", l.applicant_masked},
          {"received_at", instant(l.received_at)},
          {"due_at", instant(l.due_at)},
          {"finished_at", instant(l.finished_at)},
          {"returned_at", instant(l.returned_at)}};
}

json to_json(const services::DossierService::Ledger& l) {
  json rows = json::array();
  for (const auto& line : l.lines) {
    const auto& x = line.row;
    rows.push_back({{"book", line.book}, {"number", x.number ? json(x.number) : json(nullptr)}, {"code", x.code}, {"procedure_name", x.procedure_name},
                    {"applicant_name", x.applicant_name}, {"address_phone", x.address_phone}, {"lead_agency", x.lead_agency},
                    {"received_at", instant(x.received_ms)}, {"appointment", instant(x.appointment_ms)}, {"transferred_at", instant(x.transferred_ms)},
                    {"result_received_at", instant(x.result_received_ms)}, {"returned_at", instant(x.returned_ms)}, {"returned_to", x.returned_to},
                    {"note", x.note}});
  }
  return {{"agency", l.agency}, {"agency_name", l.agency_name}, {"from", l.from}, {"to", l.to}, {"rows", rows}};
}

}  // namespace motcua::api
