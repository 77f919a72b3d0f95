#include "web/procedure_form.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "domain/catalog/procedure.h"
#include "domain/format.h"
#include "domain/text.h"

namespace motcua::web {

using nlohmann::json;

namespace {

const char* const kLevels[] = {"tinh", "huyen", "xa"};
const char* const kChannels[] = {"truc_tiep", "truc_tuyen", "buu_chinh"};

// ---------- reading the form ----------

std::string crlf(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i)
    if (!(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) out.push_back(s[i] == '\r' ? '\n' : s[i]);
  return out;
}
std::string raw(const FormPairs& f, std::string_view k) {  // textareas read line by line: not trimmed
  for (const auto& [n, v] : f)
    if (n == k) return crlf(v);
  return "";
}
std::string get(const FormPairs& f, std::string_view k) { return text::trim(raw(f, k)); }
std::vector<std::string> get_all(const FormPairs& f, std::string_view k) {
  std::vector<std::string> out;
  for (const auto& [n, v] : f)
    if (n == k) out.push_back(text::trim(v));
  return out;
}
bool checked(const FormPairs& f, std::string_view k) {
  for (const auto& [n, v] : f)
    if (n == k && !v.empty()) return true;
  return false;
}

struct Line {
  int no;  // 1-based line number in the textarea
  std::vector<std::string> cols;
};

// Non-empty lines; with `columns`, split on '|' (not "\|", which becomes '|'), columns trimmed.
std::vector<Line> parse_lines(const std::string& value, bool columns = true) {
  std::vector<Line> out;
  std::istringstream in(crlf(value));
  std::string raw;
  for (int no = 1; std::getline(in, raw); ++no) {
    std::string l = text::trim(raw), cur;
    if (l.empty()) continue;
    Line line{no, {}};
    for (size_t k = 0; k < l.size() && columns; ++k) {
      if (l[k] == '\\' && k + 1 < l.size() && l[k + 1] == '|') cur.push_back(l[++k]);
      else if (l[k] == '|') line.cols.push_back(text::trim(std::exchange(cur, "")));
      else cur.push_back(l[k]);
    }
    line.cols.push_back(columns ? text::trim(cur) : l);
    out.push_back(std::move(line));
  }
  return out;
}

std::vector<int> item_line_numbers(const std::string& value) {
  std::vector<int> out;
  for (const auto& l : parse_lines(value, false)) out.push_back(l.no);
  return out;
}

std::optional<int64_t> parse_uint(const std::string& s) {
  if (s.empty() || s.size() > 15) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// "50.000", "50 000", "50000 đồng", "5.000đ", "miễn phí" → đồng.
std::optional<int64_t> parse_money(const std::string& in) {
  std::string f = text::fold(in);
  if (f == "mien phi" || f == "khong") return 0;
  if (in.find('-') != std::string::npos) return std::nullopt;
  for (const char* suffix : {"vnd", "dong", "d"})
    if (f.size() > std::strlen(suffix) && f.ends_with(suffix)) f.resize(f.size() - std::strlen(suffix));
  f = text::trim(f);
  // fold() turned '.', ',' and spaces into single spaces: thousands groups of exactly 3 digits.
  std::string digits;
  size_t start = 0, groups = 0;
  for (;; ++groups) {
    size_t sp = f.find(' ', start);
    size_t len = (sp == std::string::npos ? f.size() : sp) - start;
    if (len == 0 || (groups > 0 && len != 3) || (groups == 0 && sp != std::string::npos && len > 3)) return std::nullopt;
    digits += f.substr(start, len);
    if (sp == std::string::npos) break;
    start = sp + 1;
  }
  return parse_uint(digits);
}

// "8", "1,5", "0.5" → json integer or float.
std::optional<json> parse_number(const std::string& s) {
  size_t sep = s.find_first_of(".,");
  std::string a = s.substr(0, sep), b = sep == std::string::npos ? "" : s.substr(sep + 1);
  auto ia = parse_uint(a);
  if (!ia) return std::nullopt;
  if (sep == std::string::npos) return json(*ia);
  if (b.empty() || !parse_uint(b)) return std::nullopt;
  double d = 0;
  std::string t = a + "." + b;
  auto r = std::from_chars(t.data(), t.data() + t.size(), d);
  if (r.ec != std::errc()) return std::nullopt;
  if (d == std::floor(d)) return json(static_cast<int64_t>(d));
  return json(d);
}

// "20/11/2014", "2014-11-20" → "2014-11-20".
std::optional<std::string> parse_date(const std::string& s) {
  std::string iso = s;
  if (!(s.size() == 10 && s[4] == '-' && s[7] == '-')) {
    int d = 0, m = 0, y = 0, n = 0;
    char a = 0, b = 0;
    if (std::sscanf(s.c_str(), "%2d%c%2d%c%4d%n", &d, &a, &m, &b, &y, &n) != 5 || n != static_cast<int>(s.size()) || a != b ||
        (a != '/' && a != '.') || y < 1000)
      return std::nullopt;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    iso = buf;
  }
  if (!fmt::parse_iso_date(iso)) return std::nullopt;
  return iso;
}

struct Term {
  const char* code;
  const char* text;  // shown in the form; its folded form is recognized in input
};
using Terms = Term[3];
const Terms kChannelTerms = {{"truc_tiep", "Trực tiếp"}, {"truc_tuyen", "Trực tuyến"}, {"buu_chinh", "Bưu chính"}};
const Terms kRoleTerms = {{"desk", "một cửa"}, {"specialist", "chuyên môn"}, {"leader", "lãnh đạo"}};

std::optional<std::string> term_code(const Terms& terms, const std::string& s) {
  std::string f = text::fold(s);
  for (const auto& t : terms)
    if (!f.empty() && (f == text::fold(t.code) || f.find(text::fold(t.text)) != std::string::npos)) return t.code;
  return std::nullopt;
}
std::string term_text(const Terms& terms, const std::string& code) {
  for (const auto& t : terms)
    if (code == t.code) return t.text;
  return code;
}

std::optional<bool> parse_yes_no(const std::string& s) {
  std::string f = text::fold(s);
  if (f.empty() || f == "co" || f == "x" || f == "bat buoc" || f == "yes" || f == "true" || f == "1") return true;
  if (f == "khong" || f == "khong bat buoc" || f == "neu co" || f == "no" || f == "false" || f == "0") return false;
  return std::nullopt;
}

// ---------- writing the form ----------

std::string num_text(const json& v) {
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number_float()) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v.get<double>());
    std::string s(buf, r.ptr);
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
  }
  return v.is_string() ? v.get<std::string>() : "";
}

