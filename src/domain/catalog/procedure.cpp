#include "domain/catalog/procedure.h"

#include <cmath>
#include <set>

#include "domain/catalog/form_schema.h"
#include "domain/docstore/reuse.h"
#include "domain/format.h"
#include "domain/payments/fees.h"
#include "domain/text.h"

namespace motcua::catalog {

using nlohmann::json;

std::string_view to_string(ProcState s) {
  switch (s) {
    case ProcState::draft: return "draft";
    case ProcState::active: return "active";
    case ProcState::suspended: return "suspended";
    case ProcState::abolished: return "abolished";
  }
  return "draft";
}

std::optional<ProcState> parse_state(std::string_view s) {
  for (auto st : {ProcState::draft, ProcState::active, ProcState::suspended, ProcState::abolished})
    if (to_string(st) == s) return st;
  return std::nullopt;
}

std::string_view label_vi(ProcState s) {
  switch (s) {
    case ProcState::draft: return "Bản nháp (chưa công bố)";
    case ProcState::active: return "Đang áp dụng";
    case ProcState::suspended: return "Tạm ngừng áp dụng";
    case ProcState::abolished: return "Đã bãi bỏ";
  }
  return "";
}

namespace {
constexpr Action kActions[] = {Action::edit_draft, Action::publish, Action::amend,        Action::suspend,
                               Action::resume,     Action::abolish, Action::discard_draft};
}

std::string_view to_string(Action a) {
  switch (a) {
    case Action::edit_draft: return "edit-draft";
    case Action::publish: return "publish";
    case Action::amend: return "amend";
    case Action::suspend: return "suspend";
    case Action::resume: return "resume";
    case Action::abolish: return "abolish";
    case Action::discard_draft: return "discard-draft";
  }
  return "";
}

std::optional<Action> parse_action(std::string_view s) {
  for (auto a : kActions)
    if (to_string(a) == s) return a;
  return std::nullopt;
}

std::string_view label_vi(Action a) {
  switch (a) {
    case Action::edit_draft: return "sửa bản nháp";
    case Action::publish: return "công bố";
    case Action::amend: return "sửa đổi, bổ sung";
    case Action::suspend: return "tạm ngừng";
    case Action::resume: return "áp dụng lại";
    case Action::abolish: return "bãi bỏ";
    case Action::discard_draft: return "hủy bản nháp";
  }
  return "";
}

void check_action(Action a, ProcState s, bool has_draft) {
  auto refuse = [&](const std::string& why) {
    throw DomainError(ErrorKind::conflict, "invalid_transition",
                      "Không thể " + std::string(label_vi(a)) + " thủ tục đang ở trạng thái \"" +
                          std::string(label_vi(s)) + "\"" + (why.empty() ? "." : ": " + why));
  };
  switch (a) {
    case Action::edit_draft:
    case Action::publish:
      if (s == ProcState::abolished) refuse("thủ tục đã bãi bỏ không thể thay đổi.");
      if (!has_draft) refuse("không có bản nháp nào (hãy tạo bản sửa đổi trước).");
      if (a == Action::publish && s == ProcState::suspended) refuse("hãy áp dụng lại thủ tục trước khi công bố phiên bản mới.");
      return;
    case Action::amend:
      if (s != ProcState::active && s != ProcState::suspended) refuse("");
      if (has_draft) refuse("đã có một bản nháp sửa đổi đang chờ công bố.");
      return;
    case Action::suspend:
      if (s != ProcState::active) refuse("");
      return;
    case Action::resume:
      if (s != ProcState::suspended) refuse("");
      return;
    case Action::abolish:
      if (s != ProcState::active && s != ProcState::suspended) refuse("");
      return;
    case Action::discard_draft:
      if (!has_draft) refuse("không có bản nháp nào.");
      if (s == ProcState::draft) refuse("thủ tục chưa từng công bố; hãy sửa bản nháp thay vì hủy.");
      return;
  }
}

ProcState next_state(Action a, ProcState s) {
  switch (a) {
    case Action::publish: return ProcState::active;
    case Action::suspend: return ProcState::suspended;
    case Action::resume: return ProcState::active;
    case Action::abolish: return ProcState::abolished;
    default: return s;
  }
}

bool valid_code(std::string_view c) {
  if (c.empty() || c.size() > 32) return false;
  if (c.substr(0, 6) == "local.") {
    auto r = c.substr(6);
    if (r.empty()) return false;
    for (char ch : r)
      if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || ch == '-')) return false;
    return true;
  }
  bool dot = false;
  if (!(c[0] >= '0' && c[0] <= '9') || c.back() == '.') return false;
  for (char ch : c) {
    if (ch == '.') dot = true;
    else if (!(ch >= '0' && ch <= '9')) return false;
  }
  return dot;
}

