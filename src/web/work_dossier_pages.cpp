// One dossier in the officers' workspace (/can-bo/ho-so/{id}, policy dossier.work; the service answers
// 404 to officers of other agencies): header, documents, e-form values, requests, history, slips, and one
// small form per action the service lists in `actions[]`, with only the fields that action needs.
// POST /can-bo/ho-so/{id}/{action}: CSRF check → DossierService::act (the dossier's row_version travels
// in a hidden field, so a stale page gets the service's 409) → 303 back with a flash; a DomainError
// re-renders the page with its status code, the message and the values typed.
// attach-result (and supply) forms are multipart: the file is saved through the file store as the
// acting officer, then its id is passed to the action.
#include <map>
#include <set>

#include "http/params.h"
#include "web/pages.h"
#include "routes/auth.h"
#include "domain/docstore/reuse.h"
#include "domain/dossier/next_step.h"
#include "domain/dossier/state_machine.h"
#include "domain/dossier/status.h"
#include "domain/esign/signing_rules.h"
#include "domain/format.h"
#include "domain/reports/handling.h"
#include "domain/reports/nine_indicators.h"
#include "domain/text.h"
#include "web/dossier_pages.h"
#include "web/work_pages.h"

namespace motcua::web::work {

using namespace routes;

using nlohmann::json;
using accounts::Role;

namespace {

const std::string kBase = "/can-bo/ho-so/";

// Destructive actions (dossier::is_destructive) need this box ticked, checked again on the server.
const std::map<std::string, std::string> kConfirmLabel = {
    {"refuse", "Tôi xác nhận từ chối tiếp nhận hồ sơ này (không thể hoàn tác)"},
    {"stop", "Tôi xác nhận dừng xử lý hồ sơ này (không thể hoàn tác)"}};
const char* kConfirmMissing = "Đánh dấu ô xác nhận: thao tác này không thể hoàn tác.";

// What a failed POST leaves for the re-rendered page.
struct Failed {
  std::string action;
  Form values;
  std::string message;
  std::map<std::string, std::string> fields;
  int status = 422;
};

std::string status_label(int64_t code) {
  if (code == 0) return "—";
  auto st = dossier::status_from_code(static_cast<int>(code));
  return st ? std::string(dossier::label_vi(*st)) : std::to_string(code);
}

std::string substate_label(const std::string& s) {
  static const std::map<std::string, std::string> m = {
      {"waiting_for_desk", "Chờ Bộ phận Một cửa tiếp nhận"},      {"waiting_for_completion", "Chờ người nộp hoàn thiện hồ sơ"},
      {"received", "Đã tiếp nhận, chờ chuyển xử lý"},             {"refused", "Không được tiếp nhận"},
      {"in_step", "Đang xử lý tại bộ phận chuyên môn"},           {"at_consulted_agency", "Đang xin ý kiến cơ quan, đơn vị phối hợp"},
      {"awaiting_approval", "Chờ lãnh đạo phê duyệt"},            {"waiting_for_supplement", "Chờ người nộp bổ sung giấy tờ"},
      {"supplement_received", "Đã nhận bổ sung, chờ tiếp nhận"},  {"payment_due", "Chờ thực hiện nghĩa vụ tài chính"},
      {"withdrawal_requested", "Người nộp yêu cầu rút hồ sơ"},    {"stopped", "Đã dừng xử lý"},
      {"result_ready", "Đã có kết quả, chờ trả"},                 {"returned", "Đã trả kết quả"}};
  auto it = m.find(s);
  return it == m.end() ? s : it->second;
}

std::string role_label(const std::string& r) {
  auto a = dossier::parse_actor(r);
  return a ? std::string(dossier::label_vi(*a)) : r;
}

std::string copy_label(const std::string& c) {
  return c == "original" ? "Bản chính" : c == "certified" ? "Bản sao chứng thực" : c == "photo" ? "Bản chụp" : "—";
}

std::string kind_label(const std::string& k) {
  static const std::map<std::string, std::string> m = {{"completion", "Yêu cầu hoàn thiện hồ sơ (Mẫu 02)"},
                                                       {"supplement", "Yêu cầu bổ sung giấy tờ (Mẫu 02)"},
                                                       {"payment", "Nghĩa vụ tài chính"},
                                                       {"consult", "Xin ý kiến phối hợp"},
                                                       {"apology", "Xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)"}};
  auto it = m.find(k);
  return it == m.end() ? k : it->second;
}

std::string value_text(const json& v, const json& def) {
  if (v.is_boolean()) return v.get<bool>() ? "Có" : "Không";
  std::string s = v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
  if (def.is_object() && def.contains("choices") && def["choices"].is_array())
    for (const auto& c : def["choices"])
      if (c.is_object() && c.value("value", std::string()) == s) return c.value("label", s);
  if (def.is_object() && def.value("type", std::string()) == "date")
    if (auto ms = fmt::parse_iso_date(s)) return day(*ms);  // an e-form date as typed (YYYY-MM-DD) → dd/mm/yyyy
  return s;
}

// ---------- action forms ----------

struct FormBuilder {
  const std::string& action;
  const Failed* fail;  // only when it failed for this action
  json fields = json::array();

