#include "domain/catalog/national_import.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "domain/catalog/national_values.h"
#include "domain/catalog/procedure.h"
#include "domain/errors.h"
#include "domain/format.h"
#include "domain/text.h"

namespace motcua::catalog {

using nlohmann::json;

const std::vector<NationalField>& national_fields() {
  // The one table of the national database's keys and the export's column headings (docs/catalog-format.md).
  static const std::vector<NationalField> t = {
      {"MaTTHC", {"Mã thủ tục", "Mã TTHC", "Mã thủ tục hành chính", "Mã số"}, "code", "Mã thủ tục"},
      {"TenTTHC", {"Tên thủ tục", "Tên TTHC", "Tên thủ tục hành chính"}, "name", "Tên thủ tục"},
      {"MaLinhVuc", {"Mã lĩnh vực"}, "field.code", "Mã lĩnh vực"},
      {"TenLinhVuc", {"Lĩnh vực", "Tên lĩnh vực"}, "field.name", "Lĩnh vực"},
      {"CapThucHien", {"Cấp thực hiện"}, "levels", "Cấp thực hiện"},
      {"CoQuanThucHien", {"Cơ quan thực hiện"}, "competent_agency", "Cơ quan thực hiện"},
      {"DiaChiTiepNhan", {"Địa chỉ tiếp nhận", "Nơi tiếp nhận", "Địa chỉ tiếp nhận hồ sơ"}, "receiving_place", "Địa chỉ tiếp nhận"},
      {"MucDo", {"Mức độ", "Mức độ DVC", "Mức độ dịch vụ công trực tuyến", "Dịch vụ công trực tuyến"}, "online_level", "Mức độ dịch vụ công trực tuyến"},
      {"TrinhTuThucHien", {"Trình tự thực hiện"}, "steps", "Trình tự thực hiện"},
      {"CachThucThucHien", {"Cách thức thực hiện"}, "methods", "Cách thức thực hiện"},
      {"ThanhPhanHoSo", {"Thành phần hồ sơ"}, "components", "Thành phần hồ sơ"},
      {"SoBoHoSo", {"Số bộ hồ sơ", "Số lượng hồ sơ"}, "sets", "Số lượng hồ sơ"},
      {"ThoiHanGiaiQuyet", {"Thời hạn giải quyết"}, "processing_time", "Thời hạn giải quyết"},
      {"DoiTuongThucHien", {"Đối tượng thực hiện"}, "applicant_description", "Đối tượng thực hiện"},
      {"KetQuaThucHien", {"Kết quả thực hiện", "Kết quả"}, "result", "Kết quả thực hiện"},
      {"PhiLePhi", {"Phí, lệ phí", "Phí lệ phí", "Lệ phí", "Phí"}, "fees", "Phí, lệ phí"},
      {"YeuCauDieuKien", {"Yêu cầu, điều kiện", "Yêu cầu điều kiện", "Yêu cầu, điều kiện thực hiện"}, "requirements", "Yêu cầu, điều kiện"},
      {"CanCuPhapLy", {"Căn cứ pháp lý"}, "legal_basis", "Căn cứ pháp lý"},
  };
  return t;
}

using namespace national_detail;

std::vector<NationalRecord> records_from_json(const json& file) {
  const json* arr = &file;
  if (file.is_object())
    for (const char* k : {"data", "items", "DanhSachTTHC", "procedures", "result"})
      if (const json* v = get(file, k); v && v->is_array()) {
        arr = v;
        break;
      }
  if (!arr->is_array())
    throw DomainError(ErrorKind::bad_input, "national_import_invalid",
                      "Tệp JSON phải là danh sách thủ tục (mảng) hoặc đối tượng có mảng \"data\" theo định dạng xuất của CSDL quốc gia về TTHC.");
  if (arr->empty()) throw DomainError(ErrorKind::bad_input, "national_import_empty", "Tệp không có thủ tục nào.");
  std::vector<NationalRecord> out;
  for (size_t i = 0; i < arr->size(); ++i) out.push_back({"Bản ghi " + std::to_string(i + 1), (*arr)[i]});
  return out;
}

std::vector<NationalRecord> records_from_rows(const std::vector<SheetRow>& rows) {
  std::map<std::string, const char*> by_heading;
  for (const auto& f : national_fields()) {
    by_heading[key_of(f.key)] = f.key;
    for (const char* h : f.headings) by_heading[key_of(h)] = f.key;
  }
  for (size_t h = 0; h < rows.size() && h < 20; ++h) {
    std::map<size_t, const char*> cols;
    for (size_t c = 0; c < rows[h].cells.size(); ++c)
      if (auto it = by_heading.find(key_of(rows[h].cells[c])); it != by_heading.end()) cols[c] = it->second;
    bool code = false, name = false;
    for (const auto& [c, k] : cols) {
      code = code || std::string(k) == "MaTTHC";
      name = name || std::string(k) == "TenTTHC";
    }
    if (!code || !name) continue;
    std::vector<NationalRecord> out;
    for (size_t r = h + 1; r < rows.size(); ++r) {
      json data = json::object();
      for (const auto& [c, k] : cols) data[k] = c < rows[r].cells.size() ? rows[r].cells[c] : "";
      out.push_back({"Dòng " + std::to_string(rows[r].number), std::move(data)});
    }
    if (out.empty()) throw DomainError(ErrorKind::bad_input, "national_import_empty", "Bảng tính không có thủ tục nào dưới dòng tiêu đề.");
    return out;
  }
  throw DomainError(ErrorKind::bad_input, "national_import_no_heading",
                    "Không tìm thấy dòng tiêu đề có cột \"Mã thủ tục\" và \"Tên thủ tục\" trong 20 dòng đầu của trang tính thứ nhất.");
}

MappedRecord map_record(const NationalRecord& r) {
  MappedRecord m;
  m.where = r.where;
  json& doc = m.doc;
  if (!r.data.is_object()) {
    m.problems.push_back("Bản ghi không phải đối tượng JSON.");
    return m;
  }
  // A key is provided when present with a value: null and blank strings (empty cells) say nothing, so an XLSX with
  // an empty cell and a JSON record without the key mean the same; arrays (even empty) are provided.
  auto has = [&](const char* k) {
    const json* v = get(r.data, k);
    return v && !v->is_null() && !(v->is_string() && str_of(*v).empty());
  };
  auto val = [&](const char* k) -> const json& { return *get(r.data, k); };
  auto s = [&](const char* k) { return has(k) ? str_of(val(k)) : std::string(); };

  m.code = s("MaTTHC");
  m.name = s("TenTTHC");
  if (m.code.empty()) m.problems.push_back("Thiếu mã thủ tục (MaTTHC).");
  else if (!valid_code(m.code)) m.problems.push_back("Mã thủ tục \"" + m.code + "\" không hợp lệ (dạng 1.001193).");
  else doc["code"] = m.code;
  if (m.name.empty()) m.problems.push_back("Thiếu tên thủ tục (TenTTHC).");
  else doc["name"] = m.name;

  if (has("TenLinhVuc") || has("MaLinhVuc")) {
    const std::string fname = s("TenLinhVuc"), fcode = s("MaLinhVuc");
    if (fname.empty()) m.problems.push_back("Thiếu tên lĩnh vực (TenLinhVuc).");
    else doc["field"] = fcode.empty() ? json{{"name", fname}} : json{{"code", fcode}, {"name", fname}};
  }
  if (has("CapThucHien")) {
    std::set<std::string> levels;
    std::vector<std::string> unknown;
    bool ministry = false;
    // Levels are separated by ";" or lines, or by "," when every piece names a level ("Cấp Tỉnh, Cấp Xã"); a comma
    // inside one level's wording ("Cấp huyện, thành phố thuộc tỉnh", "Cấp xã, phường, thị trấn") does not split it.
    // Within a piece the first of huyện, tỉnh, xã (as words) decides.
    auto word = [](const std::string& f, const char* w) { return (" " + f + " ").find(std::string(" ") + w + " ") != std::string::npos; };
    for (const auto& item : items_of(val("CapThucHien"), {"TenCap", "Ten", "MaCap"}, true)) {
      std::vector<std::string> pieces = {item};
      std::string commas = item;
      std::replace(commas.begin(), commas.end(), ',', ';');
      auto split = lines_of(commas, true);
      if (split.size() > 1 && std::all_of(split.begin(), split.end(), [](const std::string& x) { return key_of(x).rfind("cap ", 0) == 0; }))
        pieces = split;
      for (const auto& one : pieces) {
        const std::string f = key_of(one);
        if (word(f, "huyen")) levels.insert("huyen");
        else if (word(f, "tinh")) levels.insert("tinh");
        else if (word(f, "xa") || word(f, "phuong") || f.find("thi tran") != std::string::npos) levels.insert("xa");
        else if (word(f, "bo") || f.find("trung uong") != std::string::npos) ministry = true;
        else unknown.push_back(one);
      }
    }
    for (const auto& u : unknown) m.problems.push_back("Cấp thực hiện \"" + u + "\" không rõ (nhận: Cấp Tỉnh, Cấp Huyện, Cấp Xã).");
    if (levels.empty() && unknown.empty())
      m.problems.push_back(ministry ? "Thủ tục chỉ thực hiện ở cấp Bộ, không thuộc danh mục của địa phương."
                                    : "Thiếu cấp thực hiện (CapThucHien).");
    // Fixed order tinh, huyen, xa.
    json ordered = json::array();
    for (const char* l : {"tinh", "huyen", "xa"})
      if (levels.count(l)) ordered.push_back(l);
    doc["levels"] = ordered;
  }
  if (has("CoQuanThucHien")) doc["competent_agency"] = s("CoQuanThucHien");
  if (has("DiaChiTiepNhan")) doc["receiving_place"] = s("DiaChiTiepNhan");
  if (has("MucDo")) {
    const std::string raw = s("MucDo"), f = key_of(raw);
    if (raw.empty()) {
      m.problems.push_back("Mức độ dịch vụ công trực tuyến phải là văn bản hoặc số (MucDo).");
    } else if (f.find("thong tin") != std::string::npos || f == "2" || f == "1" || f.find("muc do 2") != std::string::npos ||
        f.find("muc 2") != std::string::npos) {
      doc["online_level"] = "thong_tin";
      doc["legacy_online_level"] = 2;
    } else if (f.find("toan trinh") != std::string::npos || f == "4" || f.find("muc do 4") != std::string::npos || f.find("muc 4") != std::string::npos) {
      doc["online_level"] = "toan_trinh";
      doc["legacy_online_level"] = 4;
    } else if (f.find("mot phan") != std::string::npos || f == "3" || f.find("muc do 3") != std::string::npos || f.find("muc 3") != std::string::npos) {
      doc["online_level"] = "mot_phan";
      doc["legacy_online_level"] = 3;
    } else {
      m.problems.push_back("Mức độ dịch vụ công trực tuyến \"" + raw + "\" không rõ (nhận: Toàn trình, Một phần, Cung cấp thông tin, hoặc mức 2, 3, 4).");
    }
  }
  if (has("TrinhTuThucHien")) doc["steps"] = items_of(val("TrinhTuThucHien"), {"MoTa", "NoiDung", "TenBuoc"}, false);
  if (has("CachThucThucHien")) map_methods(val("CachThucThucHien"), doc);
  if (has("ThanhPhanHoSo")) map_components(val("ThanhPhanHoSo"), doc);
  if (has("SoBoHoSo") && !s("SoBoHoSo").empty()) {
    size_t at = 0;
    auto n = first_number(s("SoBoHoSo"), at);
    if (!n || *n < 1 || *n != std::floor(*n) || *n > 100) m.problems.push_back("Số lượng hồ sơ \"" + s("SoBoHoSo") + "\" không phải số bộ hợp lệ.");
    else doc["sets"] = static_cast<int>(*n);
  }
  if (has("ThoiHanGiaiQuyet")) {
    const std::string raw = s("ThoiHanGiaiQuyet");
    if (raw.empty()) m.problems.push_back("Thiếu thời hạn giải quyết (ThoiHanGiaiQuyet).");
    else if (auto t = processing_time_of(raw)) doc["processing_time"] = *t;
    else m.problems.push_back("Không đọc được thời hạn giải quyết \"" + raw + "\" (ví dụ: 05 ngày làm việc, 03 ngày, 8 giờ làm việc, trong ngày).");
  }
  if (has("DoiTuongThucHien")) {
    const std::string d = s("DoiTuongThucHien");
    doc["applicant_description"] = d;
    if (auto a = applicants_of(d); !a.empty()) doc["applicants"] = a;
  }
  if (has("KetQuaThucHien")) doc["result"] = s("KetQuaThucHien");
  if (has("PhiLePhi")) map_fees(val("PhiLePhi"), doc, m.problems);
  if (has("YeuCauDieuKien")) doc["requirements"] = s("YeuCauDieuKien").empty() ? std::string("Không") : s("YeuCauDieuKien");
  if (has("CanCuPhapLy")) map_legal(val("CanCuPhapLy"), doc);
  return m;
}

std::string outcome_key(ImportOutcome o) {
  switch (o) {
    case ImportOutcome::created: return "new";
    case ImportOutcome::changed: return "changed";
    case ImportOutcome::unchanged: return "unchanged";
    case ImportOutcome::refused: return "refused";
  }
  return "";
}

std::string outcome_label(ImportOutcome o) {
  switch (o) {
    case ImportOutcome::created: return "Mới";
    case ImportOutcome::changed: return "Thay đổi";
    case ImportOutcome::unchanged: return "Không đổi";
    case ImportOutcome::refused: return "Bị từ chối";
  }
  return "";
}

std::string key_label(const std::string& k) {
  for (const auto& f : national_fields()) {
    std::string ours = f.ours;
    if (ours == k || ours.rfind(k + ".", 0) == 0) return k == "field" ? "Lĩnh vực" : f.label;
  }
  if (k == "legacy_online_level") return "Mức độ dịch vụ công trực tuyến";
  if (k == "applicants") return "Đối tượng thực hiện";
  return k;
}

namespace {

// Our key path of a normalize_procedure error ("processing_time.unit", "fees[0].amount") → its label.
std::string problem_of(const FieldError& e) {
  std::string top = e.field.substr(0, e.field.find_first_of(".["));
  return key_label(top) + ": " + e.message;
}

// The record's keys laid over the current document; components keep what the catalog adds to a component of
// the same name (code, document type, template form…).
json overlay(json base, const json& provided) {
  for (auto it = provided.begin(); it != provided.end(); ++it) {
    if (it.key() == "components" && base.contains("components") && base["components"].is_array()) {
      json merged = json::array();
      for (const auto& c : it.value()) {
        json out = c;
        for (const auto& old : base["components"])
          if (old.is_object() && old.contains("name") && old["name"].is_string() &&
              key_of(old["name"].get<std::string>()) == key_of(c["name"].get<std::string>())) {
            out = old;
            for (auto k = c.begin(); k != c.end(); ++k) out[k.key()] = k.value();
            break;
          }
        merged.push_back(out);
      }
      base["components"] = merged;
    } else if (it.key() == "field" && base.contains("field") && base["field"].is_object() && !it.value().contains("code")) {
      base["field"]["name"] = it.value()["name"];
      if (key_of(base["field"].value("name", "")) != key_of(it.value()["name"].get<std::string>())) base["field"].erase("code");
    } else {
      base[it.key()] = it.value();
    }
  }
  return base;
}

}  // namespace

std::vector<PlanItem> plan(const std::vector<NationalRecord>& records,
                           const std::function<std::optional<CatalogHolding>(const std::string& code)>& current,
                           const std::function<void(size_t done, size_t total)>& on_progress) {
  std::vector<PlanItem> out;
  std::map<std::string, std::string> seen;  // code → where first seen
  for (const auto& r : records) {
    MappedRecord m = map_record(r);
    PlanItem it;
    it.where = m.where;
    it.code = m.code;
    it.name = m.name;
    it.problems = m.problems;
    if (!m.code.empty()) {
      auto [pos, fresh] = seen.emplace(m.code, m.where);
      if (!fresh) it.problems.push_back("Mã thủ tục " + m.code + " lặp lại (đã có ở " + pos->second + "); chỉ nhập lần đầu.");
    }
    std::optional<CatalogHolding> held;
    if (it.problems.empty()) {
      held = current(m.code);
      if (held && held->abolished) it.problems.push_back("Thủ tục đã bị bãi bỏ trong danh mục; không nhập đè.");
      else if (held && held->has_draft)
        it.problems.push_back("Thủ tục đang có bản nháp chưa công bố; hãy công bố hoặc hủy bản nháp rồi nhập lại.");
    }
    if (it.problems.empty()) {
      json doc;
      if (held && held->published) {
        doc = overlay(*held->published, m.doc);
      } else {
        doc = m.doc;
        if (!doc.contains("online_level")) {
          doc["online_level"] = "thong_tin";
          doc["legacy_online_level"] = 2;
        }
      }
      doc.erase("effective_from");
      try {
        it.doc = normalize_procedure(doc);
        it.doc.erase("effective_from");
      } catch (const DomainError& e) {
        for (const auto& f : e.fields()) it.problems.push_back(problem_of(f));
        if (e.fields().empty()) it.problems.push_back(e.what());
      }
    }
    if (!it.problems.empty()) {
      it.outcome = ImportOutcome::refused;
      it.doc = nullptr;
    } else if (!held || !held->published) {
      it.outcome = ImportOutcome::created;
    } else {
      json before = *held->published;
      before.erase("effective_from");
      std::set<std::string> keys;
      for (auto k = before.begin(); k != before.end(); ++k) keys.insert(k.key());
      for (auto k = it.doc.begin(); k != it.doc.end(); ++k) keys.insert(k.key());
      for (const auto& k : keys) {
        const bool differ = !before.contains(k) || !it.doc.contains(k) || before[k] != it.doc[k];
        if (differ) it.changed.push_back(k);
      }
      // In the order of the national table (the order officials read a procedure in), other keys after it.
      auto rank = [](const std::string& k) {
        const auto& t = national_fields();
        for (size_t i = 0; i < t.size(); ++i)
          if (std::string(t[i].ours) == k || std::string(t[i].ours).rfind(k + ".", 0) == 0) return i;
        return t.size();
      };
      std::stable_sort(it.changed.begin(), it.changed.end(), [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
      it.outcome = it.changed.empty() ? ImportOutcome::unchanged : ImportOutcome::changed;
    }
    out.push_back(std::move(it));
    if (on_progress && (out.size() % 50 == 0 || out.size() == records.size())) on_progress(out.size(), records.size());
  }
  return out;
}

}  // namespace motcua::catalog
