#include "domain/catalog/xlsx_rows.h"

#include <zlib.h>

#include <cstdint>
#include <map>

#include "domain/errors.h"
#include "domain/text.h"

namespace motcua::catalog {

namespace {

constexpr size_t kMaxTotal = 64u << 20;  // uncompressed bytes read from the archive
constexpr int kMaxRows = 200000;
constexpr size_t kMaxCols = 256;

[[noreturn]] void not_xlsx(const std::string& why) {
  throw DomainError(ErrorKind::bad_input, "not_xlsx", "Tệp không phải bảng tính XLSX đọc được: " + why + ".");
}

uint32_t rd16(std::string_view z, size_t p) {
  if (p + 2 > z.size()) not_xlsx("tệp bị cắt cụt");
  return static_cast<uint8_t>(z[p]) | static_cast<uint8_t>(z[p + 1]) << 8;
}
uint32_t rd32(std::string_view z, size_t p) { return rd16(z, p) | rd16(z, p + 2) << 16; }

struct Entry {
  uint32_t method = 0, flags = 0, csize = 0, usize = 0, local = 0;
};

class Zip {
 public:
  explicit Zip(std::string_view z) : z_(z) {
    if (!is_zip(z)) not_xlsx("không phải tệp nén ZIP của Excel");
    // End of central directory: the last 22 bytes plus a comment of at most 65,535 bytes.
    size_t eocd = std::string_view::npos;
    const size_t lowest = z.size() > 22 + 65535 ? z.size() - 22 - 65535 : 0;
    for (size_t p = z.size() >= 22 ? z.size() - 22 + 1 : 0; p-- > lowest;)
      if (rd32(z, p) == 0x06054b50) {
        eocd = p;
        break;
      }
    if (eocd == std::string_view::npos) not_xlsx("thiếu mục lục của tệp nén");
    const uint32_t count = rd16(z, eocd + 10), cd_offset = rd32(z, eocd + 16);
    size_t p = cd_offset;
    for (uint32_t i = 0; i < count; ++i) {
      if (rd32(z, p) != 0x02014b50) not_xlsx("mục lục của tệp nén bị hỏng");
      Entry e;
      e.flags = rd16(z, p + 8);
      e.method = rd16(z, p + 10);
      e.csize = rd32(z, p + 20);
      e.usize = rd32(z, p + 24);
      const uint32_t nlen = rd16(z, p + 28), xlen = rd16(z, p + 30), clen = rd16(z, p + 32);
      e.local = rd32(z, p + 42);
      if (p + 46 + nlen > z.size()) not_xlsx("mục lục của tệp nén bị hỏng");
      entries_[std::string(z.substr(p + 46, nlen))] = e;
      p += 46 + nlen + xlen + clen;
    }
  }

  bool has(const std::string& name) const { return entries_.count(name) > 0; }

  std::string read(const std::string& name) {
    auto it = entries_.find(name);
    if (it == entries_.end()) not_xlsx("thiếu phần " + name);
    const Entry& e = it->second;
    if (e.flags & 1u) not_xlsx("tệp được đặt mật khẩu");
    if (rd32(z_, e.local) != 0x04034b50) not_xlsx("phần " + name + " bị hỏng");
    const size_t at = static_cast<size_t>(e.local) + 30 + rd16(z_, e.local + 26) + rd16(z_, e.local + 28);
    if (at > z_.size() || e.csize > z_.size() - at) not_xlsx("phần " + name + " bị cắt cụt");
    if (e.usize > kMaxTotal - total_)
      throw DomainError(ErrorKind::bad_input, "xlsx_too_large", "Bảng tính quá lớn (tối đa 64 MiB dữ liệu sau khi giải nén).");
    std::string_view data = z_.substr(at, e.csize);
    std::string out;
    if (e.method == 0) {
      out.assign(data);
    } else if (e.method == 8) {
      out.resize(e.usize);
      z_stream s{};
      if (inflateInit2(&s, -15) != Z_OK) not_xlsx("không giải nén được");
      s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
      s.avail_in = static_cast<uInt>(data.size());
      s.next_out = reinterpret_cast<Bytef*>(out.data());
      s.avail_out = static_cast<uInt>(out.size());
      const int rc = inflate(&s, Z_FINISH);
      const size_t got = s.total_out;
      inflateEnd(&s);
      if (rc != Z_STREAM_END || got != e.usize) not_xlsx("phần " + name + " bị hỏng (giải nén lỗi)");
    } else {
      not_xlsx("kiểu nén không hỗ trợ");
    }
    total_ += out.size();
    return out;
  }