  std::string val(const std::string& key, const std::string& def = "") const {
    if (fail && has(fail->values, key)) {
      for (const auto& [k, v] : fail->values)
        if (k == key) return v;
    }
    return def;
  }
  json err(const std::string& key) const {
    if (!fail) return false;
    auto it = fail->fields.find(key);
    return it == fail->fields.end() ? json(false) : json(it->second);
  }
  json base(const std::string& key, const std::string& label, bool required, const std::string& hint) const {
    return {{"id", action + "-" + key}, {"name", key}, {"label", label}, {"required", required}, {"hint", opt(hint)}, {"err", err(key)},
            {"input", false}, {"textarea", false}, {"select", false}, {"file", false}, {"checkbox", false}, {"type", "text"}, {"value", ""}, {"options", json::array()}};
  }
  void input(const std::string& key, const std::string& label, const std::string& type, bool required = false, const std::string& hint = "",
             const std::string& def = "") {
    json f = base(key, label, required, hint);
    f["input"] = true;
    f["type"] = type;
    f["value"] = val(key, def);
    fields.push_back(f);
  }
  void textarea(const std::string& key, const std::string& label, bool required = false, const std::string& hint = "") {
    json f = base(key, label, required, hint);
    f["textarea"] = true;
    f["value"] = val(key);
    fields.push_back(f);
  }
  void select(const std::string& key, const std::string& label, const std::vector<std::pair<std::string, std::string>>& opts, bool required = false,
              const std::string& def = "", const std::string& hint = "") {
    json f = base(key, label, required, hint);
    f["select"] = true;
    std::string chosen = val(key, def);
    for (const auto& [v, l] : opts) f["options"].push_back({{"value", v}, {"label", l}, {"selected", v == chosen}});
    fields.push_back(f);
  }
  // A secret (the signing PIN): never echoed back, not even after a failed post.
  void secret(const std::string& key, const std::string& label, const std::string& hint) {
    json f = base(key, label, true, hint);
    f["input"] = true;
    f["type"] = "password";
    f["autocomplete"] = "off";
    fields.push_back(f);
  }
  void checkbox(const std::string& key, const std::string& label) {
    json f = base(key, label, true, "");
    f["checkbox"] = true;
    fields.push_back(f);
  }
  void file(const std::string& key, const std::string& label, bool required = false) {
    json f = base(key, label, required, "Tệp PDF, JPEG hoặc PNG, tối đa 10 MB.");
    f["file"] = true;
    fields.push_back(f);
  }
};

struct PageCtx {
  Context& ctx;
  const services::DossierView& d;
  const services::AgencySnapshot& ag;
  const std::vector<StaffMember>& staff;
  const json& components;  // of the pinned version
  const json& process;     // internal_process of the pinned version (steps with unit text)
  bool signs = false;      // this leader has a signing key: approving signs the result (PIN asked)
};

// The unit of the competent agency named by the first processing step after the desk's (e.g. "Công chức
// Tư pháp – Hộ tịch" → TP "Tư pháp – Hộ tịch"), else its first unit that is not the one-stop desk.
std::string default_unit(const services::Agency& comp, const json& process) {
  if (process.is_array())
    for (const auto& step : process) {
      if (!step.is_object() || step.value("role", std::string()) == "desk") continue;
      std::string text = " " + text::fold(step.value("unit", std::string())) + " ";
      for (const auto& u : comp.units)
        if (u.kind != "mot_cua" && text.find(" " + text::fold(u.name) + " ") != std::string::npos) return u.code;
    }
  for (const auto& u : comp.units)
    if (u.kind != "mot_cua") return u.code;
  return "";
}

json action_form(const PageCtx& pc, const std::string& name, const Failed* fail) {
  auto a = dossier::parse_action(name);
  FormBuilder b{name, fail && fail->action == name ? fail : nullptr};
  const std::string& competent = pc.d.handling_agency;
  bool multipart = false, danger = false;
  std::string hint;
  auto staff_opts = [&](bool leaders_only, const std::string& none) {
    std::vector<std::pair<std::string, std::string>> o;
    if (!none.empty()) o.emplace_back("", none);
    for (const auto& s : pc.staff)
      if (!leaders_only || s.role == "leader")
        o.emplace_back(s.username, s.full_name + " (" + (s.role == "leader" ? "Lãnh đạo" : "Chuyên viên") +
                                       (s.unit.empty() ? "" : ", " + unit_name(pc.ag, s.agency, s.unit)) + ")");
    return o;
  };
  if (name == "accept") {
    hint = "Tính ngày hẹn trả, vào sổ theo dõi và in Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01).";
  } else if (name == "request-completion") {
    b.textarea("reason", "Lý do", true);
    b.textarea("items", "Nội dung cần hoàn thiện (mỗi dòng một mục)");
    hint = "Hồ sơ chưa được tiếp nhận; người nộp nhận Phiếu yêu cầu hoàn thiện (Mẫu 02).";
  } else if (name == "refuse") {
    b.textarea("reason", "Lý do từ chối", true);
    danger = true;
    hint = "Hồ sơ chuyển sang “Không được tiếp nhận”; in Phiếu từ chối (Mẫu 03).";
  } else if (name == "transfer") {
    std::vector<std::pair<std::string, std::string>> units;
    std::string def;
    if (const auto* comp = pc.ag.find(competent)) {
      for (const auto& u : comp->units) units.emplace_back(u.code, u.name + " (" + u.code + ")");
      def = default_unit(*comp, pc.process);
    }
    b.select("unit", "Chuyển đến đơn vị", units, true, def);
    b.select("assignee", "Cán bộ xử lý (không bắt buộc)", staff_opts(false, "— Để đơn vị phân công —"));
    b.textarea("note", "Ghi chú");
  } else if (name == "assign") {
    b.select("assignee", "Cán bộ được phân công", staff_opts(false, "— Chọn cán bộ —"), true);
    b.textarea("note", "Ghi chú");
  } else if (name == "consult") {
    std::vector<std::pair<std::string, std::string>> ags = {{"", "Trong cơ quan (" + agency_name(pc.ag, competent) + ")"}};
    for (const auto& x : pc.ag.agencies)
      if (x.code != competent) ags.emplace_back(x.code, x.name);
    b.select("agency", "Cơ quan, đơn vị được xin ý kiến", ags);
    b.input("hours", "Thời hạn trả lời (giờ làm việc)", "number", true, "", "16");
    b.textarea("note", "Nội dung xin ý kiến", true);
  } else if (name == "reply") {
    b.textarea("note", "Ý kiến trả lời", true);
  } else if (name == "send-back") {
    b.textarea("reason", "Lý do trả lại", true);
  } else if (name == "submit-for-approval") {
    b.select("assignee", "Lãnh đạo phê duyệt (không bắt buộc)", staff_opts(true, "— Lãnh đạo cơ quan —"));
    b.textarea("note", "Ghi chú, đề xuất");
  } else if (name == "approve") {
    b.textarea("note", "Ý kiến phê duyệt");
    if (pc.signs) {
      b.secret("pin", "Mã PIN chứng thư số", "Kết quả (PDF) được ký số bằng chứng thư số của bạn, kèm mã QR để tra cứu xác minh.");
      hint = "Ký số kết quả; hồ sơ chuyển sang “Đã xử lý xong” và về Bộ phận Một cửa để trả kết quả.";
    } else {
      hint = "Hồ sơ chuyển sang “Đã xử lý xong” và về Bộ phận Một cửa để trả kết quả.";
    }
  } else if (name == "request-supplement") {
    b.textarea("reason", "Lý do yêu cầu bổ sung", true);
    b.textarea("items", "Giấy tờ cần bổ sung (mỗi dòng một mục)");
    b.input("deadline", "Hạn bổ sung", "date");
    hint = "Thời hạn giải quyết tạm dừng cho đến khi tiếp nhận hồ sơ bổ sung; in Phiếu yêu cầu bổ sung (Mẫu 02).";
  } else if (name == "supply") {
    std::vector<std::pair<std::string, std::string>> comps = {{"", "— Không kèm bản quét —"}};
    for (const auto& c : pc.components) comps.emplace_back(c.value("code", std::string()), c.value("name", std::string()));
    b.textarea("note", "Ghi chú (giấy tờ người nộp mang đến)");
    b.select("component", "Thành phần của bản quét", comps);
    b.file("file", "Bản quét (không bắt buộc)");
    multipart = true;
  } else if (name == "accept-supplement") {
    b.textarea("note", "Ghi chú");
    hint = "Thời hạn giải quyết chạy lại và ngày hẹn trả lùi đúng bằng thời gian tạm dừng.";
  } else if (name == "request-payment") {
    b.input("amount", "Số tiền (đồng; để trống: thu theo biểu phí của thủ tục)", "text", false, "Ví dụ: 1.250.000");
    b.textarea("reason", "Nội dung (phí, lệ phí, thuế…)");
  } else if (name == "record-payment") {
    b.select("method", "Hình thức nộp", {{"cash", "Tiền mặt"}, {"transfer", "Chuyển khoản"}}, true, "cash");
    b.textarea("note", "Ghi chú");
  } else if (name == "stop") {
    b.textarea("reason", "Lý do dừng xử lý", true);
    danger = true;
  } else if (name == "withdraw") {
    b.textarea("reason", "Lý do rút hồ sơ (theo đề nghị của người nộp)");
  } else if (name == "confirm-withdrawal") {
    b.textarea("note", "Ghi chú");
    danger = true;
  } else if (name == "apologize") {
    b.textarea("reason", "Lý do chậm giải quyết", true);
    b.input("new_due", "Ngày hẹn trả mới", "date", true);
    hint = "Phát hành Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04); chỉ một lần cho mỗi hồ sơ.";
  } else if (name == "attach-result") {
    b.file("file", "Tệp kết quả", true);
    multipart = true;
    if (pc.d.has_result) hint = "Hồ sơ đã có tệp kết quả; tệp mới sẽ thay thế tệp cũ.";
  } else if (name == "return-result") {
    bool desk = pc.d.delivery == "desk";
    b.input("note", desk ? "Họ tên người nhận kết quả" : "Người nhận / số vận đơn", "text", desk);
  }
  if (a && dossier::is_destructive(*a)) {
    b.checkbox("confirm", kConfirmLabel.at(name));
    danger = true;
  }
  json out = {{"name", name},
              {"label", a ? std::string(dossier::label_vi(*a)) : name},
              {"url", kBase + pc.d.id + "/" + name},
              {"id", "act-" + name},
              {"multipart", multipart},
              {"danger", danger},
              {"hint", opt(hint)},
              {"error", b.fail ? json(b.fail->message) : json(false)},
              {"fields", b.fields}};
  return out;
}

// ---------- the page ----------

http::Response dossier_page(Context& ctx, http::Request& req, const std::string& id, const Failed* fail) {
  const auto& me = principal(req);
  const auto d = ctx.dossiers.view(id, me);
  auto ag = ctx.agencies.snapshot();
  const std::string &pid = d.id, &competent = d.handling_agency, &receiving = d.agency;
  auto snap = ctx.catalog.snapshot();
  const auto* entry = snap->find(d.procedure_code);
  const auto* ver = entry ? entry->version(d.procedure_version) : nullptr;
  json components = ver ? (*ver->doc)["components"] : json::array();
  json schema = ver && (*ver->doc).contains("form_schema") ? (*ver->doc)["form_schema"] : json::object();
  json process = ver && (*ver->doc).contains("internal_process") ? (*ver->doc)["internal_process"] : json::array();
  std::map<std::string, std::string> comp_names;
  for (const auto& c : components) comp_names[c.value("code", std::string())] = c.value("name", std::string());

  using dossier::Action;
  bool need_staff = d.may(Action::transfer) || d.may(Action::assign) || d.may(Action::submit_for_approval);
  std::vector<StaffMember> staff = need_staff || !d.assignee.empty() ? processing_staff(ctx, competent) : std::vector<StaffMember>{};
  auto person = [&](const std::string& username) {
    for (const auto& s : staff)
      if (s.username == username) return s.full_name;  // people by their name, never by their login
    return username;
  };

  // e-form values: labels from the pinned version's schema, unknown keys as they are.
  json form_rows = json::array();
  const json& form = d.form;
  if (form.is_object()) {
    std::set<std::string> shown;
    if (schema.contains("fields") && schema["fields"].is_array())
      for (const auto& fd : schema["fields"]) {
        std::string key = fd.value("name", std::string());
        if (!form.contains(key)) continue;
        shown.insert(key);
        std::string v = value_text(form[key], fd);
        if (!v.empty()) form_rows.push_back({{"label", fd.value("label", key)}, {"value", v}});
      }
    for (auto it = form.begin(); it != form.end(); ++it)
      if (!shown.count(it.key())) form_rows.push_back({{"label", it.key()}, {"value", value_text(it.value(), nullptr)}});
  }

  json docs = json::array();
  for (const auto& x : d.documents) {
    const std::string &file = x.file_id, &comp = x.component_code, &src = x.source;
    docs.push_back({{"component", comp_names.count(comp) ? comp_names[comp] : comp}, {"component_code", comp}, {"copy", copy_label(x.copy_type)},
                    {"source", docstore::arrival_label(src).empty() ? src : std::string(docstore::arrival_label(src))},
                    {"reused", src == "reuse" ? json(x.reused.doc_type_name + " mã " + x.reused.code + ", do " + x.reused.issuer_name + " cấp ngày " +
                                                     fmt::date(x.reused.issued_at))
                                              : json(false)},
                    {"name", opt(x.name)}, {"size_kb", (x.size + 1023) / 1024}, {"must_digitize", x.digitization_mandatory && file.empty()},
                    {"url", file.empty() ? json(false) : json("/api/v1/dossiers/" + pid + "/documents/" + file)}});
  }

  json reqs = json::array();
  for (const auto& r : d.requests) {
    const std::string& kind = r.kind;
    reqs.push_back({{"kind", kind}, {"kind_label", kind_label(kind)}, {"reason", opt(r.reason)}, {"items", r.items},
                    {"has_items", !r.items.empty()}, {"amount", kind == "payment" ? json(fmt::money(r.amount)) : json(false)},
                    {"target", kind == "consult" ? json(agency_name(*ag, r.target)) : json(false)},
                    {"deadline", opt(kind == "apology" ? day(r.deadline) : when(r.deadline))}, {"at", when(r.at)},
                    {"closed_at", opt(when(r.closed_at))}, {"open", r.open()}, {"answer", opt(r.answer)}});
  }

  json hist = json::array();
  for (const auto& h : d.history) {
    const std::string &unit = h.unit, &to_unit = h.to_unit, &assignee = h.assignee;
    hist.push_back({{"at", when(h.at)}, {"actor", h.actor_name.empty() ? h.actor : h.actor_name}, {"role", role_label(h.role)}, {"action", h.action},
                    {"action_label", h.action_label}, {"from", status_label(h.from)}, {"to", status_label(h.to)}, {"changed", h.from != h.to},
                    {"unit", opt(unit.empty() ? "" : unit_name(*ag, competent, unit))},
                    {"to_unit", opt(to_unit.empty() ? "" : ag->find(to_unit) ? agency_name(*ag, to_unit) : unit_name(*ag, competent, to_unit))},
                    {"assignee", opt(assignee.empty() ? "" : !h.assignee_name.empty() ? h.assignee_name : person(assignee))}, {"note", opt(h.note)}});
  }

  // The slips that exist now, as the service says (domain/dossier/slips.h); names and numbers of the
  // configured era (TT 01/2018 or TT 03/2025), as printed on them.
  // Mẫu 04 and the stop notice carry a signature: signed (badge, verification link) or, for a leader of the
  // solving agency with a key, a PIN form to sign them (esign::may_sign_slip).
  json slips = json::array();
  std::map<std::string, std::string> signed_slips;
  bool may_sign = false;
  for (auto k : d.slips)
    if (esign::signable_slip(k)) {
      signed_slips = ctx.issued.signed_slips(pid);
      may_sign = esign::may_sign_slip(principal(req), competent) && ctx.issued.has_key(principal(req).user_id);
      break;
    }
  for (auto k : d.slips) {
    auto n = documents::form_name(documents::form_kind(k), ctx.site.forms_era);
    std::string f(dossier::key(k));
    std::string label = (n.number.empty() ? "" : "Mẫu " + n.number + " – ") + n.name + (k == dossier::Slip::ledger_line ? " (dòng của hồ sơ)" : "");
    json slip = {{"form", f}, {"label", label}, {"url", "/api/v1/dossiers/" + pid + "/forms/" + f + ".pdf"}, {"verify_url", false}, {"sign", false}};
    if (auto it = signed_slips.find(f); it != signed_slips.end()) slip["verify_url"] = "/xac-minh/" + it->second;
    else if (esign::signable_slip(k) && may_sign)
      slip["sign"] = {{"action", "sign-" + f},
                      {"error", fail && fail->action == "sign-" + f ? json(fail->message) : json(false)}};
    slips.push_back(slip);
  }

  PageCtx pc{ctx, d, *ag, staff, components, process, d.may(dossier::Action::approve) && ctx.issued.has_key(principal(req).user_id)};
  json actions = json::array();
  // The action this person most likely came for goes first, near the top; destructive ones apart
  // (dossier/next_step.h); the rest in between, in the state machine's order.
  const auto first = d.status ? dossier::primary(*d.status, d.actions, d.has_result, d.substate == "supplement_received") : std::nullopt;
  json primary = false, destructive = json::array();
  for (auto a : d.actions) {
    json form = action_form(pc, std::string(dossier::to_string(a)), fail);
    if (first && a == *first) primary = std::move(form);
    else if (dossier::is_destructive(a)) destructive.push_back(std::move(form));
    else actions.push_back(std::move(form));
  }

  std::string ok = req.query_param("ok").value_or("");
  std::string flash;
  if ((ok == "accept" || ok == "intake-accepted") && !d.code.empty())
    flash = "Đã tiếp nhận hồ sơ, mã hồ sơ " + d.code + ". In Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01) cho người nộp.";
  else if (ok == "intake-saved") flash = "Đã lưu hồ sơ (chưa tiếp nhận).";
  else if (ok == "collected") flash = "Đã ghi nhận khoản thu và cấp biên lai điện tử.";
  else if (ok == "waived") flash = "Đã miễn, giảm khoản thu.";
  else if (ok == "refunded") flash = "Đã ghi nhận hoàn trả tiền mặt và cấp biên lai hoàn trả.";
  else if (ok == "paid") flash = "Cổng thanh toán đã xác nhận giao dịch.";
  else if (ok == "checked") flash = "Cổng thanh toán chưa xác nhận giao dịch.";
  else if (ok == "handover") flash = "Đã gửi hồ sơ liên thông; trạng thái bên nhận hiện trong mục Liên thông khi hệ thống đó phản hồi.";
  else if (ok == "signed-04" || ok == "signed-stop") flash = "Đã ký số phiếu. Người nộp tải về bản có chữ ký số và mã QR xác minh.";
  else if (auto act = dossier::parse_action(ok)) flash = "Đã thực hiện: " + std::string(dossier::label_vi(*act)) + ".";

  std::string paused;
  if (d.clock.clock == dossier::Clock::paused)
    paused = d.status == dossier::Status::payment_requested ? "Thời hạn giải quyết đang tạm dừng trong thời gian chờ người nộp thực hiện nghĩa vụ tài chính."
                         : "Thời hạn giải quyết đang tạm dừng trong thời gian chờ người nộp bổ sung hồ sơ.";
  const std::string &delivery = d.delivery, &unit = d.unit, &assignee = d.assignee, &code = d.code;
  const auto& ap = d.applicant;
  json out = {
      {"title", code.empty() ? "Hồ sơ chưa tiếp nhận" : "Hồ sơ " + code},
      {"id", pid},
      {"code", opt(code)},
      {"status", d.status_code()},
      {"status_label", services::status_label_vi(d.status)},
      {"substate", opt(substate_label(d.substate))},
      {"procedure", {{"code", d.procedure_code}, {"name", d.procedure_name}, {"version", d.procedure_version}}},
      {"agency_name", agency_name(*ag, receiving)},
      {"handling_name", competent != receiving ? json(agency_name(*ag, competent)) : json(false)},
      {"applicant", {{"name", ap.name}, {"id_number", opt(ap.id_number)}, {"phone", opt(ap.phone)}, {"email", opt(ap.email)}, {"address", opt(ap.address)}}},
      {"channel", channel_badge(d.channel)},
      {"delivery", web::delivery_label(delivery)},
      {"submitted_at", opt(when(d.submitted_at))},
      {"received_at", opt(when(d.received_at))},
      {"due_at", opt(when(d.due_at))},
      {"original_due_at", opt(when(d.original_due_at))},
      {"finished_at", opt(when(d.finished_at))},
      {"returned_at", opt(when(d.returned_at))},
      {"returned_to", opt(d.returned_to)},
      {"received_by", opt(d.received_by)},
      {"paused", opt(paused)},
      {"timeliness", timeliness_view(d.clock.standing)},
      {"unit", opt(unit.empty() ? "" : unit_name(*ag, competent, unit))},
      {"assignee", opt(assignee.empty() ? "" : person(assignee))},
      {"fee", d.fee_amount > 0 ? json(fmt::money(d.fee_amount)) : json(false)},
      {"paid_at", opt(when(d.paid_at))},
      {"supplement_count", d.supplement_count > 0 ? json(d.supplement_count) : json(false)},
      {"result_url", d.result_file.empty() ? json(false) : json("/api/v1/dossiers/" + pid + "/result.pdf")},
      {"result_verify_url", d.result_verify_id.empty() ? json(false) : json("/xac-minh/" + d.result_verify_id)},
      {"row_version", d.row_version},
      {"form_rows", form_rows},
      {"has_form", !form_rows.empty()},
      {"documents", docs},
      {"has_documents", !docs.empty()},
      {"requests", reqs},
      {"has_requests", !reqs.empty()},
      {"history", hist},
      {"slips", slips},
      {"has_slips", !slips.empty()},
      {"primary", primary},
      {"actions", actions},
      {"destructive", destructive},
      {"has_destructive", !destructive.empty()},
      {"has_actions", !actions.empty() || !destructive.empty() || !primary.is_boolean()},
      {"has_other_actions", !actions.empty()},
      {"flash", opt(flash)},
      {"wl", work_links(me, "dossier")},
      {"error", fail ? json(fail->message) : json(false)}};
  out["fees"] = web::fees_section(ctx, req, pid, true);
  out["handover"] = handover_section(ctx, req, d);
  out["evaluation"] = evaluation_section(ctx, d, competent);
  return ctx.views.page(req, fail ? fail->status : 200, "work_dossier", out, "work");
}

// Amount in đồng as typed ("1.250.000", "1250000 đ", "1,250,000 đồng") → integer, or -1.
int64_t parse_amount(std::string s) {
  s = text::trim(s);
  for (const std::string suffix : {"đồng", "đ", "VND", "vnd"})
    if (s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0) s = text::trim(s.substr(0, s.size() - suffix.size()));
  std::string digits;
  for (char c : s) {
    if (c >= '0' && c <= '9') digits.push_back(c);
    else if (c != '.' && c != ',' && c != ' ') return -1;
  }
  if (digits.empty() || digits.size() > 15) return -1;
  return std::stoll(digits);
}

// A leader signs Mẫu 04 or the stop notice from the slips panel (action "sign-04" / "sign-stop", field "pin").
http::Response sign_slip_post(Context& ctx, http::Request& req, const std::string& id, const std::string& form) {
  Posted p = read_post(req);
  if (!web::csrf_ok(req, p.fields)) return ctx.views.error_page(req, 403, kCsrf);
  try {
    ctx.dossiers.sign_form(id, form, get(p.fields, "pin"), principal(req), routes::public_base(ctx, req));
    return http::Response::redirect(kBase + id + "?ok=signed-" + form);
  } catch (const DomainError& e) {
    if (e.kind() == ErrorKind::not_found) throw;
    Failed fail{"sign-" + form, {}, e.what(), {}, status_of(e)};
    return dossier_page(ctx, req, id, &fail);
  }
}

http::Response act_post(Context& ctx, http::Request& req) {
  const std::string id = req.params.at("id"), action = req.params.at("action");
  if (action == "sign-04" || action == "sign-stop") return sign_slip_post(ctx, req, id, action.substr(5));
  if (action == "lien-thong") return handover_post(ctx, req, id);
  if (!dossier::parse_action(action)) throw DomainError(ErrorKind::not_found, "unknown_action", "Không có thao tác \"" + action + "\".");
  Posted p = read_post(req);
  if (!web::csrf_ok(req, p.fields)) return ctx.views.error_page(req, 403, kCsrf);
  const auto& me = principal(req);
  Failed fail{action, p.fields, "", {}, 422};
  const auto parsed = dossier::parse_action(action);
  const bool unconfirmed = parsed && dossier::is_destructive(*parsed) && get(p.fields, "confirm").empty();
  try {
    auto invalid = [](const std::string& field, const std::string& msg) { return DomainError(ErrorKind::invalid, "invalid_" + field, msg, {{field, msg}}); };
    json body = json::object();
    for (const char* k : {"reason", "note", "unit", "assignee", "agency", "deadline", "new_due", "method", "pin"})
      if (has(p.fields, k)) body[k] = get(p.fields, k);
    if (has(p.fields, "items")) {
      json items = json::array();
      std::string all = get(p.fields, "items"), line;
      for (char c : all + "\n") {
        if (c == '\n') {
          if (!text::trim(line).empty()) items.push_back(text::trim(line));
          line.clear();
        } else if (c != '\r') {
          line.push_back(c);
        }
      }
      body["items"] = items;
    }
    if (has(p.fields, "hours")) {
      std::string h = get(p.fields, "hours");
      try {
        size_t used = 0;
        double v = std::stod(h, &used);
        if (used != h.size()) throw std::invalid_argument(h);
        body["hours"] = v;
      } catch (const std::exception&) {
        throw invalid("hours", "Nhập số giờ làm việc (ví dụ 16).");
      }
    }
    if (has(p.fields, "amount")) {
      int64_t amount = parse_amount(get(p.fields, "amount"));
      if (amount <= 0) throw invalid("amount", "Nhập số tiền là số nguyên dương, tính bằng đồng (ví dụ 1.250.000).");
      body["amount"] = amount;
    }
    if (std::string rv = get(p.fields, "row_version"); !rv.empty() && rv.find_first_not_of("0123456789") == std::string::npos && rv.size() < 18)
      body["row_version"] = std::stoll(rv);
    const Upload* file = nullptr;
    for (const auto& f : p.files)
      if (f.name == "file") file = &f;
    if (action == "attach-result" && !file) throw invalid("file", "Chọn tệp kết quả để đính kèm.");
    // accept / refuse do not take row_version in the service: check it here so a stale page is told.
    if ((action == "accept" || action == "refuse") && body.contains("row_version") &&
        ctx.dossiers.view(id, me).row_version != body["row_version"].get<int64_t>())
      throw DomainError(ErrorKind::conflict, "stale_version", "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trước khi thao tác.");
    if (file) {
      auto saved = ctx.files.save(file->data, file->filename, me.user_id, fmt::now_ms());
      if (action == "attach-result") body["file_id"] = saved.id;
      else if (action == "supply") {
        std::string comp = get(p.fields, "component");
        if (comp.empty()) throw invalid("component", "Chọn thành phần hồ sơ của bản quét.");
        body["documents"] = json::array({{{"component_code", comp}, {"file_id", saved.id}, {"copy_type", "photo"}}});
      }
    }
    // A destructive action without its confirmation is refused here; when the reason is missing too, the
    // service is asked first (it refuses without a reason and changes nothing) so both errors show at once.
    if (unconfirmed && !get(p.fields, "reason").empty()) throw invalid("confirm", kConfirmMissing);
    const auto after = ctx.dossiers.act(id, action, body, me, req.remote);
    return http::Response::redirect(kBase + after.id + "?ok=" + action);
  } catch (const DomainError& e) {
    if (e.kind() == ErrorKind::not_found && e.code() == "dossier_not_found") throw;
    fail.status = status_of(e);
    fail.message = e.what();
    for (const auto& fe : e.fields()) fail.fields[fe.field == "file_id" ? "file" : fe.field] = fe.message;
    if (unconfirmed) fail.fields["confirm"] = kConfirmMissing;
    return dossier_page(ctx, req, id, &fail);
  }
}

}  // namespace

void register_dossier(http::Router& r, Context& ctx) {
  r.add("GET", "/can-bo/ho-so/{id}", "dossier.work", [&ctx](http::Request& req) { return dossier_page(ctx, req, req.params.at("id"), nullptr); },
        {.summary = "One dossier for officers: header, documents, e-form, requests, history, slips and the action forms"});
  r.add("POST", "/can-bo/ho-so/{id}/{action}", "dossier.work", [&ctx](http::Request& req) { return act_post(ctx, req); },
        {.body_limit = 11 * 1024 * 1024, .summary = "One action on the dossier from its form (CSRF, row_version); 303 back with a flash"});
}

}  // namespace motcua::web::work
