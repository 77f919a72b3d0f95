// PAdES B-B signing and verification (see pades.h).
#include "services/documents/pades.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/text.h"

namespace motcua::documents {

void OpenSslFree::operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
void OpenSslFree::operator()(X509* p) const { X509_free(p); }
void OpenSslFree::operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }

Signer::Signer(EVP_PKEY* key, X509* cert, STACK_OF(X509) * chain) : key_(key), cert_(cert), chain_(chain) {}

namespace {

struct CmsFree {
  void operator()(CMS_ContentInfo* p) const { CMS_ContentInfo_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(PKCS12* p) const { PKCS12_free(p); }
};
using CmsPtr = std::unique_ptr<CMS_ContentInfo, CmsFree>;
using BioPtr = std::unique_ptr<BIO, CmsFree>;

[[noreturn]] void fail(const std::string& msg) {
  unsigned long e = ERR_get_error();
  std::string detail;
  if (e != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    detail = std::string(" (") + buf + ")";
  }
  ERR_clear_error();
  throw std::runtime_error(msg + detail);
}

// ---- a minimal PDF object reader (enough for the catalog, page tree, AcroForm and signature dictionaries) ----

struct Obj {
  enum Kind { Null, Bool, Num, Name, Str, Arr, Dict, Ref } kind = Null;
  std::string raw;                                   // Bool/Num/Name/Str: the token as written
  std::vector<Obj> items;                            // Arr
  std::vector<std::pair<std::string, Obj>> entries;  // Dict (keys without the '/')
  long num = 0, gen = 0;                             // Ref

  const Obj* get(std::string_view key) const {
    for (const auto& [k, v] : entries)
      if (k == key) return &v;
    return nullptr;
  }
  void set(const std::string& key, Obj v) {
    for (auto& [k, old] : entries)
      if (k == key) {
        old = std::move(v);
        return;
      }
    entries.emplace_back(key, std::move(v));
  }
  bool is_name(std::string_view n) const { return kind == Name && raw.size() == n.size() + 1 && raw.substr(1) == n; }
  long integer() const {
    if (kind != Num) throw std::runtime_error("Tệp PDF không hợp lệ: cần một số nguyên");
    try {
      return std::stol(raw);
    } catch (const std::exception&) {
      throw std::runtime_error("Tệp PDF không hợp lệ: số không đọc được");
    }
  }
};

Obj ref(long num, long gen = 0) {
  Obj o;
  o.kind = Obj::Ref;
  o.num = num;
  o.gen = gen;
  return o;
}
Obj token(Obj::Kind k, std::string raw) {
  Obj o;
  o.kind = k;
  o.raw = std::move(raw);
  return o;
}

std::string serialize(const Obj& o) {
  switch (o.kind) {
    case Obj::Null: return "null";
    case Obj::Ref: return std::to_string(o.num) + " " + std::to_string(o.gen) + " R";
    case Obj::Arr: {
      std::string s = "[";
      for (size_t i = 0; i < o.items.size(); ++i) s += (i ? " " : "") + serialize(o.items[i]);
      return s + "]";
    }
    case Obj::Dict: {
      std::string s = "<<";
      for (const auto& [k, v] : o.entries) s += "\n/" + k + " " + serialize(v);
      return s + "\n>>";
    }
    default: return o.raw;
  }
}

bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0'; }
bool is_delim(char c) { return std::string_view("()<>[]{}/%").find(c) != std::string_view::npos; }

[[noreturn]] void malformed(const char* what) { throw std::runtime_error(std::string("Tệp PDF không hợp lệ: ") + what); }

class Lexer {
 public:
  Lexer(std::string_view s, size_t pos) : s_(s), p_(pos) {
    if (p_ > s_.size()) malformed("vị trí vượt quá cuối tệp");
  }
  size_t pos() const { return p_; }

  void skip_ws() {
    while (p_ < s_.size()) {
      if (is_ws(s_[p_])) {
        ++p_;
      } else if (s_[p_] == '%') {
        while (p_ < s_.size() && s_[p_] != '\n' && s_[p_] != '\r') ++p_;
      } else {
        break;
      }
    }
  }
  bool keyword(std::string_view k) {
    skip_ws();
    if (s_.substr(p_, k.size()) != k) return false;
    size_t e = p_ + k.size();
    if (e < s_.size() && !is_ws(s_[e]) && !is_delim(s_[e])) return false;
    p_ = e;
    return true;
  }
  long integer() {
    Obj o = value();
    return o.integer();
  }
  char peek() {
    skip_ws();
    return p_ < s_.size() ? s_[p_] : '\0';
  }
  void advance() { ++p_; }