std::string money_text(const json& v) {
  if (!v.is_number_integer()) return num_text(v);
  std::string d = std::to_string(v.get<int64_t>()), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i > 0 && (d.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(d[i]);
  }
  return out;
}

std::string str(const json& o, const char* k) {
  return o.is_object() && o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : "";
}

std::string one_line(std::string s) {
  std::replace_if(s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return s;
}

std::string cols_line(std::vector<std::string> cols) {
  while (cols.size() > 1 && cols.back().empty()) cols.pop_back();
  std::string out;
  for (size_t i = 0; i < cols.size(); ++i) {
    if (i) out += " | ";
    for (char c : one_line(cols[i])) {
      if (c == '|') out.push_back('\\');
      out.push_back(c);
    }
  }
  return out;
}

std::string date_text(const std::string& iso) {
  if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-') return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
  return iso;
}

}  // namespace

// ---------- form → document ----------

json form_to_procedure(const FormPairs& form, std::vector<FieldError>& errors) {
  auto err = [&](const std::string& f, const std::string& m) { errors.push_back({f, m}); };
  auto line_err = [&](const std::string& f, int no, const std::string& m) { err(f, "Dòng " + std::to_string(no) + ": " + m); };
  // Calls fn(line) in order for each line of a list textarea that has at most `max` columns (padded to
  // `max`) and a non-empty first column; reports the others.
  auto each_row = [&](const char* key, size_t max, const std::string& cols, const std::string& missing_first, auto fn) {
    for (auto& l : parse_lines(raw(form, key))) {
      if (l.cols.size() > max) {
        line_err(key, l.no, "có " + std::to_string(l.cols.size()) + " cột, tối đa " + std::to_string(max) + " (" + cols +
                                "). Nếu nội dung có dấu |, hãy viết \\|.");
      } else if (l.cols[0].empty()) {
        line_err(key, l.no, missing_first);
      } else {
        l.cols.resize(max);
        fn(l);
      }
    }
  };
  json d = json::object();
  auto opt_int = [&](const char* key, int64_t lo, int64_t hi, const std::string& msg) {
    std::string v = get(form, key);
    auto n = parse_uint(v);
    if (!v.empty() && (!n || *n < lo || *n > hi)) err(key, msg);
    else if (n) d[key] = *n;
  };

  std::string code = get(form, "code");
  d["code"] = code;
  if (code.empty()) err("code", "Vui lòng nhập mã thủ tục (ví dụ 1.001193, hoặc local.12 cho thủ tục địa phương).");
  else if (!catalog::valid_code(code)) err("code", "Mã thủ tục không hợp lệ (ví dụ 1.001193, hoặc local.12 cho thủ tục địa phương).");
  d["name"] = get(form, "name");
  if (d["name"] == "") err("name", "Vui lòng nhập tên thủ tục.");
  d["field"] = {{"name", get(form, "field_name")}};
  if (!get(form, "field_code").empty()) d["field"]["code"] = get(form, "field_code");
  if (get(form, "field_name").empty()) err("field_name", "Vui lòng nhập tên lĩnh vực (ví dụ Hộ tịch).");

  auto levels = get_all(form, "levels");
  d["levels"] = json::array();
  for (const char* l : kLevels)
    if (std::find(levels.begin(), levels.end(), l) != levels.end()) d["levels"].push_back(l);
  if (d["levels"].empty()) err("levels", "Chọn ít nhất một cấp thực hiện.");
  d["agency_kinds"] = json::array();
  std::string kinds = get(form, "agency_kinds");
  std::replace(kinds.begin(), kinds.end(), ',', '\n');
  for (const auto& l : parse_lines(kinds, false)) d["agency_kinds"].push_back(l.cols[0]);
  d["competent_agency"] = get(form, "competent_agency");
  d["receiving_place"] = get(form, "receiving_place");
  std::string ol = get(form, "online_level");
  d["online_level"] = ol;
  if (ol != "thong_tin" && ol != "mot_phan" && ol != "toan_trinh") err("online_level", "Chọn mức độ dịch vụ công trực tuyến.");
  opt_int("legacy_online_level", 1, 4, "Mức độ (cũ) phải là 2, 3 hoặc 4.");
  opt_int("target_online_ratio", 0, 100, "Chỉ tiêu tỷ lệ hồ sơ trực tuyến là số nguyên từ 0 đến 100 (%).");
  d["receive_any_boundary"] = checked(form, "receive_any_boundary");
  std::string pe_by = get(form, "pe_by"), pe_url = get(form, "pe_url"), pe_note = get(form, "pe_note");
  if (pe_by.empty() && pe_url.empty() && pe_note.empty()) {
    d["provided_elsewhere"] = nullptr;
  } else {
    d["provided_elsewhere"] = {{"by", pe_by}, {"url", pe_url}};
    if (!pe_note.empty()) d["provided_elsewhere"]["note"] = pe_note;
  }

  d["steps"] = json::array();
  for (const auto& l : parse_lines(raw(form, "steps"), false)) d["steps"].push_back(l.cols[0]);

  d["methods"] = json::array();
  each_row("methods", 2, "kênh | mô tả", "thiếu kênh.", [&](const Line& l) {
    auto ch = term_code(kChannelTerms, l.cols[0]);
    if (!ch) line_err("methods", l.no, "kênh \"" + l.cols[0] + "\" không hợp lệ; ghi Trực tiếp, Trực tuyến hoặc Bưu chính.");
    else if (l.cols[1].empty()) d["methods"].push_back({{"channel", *ch}});
    else d["methods"].push_back({{"channel", *ch}, {"description", l.cols[1]}});
  });

  d["components"] = json::array();
  each_row("components", 6, "Tên | bản chính | bản chứng thực | bản photo | bắt buộc | mẫu", "thiếu tên thành phần hồ sơ.", [&](const Line& l) {
    json c = {{"name", l.cols[0]}};
    const char* keys[] = {"original", "certified", "photo"};
    const char* labels[] = {"bản chính", "bản chứng thực", "bản photo"};
    bool ok = true;
    for (size_t k = 0; k < 3; ++k) {
      auto n = l.cols[k + 1].empty() ? std::optional<int64_t>(0) : parse_uint(l.cols[k + 1]);
      if (n) c[keys[k]] = *n;
      else line_err("components", l.no, std::string("số ") + labels[k] + " phải là số nguyên không âm (đang ghi \"" + l.cols[k + 1] + "\").");
      ok = ok && n;
    }
    auto mandatory = parse_yes_no(l.cols[4]);
    if (mandatory) c["mandatory"] = *mandatory;
    else line_err("components", l.no, "cột bắt buộc ghi \"có\" hoặc \"không\" (đang ghi \"" + l.cols[4] + "\").");
    if (!l.cols[5].empty()) c["template"] = l.cols[5];
    if (ok && mandatory) d["components"].push_back(c);
  });
  opt_int("sets", 1, 1000, "Số bộ hồ sơ là số nguyên dương.");

  json t = json::object();
  std::string amount = get(form, "pt_amount");
  if (amount.empty()) err("pt_amount", "Vui lòng nhập thời hạn giải quyết.");
  else if (auto v = parse_number(amount)) t["amount"] = *v;
  else err("pt_amount", "Thời hạn giải quyết phải là số (ví dụ 3 hoặc 0,5).");
  t["unit"] = get(form, "pt_unit");
  std::string online = get(form, "pt_online_amount");
  if (!online.empty()) {
    if (auto v = parse_number(online)) t["online_amount"] = *v;
    else err("pt_online_amount", "Thời hạn khi nộp trực tuyến phải là số (ví dụ 2 hoặc 0,5).");
  }
  d["processing_time"] = t;

  d["applicants"] = json::array();
  auto apps = get_all(form, "applicants");
  for (int a = 1; a <= 4; ++a)
    if (std::find(apps.begin(), apps.end(), std::to_string(a)) != apps.end()) d["applicants"].push_back(a);
  d["applicant_description"] = get(form, "applicant_description");
  d["result"] = get(form, "result");
  d["requirements"] = get(form, "requirements");

  d["fees"] = json::array();
  each_row("fees", 4, "Tên | số tiền | mỗi hồ sơ/mỗi bản | miễn giảm", "thiếu tên khoản phí, lệ phí.", [&](const Line& l) {
    auto money = l.cols[1].empty() ? std::nullopt : parse_money(l.cols[1]);
    std::string per = text::fold(l.cols[2]);
    bool copy = per == "copy" || (per.find("ban") != std::string::npos && per.find("ho so") == std::string::npos);
    if (!money)
      line_err("fees", l.no, l.cols[1].empty() ? "thiếu số tiền (ghi 0 nếu miễn phí)."
                                               : "số tiền \"" + l.cols[1] + "\" không hợp lệ; ghi số đồng, ví dụ 50.000.");
    else if (!per.empty() && per != "dossier" && per.find("ho so") == std::string::npos && !copy)
      line_err("fees", l.no, "cách tính ghi \"mỗi hồ sơ\" hoặc \"mỗi bản\" (đang ghi \"" + l.cols[2] + "\").");
    else if (l.cols[3].empty()) d["fees"].push_back({{"name", l.cols[0]}, {"amount", *money}, {"per", copy ? "copy" : "dossier"}});
    else d["fees"].push_back({{"name", l.cols[0]}, {"amount", *money}, {"per", copy ? "copy" : "dossier"}, {"exemptions", l.cols[3]}});
  });

  d["legal_basis"] = json::array();
  each_row("legal_basis", 3, "Số hiệu | trích yếu | ngày ban hành", "thiếu số hiệu văn bản.", [&](const Line& l) {
    json lb = {{"number", l.cols[0]}};
    if (!l.cols[1].empty()) lb["title"] = l.cols[1];
    auto iso = parse_date(l.cols[2]);
    if (iso) lb["date"] = *iso;
    if (iso || l.cols[2].empty()) d["legal_basis"].push_back(lb);
    else line_err("legal_basis", l.no, "ngày ban hành \"" + l.cols[2] + "\" không hợp lệ; ghi theo dạng dd/mm/yyyy, ví dụ 20/11/2014.");
  });

  d["internal_process"] = json::array();
  each_row("internal_process", 4, "Tên bước | đơn vị | vai trò | số giờ", "thiếu tên bước.", [&](const Line& l) {
    auto role = term_code(kRoleTerms, l.cols[2]);
    auto hours = l.cols[3].empty() ? std::nullopt : parse_number(l.cols[3]);
    if (!role)
      line_err("internal_process", l.no, l.cols[2].empty() ? "thiếu vai trò (một cửa, chuyên môn hoặc lãnh đạo)."
                                                           : "vai trò \"" + l.cols[2] + "\" không hợp lệ; ghi một cửa, chuyên môn hoặc lãnh đạo.");
    else if (!hours)
      line_err("internal_process", l.no, l.cols[3].empty() ? "thiếu số giờ làm việc của bước."
                                                           : "số giờ \"" + l.cols[3] + "\" không hợp lệ (ví dụ 4 hoặc 0,5).");
    else d["internal_process"].push_back({{"name", l.cols[0]}, {"unit", l.cols[1]}, {"role", *role}, {"hours", *hours}});
  });

  d["channel_policy"] = json::object();
  for (int a = 1; a <= 4; ++a) {
    std::string n = std::to_string(a);
    if (!checked(form, "cp" + n + "_custom")) continue;
    auto chans = get_all(form, "cp" + n);
    json list = json::array();
    for (const char* c : kChannels)
      if (std::find(chans.begin(), chans.end(), c) != chans.end()) list.push_back(c);
    d["channel_policy"][n] = list;
  }

  std::string schema = get(form, "form_schema");
  if (schema.empty()) {
    d["form_schema"] = {{"fields", json::array()}};
  } else {
    try {
      d["form_schema"] = json::parse(schema);
      if (!d["form_schema"].is_object()) err("form_schema", "Biểu mẫu điện tử phải là một đối tượng JSON dạng {\"fields\": [...]}.");
    } catch (const json::parse_error& e) {
      size_t upto = std::min(e.byte > 0 ? e.byte - 1 : 0, schema.size());
      int line = 1 + static_cast<int>(std::count(schema.begin(), schema.begin() + static_cast<std::ptrdiff_t>(upto), '\n'));
      err("form_schema", "Dòng " + std::to_string(line) + ": nội dung không phải JSON hợp lệ (kiểm tra dấu ngoặc, dấu phẩy, dấu nháy kép).");
      d["form_schema"] = {{"fields", json::array()}};
    }
  }
  return d;
}

