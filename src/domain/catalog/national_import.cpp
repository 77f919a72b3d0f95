#include "domain/catalog/national_import.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "domain/catalog/procedure.h"
#include "domain/errors.h"
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

namespace {

// Folded for matching: lower case, no diacritics, đ → d, letters and digits only, single spaces.
std::string key_of(std::string_view s) {
  std::string f = text::fold(s), out;
  for (char c : f) {
    const bool alnum = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (alnum) out += c;
    else if (!out.empty() && out.back() != ' ') out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}
std::string lower_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string str_of(const json& v) {
  if (v.is_string()) return text::trim(text::nfc(v.get<std::string>()));
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) {
    std::string s = v.dump();
    return s;
  }
  return "";
}

// Lines of a text cell: split at line breaks and ';', list marks ("-", "+", "•", "a)", "1.") removed.
std::vector<std::string> lines_of(const std::string& s, bool split_semicolons) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string t = text::trim(cur);
    cur.clear();
    while (!t.empty()) {
      if (t.rfind("-", 0) == 0 || t.rfind("+", 0) == 0 || t.rfind("*", 0) == 0) t = text::trim(t.substr(1));
      else if (t.rfind("\u2022", 0) == 0) t = text::trim(t.substr(3));
      else break;
    }
    if (!t.empty()) out.push_back(t);
  };
  for (char c : s) {
    if (c == '\n' || c == '\r' || (split_semicolons && c == ';')) flush();
    else cur += c;
  }
  flush();
  return out;
}

// A value of an object by national key, without case.
const json* get(const json& o, std::string_view key) {
  if (!o.is_object()) return nullptr;
  const std::string k = lower_ascii(std::string(key));
  for (auto it = o.begin(); it != o.end(); ++it)
    if (lower_ascii(it.key()) == k) return &it.value();
  return nullptr;
}
std::string get_str(const json& o, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (const json* v = get(o, k); v && !str_of(*v).empty()) return str_of(*v);
  return "";
}

// Text items of a value: a JSON array's elements (strings, or objects' text under `keys`), else the lines of a string.
std::vector<std::string> items_of(const json& v, std::initializer_list<const char*> keys, bool split_semicolons) {
  std::vector<std::string> out;
  if (v.is_array()) {
    for (const auto& e : v) {
      std::string t = e.is_object() ? get_str(e, keys) : str_of(e);
      if (!t.empty()) out.push_back(t);
    }
    return out;
  }
  return lines_of(str_of(v), split_semicolons);
}

// The first number in folded text at or after `from`: "05" → 5, "1,5" / "0.5" → fraction. npos when none.
std::optional<double> first_number(const std::string& f, size_t& at) {
  size_t i = f.find_first_of("0123456789");
  if (i == std::string::npos) return std::nullopt;
  size_t j = i;
  while (j < f.size() && std::isdigit(static_cast<unsigned char>(f[j]))) ++j;
  double v = std::stod(f.substr(i, j - i));
  if (j + 1 < f.size() && (f[j] == ',' || f[j] == '.') && std::isdigit(static_cast<unsigned char>(f[j + 1]))) {
    size_t k = j + 1;
    while (k < f.size() && std::isdigit(static_cast<unsigned char>(f[k]))) ++k;
    v = std::stod(f.substr(i, j - i) + "." + f.substr(j + 1, k - j - 1));
    j = k;
  }
  at = j;
  return v;
}

bool starts_with_word(const std::string& f, size_t at, const std::string& w) {
  while (at < f.size() && f[at] == ' ') ++at;
  return f.compare(at, w.size(), w) == 0;
}