  Obj value(int depth = 0) {
    if (depth > 64) malformed("lồng nhau quá sâu");
    skip_ws();
    if (p_ >= s_.size()) malformed("hết tệp giữa chừng");
    char c = s_[p_];
    if (c == '<' && p_ + 1 < s_.size() && s_[p_ + 1] == '<') {
      p_ += 2;
      Obj d;
      d.kind = Obj::Dict;
      for (;;) {
        skip_ws();
        if (s_.substr(p_, 2) == ">>") {
          p_ += 2;
          return d;
        }
        if (p_ >= s_.size() || s_[p_] != '/') malformed("khóa từ điển không phải tên");
        std::string key = name().substr(1);
        d.entries.emplace_back(std::move(key), value(depth + 1));
      }
    }
    if (c == '<') {
      size_t e = s_.find('>', p_);
      if (e == std::string_view::npos) malformed("chuỗi hex không đóng");
      Obj o = token(Obj::Str, std::string(s_.substr(p_, e + 1 - p_)));
      p_ = e + 1;
      return o;
    }
    if (c == '[') {
      ++p_;
      Obj a;
      a.kind = Obj::Arr;
      while (peek() != ']') {
        if (p_ >= s_.size()) malformed("mảng không đóng");
        a.items.push_back(value(depth + 1));
      }
      ++p_;
      return a;
    }
    if (c == '(') {
      size_t b = p_++;
      int level = 1;
      while (p_ < s_.size() && level > 0) {
        char d = s_[p_++];
        if (d == '\\') ++p_;
        else if (d == '(') ++level;
        else if (d == ')') --level;
      }
      if (level > 0) malformed("chuỗi không đóng");
      return token(Obj::Str, std::string(s_.substr(b, p_ - b)));
    }
    if (c == '/') return token(Obj::Name, name());
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      std::string n = word();
      bool integral = n.find('.') == std::string::npos;
      if (integral) {  // "num gen R"?
        size_t save = p_;
        skip_ws();
        if (p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9') {
          std::string g = word();
          if (keyword("R")) {
            try {
              return ref(std::stol(n), std::stol(g));
            } catch (const std::exception&) {
              malformed("tham chiếu không đọc được");
            }
          }
        }
        p_ = save;
      }
      return token(Obj::Num, n);
    }
    std::string w = word();
    if (w == "true" || w == "false") return token(Obj::Bool, w);
    if (w == "null") return Obj{};
    malformed("gặp từ khóa không mong đợi");
  }

 private:
  std::string word() {
    size_t b = p_;
    while (p_ < s_.size() && !is_ws(s_[p_]) && !is_delim(s_[p_])) ++p_;
    if (b == p_) malformed("gặp ký tự không mong đợi");
    return std::string(s_.substr(b, p_ - b));
  }
  std::string name() {
    size_t b = p_++;
    while (p_ < s_.size() && !is_ws(s_[p_]) && !is_delim(s_[p_])) ++p_;
    return std::string(s_.substr(b, p_ - b));
  }
  std::string_view s_;
  size_t p_;
};

class PdfFile {
 public:
  explicit PdfFile(std::string_view pdf) : s_(pdf) {
    size_t sx = s_.rfind("startxref");
    if (sx == std::string_view::npos) malformed("không có startxref");
    Lexer l(s_, sx + 9);
    startxref_ = l.integer();
    std::set<long> seen;
    long off = startxref_;
    bool first = true;
    while (off >= 0) {
      if (!seen.insert(off).second || seen.size() > 1000) malformed("chuỗi /Prev lặp");
      Obj t = section(off);
      if (first) trailer_ = t;
      first = false;
      if (t.get("Encrypt")) throw std::runtime_error("Tệp PDF đã được mã hóa, không thể ký");
      const Obj* prev = t.get("Prev");
      off = prev ? prev->integer() : -1;
    }
    const Obj* size = trailer_.get("Size");
    if (!size) malformed("trailer không có /Size");
    size_ = size->integer();
  }
  const Obj& trailer() const { return trailer_; }
  long startxref() const { return startxref_; }
  long size() const { return size_; }