namespace {

json normalize_strings(const json& j) {
  if (j.is_string()) return text::trim(text::nfc(j.get<std::string>()));
  if (j.is_array()) {
    json out = json::array();
    for (const auto& e : j) out.push_back(normalize_strings(e));
    return out;
  }
  if (j.is_object()) {
    json out = json::object();
    for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = normalize_strings(it.value());
    return out;
  }
  return j;
}

struct Checker {
  json& d;
  std::vector<FieldError> errs;

  void err(const std::string& f, const std::string& m) { errs.push_back({f, m}); }
  bool str(const char* k, bool required, size_t maxlen = 1000) {
    if (!d.contains(k) || d[k].is_null()) {
      if (required) err(k, std::string("Thiếu thông tin bắt buộc \"") + k + "\".");
      else d[k] = "";
      return false;
    }
    if (!d[k].is_string()) { err(k, std::string("\"") + k + "\" phải là chuỗi ký tự."); return false; }
    const auto& s = d[k].get_ref<const std::string&>();
    if (required && s.empty()) { err(k, std::string("\"") + k + "\" không được để trống."); return false; }
    if (text::length(s) > maxlen) { err(k, std::string("\"") + k + "\" quá dài (tối đa " + std::to_string(maxlen) + " ký tự)."); return false; }
    return true;
  }
  void str_array(const char* k) {
    if (!d.contains(k) || d[k].is_null()) { d[k] = json::array(); return; }
    if (!d[k].is_array()) { err(k, std::string("\"") + k + "\" phải là danh sách."); return; }
    for (const auto& e : d[k]) if (!e.is_string()) { err(k, std::string("Mỗi phần tử của \"") + k + "\" phải là chuỗi."); return; }
  }
  bool arr(const char* k) {
    if (!d.contains(k) || d[k].is_null()) { d[k] = json::array(); return true; }
    if (!d[k].is_array()) { err(k, std::string("\"") + k + "\" phải là danh sách."); return false; }
    return true;
  }
  static bool nonneg_int(const json& j) { return j.is_number_integer() && j.get<int64_t>() >= 0; }
};

const std::set<std::string> kLevels = {"tinh", "huyen", "xa"};
const std::set<std::string> kOnline = {"thong_tin", "mot_phan", "toan_trinh"};
const std::set<std::string> kChannels = {"truc_tiep", "truc_tuyen", "buu_chinh"};
const std::set<std::string> kUnits = {"working_days", "days", "hours", "same_day"};
bool valid_cutoff(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return false;
  for (int i : {0, 1, 3, 4})
    if (s[i] < '0' || s[i] > '9') return false;
  const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  return m <= 59 && h * 60 + m <= 24 * 60;
}

const std::set<std::string> kRoles = {"desk", "specialist", "leader"};

}  // namespace

