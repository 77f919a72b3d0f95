#include "http/multipart.h"

#include <algorithm>
#include <cctype>

#include "domain/errors.h"
#include "domain/text.h"

namespace motcua::http {
namespace {

[[noreturn]] void bad(const std::string& msg) { throw DomainError(ErrorKind::bad_input, "bad_multipart", msg); }

std::string lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

bool is_ows(char c) { return c == ' ' || c == '\t'; }

bool is_tchar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

void skip_ows(std::string_view s, size_t& i) {
  while (i < s.size() && is_ows(s[i])) ++i;
}

std::string token(std::string_view s, size_t& i) {
  size_t b = i;
  while (i < s.size() && is_tchar(s[i])) ++i;
  return std::string(s.substr(b, i - b));
}

// `type *( OWS ";" OWS name "=" ( token / quoted-string ) ) OWS` → type and raw parameter values.
struct HeaderValue {
  std::string type;
  std::vector<std::pair<std::string, std::string>> params;
};

HeaderValue parse_header_value(std::string_view s, bool allow_slash_type, const std::string& what) {
  HeaderValue hv;
  size_t i = 0;
  skip_ows(s, i);
  hv.type = lower(token(s, i));
  if (allow_slash_type && i < s.size() && s[i] == '/') {
    ++i;
    std::string sub = lower(token(s, i));
    if (sub.empty()) bad(what + " không hợp lệ.");
    hv.type += "/" + sub;
  }
  if (hv.type.empty()) bad(what + " không hợp lệ.");
  skip_ows(s, i);
  while (i < s.size()) {
    if (s[i] != ';') bad(what + " không hợp lệ.");
    ++i;
    skip_ows(s, i);
    if (i == s.size()) break;  // tolerate a trailing ";"
    std::string name = lower(token(s, i));
    if (name.empty() || i >= s.size() || s[i] != '=') bad(what + " không hợp lệ: tham số thiếu tên hoặc dấu \"=\".");
    ++i;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        char c = s[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\') {
          if (i == s.size()) break;
          c = s[i++];
        }
        value.push_back(c);
      }
      if (!closed) bad(what + " không hợp lệ: thiếu dấu ngoặc kép đóng.");
    } else {
      value = token(s, i);
      if (value.empty()) bad(what + " không hợp lệ: tham số \"" + name + "\" không có giá trị.");
    }
    for (const auto& p : hv.params)
      if (p.first == name) bad(what + " không hợp lệ: tham số \"" + name + "\" bị lặp lại.");
    hv.params.emplace_back(std::move(name), std::move(value));
    skip_ows(s, i);
  }
  return hv;
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 5987 ext-value: charset "'" [ language ] "'" value-chars (percent-encoded). UTF-8 only.
std::string decode_ext_value(std::string_view v) {
  size_t q1 = v.find('\'');
  size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) bad("Tên tệp (filename*) không đúng dạng UTF-8''…");
  if (lower(v.substr(0, q1)) != "utf-8") bad("Tên tệp (filename*) chỉ chấp nhận bảng mã UTF-8.");
  std::string out;
  for (size_t i = q2 + 1; i < v.size(); ++i) {
    if (v[i] == '%') {
      int h = i + 2 < v.size() ? hexval(v[i + 1]) : -1;
      int l = i + 2 < v.size() ? hexval(v[i + 2]) : -1;
      if (h < 0 || l < 0) bad("Tên tệp (filename*) có mã %XX không hợp lệ.");
      out.push_back(static_cast<char>(h * 16 + l));
      i += 2;
    } else {
      out.push_back(v[i]);
    }
  }
  if (!text::valid_utf8(out)) bad("Tên tệp (filename*) không phải UTF-8 hợp lệ.");
  return out;
}


bool valid_boundary(std::string_view b) {
  if (b.empty() || b.size() > 70 || b.back() == ' ') return false;
  static constexpr std::string_view extra = "'()+_,-./:=? ";
  return std::all_of(b.begin(), b.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != std::string_view::npos;
  });
}

// After "--boundary" at position i: either "--" (close, returns true) or transport padding + CRLF.
bool after_delimiter(std::string_view body, size_t& i) {
  if (body.substr(i, 2) == "--") {
    i += 2;
    return true;
  }
  while (i < body.size() && is_ows(body[i])) ++i;
  if (body.substr(i, 2) != "\r\n") bad("Dữ liệu multipart không hợp lệ: sau dấu phân cách phải xuống dòng (CRLF).");
  i += 2;
  return false;
}

}  // namespace

Disposition parse_disposition(std::string_view value) {
  HeaderValue hv = parse_header_value(value, false, "Tiêu đề Content-Disposition");
  Disposition d;
  d.type = hv.type;
  for (auto& [k, v] : hv.params) d.params[k] = k == "filename*" ? decode_ext_value(v) : v;
  return d;
}

std::string multipart_boundary(std::string_view content_type) {
  if (content_type.empty())
    throw DomainError(ErrorKind::unsupported_media, "unsupported_content_type",
                      "Yêu cầu tải tệp phải có Content-Type: multipart/form-data.");
  HeaderValue hv = parse_header_value(content_type, true, "Tiêu đề Content-Type");
  if (hv.type != "multipart/form-data")
    throw DomainError(ErrorKind::unsupported_media, "unsupported_content_type",
                      "Yêu cầu tải tệp phải có Content-Type: multipart/form-data (nhận được " + hv.type + ").");
  for (const auto& [k, v] : hv.params)
    if (k == "boundary") {
      if (!valid_boundary(v)) bad("Tham số boundary của multipart/form-data không hợp lệ (1–70 ký tự cho phép).");
      return v;
    }
  bad("Content-Type multipart/form-data thiếu tham số boundary.");
}