  Obj object(long num) const {
    auto it = xref_.find(num);
    if (it == xref_.end() || it->second.first < 0) return Obj{};
    Lexer l(s_, static_cast<size_t>(it->second.first));
    if (l.integer() != num || l.integer() != it->second.second || !l.keyword("obj")) malformed("đối tượng không khớp bảng xref");
    return l.value();
  }
  Obj resolve(const Obj& o) const {
    Obj r = o;
    for (int i = 0; i < 16 && r.kind == Obj::Ref; ++i) r = object(r.num);
    return r;
  }

 private:
  Obj section(long off) {
    if (off < 0 || static_cast<size_t>(off) >= s_.size()) malformed("startxref ngoài tệp");
    Lexer l(s_, static_cast<size_t>(off));
    if (!l.keyword("xref")) {
      throw std::runtime_error(
          "Tệp PDF dùng luồng tham chiếu chéo (cross-reference stream) hoặc bảng xref hỏng: chưa hỗ trợ ký tệp này");
    }
    for (;;) {
      if (l.keyword("trailer")) break;
      long start = l.integer(), count = l.integer();
      if (start < 0 || count < 0 || count > 10000000) malformed("phân đoạn xref sai");
      for (long i = 0; i < count; ++i) {
        long o = l.integer(), g = l.integer();
        char kind = l.peek();
        if (kind != 'n' && kind != 'f') malformed("mục xref sai");
        l.advance();
        xref_.emplace(start + i, std::make_pair(kind == 'n' ? o : -1L, g));  // the newest section wins
      }
    }
    Obj t = l.value();
    if (t.kind != Obj::Dict) malformed("trailer không phải từ điển");
    return t;
  }
  std::string_view s_;
  Obj trailer_;
  long startxref_ = 0, size_ = 0;
  std::map<long, std::pair<long, long>> xref_;  // num → (offset or -1 when free, generation)
};

// ---- text helpers ----

std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    char32_t cp = n == 0 ? c : n == 1 ? (c & 0x1F) : n == 2 ? (c & 0x0F) : (c & 0x07);
    bool ok = n >= 0;
    for (int k = 1; ok && k <= n; ++k) {
      if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) ok = false;
      else cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    if (!ok || cp > 0x10FFFF) {
      out += U'\uFFFD';
      ++i;
    } else {
      out += cp;
      i += n + 1;
    }
  }
  return out;
}

// A PDF text string in UTF-16BE with a byte order mark, as a hex string.
std::string pdf_text(std::string_view utf8) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "<FEFF";
  auto unit = [&](unsigned u) {
    for (int sh = 12; sh >= 0; sh -= 4) out += hex[(u >> sh) & 0xF];
  };
  for (char32_t cp : decode_utf8(utf8)) {
    if (cp >= 0x10000) {
      unit(0xD800 + ((cp - 0x10000) >> 10));
      unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      unit(static_cast<unsigned>(cp));
    }
  }
  return out + ">";
}

// Folded to ASCII for Helvetica/WinAnsi (the en dash is kept: WinAnsi 0x96), as a PDF literal string.
std::string winansi_literal(std::string_view utf8) {
  std::string out = "(";
  for (char32_t cp : decode_utf8(text::strip_diacritics(utf8))) {
    if (cp == U'\u2013') out += '\x96';
    else if (cp == '(' || cp == ')' || cp == '\\') out += std::string("\\") + static_cast<char>(cp);
    else if (cp >= 0x20 && cp < 0x7F) out += static_cast<char>(cp);
    else out += '?';
  }
  return out + ")";
}

