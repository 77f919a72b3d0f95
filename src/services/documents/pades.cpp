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
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include "services/documents/cert_info.h"
#include "services/documents/openssl_error.h"
#include "services/documents/pdf_canvas.h"
#include "services/documents/pdf_objects.h"

namespace motcua::documents {

void OpenSslFree::operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
void OpenSslFree::operator()(X509* p) const { X509_free(p); }
void OpenSslFree::operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }

Signer::Signer(EVP_PKEY* key, X509* cert, STACK_OF(X509) * chain) : key_(key), cert_(cert), chain_(chain) {}

namespace {

using pdf::Box;
using pdf::malformed;
using pdf::Obj;
using pdf::PdfFile;
using pdf::ref;
using pdf::serialize;
using pdf::token;

struct CmsFree {
  void operator()(CMS_ContentInfo* p) const { CMS_ContentInfo_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(PKCS12* p) const { PKCS12_free(p); }
};
using CmsPtr = std::unique_ptr<CMS_ContentInfo, CmsFree>;
using BioPtr = std::unique_ptr<BIO, CmsFree>;

[[noreturn]] void fail(const std::string& msg) { openssl_fail(msg); }

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

struct LocalTime {
  int y, mo, d, h, mi, s;
};
LocalTime local_time(int64_t ms) {  // UTC+7
  std::time_t t = static_cast<std::time_t>((ms >= 0 ? ms : ms - 999) / 1000 + 7 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
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

// The ESS signing-certificate-v2 attribute of `si` names the first certificate of `signers` (RFC 5035).
bool ess_v2_matches(CMS_SignerInfo* si, STACK_OF(X509) * signers) {
  ASN1_STRING* seq = static_cast<ASN1_STRING*>(CMS_signed_get0_data_by_OBJ(
      si, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3, V_ASN1_SEQUENCE));
  if (!seq) return false;
  const unsigned char* p = ASN1_STRING_get0_data(seq);
  ESS_SIGNING_CERT_V2* sc = d2i_ESS_SIGNING_CERT_V2(nullptr, &p, ASN1_STRING_length(seq));
  const bool ok = sc && OSSL_ESS_check_signing_certs(nullptr, sc, signers, 1) == 1;
  ESS_SIGNING_CERT_V2_free(sc);
  ERR_clear_error();
  return ok;
}

// The text block of the visible signature, drawn by cairo/pango (Noto Serif, full Vietnamese) on an A4 page
// of its own: w x h points at the top left; `h` is set from the text.
std::string appearance_pdf(const Signer& s, int64_t t_ms, const std::string& reason, const std::string& qr_url, double w, double& h) {
  LocalTime lt = local_time(t_ms);
  char when[128];
  std::snprintf(when, sizeof when, "%02d/%02d/%04d %02d:%02d (UTC+7)", lt.d, lt.mo, lt.y, lt.h, lt.mi);
  std::string role = s.title;
  if (!s.agency.empty()) role += (role.empty() ? "" : " – ") + s.agency;
  std::string body = "Ký bởi: <b>" + markup_escape(s.name) + "</b>";
  if (!role.empty()) body += "\n" + markup_escape(role);
  body += std::string("\nThời gian ký: ") + when;
  if (!reason.empty()) body += "\nLý do: " + markup_escape(reason);
  PdfCanvas c("Chữ ký số");
  TextStyle st{.size = 8.5, .bold = false, .italic = false, .align = Align::Left, .markup = true};
  const double qr = qr_url.empty() ? 0 : 58;  // the QR code of the public verification page, at the left
  if (qr > 0) body += "\n<i>Quét mã QR để xác minh văn bản</i>";
  const double tx = qr > 0 ? qr + 8 : 6;
  h = std::max(c.measure(w - tx - 6, body, st) + 10, qr + 8);
  c.rect(0.5, 0.5, w - 1, h - 1, 0.8);
  if (qr > 0 && !c.qr(4, (h - qr) / 2, qr, qr_url)) throw std::runtime_error("Không tạo được mã QR xác minh");
  c.text(tx, 5, w - tx - 6, body, st);
  return c.finish();
}

// Copies objects reachable from a value of `src` into the update under new numbers (`emit` writes them).
class Importer {
 public:
  Importer(const PdfFile& src, long& next, std::function<void(long, const std::string&)> emit)
      : src_(src), next_(next), emit_(std::move(emit)) {}
  Obj copy(const Obj& o) {
    Obj r = o;
    if (o.kind == Obj::Ref) r = ref(number(o.num));
    for (auto& i : r.items) i = copy(i);
    for (auto& [k, v] : r.entries) v = copy(v);
    return r;
  }
  std::string body(const PdfFile::Loaded& l) {
    std::string b = serialize(copy(l.value));
    return l.is_stream ? b + "\nstream\n" + l.data + "\nendstream" : b;
  }

 private:
  long number(long old) {
    auto it = map_.find(old);
    if (it != map_.end()) return it->second;
    if (map_.size() > 500) malformed("quá nhiều đối tượng trong hình thể hiện chữ ký");
    const long n = next_++;
    map_[old] = n;
    emit_(n, body(src_.load(old)));
    return n;
  }
  const PdfFile& src_;
  long& next_;
  std::function<void(long, const std::string&)> emit_;
  std::map<long, long> map_;
};

}  // namespace

Signer load_pkcs12(const std::string& path, const std::string& passphrase) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("Không đọc được tệp chứng thư số: " + path);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  return load_pkcs12_data(bytes, passphrase);
}

Signer load_pkcs12_data(const std::string& bytes, const std::string& passphrase) {
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  std::unique_ptr<PKCS12, CmsFree> p12(bio ? d2i_PKCS12_bio(bio.get(), nullptr) : nullptr);
  ERR_clear_error();
  if (!p12) throw std::runtime_error("Tệp chứng thư số không đúng định dạng PKCS#12");
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
                     const std::string& location, const std::string& qr_url) {
  if (!s.key() || !s.cert()) throw std::runtime_error("Chưa có khóa ký hoặc chứng thư số");
  PdfFile f(pdf);
  const Obj* root = f.trailer().get("Root");
  if (!root || root->kind != Obj::Ref) malformed("trailer không có /Root");
  const Obj root_ref = *root;
  Obj catalog = f.object(root_ref.num);
  if (catalog.kind != Obj::Dict) malformed("không có danh mục (/Root)");

  Obj page_ref, page;
  const Box page_box = last_page(f, catalog, page_ref, page);

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
  const long sig_num = next++, widget_num = next++, ap_num = next++;
  std::string out = pdf;
  if (out.empty() || (out.back() != '\n' && out.back() != '\r')) out += '\n';
  std::map<long, std::pair<size_t, long>> offsets;  // num → (offset, gen)
  auto emit = [&](long num, long gen, const std::string& body) {
    offsets[num] = {out.size(), gen};
    out += std::to_string(num) + " " + std::to_string(gen) + " obj\n" + body + "\nendobj\n";
  };

  // Signature dictionary with placeholders.
  LocalTime lt = local_time(signing_time_ms);
  char m[96];
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

  // Widget + appearance: the content of the rendered page as a form XObject (its resources imported), shown
  // through an outer form that moves the block from the top of that page to the origin.
  const double w = 250;
  double h = 0;
  const std::string ap_pdf = appearance_pdf(s, signing_time_ms, reason, qr_url, w, h);
  PdfFile ap_file(ap_pdf);
  Obj ap_ref, ap_page;
  const Box ap_box = last_page(ap_file, ap_file.resolve(*ap_file.trailer().get("Root")), ap_ref, ap_page);
  const Obj* ap_contents = ap_page.get("Contents");
  if (!ap_contents || ap_contents->kind != Obj::Ref) malformed("hình thể hiện chữ ký không có nội dung");
  Importer imp(ap_file, next, [&](long num, const std::string& body) { emit(num, 0, body); });
  PdfFile::Loaded content = ap_file.load(ap_contents->num);
  Obj inner;
  inner.kind = Obj::Dict;
  inner.set("Type", token(Obj::Name, "/XObject"));
  inner.set("Subtype", token(Obj::Name, "/Form"));
  char box[128];
  std::snprintf(box, sizeof box, "[%.4f %.4f %.4f %.4f]", ap_box.x0, ap_box.y0, ap_box.x1, ap_box.y1);
  inner.set("BBox", token(Obj::Num, box));
  if (const Obj* res = ap_page.get("Resources")) inner.set("Resources", imp.copy(*res));
  if (const Obj* filter = content.value.get("Filter")) inner.set("Filter", imp.copy(*filter));
  inner.set("Length", token(Obj::Num, std::to_string(content.data.size())));
  const long inner_num = next++;
  emit(inner_num, 0, serialize(inner) + "\nstream\n" + content.data + "\nendstream");
  const double page_h = ap_box.y1;
  char ap[96];
  std::snprintf(ap, sizeof ap, "q 1 0 0 1 0 %.4f cm /Fm0 Do Q", h - page_h);
  const double x1 = page_box.x1 - 42.5 - w, y1 = page_box.y0 + 40 + sigs_on_page * (h + 8);
  char rect[120];
  std::snprintf(rect, sizeof rect, "[%.2f %.2f %.2f %.2f]", x1, y1, x1 + w, y1 + h);
  char bbox[64];
  std::snprintf(bbox, sizeof bbox, "[0 0 %.2f %.2f]", w, h);
  const std::string field_name = "(Signature" + std::to_string(fields.items.size() + 1) + ")";
  emit(widget_num, 0,
       "<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/T " + field_name + "\n/V " + serialize(ref(sig_num)) +
           "\n/F 132\n/P " + serialize(page_ref) + "\n/Rect " + rect + "\n/AP << /N " + serialize(ref(ap_num)) + " >>\n>>");
  emit(ap_num, 0,
       std::string("<<\n/Type /XObject\n/Subtype /Form\n/BBox ") + bbox + "\n/Resources << /XObject << /Fm0 " +
           serialize(ref(inner_num)) + " >> >>\n/Length " + std::to_string(std::strlen(ap)) + "\n>>\nstream\n" + ap +
           "\nendstream");

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
      char e[64];
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
    r.has_signature = true;
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
    bool has_ess_v2 = false;
    STACK_OF(CMS_SignerInfo)* sis = CMS_get0_SignerInfos(cms.get());
    if (sis && sk_CMS_SignerInfo_num(sis) > 0) {
      CMS_SignerInfo* si = sk_CMS_SignerInfo_value(sis, 0);
      has_ess_v2 = CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0;
      r.cms_signing_time = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) >= 0;
    }
    std::string data = pdf.substr(0, static_cast<size_t>(br[1])) + pdf.substr(static_cast<size_t>(br[2]), static_cast<size_t>(br[3]));
    BioPtr in(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
    unsigned flags = CMS_DETACHED | CMS_BINARY | (trust ? 0u : static_cast<unsigned>(CMS_NO_SIGNER_CERT_VERIFY));
    const bool ok = in && CMS_verify(cms.get(), nullptr, trust, in.get(), nullptr, flags) == 1;
    ERR_clear_error();
    if (STACK_OF(X509)* signers = CMS_get0_signers(cms.get())) {
      if (sk_X509_num(signers) > 0) {
        r.signer_cn = subject_entry(sk_X509_value(signers, 0), NID_commonName);
        r.signing_certificate_v2 = has_ess_v2 && ess_v2_matches(sk_CMS_SignerInfo_value(sis, 0), signers);
      }
      sk_X509_free(signers);
    }
    if (!ok) {
      r.problem = trust ? "Chữ ký số không hợp lệ: tài liệu đã bị sửa đổi hoặc chứng thư không được tin cậy"
                        : "Chữ ký số không hợp lệ: tài liệu đã bị sửa đổi sau khi ký";
    } else if (r.sub_filter == "ETSI.CAdES.detached" && !r.signing_certificate_v2) {
      r.problem = "Chữ ký PAdES thiếu thuộc tính signing-certificate-v2 hoặc thuộc tính không khớp chứng thư người ký";
    } else if (!r.covers_whole_file) {
      r.problem = "Tài liệu có nội dung được thêm vào sau chữ ký cuối cùng";
    } else {
      r.valid = true;
    }
  } catch (const std::exception& e) {
    r.valid = false;
    r.problem = e.what();
    if (!r.has_signature) r.has_signature = pdf.find("/ByteRange") != std::string::npos;  // unreadable, yet signed
  }
  ERR_clear_error();
  return r;
}

}  // namespace motcua::documents
