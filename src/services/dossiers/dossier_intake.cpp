// Desk (channel 1) and postal (channel 3) intake, documents of a dossier (insert, add later, read).
// See dossier_service.h for the contract.
#include "domain/catalog/applicants.h"
#include "domain/catalog/form_schema.h"
#include "domain/format.h"
#include "domain/identity.h"
#include "services/docstore/personal_store.h"
#include "services/dossiers/dossier_internal.h"
#include "services/dossiers/dossier_search.h"
#include "services/handover/handover_service.h"
#include "services/natdb/national_data.h"
#include "services/payments/payment_service.h"
#include "services/post/post_service.h"
#include "services/ids.h"

namespace motcua::services {

using nlohmann::json;
using accounts::Kind;
using accounts::Principal;
using accounts::Role;
using namespace dossier_detail;

void DossierService::insert_documents(store::Conn& c, int64_t dossier_id, const json& docs, const json& components, int64_t owner,
                                      const std::string& source, int64_t now) {
  if (docs.is_null()) return;
  if (!docs.is_array() || docs.size() > 100)
    throw DomainError(ErrorKind::invalid, "bad_documents", "Danh sách giấy tờ phải là một mảng (tối đa 100 tệp).", {{"documents", "Không hợp lệ."}});
  for (size_t i = 0; i < docs.size(); ++i) {
    const json& d = docs[i];
    std::string field = "documents[" + std::to_string(i) + "]";
    std::string comp = str(d, "component_code"), file = str(d, "file_id"), copy = str(d, "copy_type"), reuse = str(d, "reuse");
    const json* component = nullptr;
    for (const auto& k : components)
      if (k.value("code", std::string()) == comp) component = &k;
    if (!component) throw DomainError(ErrorKind::invalid, "unknown_component", "Thành phần hồ sơ \"" + comp + "\" không có trong thủ tục.", {{field, "Không hợp lệ."}});
    const bool names_doc_type = component->contains("doc_type") && (*component)["doc_type"].is_string();
    const int64_t mandatory = docstore::digitization_mandatory(docstore::paper_of_component(names_doc_type)) ? 1 : 0;  // R15
    if (!reuse.empty()) {  // an item of the applicant's data store instead of an upload (R13, R26)
      if (!store_ || !file.empty())
        throw DomainError(ErrorKind::invalid, "bad_reuse", "Chọn giấy tờ từ kho dữ liệu hoặc tải tệp lên, không cả hai.", {{"documents." + comp, "Không hợp lệ."}});
      // Online the applicant picks from their own store; at the desk the officer picks from the store of the
      // applicant the dossier is linked to (by CCCD / tax code), never anyone else's.
      int64_t store_owner = owner;
      if (source == "desk") {
        auto a = c.exec("SELECT applicant_user_id FROM dossiers WHERE id = $1", {dossier_id});
        store_owner = a.empty() || a.rows[0].is_null(0) ? 0 : a.rows[0].i64(0);
      }
      const std::string wanted = component->contains("doc_type") && (*component)["doc_type"].is_string() ? (*component)["doc_type"].get<std::string>() : "";
      StoreItem it;
      try {
        it = store_->resolve(c, reuse, store_owner, wanted, now);
      } catch (const DomainError& e) {
        throw DomainError(ErrorKind::invalid, e.code(), e.what(), {{"documents." + comp, e.what()}});
      }
      c.exec("INSERT INTO dossier_documents (dossier_id, component_code, file_public_id, copy_type, source, reused_from, created_at, digitization_mandatory) "
             "VALUES ($1, $2, $3, 'original', 'reuse', $4, $5, $6)",
             {dossier_id, comp, it.file_id, it.id, now, mandatory});
      continue;
    }
    if (!copy.empty() && copy != "original" && copy != "certified" && copy != "photo")
      throw DomainError(ErrorKind::invalid, "bad_copy_type", "Loại bản chỉ nhận original (bản chính), certified (bản sao chứng thực) hoặc photo (bản chụp).",
                        {{field, "Loại bản không hợp lệ."}});
    if (file.empty() && source != "desk")
      throw DomainError(ErrorKind::invalid, "file_required", "Chưa đính kèm tệp cho thành phần \"" + comp + "\".", {{field, "Thiếu tệp."}});
    if (!file.empty() && c.exec("SELECT 1 FROM files WHERE public_id = $1 AND owner_user_id = $2", {file, owner}).rows.empty())
      throw DomainError(ErrorKind::invalid, "bad_file", "Tệp đính kèm không tồn tại hoặc không do bạn tải lên.", {{field, "Tệp không hợp lệ."}});
    c.exec("INSERT INTO dossier_documents (dossier_id, component_code, file_public_id, copy_type, source, created_at, digitization_mandatory) "
           "VALUES ($1,$2,$3,$4,$5,$6,$7)",
           {dossier_id, comp, file, copy, source, now, mandatory});
    // A paper digitized at the desk whose component names a document type enters the applicant's data store (R14).
    if (store_ && source == "desk" && !file.empty() && component->contains("doc_type") && (*component)["doc_type"].is_string())
      store_->on_digitized(c, dossier_id, (*component)["doc_type"].get<std::string>(), component->value("name", std::string()), file, now);
  }
}

DossierView DossierService::intake(const json& in, const Principal& who, const std::string& ip) {
  if (!in.is_object()) throw DomainError(ErrorKind::bad_input, "bad_json", "Dữ liệu hồ sơ phải là một đối tượng JSON.");
  std::string pcode = str(in, "procedure_code"), agency = str(in, "agency_code"), handling = str(in, "handling_agency_code");
  std::string delivery = str(in, "delivery");
  if (delivery.empty()) delivery = "desk";
  if (delivery != "desk" && delivery != "post" && delivery != "online")
    throw DomainError(ErrorKind::invalid, "bad_delivery", "Hình thức nhận kết quả chỉ nhận desk, post hoặc online.", {{"delivery", "Không hợp lệ."}});
  // Intake happens at the agency where the officer holds the desk or post role — exactly there, not
  // below it; checked before anything is written (a refused request writes nothing).
  auto ag = agencies_.snapshot();
  const Agency* a = ag->find(agency);
  if (!a) throw DomainError(ErrorKind::invalid, "unknown_agency", "Không tìm thấy cơ quan tiếp nhận \"" + agency + "\".", {{"agency_code", "Không hợp lệ."}});
  bool is_desk = who.holds(Role::desk, agency), is_post = who.holds(Role::post, agency);
  if (!is_desk && !is_post)
    throw DomainError(ErrorKind::forbidden, "not_your_agency", "Bạn không làm việc tại Bộ phận Một cửa hoặc điểm bưu chính của " + a->name + ".");
  int channel = is_desk ? 1 : 3;
  if (in.contains("channel")) {
    if (!in["channel"].is_number_integer() || (in["channel"] != 1 && in["channel"] != 3) || (!is_desk && in["channel"] != 3))
      throw DomainError(ErrorKind::invalid, "bad_channel", "Kênh tiếp nhận tại quầy là 1 (trực tiếp) hoặc 3 (bưu chính).", {{"channel", "Không hợp lệ."}});
    channel = in["channel"].get<int>();
  }
  // A dossier the post collected at the applicant's (services/post: a pickup shipment) is received by post.
  const std::string pickup = str(in, "pickup");
  if (!pickup.empty()) {
    if (!post_) throw DomainError(ErrorKind::conflict, "post_off", "Chức năng bưu chính công ích chưa sẵn sàng.");
    if (in.contains("channel") && channel != 3)
      throw DomainError(ErrorKind::invalid, "bad_channel", "Hồ sơ do bưu điện thu gom được tiếp nhận qua kênh bưu chính (3).", {{"channel", "Không hợp lệ."}});
    channel = 3;
  }
  int64_t now = fmt::now_ms();
  auto open = open_version(catalog_, pcode, now);
  const auto* e = open.entry;
  const ProcVersion* v = open.version;
  const json& doc = open.doc();
  // R16: a desk may receive for another competent agency when the procedure allows it.
  if (!handling.empty() && handling != agency) {
    if (!doc.value("receive_any_boundary", false))
      throw DomainError(ErrorKind::invalid, "boundary", "Thủ tục này không tiếp nhận không phụ thuộc địa giới hành chính.", {{"handling_agency_code", "Không hợp lệ."}});
    const Agency* h = ag->find(handling);
    if (!h) throw DomainError(ErrorKind::invalid, "unknown_agency", "Không tìm thấy cơ quan giải quyết \"" + handling + "\".", {{"handling_agency_code", "Không hợp lệ."}});
    if (!(v->levels & level_bit(h->level)))
      throw DomainError(ErrorKind::invalid, "wrong_level", "Thủ tục này không thực hiện tại " + h->name + ".", {{"handling_agency_code", "Không giải quyết thủ tục này."}});
  } else {
    handling.clear();
    if (!(v->levels & level_bit(a->level)))
      throw DomainError(ErrorKind::invalid, "wrong_level", "Thủ tục này không thực hiện tại " + a->name + ".", {{"agency_code", "Chọn cơ quan giải quyết."}});
  }
  const json ap = in.contains("applicant") ? in["applicant"] : json::object();
  std::string name = str(ap, "name"), idn = str(ap, "id_number"), phone = str(ap, "phone"), email = str(ap, "email"), address = str(ap, "address");
  int type = ap.is_object() && ap.contains("type") && ap["type"].is_number_integer() ? ap["type"].get<int>() : 1;
  std::vector<FieldError> errs;
  if (name.empty() || text::length(name) > 200) errs.push_back({"applicant.name", "Nhập họ tên người nộp (tối đa 200 ký tự)."});
  if (type < 1 || type > 4) errs.push_back({"applicant.type", "Loại đối tượng từ 1 đến 4."});
  int year = std::stoi(fmt::iso_date(now).substr(0, 4));
  if (type == 1 && !idn.empty())
    if (auto err = identity::check_cccd(idn, year)) errs.push_back({"applicant.id_number", *err});
  if (type == 2 && !idn.empty())  // a business is identified by its enterprise (tax) code
    if (auto err = identity::check_tax_code(idn)) errs.push_back({"applicant.id_number", *err});
  if (text::length(address) > 300 || text::length(phone) > 20 || text::length(email) > 200) errs.push_back({"applicant", "Thông tin liên hệ quá dài."});
  // Every problem of the applicant, the e-form and the papers is reported at once (one round at the desk);
  // the error's code names the first kind found.
  try {
    catalog::check_applicant_type(doc, type);
  } catch (const DomainError& e) {
    if (errs.empty()) throw;  // the one problem: its own code and message
    for (const auto& f : e.fields()) errs.push_back(f);
  }
  const size_t applicant_errs = errs.size();
  const json& pol = doc["channel_policy"];
  std::string ch_name = channel == 1 ? "truc_tiep" : "buu_chinh";
  if (pol.contains(std::to_string(type))) {
    bool ok = false;
    for (const auto& x : pol[std::to_string(type)]) ok |= x == ch_name;
    if (!ok)
      throw DomainError(ErrorKind::invalid, "channel_not_allowed",
                        std::string("Thủ tục này không nhận hồ sơ ") + (channel == 1 ? "trực tiếp" : "qua bưu chính") + " đối với loại đối tượng này (R10).");
  }
  json form = in.contains("form") && in["form"].is_object() ? in["form"] : json::object();
  if (!form.empty()) {
    form = catalog::applicable_values(doc["form_schema"], form);  // answers to questions that no longer apply are not kept
    for (auto f : catalog::validate_values(doc["form_schema"], form, year)) {
      f.field = "form." + f.field;
      errs.push_back(std::move(f));
    }
  }
  const size_t form_errs = errs.size() - applicant_errs;
  const json docs = in.contains("documents") ? in["documents"] : json::array();
  bool accept = in.contains("accept") && in["accept"].is_boolean() && in["accept"].get<bool>();
  if (accept && !is_desk) throw DomainError(ErrorKind::forbidden, "actor_forbidden", "Chỉ Bộ phận Một cửa được tiếp nhận hồ sơ.");
  if (accept) {
    std::vector<FieldError> missing;
    for (const auto& comp : doc["components"]) {
      if (!comp.value("mandatory", false)) continue;
      bool have = false;
      if (docs.is_array())
        for (const auto& d : docs) have |= d.is_object() && d.value("component_code", std::string()) == comp.value("code", std::string());
      if (!have) missing.push_back({"documents." + comp.value("code", std::string()), "Chưa nhận: " + comp.value("name", std::string())});
    }
    if (!missing.empty() && errs.empty())
      throw DomainError(ErrorKind::invalid, "documents_missing",
                        "Chưa nhận đủ " + std::to_string(missing.size()) + " thành phần bắt buộc; hãy yêu cầu hoàn thiện hồ sơ (Mẫu 02) thay vì tiếp nhận.", missing);
    for (auto& m : missing) errs.push_back(std::move(m));
  }
  if (!errs.empty()) {
    std::string what = applicant_errs ? "Thông tin người nộp chưa hợp lệ." : "Tờ khai còn " + std::to_string(form_errs) + " lỗi.";
    if (errs.size() > applicant_errs + form_errs) what += " Chưa nhận đủ " + std::to_string(errs.size() - applicant_errs - form_errs) + " thành phần bắt buộc.";
    if (applicant_errs && form_errs) what += " Tờ khai còn " + std::to_string(form_errs) + " lỗi.";
    throw DomainError(ErrorKind::invalid, applicant_errs ? "applicant_invalid" : "form_invalid", what, errs);
  }
  std::string pid = random_token(12);
  db_.write([&](store::Conn& c) {
    // R12: link the dossier to the applicant's account when they have one.
    std::optional<int64_t> user;
    if (!idn.empty()) {
      auto u = c.exec("SELECT id, phone, email FROM users WHERE (id_number = $1 OR tax_code = $1) AND kind <> 'staff'", {idn});
      if (!u.rows.empty()) {
        user = u.rows[0].i64(0);
        if (phone.empty()) phone = u.rows[0].str(1);
        if (email.empty()) email = u.rows[0].str(2);
      }
    }
    int64_t id = c.exec("INSERT INTO dossiers (public_id, procedure_id, procedure_code, procedure_version, procedure_name, agency_code, handling_agency_code, "
                        "applicant_user_id, applicant_type, applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address, "
                        "channel, status, substate, delivery, form, submitted_at, created_at, updated_at, code, coded_at, applicant_search) "
                        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,1,'waiting_for_desk',$16,$17,$18,$18,$18,$19,$18,$20) RETURNING id",
                        {pid, e->id, pcode, int64_t{v->version_no}, doc["name"].get<std::string>(), agency, handling,
                         user ? store::Value(*user) : store::Value(nullptr), int64_t{type}, name, idn, phone, email, address, int64_t{channel}, delivery,
                         form.dump(), now, assign_code(c, agency, now), dossier_search::key(name, idn, phone)})
                     .rows.at(0)
                     .i64(0);
    if (natdb_ && in.contains("national_lookup") && in["national_lookup"].is_string()) {
      // The desk's applicant fields count like e-form fields: "applicant.name" / "applicant.address".
      json schema = doc["form_schema"], values = form;
      schema["fields"].push_back({{"name", "applicant.name"}, {"prefill", "full_name"}});
      schema["fields"].push_back({{"name", "applicant.address"}, {"prefill", "residence"}});
      values["applicant.name"] = name;
      values["applicant.address"] = address;
      json taken = natdb_->taken(c, in["national_lookup"].get<std::string>(), who, idn, schema, values, id, pid, now);
      if (!taken.empty()) c.exec("UPDATE dossiers SET form_sources = $2 WHERE id = $1", {id, taken.dump()});
    }
    if (handover_ && in.contains("handover") && who.user_id > 0 && who.username.rfind("lienthong.", 0) == 0) handover_->created(c, id, in, now);
    insert_documents(c, id, docs, doc["components"], who.user_id, "desk", now);
    if (!pickup.empty()) post_->link_pickup(c, pickup, agency, id, c.exec("SELECT code FROM dossiers WHERE id = $1", {id}).rows.at(0).str(0), who, now);
    if (payments_) payments_->on_submitted(c, id, agency, doc.contains("fees") ? &doc["fees"] : nullptr, form, delivery, now);
    add_history(c, id, now, {who.username, is_desk ? "desk" : "post", "", "submit", 0, 1, channel == 3 ? "Tiếp nhận qua bưu chính" : "Nộp trực tiếp", "", ""});
    record_change(c, id, now);
    audit_.append(c, {who.user_id, who.username, "dossier.intake", pid, agency, ip, {{"procedure", pcode}, {"channel", channel}}}, now);
    if (accept) accept_in(c, load(c, pid), who, ip, now);
  });
  return view(pid, who);
}