struct LocalTime {
  int y, mo, d, h, mi, s;
};
LocalTime local_time(int64_t ms) {  // UTC+7
  std::time_t t = static_cast<std::time_t>((ms >= 0 ? ms : ms - 999) / 1000 + 7 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
}

// Splits folded text into lines of at most `max_chars` characters at spaces.
std::vector<std::string> wrap(const std::string& s, size_t max_chars) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  std::string word, line;
  while (in >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > max_chars) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// ---- CMS ----

void der_length(std::string& out, size_t n) {
  if (n < 0x80) {
    out += static_cast<char>(n);
    return;
  }
  std::string b;
  for (; n > 0; n >>= 8) b.insert(b.begin(), static_cast<char>(n & 0xFF));
  out += static_cast<char>(0x80 | b.size());
  out += b;
}

// Signs the signed attributes again (after removing signingTime): DER SET OF, sorted as DER requires, which
// is how OpenSSL encodes them in the SignerInfo.
void resign(CMS_SignerInfo* si, EVP_PKEY* key) {
  std::vector<std::string> attrs;
  for (int i = 0; i < CMS_signed_get_attr_count(si); ++i) {
    unsigned char* der = nullptr;
    int n = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &der);
    if (n <= 0) fail("Không mã hóa được thuộc tính ký");
    attrs.emplace_back(reinterpret_cast<char*>(der), static_cast<size_t>(n));
    OPENSSL_free(der);
  }
  std::sort(attrs.begin(), attrs.end());
  std::string body;
  for (const auto& a : attrs) body += a;
  std::string set = "\x31";
  der_length(set, body.size());
  set += body;
  std::unique_ptr<EVP_MD_CTX, CmsFree> md(EVP_MD_CTX_new());
  std::vector<unsigned char> sig(static_cast<size_t>(EVP_PKEY_get_size(key)));
  size_t len = sig.size();
  if (!md || EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(md.get(), sig.data(), &len, reinterpret_cast<const unsigned char*>(set.data()), set.size()) != 1 ||
      ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig.data(), static_cast<int>(len)) != 1) {
    fail("Không tạo được chữ ký số");
  }
}

std::string cms_sign(const std::string& data, const Signer& s) {
  const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
  CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags));
  if (!cms) fail("Không tạo được cấu trúc CMS");
  CMS_SignerInfo* si = CMS_add1_signer(cms.get(), s.cert(), s.key(), EVP_sha256(), flags);
  if (!si) fail("Không thêm được người ký vào CMS");
  if (s.chain()) {
    for (int i = 0; i < sk_X509_num(s.chain()); ++i) {
      X509* c = sk_X509_value(s.chain(), i);
      if (X509_cmp(c, s.cert()) != 0 && CMS_add1_cert(cms.get(), c) != 1) fail("Không thêm được chuỗi chứng thư");
    }
  }
  // ESS signing-certificate-v2 (RFC 5035), SHA-256 of the signer's certificate with its issuer and serial.
  ESS_SIGNING_CERT_V2* sc = OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), s.cert(), nullptr, 1);
  if (!sc) fail("Không tạo được thuộc tính signing-certificate-v2");
  unsigned char* der = nullptr;
  int n = i2d_ESS_SIGNING_CERT_V2(sc, &der);
  ESS_SIGNING_CERT_V2_free(sc);
  ASN1_STRING* seq = n > 0 ? ASN1_STRING_new() : nullptr;
  bool ok = seq && ASN1_STRING_set(seq, der, n) == 1 &&
            CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE, seq, -1) == 1;
  ASN1_STRING_free(seq);
  OPENSSL_free(der);
  if (!ok) fail("Không thêm được thuộc tính signing-certificate-v2");

  BioPtr in(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
  if (!in || CMS_final(cms.get(), in.get(), nullptr, CMS_DETACHED | CMS_BINARY) != 1) fail("Không ký được dữ liệu");
  // PAdES baseline: the claimed signing time is /M, never a CMS signingTime attribute (OpenSSL 3.0 always
  // adds one while signing), so it is removed and the signed attributes are signed again.
  int idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
  if (idx >= 0) {
    X509_ATTRIBUTE_free(CMS_signed_delete_attr(si, idx));
    resign(si, s.key());
  }
  unsigned char* out = nullptr;
  int len = i2d_CMS_ContentInfo(cms.get(), &out);
  if (len <= 0) fail("Không mã hóa được chữ ký CMS");
  std::string result(reinterpret_cast<char*>(out), static_cast<size_t>(len));
  OPENSSL_free(out);
  return result;
}

std::string subject_entry(X509* cert, int nid) {
  X509_NAME* nm = X509_get_subject_name(cert);
  int i = nm ? X509_NAME_get_index_by_NID(nm, nid, -1) : -1;
  if (i < 0) return "";
  unsigned char* utf8 = nullptr;
  int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(nm, i)));
  if (n < 0) return "";
  std::string s(reinterpret_cast<char*>(utf8), static_cast<size_t>(n));
  OPENSSL_free(utf8);
  return s;
}