// ---------- document → form ----------

FormPairs procedure_to_form(const json& doc) {
  FormPairs f;
  auto add = [&](const std::string& k, const std::string& v) { f.emplace_back(k, v); };
  add("code", str(doc, "code"));
  add("name", str(doc, "name"));
  add("field_name", str(doc.value("field", json::object()), "name"));
  add("field_code", str(doc.value("field", json::object()), "code"));
  for (const auto& l : doc.value("levels", json::array()))
    if (l.is_string()) add("levels", l.get<std::string>());
  std::string kinds;
  for (const auto& k : doc.value("agency_kinds", json::array()))
    if (k.is_string()) kinds += (kinds.empty() ? "" : ", ") + k.get<std::string>();
  add("agency_kinds", kinds);
  add("competent_agency", str(doc, "competent_agency"));
  add("receiving_place", str(doc, "receiving_place"));
  add("online_level", str(doc, "online_level"));
  add("legacy_online_level", num_text(doc.value("legacy_online_level", json())));
  add("target_online_ratio", num_text(doc.value("target_online_ratio", json())));
  if (doc.value("receive_any_boundary", false)) add("receive_any_boundary", "1");
  json pe = doc.value("provided_elsewhere", json());
  add("pe_by", str(pe, "by"));
  add("pe_url", str(pe, "url"));
  add("pe_note", str(pe, "note"));
  json t = doc.value("processing_time", json::object());
  add("pt_amount", num_text(t.value("amount", json())));
  add("pt_unit", str(t, "unit"));
  add("pt_online_amount", num_text(t.value("online_amount", json())));
  add("sets", num_text(doc.value("sets", json())));
  for (const auto& a : doc.value("applicants", json::array())) add("applicants", num_text(a));
  add("applicant_description", str(doc, "applicant_description"));
  add("result", str(doc, "result"));
  add("requirements", str(doc, "requirements"));

  std::string steps, methods, comps, fees, legal, process;
  auto append = [](std::string& s, const std::string& line) { s += (s.empty() ? "" : "\n") + line; };
  for (const auto& s : doc.value("steps", json::array()))
    if (s.is_string()) append(steps, one_line(s.get<std::string>()));
  for (const auto& m : doc.value("methods", json::array())) append(methods, cols_line({term_text(kChannelTerms, str(m, "channel")), str(m, "description")}));
  for (const auto& c : doc.value("components", json::array()))
    append(comps, cols_line({str(c, "name"), num_text(c.value("original", json(0))), num_text(c.value("certified", json(0))),
                             num_text(c.value("photo", json(0))), c.value("mandatory", true) ? "có" : "không", str(c, "template")}));
  for (const auto& x : doc.value("fees", json::array()))
    append(fees, cols_line({str(x, "name"), money_text(x.value("amount", json(0))), str(x, "per") == "copy" ? "mỗi bản" : "mỗi hồ sơ",
                            str(x, "exemptions")}));
  for (const auto& l : doc.value("legal_basis", json::array()))
    append(legal, cols_line({str(l, "number"), str(l, "title"), date_text(str(l, "date"))}));
  for (const auto& p : doc.value("internal_process", json::array()))
    append(process, cols_line({str(p, "name"), str(p, "unit"), term_text(kRoleTerms, str(p, "role")), num_text(p.value("hours", json()))}));
  add("steps", steps);
  add("methods", methods);
  add("components", comps);
  add("fees", fees);
  add("legal_basis", legal);
  add("internal_process", process);

  json cp = doc.value("channel_policy", json::object());
  for (int a = 1; a <= 4; ++a) {
    std::string n = std::to_string(a);
    if (!cp.is_object() || !cp.contains(n) || !cp[n].is_array()) continue;
    add("cp" + n + "_custom", "1");
    for (const auto& c : cp[n])
      if (c.is_string()) add("cp" + n, c.get<std::string>());
  }
  add("form_schema", doc.value("form_schema", json{{"fields", json::array()}}).dump(2, ' ', false));
  return f;
}