 private:
  std::string_view z_;
  std::map<std::string, Entry> entries_;
  size_t total_ = 0;
};

// XML text with entities and character references decoded.
void append_utf8(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) out += static_cast<char>(cp);
  else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
  else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') { out += s[i]; continue; }
    const size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) { out += '&'; continue; }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "amp") out += '&';
    else if (ent == "quot") out += '"';
    else if (ent == "apos") out += '\'';
    else if (ent.size() > 1 && ent[0] == '#') {
      uint32_t cp = 0;
      const bool hex = ent[1] == 'x' || ent[1] == 'X';
      bool ok = ent.size() > (hex ? 2u : 1u);
      for (size_t k = hex ? 2 : 1; k < ent.size() && ok; ++k) {
        const char c = ent[k];
        const int v = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0 || cp > 0x10FFFF) ok = false;
        else cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
      }
      if (!ok) { out += '&'; continue; }
      append_utf8(out, cp);
    } else {
      out += '&';
      continue;
    }
    i = semi;
  }
  return out;
}

// The value of attribute `name` in a start tag's text ("" when absent).
std::string attr(std::string_view tag, std::string_view name) {
  size_t p = 0;
  while ((p = tag.find(name, p)) != std::string_view::npos) {
    const bool starts = p > 0 && (tag[p - 1] == ' ' || tag[p - 1] == '\t' || tag[p - 1] == '\n' || tag[p - 1] == '\r');
    size_t q = p + name.size();
    while (q < tag.size() && tag[q] == ' ') ++q;
    if (starts && q < tag.size() && tag[q] == '=') {
      ++q;
      while (q < tag.size() && tag[q] == ' ') ++q;
      if (q < tag.size() && (tag[q] == '"' || tag[q] == '\'')) {
        const size_t end = tag.find(tag[q], q + 1);
        if (end == std::string_view::npos) return "";
        return unescape(tag.substr(q + 1, end - q - 1));
      }
    }
    p += name.size();
  }
  return "";
}

// Concatenated text of every <t>…</t> inside `xml` (rich-text runs), skipping phonetic runs (<rPh>).
std::string text_runs(std::string_view xml) {
  std::string out;
  size_t p = 0;
  while ((p = xml.find("<", p)) != std::string_view::npos) {
    if (xml.compare(p, 4, "<rPh") == 0) {
      const size_t end = xml.find("</rPh>", p);
      if (end == std::string_view::npos) break;
      p = end + 6;
      continue;
    }
    if (xml.compare(p, 2, "<t") == 0 && p + 2 < xml.size() && (xml[p + 2] == '>' || xml[p + 2] == ' ')) {
      const size_t open_end = xml.find('>', p);
      if (open_end == std::string_view::npos) break;
      if (xml[open_end - 1] == '/') { p = open_end + 1; continue; }  // <t/>
      const size_t close = xml.find("</t>", open_end);
      if (close == std::string_view::npos) break;
      out += unescape(xml.substr(open_end + 1, close - open_end - 1));
      p = close + 4;
      continue;
    }
    ++p;
  }
  return out;
}

// The body of each element <name …>…</name> (or empty for <name …/>), with its start tag.
template <class F>
void each_element(std::string_view xml, std::string_view name, F&& f) {
  const std::string open = "<" + std::string(name), close = "</" + std::string(name) + ">";
  size_t p = 0;
  while ((p = xml.find(open, p)) != std::string_view::npos) {
    const size_t after = p + open.size();
    if (after >= xml.size()) return;
    if (xml[after] != '>' && xml[after] != ' ' && xml[after] != '/' && xml[after] != '\n' && xml[after] != '\r' && xml[after] != '\t') {
      p = after;
      continue;
    }
    const size_t tag_end = xml.find('>', after);
    if (tag_end == std::string_view::npos) return;
    std::string_view tag = xml.substr(p, tag_end - p);
    if (xml[tag_end - 1] == '/') {
      f(tag, std::string_view());
      p = tag_end + 1;
      continue;
    }
    const size_t end = xml.find(close, tag_end);
    if (end == std::string_view::npos) return;
    f(tag, xml.substr(tag_end + 1, end - tag_end - 1));
    p = end + close.size();
  }
}