// Appearance of the signature widget (a form XObject of w x h points).
std::string appearance(const Signer& s, int64_t t_ms, const std::string& reason, double w, double& h) {
  LocalTime lt = local_time(t_ms);
  char when[64];
  std::snprintf(when, sizeof when, "%02d/%02d/%04d %02d:%02d (UTC+7)", lt.d, lt.mo, lt.y, lt.h, lt.mi);
  const double size = 8, lead = 10.5;
  const size_t max_chars = static_cast<size_t>((w - 12) / (size * 0.5));
  std::vector<std::string> lines;
  auto add = [&](const std::string& t) {
    for (auto& l : wrap(t, max_chars)) lines.push_back(l);
  };
  add("Ký bởi: " + s.name);
  std::string role = s.title;
  if (!s.agency.empty()) role += (role.empty() ? "" : " – ") + s.agency;
  add(role);
  add(std::string("Thời gian ký: ") + when);
  if (!reason.empty()) add("Lý do: " + reason);
  h = 10 + lead * static_cast<double>(lines.size());
  char buf[160];
  std::snprintf(buf, sizeof buf, "q 0.2 0.4 0.2 RG 0.8 w 0.4 0.4 %.2f %.2f re S Q\nBT /F1 %.1f Tf %.1f TL 6 %.2f Td\n",
                w - 0.8, h - 0.8, size, lead, h - 5 - size);
  std::string c = buf;
  for (const auto& l : lines) c += winansi_literal(l) + " Tj T*\n";
  return c + "ET";
}

}  // namespace

Signer load_pkcs12(const std::string& path, const std::string& passphrase) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("Không đọc được tệp chứng thư số: " + path);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  std::unique_ptr<PKCS12, CmsFree> p12(bio ? d2i_PKCS12_bio(bio.get(), nullptr) : nullptr);
  ERR_clear_error();
  if (!p12) throw std::runtime_error("Tệp chứng thư số không đúng định dạng PKCS#12: " + path);
  if (PKCS12_mac_present(p12.get()) &&
      PKCS12_verify_mac(p12.get(), passphrase.c_str(), static_cast<int>(passphrase.size())) != 1) {
    ERR_clear_error();
    throw std::runtime_error("Sai mật khẩu của tệp chứng thư số");
  }
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* ca = nullptr;
  if (PKCS12_parse(p12.get(), passphrase.c_str(), &key, &cert, &ca) != 1) {
    ERR_clear_error();
    throw std::runtime_error("Không giải mã được tệp chứng thư số (sai mật khẩu hoặc tệp hỏng)");
  }
  Signer s(key, cert, ca);
  if (!key || !cert || X509_check_private_key(cert, key) != 1) {
    ERR_clear_error();
    throw std::runtime_error("Tệp chứng thư số không chứa khóa bí mật khớp với chứng thư");
  }
  s.name = subject_entry(cert, NID_commonName);
  s.title = subject_entry(cert, NID_title);
  s.agency = subject_entry(cert, NID_organizationName);
  return s;
}