// ---------- merge ----------

namespace {

const char* const kModeled[] = {"code", "name", "field", "levels", "agency_kinds", "competent_agency", "receiving_place",
                                "online_level", "legacy_online_level", "target_online_ratio", "receive_any_boundary",
                                "provided_elsewhere", "steps", "methods", "components", "sets", "processing_time", "applicants",
                                "applicant_description", "result", "fees", "requirements", "legal_basis", "internal_process",
                                "channel_policy", "form_schema"};

bool same_set(const json& a, const json& b) {
  if (!a.is_array() || !b.is_array() || a.size() != b.size()) return false;
  for (const auto& x : a)
    if (std::find(b.begin(), b.end(), x) == b.end()) return false;
  return true;
}

json overlay(json base, const json& edited, std::initializer_list<const char*> keys) {
  if (!base.is_object()) return edited;
  for (const char* k : keys) {
    if (edited.contains(k)) base[k] = edited[k];
    else base.erase(k);
  }
  return base;
}

json merge_items(const json& base, const json& edited, std::initializer_list<const char*> keys) {
  if (!base.is_array() || !edited.is_array()) return edited;
  std::vector<int> match(edited.size(), -1);
  std::vector<bool> used(base.size(), false);
  for (size_t i = 0; i < edited.size(); ++i)
    for (size_t j = 0; j < base.size(); ++j)
      if (!used[j] && base[j].is_object() && base[j].value("name", json()) == edited[i].value("name", json())) {
        match[i] = static_cast<int>(j);
        used[j] = true;
        break;
      }
  if (base.size() == edited.size())
    for (size_t i = 0; i < edited.size(); ++i)
      if (match[i] < 0 && !used[i]) {
        match[i] = static_cast<int>(i);
        used[i] = true;
      }
  json out = json::array();
  for (size_t i = 0; i < edited.size(); ++i)
    out.push_back(match[i] < 0 ? edited[i] : overlay(base[static_cast<size_t>(match[i])], edited[i], keys));
  return out;
}

}  // namespace