json normalize_procedure(const json& in) {
  if (!in.is_object())
    throw DomainError(ErrorKind::bad_input, "procedure_invalid", "Nội dung thủ tục phải là một đối tượng JSON.");
  json d = normalize_strings(in);
  Checker c{d, {}};

  if (c.str("code", true, 32) && !valid_code(d["code"].get<std::string>()))
    c.err("code", "Mã thủ tục không hợp lệ (ví dụ 1.001193, hoặc local.<số> cho thủ tục địa phương).");
  c.str("name", true, 500);
  if (!d.contains("field") || !d["field"].is_object() || !d["field"].contains("name") || !d["field"]["name"].is_string() ||
      d["field"]["name"].get<std::string>().empty())
    c.err("field", "Thiếu lĩnh vực (field.name).");
  else if (!d["field"].contains("code") || !d["field"]["code"].is_string() || d["field"]["code"].get<std::string>().empty())
    d["field"]["code"] = text::fold(d["field"]["name"].get<std::string>());

  if (c.arr("levels")) {
    if (d["levels"].empty()) c.err("levels", "Cần ít nhất một cấp thực hiện (tinh, huyen, xa).");
    for (const auto& l : d["levels"])
      if (!l.is_string() || !kLevels.count(l.get<std::string>())) c.err("levels", "Cấp thực hiện chỉ nhận tinh, huyen, xa.");
  }
  c.str_array("agency_kinds");
  c.str("competent_agency", false, 500);
  c.str("receiving_place", false, 1000);
  if (!d.contains("online_level") || !d["online_level"].is_string() || !kOnline.count(d["online_level"].get<std::string>()))
    c.err("online_level", "Mức độ dịch vụ trực tuyến phải là thong_tin, mot_phan hoặc toan_trinh.");
  if (!d.contains("legacy_online_level") || d["legacy_online_level"].is_null()) {
    std::string ol = d.value("online_level", std::string());
    d["legacy_online_level"] = ol == "toan_trinh" ? 4 : ol == "mot_phan" ? 3 : 2;
  } else if (!d["legacy_online_level"].is_number_integer() || d["legacy_online_level"] < 1 || d["legacy_online_level"] > 4) {
    c.err("legacy_online_level", "Mức độ (cũ) phải là 1, 2, 3 hoặc 4.");
  }
  if (!d.contains("target_online_ratio") || d["target_online_ratio"].is_null()) d["target_online_ratio"] = 0;
  else if (!d["target_online_ratio"].is_number_integer() || d["target_online_ratio"] < 0 || d["target_online_ratio"] > 100)
    c.err("target_online_ratio", "Chỉ tiêu tỷ lệ trực tuyến phải là số nguyên từ 0 đến 100.");
  if (!d.contains("receive_any_boundary")) d["receive_any_boundary"] = false;
  else if (!d["receive_any_boundary"].is_boolean()) c.err("receive_any_boundary", "receive_any_boundary phải là true/false.");
  // Whether a financial-obligation notice (status 6) stops the deadline clock (domain/dossier/clock.h; default: it runs).
  if (!d.contains("payment_pauses_clock")) d["payment_pauses_clock"] = false;
  else if (!d["payment_pauses_clock"].is_boolean()) c.err("payment_pauses_clock", "payment_pauses_clock phải là true/false.");
  if (!d.contains("provided_elsewhere")) d["provided_elsewhere"] = nullptr;
  else if (!d["provided_elsewhere"].is_null()) {
    const auto& p = d["provided_elsewhere"];
    if (!p.is_object() || !p.contains("url") || !p["url"].is_string() ||
        (p["url"].get<std::string>().rfind("https://", 0) != 0 && p["url"].get<std::string>().rfind("http://", 0) != 0))
      c.err("provided_elsewhere", "Thủ tục do cơ quan trung ương cung cấp cần đường dẫn http(s) hợp lệ.");
  }
  c.str_array("steps");
  if (c.arr("methods"))
    for (size_t i = 0; i < d["methods"].size(); ++i) {
      const auto& m = d["methods"][i];
      if (!m.is_object() || !m.contains("channel") || !m["channel"].is_string() || !kChannels.count(m["channel"].get<std::string>()))
        c.err("methods[" + std::to_string(i) + "]", "Cách thức thực hiện phải có channel là truc_tiep, truc_tuyen hoặc buu_chinh.");
    }
  if (c.arr("components"))
    for (size_t i = 0; i < d["components"].size(); ++i) {
      auto& m = d["components"][i];
      std::string p = "components[" + std::to_string(i) + "]";
      if (!m.is_object() || !m.contains("name") || !m["name"].is_string() || m["name"].get<std::string>().empty()) {
        c.err(p + ".name", "Thành phần hồ sơ phải có tên.");
        continue;
      }
      if (!m.contains("code") || !m["code"].is_string() || m["code"].get<std::string>().empty()) m["code"] = "TP" + std::to_string(i + 1);
      for (const char* k : {"original", "certified", "photo"}) {
        if (!m.contains(k)) m[k] = 0;
        else if (!Checker::nonneg_int(m[k])) c.err(p + "." + k, "Số lượng bản phải là số nguyên không âm.");
      }
      if (!m.contains("mandatory")) m["mandatory"] = true;
      else if (!m["mandatory"].is_boolean()) c.err(p + ".mandatory", "mandatory phải là true/false.");
      // The kind of paper (loại giấy tờ) this component is: an item of that type in the applicant's data store
      // can stand in for it (domain/docstore/reuse.h).
      if (m.contains("doc_type") && !m["doc_type"].is_null() &&
          (!m["doc_type"].is_string() || !docstore::valid_doc_type_code(m["doc_type"].get<std::string>())))
        c.err(p + ".doc_type", "Mã loại giấy tờ gồm 1–20 ký tự A–Z, 0–9, dấu chấm, gạch ngang hoặc gạch dưới.");
    }
  if (!d.contains("sets")) d["sets"] = 1;
  else if (!Checker::nonneg_int(d["sets"]) || d["sets"] == 0) c.err("sets", "Số bộ hồ sơ phải là số nguyên dương.");
  if (!d.contains("processing_time") || !d["processing_time"].is_object()) {
    c.err("processing_time", "Thiếu thời hạn giải quyết (amount, unit).");
  } else {
    auto& t = d["processing_time"];
    if (!t.contains("amount") || !t["amount"].is_number() || t["amount"].get<double>() < 0)
      c.err("processing_time.amount", "Thời hạn giải quyết phải là số không âm.");
    if (!t.contains("unit") || !t["unit"].is_string() || !kUnits.count(t["unit"].get<std::string>()))
      c.err("processing_time.unit", "Đơn vị thời hạn phải là working_days, days, hours hoặc same_day (trong ngày).");
    // Calendar days are whole days (no rule says how to count half a calendar day); working days and
    // hours may be fractional but must come to whole minutes (1 working day = 480 minutes).
    const std::string unit = t.contains("unit") && t["unit"].is_string() ? t["unit"].get<std::string>() : "";
    for (const char* k : {"amount", "online_amount"}) {
      if (!t.contains(k) || !t[k].is_number() || t[k].get<double>() < 0) continue;
      const double a = t[k].get<double>();
      const double per = unit == "working_days" ? 480 : unit == "hours" ? 60 : 1;
      if (unit == "days" && a != std::floor(a))
        c.err(std::string("processing_time.") + k, "Thời hạn tính theo ngày (lịch) phải là số nguyên.");
      else if ((unit == "working_days" || unit == "hours") && std::fabs(a * per - std::round(a * per)) > 1e-6)
        c.err(std::string("processing_time.") + k, "Thời hạn phải tròn phút (1 ngày làm việc = 8 giờ; ví dụ 0,5 ngày hoặc 1,5 giờ).");
    }
    // "trong ngày": optional per-procedure cut-off "HH:MM" (default 15:00): received at/after it →
    // due at the end of the next working day.
    if (t.contains("cutoff") && !t["cutoff"].is_null()) {
      const bool ok = t["cutoff"].is_string() && valid_cutoff(t["cutoff"].get<std::string>());
      if (!ok) c.err("processing_time.cutoff", "Giờ chốt nhận hồ sơ trong ngày phải theo dạng HH:MM (ví dụ 15:00).");
      else if (unit != "same_day") c.err("processing_time.cutoff", "Giờ chốt chỉ dùng với thời hạn trong ngày (same_day).");
    }
    if (t.contains("online_amount") && !t["online_amount"].is_null() && (!t["online_amount"].is_number() || t["online_amount"].get<double>() < 0))
      c.err("processing_time.online_amount", "Thời hạn giải quyết trực tuyến phải là số không âm.");
  }
  if (c.arr("applicants"))
    for (const auto& a : d["applicants"])
      if (!a.is_number_integer() || a < 1 || a > 4) c.err("applicants", "Đối tượng thực hiện là các số 1 (công dân), 2 (doanh nghiệp), 3 (cơ quan nhà nước), 4 (tổ chức khác).");
  c.str("applicant_description", false, 1000);
  c.str("result", false, 2000);
  // How long the e-archive keeps an ended dossier of this procedure (services/archive): years, 0 = permanent.
  if (d.contains("retention_years") && !d["retention_years"].is_null() &&
      (!d["retention_years"].is_number_integer() || d["retention_years"] < 0 || d["retention_years"] > 100))
    c.err("retention_years", "Thời hạn lưu trữ là số năm nguyên từ 0 (vĩnh viễn) đến 100.");
  // The kind of paper the result is ({"code","name","valid_months"?}): a returned result enters the applicant's data
  // store under that type (R13, R14).
  if (d.contains("result_doc_type") && !d["result_doc_type"].is_null()) {
    const auto& t = d["result_doc_type"];
    if (!t.is_object() || !t.contains("code") || !t["code"].is_string() || !docstore::valid_doc_type_code(t["code"].get<std::string>()) ||
        !t.contains("name") || !t["name"].is_string() || t["name"].get<std::string>().empty())
      c.err("result_doc_type", "Loại giấy tờ của kết quả cần mã (1–20 ký tự A–Z, 0–9, . - _) và tên.");
    else if (t.contains("valid_months") && (!t["valid_months"].is_number_integer() || t["valid_months"] < 1 || t["valid_months"] > 1200))
      c.err("result_doc_type.valid_months", "Thời hạn hiệu lực (tháng) phải là số nguyên từ 1 đến 1200.");
  }
  c.str("requirements", false, 5000);
  if (c.arr("fees"))
    for (size_t i = 0; i < d["fees"].size(); ++i) {
      auto& f = d["fees"][i];
      payments::check_fee(f, "fees[" + std::to_string(i) + "]", [&](const std::string& field, const std::string& msg) { c.err(field, msg); });
      if (f.is_object() && !f.contains("per")) f["per"] = "dossier";
    }
  if (c.arr("legal_basis"))
    for (size_t i = 0; i < d["legal_basis"].size(); ++i) {
      const auto& l = d["legal_basis"][i];
      if (!l.is_object() || !l.contains("number") || !l["number"].is_string())
        c.err("legal_basis[" + std::to_string(i) + "]", "Căn cứ pháp lý cần số hiệu văn bản (number).");
      else if (l.contains("date") && (!l["date"].is_string() || !fmt::parse_iso_date(l["date"].get<std::string>())))
        c.err("legal_basis[" + std::to_string(i) + "].date", "Ngày ban hành phải theo dạng YYYY-MM-DD.");
    }
  if (c.arr("internal_process"))
    for (size_t i = 0; i < d["internal_process"].size(); ++i) {
      const auto& s = d["internal_process"][i];
      std::string p = "internal_process[" + std::to_string(i) + "]";
      if (!s.is_object() || !s.contains("name") || !s["name"].is_string()) { c.err(p + ".name", "Mỗi bước xử lý cần có tên."); continue; }
      if (!s.contains("role") || !s["role"].is_string() || !kRoles.count(s["role"].get<std::string>()))
        c.err(p + ".role", "Vai trò của bước phải là desk, specialist hoặc leader.");
      if (!s.contains("hours") || !s["hours"].is_number() || s["hours"].get<double>() < 0)
        c.err(p + ".hours", "Thời gian của bước (giờ làm việc) phải là số không âm.");
    }
  if (!d.contains("channel_policy") || d["channel_policy"].is_null()) d["channel_policy"] = json::object();
  else if (!d["channel_policy"].is_object()) c.err("channel_policy", "channel_policy phải là đối tượng.");
  else
    for (auto it = d["channel_policy"].begin(); it != d["channel_policy"].end(); ++it) {
      if (it.key() != "1" && it.key() != "2" && it.key() != "3" && it.key() != "4")
        c.err("channel_policy", "Khóa của channel_policy là loại đối tượng 1–4.");
      if (!it.value().is_array()) { c.err("channel_policy." + it.key(), "Danh sách kênh không hợp lệ."); continue; }
      for (const auto& ch : it.value())
        if (!ch.is_string() || !kChannels.count(ch.get<std::string>())) c.err("channel_policy." + it.key(), "Kênh phải là truc_tiep, truc_tuyen hoặc buu_chinh.");
    }
  if (!d.contains("form_schema") || d["form_schema"].is_null()) d["form_schema"] = json{{"fields", json::array()}};
  else
    for (auto& e : check_schema(d["form_schema"])) c.errs.push_back(e);
  c.str_array("needs_verification");
  if (d.contains("effective_from") && !d["effective_from"].is_null() &&
      (!d["effective_from"].is_string() || !fmt::parse_iso_date(d["effective_from"].get<std::string>())))
    c.err("effective_from", "Ngày hiệu lực phải theo dạng YYYY-MM-DD.");

  if (!c.errs.empty())
    throw DomainError(ErrorKind::invalid, "procedure_invalid", "Nội dung thủ tục chưa hợp lệ (" + std::to_string(c.errs.size()) + " lỗi).", c.errs);
  return d;
}

