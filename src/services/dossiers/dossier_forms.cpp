// PDF slips of a dossier (documents/forms_pdf): Mẫu 01 (receipt and appointment, with a QR code of the
// public lookup page) once accepted, Mẫu 03 (refusal) once refused. Same access rule as get().
#include "domain/catalog/procedure.h"
#include "domain/dossier/status.h"
#include "domain/errors.h"
#include "domain/format.h"
#include "services/documents/forms_pdf.h"
#include "services/dossiers/dossier_service.h"

namespace motcua::services {

using nlohmann::json;

std::string DossierService::form_pdf(const std::string& id, const std::string& form, const accounts::Principal& who,
                                     const std::string& public_url) {
  json d = get(id, who);  // access check
  int status = d["status"].get<int>();
  if (form != "01" && form != "03")
    throw DomainError(ErrorKind::not_found, "form_not_found", "Mẫu " + form + " chưa có cho hồ sơ này (hiện có: Mẫu 01, Mẫu 03).");
  if (form == "01" && (status < 2 || status == 3))
    throw DomainError(ErrorKind::conflict, "form_not_available", "Giấy tiếp nhận (Mẫu 01) chỉ có sau khi hồ sơ được tiếp nhận.");
  if (form == "03" && status != 3)
    throw DomainError(ErrorKind::conflict, "form_not_available", "Phiếu từ chối (Mẫu 03) chỉ có với hồ sơ không được tiếp nhận.");
  auto ag = agencies_.snapshot();
  const Agency* a = ag->find(d["agency"].get<std::string>());
  const Agency* parent = a && !a->parent_code.empty() ? ag->find(a->parent_code) : nullptr;
  documents::FormHeader h;
  h.agency_name = a ? (a->short_name.empty() ? a->name : a->short_name) : d["agency"].get<std::string>();
  h.parent_agency_name = parent ? (parent->short_name.empty() ? parent->name : parent->short_name) : "";
  std::string place = a ? a->name : "";
  for (const char* prefix : {"Ủy ban nhân dân thị trấn ", "Ủy ban nhân dân xã ", "Ủy ban nhân dân phường ", "Ủy ban nhân dân huyện ", "Ủy ban nhân dân tỉnh "})
    if (place.rfind(prefix, 0) == 0) place = place.substr(std::string(prefix).size());
  h.place = place;
  h.date_ms = fmt::now_ms();
  documents::DossierView v;
  v.code = d["code"].is_string() ? d["code"].get<std::string>() : d["id"].get<std::string>();
  v.procedure_name = d["procedure"]["name"];
  v.applicant_name = d["applicant"]["name"];
  auto snap = catalog_.snapshot();
  const auto* e = snap->find(d["procedure"]["code"].get<std::string>());
  const auto* pv = e ? e->version(d["procedure"]["version"].get<int>()) : nullptr;
  if (pv) {
    const json& doc = *pv->doc;
    for (const auto& c : doc["components"])
      v.components.push_back({c.value("name", std::string()), c.value("original", 0), c.value("certified", 0), c.value("photo", 0)});
    v.sets = doc.value("sets", 1);
    const json& pt = doc["processing_time"];
    v.statutory_time = pt["amount"].dump() + " " + catalog::time_unit_label(pt.value("unit", std::string()));
  }
  db_.read([&](store::Conn& c) {
    auto r = c.exec("SELECT applicant_phone, applicant_email, applicant_address, received_at, due_at, received_by, delivery FROM dossiers WHERE public_id = $1",
                    {d["id"].get<std::string>()});
    const auto& x = r.rows.at(0);
    v.applicant_phone = x.str(0);
    v.applicant_email = x.str(1);
    v.applicant_address = x.str(2);
    v.received_at_ms = x.is_null(3) ? 0 : x.i64(3);
    v.appointment_ms = x.is_null(4) ? 0 : x.i64(4);
    v.receiving_officer = x.str(5);
    std::string del = x.str(6);
    v.delivery_method = del == "post" ? "Dịch vụ bưu chính công ích" : del == "online" ? "Trực tuyến" : "Bộ phận Tiếp nhận và Trả kết quả";
    if (status == 3) {
      auto hrow = c.exec("SELECT note FROM dossier_history h JOIN dossiers d ON d.id = h.dossier_id WHERE d.public_id = $1 AND h.action = 'refuse' "
                         "ORDER BY h.id DESC LIMIT 1",
                         {d["id"].get<std::string>()});
      if (!hrow.rows.empty()) v.reason = hrow.rows[0].str(0);
    }
  });
  if (!v.code.empty() && d["code"].is_string()) v.lookup_url = public_url + "/tra-cuu?ma=" + v.code;
  v.ledger_book = "01";
  if (d["code"].is_string()) v.ledger_order = v.code.substr(v.code.size() - 4);
  return form == "01" ? documents::form01_receipt(h, v) : documents::form03_refusal(h, v);
}

}  // namespace motcua::services