std::vector<MultipartPart> parse_multipart(std::string_view body, std::string_view boundary, size_t max_parts) {
  if (!valid_boundary(boundary)) bad("Tham số boundary của multipart/form-data không hợp lệ (1–70 ký tự cho phép).");
  const std::string dash = "--" + std::string(boundary);
  const std::string delim = "\r\n" + dash;

  // First delimiter: at the very start, or after a preamble that ends with CRLF.
  size_t i;
  if (body.substr(0, dash.size()) == dash) {
    i = dash.size();
  } else {
    size_t p = body.find(delim);
    if (p == std::string_view::npos) bad("Dữ liệu multipart không có dấu phân cách (boundary) nào.");
    i = p + delim.size();
  }
  if (after_delimiter(body, i)) bad("Dữ liệu multipart không có phần nào.");

  std::vector<MultipartPart> parts;
  for (;;) {
    if (parts.size() >= max_parts) bad("Dữ liệu multipart có quá nhiều phần (tối đa " + std::to_string(max_parts) + ").");
    MultipartPart part;
    // Headers.
    size_t hend = body.find("\r\n\r\n", i);
    bool no_headers = body.substr(i, 2) == "\r\n";
    if (!no_headers && hend == std::string_view::npos) bad("Dữ liệu multipart không hợp lệ: phần tiêu đề không kết thúc bằng dòng trống.");
    size_t body_start = no_headers ? i + 2 : hend + 4;
    if (body_start - i > 8192) bad("Phần tiêu đề của một phần multipart quá dài (tối đa 8 KiB).");
    if (!no_headers) {
      std::string_view hs = body.substr(i, hend - i);
      size_t pos = 0;
      while (pos <= hs.size()) {
        size_t eol = hs.find("\r\n", pos);
        std::string_view line = hs.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
        pos = eol == std::string_view::npos ? hs.size() + 1 : eol + 2;
        if (line.empty() || is_ows(line[0])) bad("Dữ liệu multipart không hợp lệ: dòng tiêu đề rỗng hoặc gập dòng không được hỗ trợ.");
        if (line.find('\r') != std::string_view::npos || line.find('\n') != std::string_view::npos || line.find('\0') != std::string_view::npos)
          bad("Dữ liệu multipart không hợp lệ: dòng tiêu đề chứa ký tự điều khiển.");
        size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) bad("Dữ liệu multipart không hợp lệ: dòng tiêu đề thiếu dấu \":\".");
        std::string name(line.substr(0, colon));
        if (!std::all_of(name.begin(), name.end(), is_tchar)) bad("Dữ liệu multipart không hợp lệ: tên tiêu đề \"" + name + "\" không hợp lệ.");
        size_t v = colon + 1;
        skip_ows(line, v);
        std::string_view value = line.substr(v);
        while (!value.empty() && is_ows(value.back())) value.remove_suffix(1);
        if (part.headers.count(name)) bad("Dữ liệu multipart không hợp lệ: tiêu đề \"" + name + "\" bị lặp lại.");
        part.headers.emplace(std::move(name), std::string(value));
      }
    }
    auto cd = part.headers.find("Content-Disposition");
    if (cd == part.headers.end()) bad("Mỗi phần multipart phải có tiêu đề Content-Disposition: form-data.");
    Disposition d = parse_disposition(cd->second);
    if (d.type != "form-data") bad("Tiêu đề Content-Disposition của phần multipart phải là form-data.");
    auto nm = d.params.find("name");
    if (nm == d.params.end() || nm->second.empty()) bad("Phần multipart thiếu tên trường (name).");
    // Field names end up in JSON and error messages: invalid UTF-8 is refused here (found by fuzzing).
    if (!text::valid_utf8(nm->second)) bad("Tên trường (name) của phần multipart không phải UTF-8 hợp lệ.");
    part.name = nm->second;
    if (auto f = d.params.find("filename*"); f != d.params.end())
      part.filename = text::file_name(f->second);
    else if (auto f2 = d.params.find("filename"); f2 != d.params.end())
      part.filename = text::file_name(f2->second);
    if (auto ct = part.headers.find("Content-Type"); ct != part.headers.end()) {
      HeaderValue t = parse_header_value(ct->second, true, "Tiêu đề Content-Type của phần multipart");
      if (t.type.find('/') == std::string::npos) bad("Tiêu đề Content-Type của phần multipart không hợp lệ.");
      part.content_type = t.type;
    }
    // Body up to the next delimiter (which must be preceded by CRLF).
    size_t next = body.find(delim, body_start);
    // An empty body directly followed by the delimiter: "\r\n\r\n--b" (the CRLF belongs to the delimiter).
    if (next == std::string_view::npos) bad("Dữ liệu multipart bị cắt cụt: thiếu dấu kết thúc (--" + std::string(boundary) + "--).");
    part.body = body.substr(body_start, next - body_start);
    parts.push_back(std::move(part));
    i = next + delim.size();
    if (after_delimiter(body, i)) break;  // epilogue ignored
  }
  return parts;
}

std::vector<MultipartPart> parse_multipart(const Request& req, size_t max_parts) {
  std::string b = multipart_boundary(req.header("Content-Type").value_or(""));
  return parse_multipart(req.body, b, max_parts);
}

}  // namespace motcua::http