std::string sign_pdf(const std::string& pdf, const Signer& s, int64_t signing_time_ms, const std::string& reason,
                     const std::string& location) {
  if (!s.key() || !s.cert()) throw std::runtime_error("Chưa có khóa ký hoặc chứng thư số");
  PdfFile f(pdf);
  const Obj* root = f.trailer().get("Root");
  if (!root || root->kind != Obj::Ref) malformed("trailer không có /Root");
  const Obj root_ref = *root;
  Obj catalog = f.object(root_ref.num);
  if (catalog.kind != Obj::Dict) malformed("không có danh mục (/Root)");

  // The last page, and its MediaBox (inheritable).
  Obj page_ref = catalog.get("Pages") ? *catalog.get("Pages") : Obj{};
  Obj page, media_box;
  for (int depth = 0;; ++depth) {
    if (page_ref.kind != Obj::Ref || depth > 32) malformed("cây trang không hợp lệ");
    page = f.object(page_ref.num);
    if (page.kind != Obj::Dict) malformed("nút trang không phải từ điển");
    if (const Obj* mb = page.get("MediaBox")) media_box = f.resolve(*mb);
    if (page.get("Type") && page.get("Type")->is_name("Page")) break;
    Obj kids = page.get("Kids") ? f.resolve(*page.get("Kids")) : Obj{};
    if (kids.kind != Obj::Arr || kids.items.empty()) malformed("trang không có /Kids");
    page_ref = kids.items.back();
  }
  double page_w = 595.2756;
  if (media_box.kind == Obj::Arr && media_box.items.size() == 4) {
    try {
      page_w = std::stod(media_box.items[2].raw) - std::stod(media_box.items[0].raw);
    } catch (const std::exception&) {
      malformed("/MediaBox không đọc được");
    }
  }

  // Existing AcroForm fields and page annotations.
  const Obj* acro_entry = catalog.get("AcroForm");
  Obj acro = acro_entry ? f.resolve(*acro_entry) : Obj{};
  if (acro.kind != Obj::Dict) acro = Obj{}, acro.kind = Obj::Dict;
  Obj fields = acro.get("Fields") ? f.resolve(*acro.get("Fields")) : Obj{};
  if (fields.kind != Obj::Arr) fields = Obj{}, fields.kind = Obj::Arr;
  Obj annots = page.get("Annots") ? f.resolve(*page.get("Annots")) : Obj{};
  if (annots.kind != Obj::Arr) annots = Obj{}, annots.kind = Obj::Arr;
  int sigs_on_page = 0;
  for (const auto& a : annots.items) {
    Obj an = f.resolve(a);
    if (an.kind == Obj::Dict && an.get("FT") && an.get("FT")->is_name("Sig")) ++sigs_on_page;
  }

  long next = f.size();
  const long sig_num = next++, widget_num = next++, ap_num = next++, font_num = next++;
  std::string out = pdf;
  if (out.empty() || (out.back() != '\n' && out.back() != '\r')) out += '\n';
  std::map<long, std::pair<size_t, long>> offsets;  // num → (offset, gen)
  auto emit = [&](long num, long gen, const std::string& body) {
    offsets[num] = {out.size(), gen};
    out += std::to_string(num) + " " + std::to_string(gen) + " obj\n" + body + "\nendobj\n";
  };

  // Signature dictionary with placeholders.
  LocalTime lt = local_time(signing_time_ms);
  char m[40];
  std::snprintf(m, sizeof m, "(D:%04d%02d%02d%02d%02d%02d+07'00')", lt.y, lt.mo, lt.d, lt.h, lt.mi, lt.s);
  const std::string br_placeholder = "[0 0000000000 0000000000 0000000000]";
  std::string sig = "<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n/ByteRange ";
  const size_t br_rel = sig.size();
  sig += br_placeholder + "\n/Contents ";
  const size_t contents_rel = sig.size();
  sig += "<" + std::string(2 * kSignatureBytes, '0') + ">\n/M " + m + "\n/Name " + pdf_text(s.name);
  if (!reason.empty()) sig += "\n/Reason " + pdf_text(reason);
  if (!location.empty()) sig += "\n/Location " + pdf_text(location);
  sig += "\n>>";
  const size_t sig_at = out.size() + std::to_string(sig_num).size() + 7;  // after "N 0 obj\n"
  emit(sig_num, 0, sig);

  // Widget + appearance.
  const double w = 260;
  double h = 0;
  std::string ap = appearance(s, signing_time_ms, reason, w, h);
  const double x1 = page_w - 42.5 - w, y1 = 40 + sigs_on_page * (h + 8);
  char rect[120];
  std::snprintf(rect, sizeof rect, "[%.2f %.2f %.2f %.2f]", x1, y1, x1 + w, y1 + h);
  char bbox[64];
  std::snprintf(bbox, sizeof bbox, "[0 0 %.2f %.2f]", w, h);
  const std::string field_name = "(Signature" + std::to_string(fields.items.size() + 1) + ")";
  emit(widget_num, 0,
       "<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/T " + field_name + "\n/V " + serialize(ref(sig_num)) +
           "\n/F 132\n/P " + serialize(page_ref) + "\n/Rect " + rect + "\n/AP << /N " + serialize(ref(ap_num)) + " >>\n>>");
  emit(ap_num, 0,
       std::string("<<\n/Type /XObject\n/Subtype /Form\n/BBox ") + bbox + "\n/Resources << /Font << /F1 " +
           serialize(ref(font_num)) + " >> >>\n/Length " + std::to_string(ap.size()) + "\n>>\nstream\n" + ap +
           "\nendstream");
  emit(font_num, 0, "<<\n/Type /Font\n/Subtype /Type1\n/BaseFont /Helvetica\n/Encoding /WinAnsiEncoding\n>>");

  // The page with the widget, the AcroForm with the field.
  annots.items.push_back(ref(widget_num));
  page.set("Annots", annots);
  emit(page_ref.num, page_ref.gen, serialize(page));
  fields.items.push_back(ref(widget_num));
  acro.set("Fields", fields);
  acro.set("SigFlags", token(Obj::Num, "3"));
  if (acro_entry && acro_entry->kind == Obj::Ref) {
    emit(acro_entry->num, acro_entry->gen, serialize(acro));
  } else {
    catalog.set("AcroForm", acro);
    emit(root_ref.num, root_ref.gen, serialize(catalog));
  }

  // xref section (consecutive numbers grouped) and trailer.
  const size_t xref_at = out.size();
  out += "xref\n";
  for (auto it = offsets.begin(); it != offsets.end();) {
    auto end = it;
    long count = 0;
    while (end != offsets.end() && end->first == it->first + count) ++end, ++count;
    out += std::to_string(it->first) + " " + std::to_string(count) + "\n";
    for (; it != end; ++it) {
      char e[32];
      std::snprintf(e, sizeof e, "%010zu %05ld n\r\n", it->second.first, it->second.second);
      out += e;
    }
  }
  Obj trailer;
  trailer.kind = Obj::Dict;
  trailer.set("Size", token(Obj::Num, std::to_string(next)));
  trailer.set("Root", root_ref);
  if (const Obj* info = f.trailer().get("Info")) trailer.set("Info", *info);
  if (const Obj* id = f.trailer().get("ID")) trailer.set("ID", *id);
  trailer.set("Prev", token(Obj::Num, std::to_string(f.startxref())));
  out += "trailer\n" + serialize(trailer) + "\nstartxref\n" + std::to_string(xref_at) + "\n%%EOF\n";

  // ByteRange, then the CMS over the two ranges.
  const size_t a = sig_at + contents_rel, b = a + 2 + 2 * kSignatureBytes, c = out.size() - b;
  if (out.compare(a, 1, "<") != 0 || out.compare(b - 1, 1, ">") != 0) throw std::logic_error("pades: Contents offset");
  std::string br = "[0 " + std::to_string(a) + " " + std::to_string(b) + " " + std::to_string(c) + "]";
  br.resize(br_placeholder.size(), ' ');
  out.replace(sig_at + br_rel, br.size(), br);
  std::string der = cms_sign(out.substr(0, a) + out.substr(b), s);
  if (der.size() > kSignatureBytes) throw std::runtime_error("Chữ ký CMS vượt quá chỗ dành sẵn trong tệp PDF");
  static const char* hex = "0123456789ABCDEF";
  for (size_t i = 0; i < der.size(); ++i) {
    out[a + 1 + 2 * i] = hex[static_cast<unsigned char>(der[i]) >> 4];
    out[a + 2 + 2 * i] = hex[static_cast<unsigned char>(der[i]) & 0xF];
  }
  return out;
}