DossierView DossierService::add_documents(const std::string& id, const json& docs, const Principal& who, const std::string& ip) {
  int64_t now = fmt::now_ms();
  std::string pid;
  db_.write([&](store::Conn& c) {
    Row r = load(c, id);
    if (!can_read(r, who)) throw not_found();
    bool owner = who.kind != Kind::staff && r.applicant_user_id == who.user_id;
    bool desk = who.holds(Role::desk, r.agency_code);  // the receiving desk itself, not an ancestor
    if (!owner && !desk) throw DomainError(ErrorKind::forbidden, "forbidden", "Chỉ người nộp hoặc Bộ phận Một cửa được bổ sung giấy tờ.");
    if (r.status != 0 && r.status != 1 && r.status != 5)
      throw DomainError(ErrorKind::conflict, "documents_closed", "Chỉ bổ sung giấy tờ khi hồ sơ chưa tiếp nhận hoặc đang chờ bổ sung.");
    auto snap = catalog_.snapshot();
    const auto* e = snap->find(r.procedure_code);
    const auto* v = e ? e->version(static_cast<int>(r.procedure_version)) : nullptr;
    insert_documents(c, r.id, docs, v ? (*v->doc)["components"] : json::array(), who.user_id, owner ? (r.status == 5 ? "supplement" : "applicant") : "desk", now);
    c.exec("UPDATE dossiers SET row_version = row_version + 1, updated_at = $2 WHERE id = $1", {r.id, now});
    audit_.append(c, {who.user_id, who.username, "dossier.documents", r.code.empty() ? r.public_id : r.code, r.agency_code, ip,
                      {{"count", docs.is_array() ? docs.size() : 0}}}, now);
    pid = r.public_id;
  });
  return view(pid, who);
}

FileBlob DossierService::document(const std::string& id, const std::string& file_id, const Principal& who) {
  bool ok = false;
  db_.read([&](store::Conn& c) {
    Row r = load(c, id);
    if (!can_read(r, who)) throw not_found();
    bool staff = who.kind == Kind::staff;
    if (!c.exec("SELECT 1 FROM dossier_documents WHERE dossier_id = $1 AND file_public_id = $2", {r.id, file_id}).rows.empty()) ok = true;
    // The result: staff always; the applicant once it was returned online.
    if (!r.result_file.empty() && r.result_file == file_id && (staff || (r.status == 10 && r.delivery == "online"))) ok = true;
  });
  if (!ok || file_id.empty()) throw DomainError(ErrorKind::not_found, "file_not_found", "Không tìm thấy tệp.");
  return files_.read_authorized(file_id);
}

}  // namespace motcua::services