std::optional<json> processing_time_of(const std::string& raw) {
  std::string f = lower_ascii(text::fold(raw));
  size_t at = 0;
  auto n = first_number(f, at);
  // "Trong ngày" / "Ngay trong ngày …" before any number: due the same working day (amount 1, as the catalog writes it).
  const size_t same_day = f.find("trong ngay");
  if (same_day != std::string::npos && (!n || same_day < f.find_first_of("0123456789")))
    return json{{"amount", 1}, {"unit", "same_day"}, {"note", raw}};
  if (!n) return std::nullopt;
  std::string unit;
  if (starts_with_word(f, at, "ngay lam viec")) unit = "working_days";
  else if (starts_with_word(f, at, "gio")) unit = "hours";
  else if (starts_with_word(f, at, "ngay")) unit = "days";
  else return std::nullopt;
  json amount = *n == std::floor(*n) && *n < 1e9 ? json(static_cast<int64_t>(*n)) : json(*n);
  return json{{"amount", amount}, {"unit", unit}, {"note", raw}};
}

// Amounts in đồng written in text: "8.000 đồng", "50,000đ", "100.000 VNĐ".
std::vector<int64_t> amounts_in(const std::string& raw) {
  std::string f = lower_ascii(text::fold(raw));
  std::vector<int64_t> out;
  size_t i = 0;
  while (i < f.size()) {
    if (!std::isdigit(static_cast<unsigned char>(f[i])) || (i > 0 && (std::isalnum(static_cast<unsigned char>(f[i - 1])) || f[i - 1] == '/'))) {
      ++i;
      continue;
    }
    std::string digits;
    size_t j = i;
    while (j < f.size() && (std::isdigit(static_cast<unsigned char>(f[j])) ||
                            ((f[j] == '.' || f[j] == ',') && j + 3 < f.size() && std::isdigit(static_cast<unsigned char>(f[j + 1])) &&
                             std::isdigit(static_cast<unsigned char>(f[j + 2])) && std::isdigit(static_cast<unsigned char>(f[j + 3]))))) {
      if (std::isdigit(static_cast<unsigned char>(f[j]))) digits += f[j];
      ++j;
    }
    size_t k = j;
    while (k < f.size() && f[k] == ' ') ++k;
    const bool money = f.compare(k, 4, "dong") == 0 || f.compare(k, 3, "vnd") == 0 ||
                       (k < f.size() && f[k] == 'd' && (k + 1 == f.size() || !std::isalpha(static_cast<unsigned char>(f[k + 1]))));
    if (money && !digits.empty() && digits.size() <= 12) out.push_back(std::stoll(digits));
    i = j;
  }
  return out;
}

bool says_none(const std::string& raw) {
  const std::string f = key_of(raw);
  return f.empty() || f == "khong" || f.rfind("khong co", 0) == 0 || f.rfind("khong thu", 0) == 0 || f.rfind("mien", 0) == 0 ||
         f.rfind("khong quy dinh", 0) == 0;
}

std::optional<std::string> date_of(const std::string& s) {
  // dd/mm/yyyy or yyyy-mm-dd
  int d = 0, m = 0, y = 0;
  char a = 0, b = 0;
  if (std::sscanf(s.c_str(), "%d%c%d%c%d", &d, &a, &m, &b, &y) == 5 && a == '/' && b == '/' && y > 1900 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return std::string(buf);
  }
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') return s.substr(0, 10);
  return std::nullopt;
}

std::string fee_name(const std::string& s) { return text::length(s) > 300 ? "Phí, lệ phí" : s; }

