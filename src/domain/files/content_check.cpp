#include "domain/files/content_check.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>
#include <utility>
#include <vector>

#include "domain/errors.h"

namespace motcua::files {
namespace {

using u8 = unsigned char;

u8 at(std::string_view d, size_t i) { return static_cast<u8>(d[i]); }
uint32_t be16(std::string_view d, size_t i) { return (uint32_t{at(d, i)} << 8) | at(d, i + 1); }
uint32_t be32(std::string_view d, size_t i) { return (be16(d, i) << 16) | be16(d, i + 2); }
uint32_t le16(std::string_view d, size_t i) { return uint32_t{at(d, i)} | (uint32_t{at(d, i + 1)} << 8); }
uint32_t le32(std::string_view d, size_t i) { return le16(d, i) | (le16(d, i + 2) << 16); }

// ---- refusals (Vietnamese, NFC) ----

const char* kUnsupported =
    "Tệp không đúng định dạng cho phép. Chỉ chấp nhận tệp PDF, JPEG hoặc PNG (hệ thống kiểm tra nội dung tệp, "
    "không dựa vào tên hay phần mở rộng). Vui lòng chọn đúng tệp giấy tờ rồi tải lên.";

[[noreturn]] void unsupported(const std::string& msg = kUnsupported) {
  throw DomainError(ErrorKind::unsupported_media, "unsupported_media", msg);
}

[[noreturn]] void polyglot() {
  throw DomainError(ErrorKind::unsupported_media, "polyglot_file",
                    "Tệp vừa là tệp PDF/ảnh vừa chứa một định dạng khác ghép vào (ví dụ tệp nén ZIP hoặc chương trình). "
                    "Vì an toàn, hệ thống không nhận tệp ghép này. Vui lòng xuất lại tệp PDF hoặc chụp/quét lại ảnh rồi tải lên.");
}

[[noreturn]] void trailing() {
  throw DomainError(ErrorKind::unsupported_media, "trailing_data",
                    "Tệp có dữ liệu thừa sau phần kết thúc tệp. Vì an toàn, hệ thống không nhận tệp này. "
                    "Vui lòng lưu hoặc xuất lại tệp (PDF, JPEG, PNG) rồi tải lên.");
}

[[noreturn]] void damaged_pdf() {
  throw DomainError(ErrorKind::unsupported_media, "damaged_file",
                    "Tệp PDF không hợp lệ hoặc bị cắt cụt (thiếu phần đầu %PDF-x.y hoặc dấu kết thúc %%EOF). "
                    "Vui lòng xuất lại tệp PDF.");
}

[[noreturn]] void damaged_jpeg(const std::string& what) {
  throw DomainError(ErrorKind::unsupported_media, "damaged_file",
                    "Tệp ảnh JPEG không hợp lệ hoặc bị cắt cụt (" + what + "). Vui lòng chụp hoặc quét lại.");
}

[[noreturn]] void damaged_png(const std::string& what) {
  throw DomainError(ErrorKind::unsupported_media, "damaged_file",
                    "Tệp ảnh PNG không hợp lệ hoặc bị cắt cụt (" + what + "). Vui lòng lưu lại ảnh.");
}

[[noreturn]] void uncheckable_pdf() {
  unsupported("Tệp PDF dùng cách nén không kiểm tra được. Vui lòng xuất lại tệp bằng chức năng “In ra PDF” "
              "(Print to PDF) rồi tải lên.");
}

[[noreturn]] void encrypted() {
  throw DomainError(ErrorKind::invalid, "encrypted_pdf",
                    "Tệp PDF đang được đặt mật khẩu hoặc chế độ bảo vệ (mã hóa), cán bộ sẽ không mở hoặc in được. "
                    "Vui lòng gỡ mật khẩu, hoặc xuất lại tệp PDF không đặt chế độ bảo vệ, rồi tải lên.");
}

[[noreturn]] void active(const std::string& name) {
  throw DomainError(ErrorKind::invalid, "active_content",
                    "Tệp PDF chứa nội dung tự chạy hoặc tệp đính kèm bên trong (mã JavaScript, lệnh mở chương trình, "
                    "tệp nhúng, biểu mẫu gửi dữ liệu đi; phát hiện /" + name + "), nên không được nhận vì an toàn. "
                    "Vui lòng xuất lại tệp bằng chức năng “In ra PDF” (Print to PDF) rồi tải lên.");
}

// ---- polyglots ----

// A ZIP end-of-central-directory record that a ZIP reader would accept, within the last 64 KiB + 22 bytes.
bool has_zip_trailer(std::string_view d) {
  const size_t n = d.size();
  if (n < 22) return false;
  const size_t lo = n > 65536 + 22 ? n - (65536 + 22) : 0;
  for (size_t e = n - 22 + 1; e-- > lo;) {
    if (d[e] != 'P' || d[e + 1] != 'K' || d[e + 2] != 5 || d[e + 3] != 6) continue;
    uint32_t here = le16(d, e + 8), total = le16(d, e + 10), cd_size = le32(d, e + 12), cd_off = le32(d, e + 16);
    if (e + 22 + le16(d, e + 20) > n) continue;  // the comment must fit
    if (here == 0xFFFF || total == 0xFFFF || cd_size == 0xFFFFFFFF || cd_off == 0xFFFFFFFF) {
      if (e >= 20 && d.substr(e - 20, 4) == std::string_view("PK\x06\x07", 4)) return true;  // ZIP64 locator
      continue;
    }
    if (here > total) continue;
    if (total == 0) {
      if (cd_size == 0) return true;
      continue;
    }
    if (cd_size > e || cd_off > e - cd_size) continue;
    if (d.substr(e - cd_size, 4) == std::string_view("PK\x01\x02", 4)) return true;
  }
  return false;
}

bool pdf_header_near_start(std::string_view d) { return d.substr(0, 1024).find("%PDF-") != std::string_view::npos; }

// ---- PDF ----

bool is_ws(u8 c) { return c == 0 || c == 9 || c == 10 || c == 12 || c == 13 || c == 32; }
bool is_delim(u8 c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}
bool is_regular(u8 c) { return !is_ws(c) && !is_delim(c); }
int hexval(u8 c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Names refused wherever they are lexed as names; the long ones are also looked for in raw bytes.
bool is_long_active(std::string_view n) {
  return n == "JavaScript" || n == "Launch" || n == "EmbeddedFile" || n == "EmbeddedFiles" || n == "RichMedia" ||
         n == "SubmitForm" || n == "ImportData";
}
bool is_active(std::string_view n) { return n == "JS" || n == "XFA" || is_long_active(n); }

struct Tok {
  char kind;  // 'n' name (decoded), 'w' word (number, keyword), '<' '>' dictionary, '[' ']' array, 's' string
  std::string text;
};

struct Scan {
  bool encrypted = false;
  std::string active;  // the first active name found
  size_t inflated = 0;
  void name(const std::string& n) {
    if (n == "Encrypt") encrypted = true;
    else if (active.empty() && is_active(n)) active = n;
  }
};

struct ObjStream {
  std::map<std::string, std::vector<Tok>> dict;
  std::string_view data;
};

// Every '/' followed by regular characters, wherever it is (strings, stream data): the long active names.
void scan_raw(std::string_view d, Scan& s) {
  const char* base = d.data();
  size_t i = 0;
  while (s.active.empty() && i < d.size()) {
    const void* p = std::memchr(base + i, '/', d.size() - i);
    if (!p) return;
    i = static_cast<size_t>(static_cast<const char*>(p) - base) + 1;
    size_t j = i;
    while (j < d.size() && j - i <= 48 && is_regular(at(d, j))) ++j;
    if (j - i < 6 || j - i > 48) continue;
    std::string n = decode_pdf_name(d.substr(i, j - i));
    if (is_long_active(n)) s.active = n;
  }
}

// A dictionary's entries at its top level (tokens without the outer << >>): key → value tokens.
std::map<std::string, std::vector<Tok>> entries(const std::vector<Tok>& t) {
  std::map<std::string, std::vector<Tok>> m;
  size_t k = 0;
  while (k < t.size()) {
    if (t[k].kind != 'n') {
      ++k;
      continue;
    }
    std::vector<Tok>& v = m[t[k].text];
    v.clear();
    if (++k >= t.size()) break;
    if (t[k].kind == '<' || t[k].kind == '[') {
      int level = 0;
      do {
        if (t[k].kind == '<' || t[k].kind == '[') ++level;
        if (t[k].kind == '>' || t[k].kind == ']') --level;
        v.push_back(t[k++]);
      } while (k < t.size() && level > 0);
    } else if (t[k].kind == 'w' && k + 2 < t.size() && t[k + 1].kind == 'w' && t[k + 2].kind == 'w' && t[k + 2].text == "R") {
      v.insert(v.end(), t.begin() + static_cast<long>(k), t.begin() + static_cast<long>(k) + 3);
      k += 3;
    } else {
      v.push_back(t[k++]);
    }
  }
  return m;
}

bool is_uint(const std::string& w) { return !w.empty() && w.size() <= 12 && w.find_first_not_of("0123456789") == std::string::npos; }

// A non-negative integer value ("/Length 120"), or -1 (missing, a reference, anything else).
long long int_value(const std::map<std::string, std::vector<Tok>>& m, const std::string& key) {
  auto it = m.find(key);
  if (it == m.end() || it->second.size() != 1 || it->second[0].kind != 'w' || !is_uint(it->second[0].text)) return -1;
  return std::stoll(it->second[0].text);
}

// Lexes PDF syntax: names are reported to `s`; at the top level (`streams` given) the data of each stream
// is skipped and the object streams are collected.
void lex(std::string_view d, Scan& s, std::vector<ObjStream>* streams) {
  const size_t n = d.size();
  size_t i = 0;
  int depth = 0;  // dictionary nesting
  std::vector<Tok> toks;  // the tokens of the current top-level dictionary
  std::vector<Tok> last_toks;  // the last top-level dictionary closed (its entries are read only before "stream")
  bool have_last = false;
  auto push = [&](char kind, std::string text = {}) {
    if (depth > 0) toks.push_back({kind, std::move(text)});
  };
  while (i < n) {
    u8 c = at(d, i);
    if (is_ws(c)) {
      ++i;
    } else if (c == '%') {
      while (i < n && at(d, i) != '\r' && at(d, i) != '\n') ++i;
    } else if (c == '(') {
      int level = 0;
      do {
        u8 x = at(d, i);
        if (x == '\\') ++i;
        else if (x == '(') ++level;
        else if (x == ')') --level;
        ++i;
      } while (i < n && level > 0);
      push('s');
    } else if (c == '<' && i + 1 < n && at(d, i + 1) == '<') {
      if (depth++ == 0) toks.clear();
      else push('<');
      i += 2;
    } else if (c == '<') {
      size_t e = d.find('>', i + 1);
      i = e == std::string_view::npos ? n : e + 1;
      push('s');
    } else if (c == '>' && i + 1 < n && at(d, i + 1) == '>') {
      i += 2;
      if (depth > 0 && --depth == 0) {
        last_toks.swap(toks);
        have_last = true;
      } else {
        push('>');
      }
    } else if (c == '[' || c == ']' || c == '{' || c == '}' || c == ')' || c == '>') {
      if (c == '[' || c == ']') push(static_cast<char>(c));
      ++i;
    } else if (c == '/') {
      size_t j = i + 1;
      while (j < n && is_regular(at(d, j))) ++j;
      std::string name = decode_pdf_name(d.substr(i + 1, j - i - 1));
      s.name(name);
      push('n', std::move(name));
      i = j;
    } else {
      size_t j = i;
      while (j < n && is_regular(at(d, j))) ++j;
      std::string_view word = d.substr(i, j - i);
      i = j;
      if (word != "stream" || !streams || depth > 0) {
        push('w', std::string(word));
        if (depth == 0) have_last = false;
        continue;
      }
      // Stream data: from the end of line after "stream" to "endstream" (at /Length when that checks out).
      if (i < n && at(d, i) == '\r') ++i;
      if (i < n && at(d, i) == '\n') ++i;
      size_t start = i, end = std::string_view::npos, resume = n;
      const auto last = have_last ? entries(last_toks) : std::map<std::string, std::vector<Tok>>{};
      long long len = have_last ? int_value(last, "Length") : -1;
      if (len >= 0 && static_cast<size_t>(len) <= n - start) {
        size_t k = start + static_cast<size_t>(len);
        while (k < n && is_ws(at(d, k))) ++k;
        if (d.substr(k, 9) == "endstream") end = start + static_cast<size_t>(len), resume = k + 9;
      }
      if (end == std::string_view::npos) {
        size_t k = d.find("endstream", start);
        end = k == std::string_view::npos ? n : k;
        resume = k == std::string_view::npos ? n : k + 9;
      }
      if (have_last) {
        auto type = last.find("Type");
        bool objstm = (type != last.end() && type->second.size() == 1 && type->second[0].kind == 'n' && type->second[0].text == "ObjStm") ||
                      (last.count("N") && last.count("First"));
        if (objstm) streams->push_back({last, d.substr(start, end - start)});
      }
      have_last = false;
      i = resume;
    }
  }
}

std::string inflate_all(std::string_view in, Scan& s) {
  std::string out;
  for (int window : {15 + 32, -15}) {  // zlib or gzip wrapper; else raw deflate
    out.clear();
    z_stream z{};
    if (inflateInit2(&z, window) != Z_OK) uncheckable_pdf();
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    char buf[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      rc = inflate(&z, Z_NO_FLUSH);
      out.append(buf, sizeof buf - z.avail_out);
      if (s.inflated + out.size() > kMaxInflated) {
        inflateEnd(&z);
        uncheckable_pdf();
      }
      if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // truncated input: keep what inflated (as readers do)
    }
    inflateEnd(&z);
    if (!out.empty() || window == -15) break;
  }
  s.inflated += out.size();
  return out;
}

// Undoes the PNG predictors (ISO 32000 §7.4.4.4) of rows of `columns` samples.
std::string unpredict_png(const std::string& in, long long colors, long long bpc, long long columns) {
  const size_t bpp = static_cast<size_t>(std::max(1LL, colors * bpc / 8));
  const size_t row = static_cast<size_t>((columns * colors * bpc + 7) / 8);
  if (row == 0) uncheckable_pdf();
  std::string out, prev(row, '\0');
  for (size_t p = 0; p + 1 <= in.size(); p += row + 1) {
    u8 type = static_cast<u8>(in[p]);
    std::string cur = in.substr(p + 1, row);
    cur.resize(row, '\0');
    for (size_t k = 0; k < row; ++k) {
      int a = k >= bpp ? static_cast<u8>(cur[k - bpp]) : 0, b = static_cast<u8>(prev[k]), cc = k >= bpp ? static_cast<u8>(prev[k - bpp]) : 0;
      int add = 0;
      if (type == 1) add = a;
      else if (type == 2) add = b;
      else if (type == 3) add = (a + b) / 2;
      else if (type == 4) {
        int pp = a + b - cc, pa = std::abs(pp - a), pb = std::abs(pp - b), pc = std::abs(pp - cc);
        add = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : cc);
      }
      cur[k] = static_cast<char>(static_cast<u8>(cur[k]) + add);
    }
    out += cur;
    prev = cur;
  }
  return out;
}

std::string decode_object_stream(const ObjStream& os, Scan& s) {
  std::vector<std::string> filters;
  if (auto f = os.dict.find("Filter"); f != os.dict.end()) {
    for (const auto& t : f->second) {
      if (t.kind == 'n') filters.push_back(t.text);
      else if (t.kind == 'w') uncheckable_pdf();  // an indirect filter
    }
  }
  if (filters.empty()) return std::string(os.data);
  if (filters.size() != 1 || (filters[0] != "FlateDecode" && filters[0] != "Fl")) uncheckable_pdf();
  std::string out = inflate_all(os.data, s);
  auto parms = os.dict.find("DecodeParms");
  if (parms == os.dict.end()) return out;
  // << … >> or [<< … >>]: the entries of the (first) dictionary.
  std::map<std::string, std::vector<Tok>> p;
  const auto& v = parms->second;
  auto open = std::find_if(v.begin(), v.end(), [](const Tok& t) { return t.kind == '<'; });
  if (open != v.end()) {
    auto close = open + 1;
    for (int level = 1; close != v.end(); ++close) {
      if (close->kind == '<' || close->kind == '[') ++level;
      if ((close->kind == '>' || close->kind == ']') && --level == 0) break;
    }
    p = entries(std::vector<Tok>(open + 1, close));
  }
  long long predictor = int_value(p, "Predictor");
  if (predictor <= 1) return out;
  if (predictor < 10) uncheckable_pdf();  // TIFF predictor
  long long colors = int_value(p, "Colors"), bpc = int_value(p, "BitsPerComponent"), columns = int_value(p, "Columns");
  if (colors > 32 || bpc > 16 || columns > 1 << 20) uncheckable_pdf();
  return unpredict_png(out, colors < 1 ? 1 : colors, bpc < 1 ? 8 : bpc, columns < 1 ? 1 : columns);
}

void check_pdf(std::string_view d) {
  if (d.size() < 8 || !std::isdigit(at(d, 5)) || d[6] != '.' || !std::isdigit(at(d, 7))) damaged_pdf();
  size_t eof = d.rfind("%%EOF");
  if (eof == std::string_view::npos) damaged_pdf();
  if (has_zip_trailer(d)) polyglot();
  std::string_view rest = d.substr(eof + 5);
  if (rest.size() > 1024) trailing();
  for (char c : rest)
    if (!is_ws(static_cast<u8>(c))) trailing();
  Scan s;
  std::vector<ObjStream> streams;
  lex(d, s, &streams);
  if (s.encrypted) encrypted();
  if (!s.active.empty()) active(s.active);
  scan_raw(d, s);
  if (!s.active.empty()) active(s.active);
  for (const auto& os : streams) {
    std::string objects = decode_object_stream(os, s);
    lex(objects, s, nullptr);
    scan_raw(objects, s);
    if (!s.active.empty()) active(s.active);
  }
}

// ---- JPEG ----

bool is_sof(u8 m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }
bool is_padding(u8 c) { return c == 0x00 || c == ' ' || c == '\r' || c == '\n' || c == '\t'; }

// Walks one JPEG image from `start` (SOI) to its EOI and returns the offset after EOI.
size_t walk_jpeg(std::string_view d, size_t start, bool* mpf) {
  const size_t n = d.size();
  if (n - start < 4 || at(d, start) != 0xFF || at(d, start + 1) != 0xD8) damaged_jpeg("thiếu phần đầu ảnh");
  size_t i = start + 2;
  bool sof = false, in_scan = false;
  for (;;) {
    if (in_scan) {  // entropy-coded data: up to the next marker that is neither stuffing nor a restart
      const void* p = std::memchr(d.data() + i, 0xFF, n - i);
      if (!p) damaged_jpeg("thiếu dấu kết thúc ảnh");
      i = static_cast<size_t>(static_cast<const char*>(p) - d.data());
      if (i + 1 >= n) damaged_jpeg("thiếu dấu kết thúc ảnh");
      u8 m = at(d, i + 1);
      if (m == 0x00 || (m >= 0xD0 && m <= 0xD7)) {
        i += 2;
        continue;
      }
      if (m == 0xFF) {
        ++i;
        continue;
      }
      in_scan = false;
    }
    if (i >= n) damaged_jpeg("thiếu dấu kết thúc ảnh");
    if (at(d, i) != 0xFF) damaged_jpeg("cấu trúc các đoạn dữ liệu bị hỏng");
    while (i < n && at(d, i) == 0xFF) ++i;  // fill bytes
    if (i >= n) damaged_jpeg("thiếu dấu kết thúc ảnh");
    const u8 m = at(d, i++);
    if (m == 0xD9) {
      if (!sof) damaged_jpeg("thiếu khung ảnh SOF");
      return i;
    }
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) continue;  // markers without a length
    if (m == 0x00 || m == 0xD8) damaged_jpeg("cấu trúc các đoạn dữ liệu bị hỏng");
    if (n - i < 2) damaged_jpeg("thiếu dấu kết thúc ảnh");
    const size_t len = be16(d, i);
    if (len < 2 || len > n - i) damaged_jpeg("một đoạn dữ liệu vượt quá cuối tệp");
    if (is_sof(m)) {
      size_t nf = len >= 8 ? at(d, i + 7) : 0;
      if (len < 8 || be16(d, i + 5) == 0 || nf < 1 || nf > 4 || len != 8 + 3 * nf) damaged_jpeg("khung ảnh SOF không hợp lệ");
      sof = true;
    } else if (m == 0xDA) {
      size_t ns = len >= 3 ? at(d, i + 2) : 0;
      if (!sof) damaged_jpeg("thiếu khung ảnh SOF trước dữ liệu ảnh");
      if (ns < 1 || ns > 4 || len != 6 + 2 * ns) damaged_jpeg("đoạn SOS không hợp lệ");
      in_scan = true;
    } else if (m == 0xE2 && len >= 6 && d.substr(i + 2, 4) == std::string_view("MPF\0", 4)) {
      *mpf = true;
    }
    i += len;
  }
}

void check_jpeg(std::string_view d) {
  if (pdf_header_near_start(d) || has_zip_trailer(d)) polyglot();
  bool mpf = false;
  size_t end = walk_jpeg(d, 0, &mpf);
  for (int images = 0;; ++images) {
    while (end < d.size() && is_padding(at(d, end))) ++end;
    if (end == d.size()) return;
    // Multi-Picture Format: further complete images (depth map, HDR gain map) follow the first one.
    if (!mpf || images >= 16 || d.size() - end < 4 || at(d, end) != 0xFF || at(d, end + 1) != 0xD8) trailing();
    bool ignored = false;
    end = walk_jpeg(d, end, &ignored);
  }
}

// ---- PNG ----

bool valid_depth(u8 colour, u8 depth) {
  switch (colour) {
    case 0: return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
    case 3: return depth == 1 || depth == 2 || depth == 4 || depth == 8;
    case 2:
    case 4:
    case 6: return depth == 8 || depth == 16;
    default: return false;
  }
}

void check_png(std::string_view d) {
  if (pdf_header_near_start(d) || has_zip_trailer(d)) polyglot();
  const size_t n = d.size();
  size_t i = 8;
  bool idat = false;
  for (bool first = true;; first = false) {
    if (i == n) damaged_png("thiếu khối kết thúc IEND");
    if (n - i < 12) damaged_png("khối dữ liệu bị cắt cụt");
    const size_t len = be32(d, i);
    if (len > 0x7FFFFFFF || len > n - i - 12) damaged_png("khối dữ liệu vượt quá cuối tệp");
    const std::string_view type = d.substr(i + 4, 4);
    for (char ch : type)
      if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'))) damaged_png("tên khối không hợp lệ");
    uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(d.data() + i + 4), static_cast<uInt>(len + 4));
    if (crc != be32(d, i + 8 + len)) damaged_png("sai mã kiểm tra CRC của khối " + std::string(type));
    if (first != (type == "IHDR")) damaged_png("khối IHDR phải đứng đầu");
    if (type == "IHDR") {
      if (len != 13 || be32(d, i + 8) == 0 || be32(d, i + 12) == 0 || !valid_depth(at(d, i + 17), at(d, i + 16)) ||
          at(d, i + 18) != 0 || at(d, i + 19) != 0 || at(d, i + 20) > 1)
        damaged_png("khối IHDR không hợp lệ");
    } else if (type == "IDAT") {
      idat = true;
    } else if (type == "IEND") {
      if (!idat) damaged_png("không có dữ liệu ảnh IDAT");
      if (len != 0) damaged_png("khối IEND không hợp lệ");
      if (i + 12 != n) trailing();
      return;
    } else if (type[0] >= 'A' && type[0] <= 'Z' && type != "PLTE") {
      damaged_png("khối bắt buộc " + std::string(type) + " không được hỗ trợ");
    }
    i += 12 + len;
  }
}

}  // namespace

std::string decode_pdf_name(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '#' && i + 2 < raw.size()) {
      int h = hexval(static_cast<u8>(raw[i + 1])), l = hexval(static_cast<u8>(raw[i + 2]));
      if (h >= 0 && l >= 0) {
        out.push_back(static_cast<char>(h * 16 + l));
        i += 2;
        continue;
      }
    }
    out.push_back(raw[i]);
  }
  return out;
}

std::string check_content(std::string_view d) {
  auto starts = [&](std::string_view p) { return d.substr(0, p.size()) == p; };
  if (starts("%PDF-")) {
    check_pdf(d);
    return "application/pdf";
  }
  if (starts("\xFF\xD8\xFF")) {
    check_jpeg(d);
    return "image/jpeg";
  }
  if (starts(std::string_view("\x89PNG\r\n\x1A\n", 8))) {
    check_png(d);
    return "image/png";
  }
  // A PDF header after other data (a ZIP or an executable at offset 0): readers still open it as a PDF.
  if (pdf_header_near_start(d)) polyglot();
  unsupported();
}

}  // namespace motcua::files