// Column index of a cell reference ("B7" → 1); -1 when there is none.
int column_of(std::string_view ref) {
  int col = 0, letters = 0;
  for (char c : ref) {
    if (c >= 'A' && c <= 'Z') { col = col * 26 + (c - 'A' + 1); if (++letters > 3) return -1; }
    else break;
  }
  return letters ? col - 1 : -1;
}

std::string first_sheet_path(Zip& zip) {
  if (!zip.has("xl/workbook.xml")) not_xlsx("thiếu phần xl/workbook.xml");
  const std::string wb = zip.read("xl/workbook.xml");
  std::string rid;
  each_element(wb, "sheet", [&](std::string_view tag, std::string_view) {
    if (rid.empty()) rid = attr(tag, "r:id");
  });
  if (!rid.empty() && zip.has("xl/_rels/workbook.xml.rels")) {
    const std::string rels = zip.read("xl/_rels/workbook.xml.rels");
    std::string target;
    each_element(rels, "Relationship", [&](std::string_view tag, std::string_view) {
      if (target.empty() && attr(tag, "Id") == rid) target = attr(tag, "Target");
    });
    if (!target.empty()) {
      if (target[0] == '/') return target.substr(1);
      return "xl/" + target;
    }
  }
  return "xl/worksheets/sheet1.xml";
}

}  // namespace

bool is_zip(std::string_view b) { return b.size() >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4; }

std::vector<SheetRow> read_xlsx_rows(std::string_view bytes) {
  Zip zip(bytes);
  const std::string sheet_path = first_sheet_path(zip);
  std::vector<std::string> shared;
  if (zip.has("xl/sharedStrings.xml")) {
    const std::string ss = zip.read("xl/sharedStrings.xml");
    each_element(ss, "si", [&](std::string_view, std::string_view body) { shared.push_back(text_runs(body)); });
  }
  const std::string sheet = zip.read(sheet_path);
  std::vector<SheetRow> rows;
  int last_number = 0;
  each_element(sheet, "row", [&](std::string_view tag, std::string_view body) {
    SheetRow row;
    const std::string r = attr(tag, "r");
    row.number = last_number + 1;
    if (!r.empty() && r.size() < 8 && r.find_first_not_of("0123456789") == std::string::npos && std::stoi(r) >= 1) row.number = std::stoi(r);
    last_number = row.number;
    int next_col = 0;
    each_element(body, "c", [&](std::string_view ctag, std::string_view cbody) {
      int col = column_of(attr(ctag, "r"));
      if (col < 0) col = next_col;
      next_col = col + 1;
      if (static_cast<size_t>(col) >= kMaxCols) return;
      const std::string type = attr(ctag, "t");
      std::string value;
      if (type == "inlineStr") {
        value = text_runs(cbody);
      } else {
        std::string v;
        each_element(cbody, "v", [&](std::string_view, std::string_view vb) { v = unescape(vb); });
        if (type == "s") {
          size_t i = 0;
          bool ok = !v.empty() && v.size() < 10 && v.find_first_not_of("0123456789") == std::string::npos;
          if (ok) i = std::stoul(v);
          value = ok && i < shared.size() ? shared[i] : "";
        } else if (type == "b") {
          value = v == "1" ? "TRUE" : "FALSE";
        } else {
          value = v;
        }
      }
      if (value.empty()) return;
      if (!text::valid_utf8(value)) not_xlsx("ô " + attr(ctag, "r") + " không phải văn bản UTF-8 hợp lệ");
      if (row.cells.size() <= static_cast<size_t>(col)) row.cells.resize(col + 1);
      row.cells[col] = std::move(value);
    });
    if (row.cells.empty()) return;
    if (rows.size() >= static_cast<size_t>(kMaxRows))
      throw DomainError(ErrorKind::bad_input, "xlsx_too_large", "Bảng tính có quá nhiều dòng (tối đa 200.000).");
    rows.push_back(std::move(row));
  });
  return rows;
}

}  // namespace motcua::catalog