void map_fees(const json& v, json& doc, std::vector<std::string>& problems) {
  json fees = json::array();
  auto add_text = [&](const std::string& line) {
    if (says_none(line)) return;
    auto a = amounts_in(line);
    if (a.empty()) {
      problems.push_back("Không đọc được mức phí, lệ phí trong \"" + line + "\" (cần số tiền bằng đồng, ví dụ 8.000 đồng).");
      return;
    }
    const std::string per = key_of(line).find("moi ban") != std::string::npos || line.find("/bản") != std::string::npos ? "copy" : "dossier";
    // The first amount of a line is its fee; the line (with any tiers or caps it states) is the fee's name.
    fees.push_back({{"code", "PLP" + std::to_string(fees.size() + 1)}, {"name", fee_name(line)}, {"amount", a[0]}, {"per", per}});
  };
  if (v.is_array()) {
    for (const auto& e : v) {
      if (e.is_object()) {
        std::string name = get_str(e, {"MoTa", "TenPhiLePhi", "TenPhi", "Ten", "NoiDung"});
        const json* amount = get(e, "MucPhi");
        if (!amount) amount = get(e, "SoTien");
        if (amount && amount->is_number_integer() && amount->get<int64_t>() >= 0) {
          fees.push_back({{"code", "PLP" + std::to_string(fees.size() + 1)}, {"name", name.empty() ? "Phí, lệ phí" : fee_name(name)},
                          {"amount", amount->get<int64_t>()}, {"per", "dossier"}});
        } else {
          std::string line = amount ? str_of(*amount) : "";
          auto a = amounts_in(line + " đồng");
          if (!line.empty() && a.size() == 1) fees.push_back({{"code", "PLP" + std::to_string(fees.size() + 1)}, {"name", name.empty() ? "Phí, lệ phí" : fee_name(name)}, {"amount", a[0]}, {"per", "dossier"}});
          else add_text(name.empty() ? line : name + (line.empty() ? "" : ": " + line));
        }
      } else {
        for (const auto& l : lines_of(str_of(e), false)) add_text(l);
      }
    }
  } else {
    for (const auto& l : lines_of(str_of(v), false)) add_text(l);
  }
  doc["fees"] = fees;
}

json component_of(const std::string& name_in, const json* o) {
  std::string name = name_in;
  json c = {{"name", name}};
  const std::string f = key_of(name);
  c["original"] = f.find("ban chinh") != std::string::npos ? 1 : 0;
  c["certified"] = f.find("ban sao") != std::string::npos || f.find("chung thuc") != std::string::npos ? 1 : 0;
  c["photo"] = f.find("photo") != std::string::npos ? 1 : 0;
  if (o) {
    for (auto [k, ours] : {std::pair{"SoBanChinh", "original"}, {"SoBanSao", "certified"}, {"SoBanPhoto", "photo"}})
      if (const json* n = get(*o, k); n && n->is_number_integer() && n->get<int64_t>() >= 0) c[ours] = n->get<int64_t>();
    if (std::string t = get_str(*o, {"MauDon", "TenMauDon", "MauDonToKhai"}); !t.empty()) c["template"] = t;
    if (const json* b = get(*o, "BatBuoc"); b && (b->is_boolean() || b->is_number_integer()))
      c["mandatory"] = b->is_boolean() ? b->get<bool>() : b->get<int64_t>() != 0;
  }
  return c;
}

void map_components(const json& v, json& doc) {
  json out = json::array();
  if (v.is_array()) {
    for (const auto& e : v) {
      if (e.is_object()) {
        std::string name = get_str(e, {"TenGiayTo", "TenThanhPhan", "TenThanhPhanHoSo", "Ten"});
        if (!name.empty()) out.push_back(component_of(name, &e));
      } else if (!str_of(e).empty()) {
        out.push_back(component_of(str_of(e), nullptr));
      }
    }
  } else {
    for (const auto& l : lines_of(str_of(v), false)) out.push_back(component_of(l, nullptr));
  }
  doc["components"] = out;
}

std::optional<std::string> channel_of(const std::string& s) {
  const std::string f = key_of(s);
  if (f == "1" || f.find("truc tiep") != std::string::npos) return "truc_tiep";
  if (f == "2" || f.find("truc tuyen") != std::string::npos) return "truc_tuyen";
  if (f == "3" || f.find("buu chinh") != std::string::npos) return "buu_chinh";
  return std::nullopt;
}