PadesCheck verify_pdf(const std::string& pdf, X509_STORE* trust) {
  PadesCheck r;
  try {
    PdfFile f(pdf);
    const Obj* root = f.trailer().get("Root");
    Obj catalog = root ? f.resolve(*root) : Obj{};
    Obj acro = catalog.get("AcroForm") ? f.resolve(*catalog.get("AcroForm")) : Obj{};
    Obj fields = acro.get("Fields") ? f.resolve(*acro.get("Fields")) : Obj{};
    Obj sig;
    for (const auto& fr : fields.items) {
      Obj field = f.resolve(fr);
      if (field.kind != Obj::Dict || !field.get("FT") || !field.get("FT")->is_name("Sig") || !field.get("V")) continue;
      Obj v = f.resolve(*field.get("V"));
      if (v.kind == Obj::Dict) sig = v;
    }
    if (sig.kind != Obj::Dict) {
      r.problem = "Tệp PDF không có chữ ký số";
      return r;
    }
    if (const Obj* sf = sig.get("SubFilter"); sf && sf->kind == Obj::Name) r.sub_filter = sf->raw.substr(1);
    if (const Obj* md = sig.get("M"); md && md->kind == Obj::Str) {
      int y = 0, mo = 0, d = 0, hh = 0, mi = 0, ss = 0, oh = 0, om = 0;
      char sign = 'Z';
      std::string t = md->raw;
      if (std::sscanf(t.c_str(), "(D:%4d%2d%2d%2d%2d%2d%c%2d'%2d", &y, &mo, &d, &hh, &mi, &ss, &sign, &oh, &om) >= 6) {
        std::tm tm{};
        tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d, tm.tm_hour = hh, tm.tm_min = mi, tm.tm_sec = ss;
        int64_t off = (sign == '+' ? 1 : sign == '-' ? -1 : 0) * (oh * 3600 + om * 60);
        r.signing_time_ms = (static_cast<int64_t>(timegm(&tm)) - off) * 1000;
      }
    }
    const Obj* brp = sig.get("ByteRange");
    if (!brp || brp->kind != Obj::Arr || brp->items.size() != 4) throw std::runtime_error("Chữ ký không có /ByteRange hợp lệ");
    long br[4];
    for (int i = 0; i < 4; ++i) br[i] = brp->items[i].integer();
    const long size = static_cast<long>(pdf.size());
    if (br[0] != 0 || br[1] <= 0 || br[2] <= br[1] + 1 || br[3] < 0 || br[2] > size || br[3] > size - br[2] ||
        pdf[br[1]] != '<' || pdf[br[2] - 1] != '>') {
      throw std::runtime_error("/ByteRange không bao đúng phần /Contents của chữ ký");
    }
    std::string der;
    for (long i = br[1] + 1; i < br[2] - 1; i += 2) {
      auto nib = [](char ch) -> int {
        return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
      };
      int hi = nib(pdf[i]), lo = i + 1 < br[2] - 1 ? nib(pdf[i + 1]) : -1;
      if (hi < 0 || lo < 0) throw std::runtime_error("/ByteRange không bao đúng phần /Contents của chữ ký");
      der += static_cast<char>(hi * 16 + lo);
    }
    r.covers_whole_file = br[2] + br[3] == size;
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    if (!cms) fail("Phần /Contents không phải chữ ký CMS");
    STACK_OF(CMS_SignerInfo)* sis = CMS_get0_SignerInfos(cms.get());
    if (sis && sk_CMS_SignerInfo_num(sis) > 0) {
      CMS_SignerInfo* si = sk_CMS_SignerInfo_value(sis, 0);
      r.signing_certificate_v2 = CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0;
      r.cms_signing_time = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) >= 0;
    }
    std::string data = pdf.substr(0, static_cast<size_t>(br[1])) + pdf.substr(static_cast<size_t>(br[2]), static_cast<size_t>(br[3]));
    BioPtr in(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
    unsigned flags = CMS_DETACHED | CMS_BINARY | (trust ? 0u : static_cast<unsigned>(CMS_NO_SIGNER_CERT_VERIFY));
    const bool ok = in && CMS_verify(cms.get(), nullptr, trust, in.get(), nullptr, flags) == 1;
    ERR_clear_error();
    if (STACK_OF(X509)* signers = CMS_get0_signers(cms.get())) {
      if (sk_X509_num(signers) > 0) r.signer_cn = subject_entry(sk_X509_value(signers, 0), NID_commonName);
      sk_X509_free(signers);
    }
    if (!ok) {
      r.problem = trust ? "Chữ ký số không hợp lệ: tài liệu đã bị sửa đổi hoặc chứng thư không được tin cậy"
                        : "Chữ ký số không hợp lệ: tài liệu đã bị sửa đổi sau khi ký";
    } else if (!r.covers_whole_file) {
      r.problem = "Tài liệu có nội dung được thêm vào sau chữ ký cuối cùng";
    } else {
      r.valid = true;
    }
  } catch (const std::exception& e) {
    r.valid = false;
    r.problem = e.what();
  }
  ERR_clear_error();
  return r;
}

}  // namespace motcua::documents