json merge_procedure(const json& base, const json& edited) {
  if (!base.is_object()) return edited;
  json out = base;
  for (const char* k : kModeled) {
    if (edited.contains(k)) out[k] = edited[k];
    else out.erase(k);
  }
  for (const char* k : {"levels", "applicants"})
    if (base.contains(k) && out.contains(k) && same_set(base[k], out[k])) out[k] = base[k];
  if (base.contains("channel_policy") && base["channel_policy"].is_object() && out.contains("channel_policy") && out["channel_policy"].is_object())
    for (auto it = out["channel_policy"].begin(); it != out["channel_policy"].end(); ++it)
      if (base["channel_policy"].contains(it.key()) && same_set(base["channel_policy"][it.key()], it.value()))
        it.value() = base["channel_policy"][it.key()];
  if (base.contains("processing_time") && out.contains("processing_time"))
    out["processing_time"] = overlay(base["processing_time"], out["processing_time"], {"amount", "unit", "online_amount"});
  if (base.contains("components") && out.contains("components")) {
    out["components"] = merge_items(base["components"], out["components"], {"name", "original", "certified", "photo", "mandatory", "template"});
    for (auto& c : out["components"])
      if (c.is_object() && !c.contains("template")) c.erase("template_form");
  }
  if (base.contains("fees") && out.contains("fees"))
    out["fees"] = merge_items(base["fees"], out["fees"], {"name", "amount", "per", "exemptions"});
  return out;
}

