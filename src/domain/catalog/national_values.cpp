#include "domain/catalog/national_values.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "domain/format.h"
#include "domain/text.h"

namespace motcua::catalog::national_detail {

using nlohmann::json;

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
  if (j - i > 9) return std::nullopt;  // no time limit or set count has ten digits
  double v = std::stod(f.substr(i, j - i));
  if (j + 1 < f.size() && (f[j] == ',' || f[j] == '.') && std::isdigit(static_cast<unsigned char>(f[j + 1]))) {
    size_t k = j + 1;
    while (k < f.size() && std::isdigit(static_cast<unsigned char>(f[k]))) ++k;
    if (k - j > 9) return std::nullopt;
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
  // Numbers keep their separators ("1,5", "0.5"): fold() would turn them into spaces.
  const std::string plain = lower_ascii(text::strip_diacritics(raw));
  size_t at = 0;
  auto n = first_number(plain, at);
  const size_t digit = plain.find_first_of("0123456789");
  // "Trong ngày" / "Ngay trong ngày …" before any number: due the same working day (amount 1, as the catalog writes it).
  const std::string before = text::fold(plain.substr(0, digit == std::string::npos ? plain.size() : digit));
  if (before.find("trong ngay") != std::string::npos) return json{{"amount", 1}, {"unit", "same_day"}, {"note", raw}};
  if (!n) return std::nullopt;
  const std::string rest = text::fold(plain.substr(at));
  std::string unit;
  if (starts_with_word(rest, 0, "ngay lam viec")) unit = "working_days";
  else if (starts_with_word(rest, 0, "gio")) unit = "hours";
  else if (starts_with_word(rest, 0, "ngay")) unit = "days";
  else return std::nullopt;
  json amount = *n == std::floor(*n) && *n < 1e9 ? json(static_cast<int64_t>(*n)) : json(*n);
  return json{{"amount", amount}, {"unit", unit}, {"note", raw}};
}

// Amounts in đồng written in text: "8.000 đồng", "50,000đ", "100.000 VNĐ".
std::vector<int64_t> amounts_in(const std::string& raw) {
  std::string f = lower_ascii(text::strip_diacritics(raw));
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
  if (s.size() > 10) return std::nullopt;
  if (std::sscanf(s.c_str(), "%d%c%d%c%d", &d, &a, &m, &b, &y) == 5 && a == '/' && b == '/' && y > 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
    char buf[40];  // room for any int, so the release build's -Wformat-truncation holds
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    if (fmt::parse_iso_date(buf)) return std::string(buf);
    return std::nullopt;
  }
  if (s.size() == 10 && fmt::parse_iso_date(s)) return s;
  return std::nullopt;  // an unreadable date is left out, the document still cited
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


}  // namespace motcua::catalog::national_detail