std::string online_level_label(std::string_view l) {
  if (l == "toan_trinh") return "Toàn trình";
  if (l == "mot_phan") return "Một phần";
  return "Cung cấp thông tin";
}
std::string online_service_label(std::string_view l) {
  if (l == "toan_trinh") return "Dịch vụ công trực tuyến toàn trình";
  if (l == "mot_phan") return "Dịch vụ công trực tuyến một phần";
  return "Dịch vụ cung cấp thông tin trực tuyến";
}
std::string level_label(std::string_view l) {
  if (l == "tinh") return "Cấp tỉnh";
  if (l == "huyen") return "Cấp huyện";
  if (l == "xa") return "Cấp xã";
  return std::string(l);
}
std::string channel_label(std::string_view c) {
  if (c == "truc_tiep") return "Trực tiếp";
  if (c == "truc_tuyen") return "Trực tuyến";
  if (c == "buu_chinh") return "Bưu chính công ích";
  return std::string(c);
}
std::string time_unit_label(std::string_view u) {
  if (u == "working_days") return "ngày làm việc";
  if (u == "days") return "ngày";
  if (u == "hours") return "giờ làm việc";
  if (u == "same_day") return "trong ngày";
  return std::string(u);
}
std::string applicant_label(int t) {
  switch (t) {
    case 1: return "Công dân";
    case 2: return "Doanh nghiệp";
    case 3: return "Cơ quan nhà nước";
    case 4: return "Tổ chức khác";
  }
  return "Khác";
}

}  // namespace motcua::catalog