// ---------- normalize_procedure errors → inputs ----------

std::vector<FieldError> map_procedure_errors(const std::vector<FieldError>& errors, const FormPairs& form) {
  static const std::map<std::string, std::string> direct = {
      {"field", "field_name"}, {"provided_elsewhere", "pe_url"}, {"processing_time", "pt_amount"},
      {"processing_time.amount", "pt_amount"}, {"processing_time.unit", "pt_unit"}, {"processing_time.online_amount", "pt_online_amount"}};
  static const std::set<std::string> lists = {"steps", "methods", "components", "fees", "legal_basis", "internal_process"};
  std::vector<FieldError> out;
  for (const auto& e : errors) {
    const std::string& f = e.field;
    std::string key = f.substr(0, f.find_first_of(".["));
    std::optional<size_t> index;
    if (f.size() > key.size() && f[key.size()] == '[') {
      auto n = parse_uint(f.substr(key.size() + 1, f.find(']', key.size()) - key.size() - 1));
      if (n) index = static_cast<size_t>(*n);
    }
    if (direct.count(f)) {
      out.push_back({direct.at(f), e.message});
    } else if (lists.count(key) && index) {
      auto lines = item_line_numbers(raw(form, key));
      int no = *index < lines.size() ? lines[*index] : static_cast<int>(*index) + 1;
      out.push_back({key, "Dòng " + std::to_string(no) + ": " + e.message});
    } else if (key == "form_schema") {
      std::string fi = "form_schema.fields[";
      if (f.rfind(fi, 0) == 0) {
        auto n = parse_uint(f.substr(fi.size(), f.find(']', fi.size()) - fi.size()));
        out.push_back({key, "Trường thứ " + (n ? std::to_string(*n + 1) : std::string("?")) + ": " + e.message});
      } else {
        out.push_back({key, e.message});
      }
    } else {
      out.push_back({key, e.message});
    }
  }
  return out;
}

}  // namespace motcua::web