void map_methods(const json& v, json& doc) {
  json out = json::array();
  auto add = [&](const std::string& channel_text, const std::string& description) {
    if (auto ch = channel_of(channel_text)) out.push_back({{"channel", *ch}, {"description", description}});
    else if (!out.empty()) out.back()["description"] = out.back()["description"].get<std::string>() + " " + description;
  };
  if (v.is_array()) {
    for (const auto& e : v) {
      if (e.is_object()) {
        std::string ch = get_str(e, {"KenhThucHien", "HinhThuc", "Kenh"}), desc = get_str(e, {"MoTa", "NoiDung"});
        add(ch.empty() ? desc : ch, desc.empty() ? ch : desc);
      } else {
        add(str_of(e), str_of(e));
      }
    }
  } else {
    for (const auto& l : lines_of(str_of(v), false)) add(l, l);
  }
  doc["methods"] = out;
}

void map_legal(const json& v, json& doc) {
  json out = json::array();
  auto number_in = [](const std::string& line) {
    // The first token with a slash ("60/2014/QH13", "123/2015/NĐ-CP"), else the whole line.
    size_t p = line.find('/');
    if (p == std::string::npos) return line;
    size_t s = line.rfind(' ', p), e = line.find(' ', p);
    s = s == std::string::npos ? 0 : s + 1;
    std::string n = line.substr(s, e == std::string::npos ? std::string::npos : e - s);
    while (!n.empty() && (n.back() == ',' || n.back() == ';' || n.back() == '.' || n.back() == ':')) n.pop_back();
    return n.empty() ? line : n;
  };
  if (v.is_array()) {
    for (const auto& e : v) {
      if (e.is_object()) {
        std::string number = get_str(e, {"SoKyHieu", "SoHieu", "SoVanBan"}), title = get_str(e, {"TrichYeu", "TenVanBan", "Ten"});
        if (number.empty() && title.empty()) continue;
        json l = {{"number", number.empty() ? number_in(title) : number}, {"title", title.empty() ? number : title}};
        if (auto d = date_of(get_str(e, {"NgayBanHanh", "Ngay"}))) l["date"] = *d;
        out.push_back(l);
      } else if (!str_of(e).empty()) {
        out.push_back({{"number", number_in(str_of(e))}, {"title", str_of(e)}});
      }
    }
  } else {
    for (const auto& l : lines_of(str_of(v), false)) out.push_back({{"number", number_in(l)}, {"title", l}});
  }
  doc["legal_basis"] = out;
}

std::vector<int> applicants_of(const std::string& s) {
  const std::string f = key_of(s);
  std::vector<int> a;
  if (f.find("cong dan") != std::string::npos || f.find("ca nhan") != std::string::npos) a.push_back(1);
  if (f.find("doanh nghiep") != std::string::npos) a.push_back(2);
  if (f.find("co quan nha nuoc") != std::string::npos) a.push_back(3);
  if (f.find("to chuc") != std::string::npos || f.find("hop tac xa") != std::string::npos) a.push_back(4);
  return a;
}

}  // namespace

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
    for (auto part : items_of(val("CapThucHien"), {"TenCap", "Ten", "MaCap"}, true)) {
      std::replace(part.begin(), part.end(), ',', ';');
      for (const auto& one : lines_of(part, true)) {
        const std::string f = key_of(one);
        if (f.find("tinh") != std::string::npos) levels.insert("tinh");
        else if (f.find("huyen") != std::string::npos) levels.insert("huyen");
        else if (f.find("xa") != std::string::npos || f.find("phuong") != std::string::npos) levels.insert("xa");
        else if (f.find("bo") != std::string::npos || f.find("trung uong") != std::string::npos) ministry = true;
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
    if (f.empty() || f.find("thong tin") != std::string::npos || f == "2" || f == "1" || f.find("muc do 2") != std::string::npos ||
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
                           const std::function<std::optional<CatalogHolding>(const std::string& code)>& current) {
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
      it.outcome = it.changed.empty() ? ImportOutcome::unchanged : ImportOutcome::changed;
    }
    out.push_back(std::move(it));
  }
  return out;
}

}  // namespace motcua::catalog
