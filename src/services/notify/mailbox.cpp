// The demo mailbox (see mailbox.h).
#include "services/notify/mailbox.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace motcua::services::notify {

namespace {
std::string from_base64(const std::string& in) {
  std::string clean;
  for (char c : in)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=') clean += c;
  if (clean.size() % 4) return "";
  std::string out(clean.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(clean.data()), static_cast<int>(clean.size()));
  if (n < 0) return "";
  size_t pad = 0;
  for (size_t i = clean.size(); i > 0 && clean[i - 1] == '=' && pad < 2; --i) ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

std::string from_qp(const std::string& in, bool header) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && i + 2 < in.size() && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
      out += static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2]));
      i += 2;
    } else if (in[i] == '=' && i + 1 < in.size() && in[i + 1] == '\n') {
      ++i;  // soft line break
    } else {
      out += header && in[i] == '_' ? ' ' : in[i];
    }
  }
  return out;
}

// "=?charset?B|Q?text?=" words decoded; whitespace between two adjacent words dropped.
std::string decode_words(const std::string& v) {
  std::string out, pending_space;
  size_t i = 0;
  bool last_word = false;
  while (i < v.size()) {
    size_t w = v.find("=?", i);
    size_t q1 = w == std::string::npos ? w : v.find('?', w + 2);
    size_t q2 = q1 == std::string::npos ? q1 : v.find('?', q1 + 1);
    size_t end = q2 == std::string::npos ? q2 : v.find("?=", q2 + 1);
    if (end == std::string::npos) {
      out += v.substr(i);
      break;
    }
    std::string between = v.substr(i, w - i);
    bool blank = between.find_first_not_of(" \t") == std::string::npos;
    if (!(last_word && blank)) out += between;
    char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(v[q1 + 1])));
    std::string text = v.substr(q2 + 1, end - q2 - 1);
    out += enc == 'B' ? from_base64(text) : from_qp(text, true);
    last_word = true;
    i = end + 2;
  }
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Headers {
  std::vector<std::pair<std::string, std::string>> items;  // lower-case name → raw unfolded value
  std::string get(const std::string& name) const {
    for (const auto& [k, v] : items)
      if (k == name) return v;
    return "";
  }
};

// Splits "headers\n\nbody" (LF only); unfolds continuation lines.
std::pair<Headers, std::string> split(const std::string& msg) {
  Headers h;
  size_t end = msg.find("\n\n");
  std::string head = msg.substr(0, end), body = end == std::string::npos ? "" : msg.substr(end + 2);
  size_t pos = 0;
  while (pos < head.size()) {
    size_t nl = head.find('\n', pos);
    std::string line = head.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? head.size() : nl + 1;
    if (line.empty()) continue;
    if ((line[0] == ' ' || line[0] == '\t') && !h.items.empty()) {
      h.items.back().second += line;
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string v = line.substr(colon + 1);
    v.erase(0, v.find_first_not_of(" \t") == std::string::npos ? v.size() : v.find_first_not_of(" \t"));
    h.items.emplace_back(lower(line.substr(0, colon)), v);
  }
  return {h, body};
}

std::string param(const std::string& header, const std::string& name) {
  auto p = lower(header).find(name + "=");
  if (p == std::string::npos) return "";
  std::string v = header.substr(p + name.size() + 1);
  if (!v.empty() && v[0] == '"') return v.substr(1, v.find('"', 1) - 1);
  return v.substr(0, v.find_first_of("; \t"));
}

std::string decode_body(const Headers& h, const std::string& body) {
  std::string cte = lower(h.get("content-transfer-encoding"));
  if (cte.find("base64") != std::string::npos) return from_base64(body);
  if (cte.find("quoted-printable") != std::string::npos) return from_qp(body, false);
  return body;
}

// The text/plain content of a (possibly multipart) entity.
std::string plain_text(const Headers& h, const std::string& body, int depth = 0) {
  std::string type = lower(h.get("content-type"));
  if (type.rfind("multipart/", 0) == 0 && depth < 5) {
    std::string boundary = "--" + param(h.get("content-type"), "boundary");
    size_t p = body.find(boundary);
    while (p != std::string::npos) {
      size_t start = body.find('\n', p);
      if (start == std::string::npos) break;
      size_t next = body.find("\n" + boundary, start);
      auto [ph, pb] = split(body.substr(start + 1, next == std::string::npos ? std::string::npos : next - start - 1));
      std::string t = plain_text(ph, pb, depth + 1);
      if (!t.empty()) return t;
      p = next == std::string::npos ? next : next + 1;
    }
    return "";
  }
  if (type.empty() || type.rfind("text/plain", 0) == 0) return decode_body(h, body);
  return "";
}
}  // namespace

MailView parse_mail(const std::string& raw) {
  std::string msg;
  msg.reserve(raw.size());
  for (char c : raw)
    if (c != '\r') msg += c;
  auto [h, body] = split(msg);
  MailView v;
  v.date = h.get("date");
  v.from = decode_words(h.get("from"));
  v.to = decode_words(h.get("to"));
  v.subject = decode_words(h.get("subject"));
  v.message_id = h.get("message-id");
  v.text = plain_text(h, body);
  return v;
}

std::vector<MailView> read_maildir(const std::string& dir, size_t limit) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  std::error_code ec;
  for (const char* sub : {"new", "cur"})
    for (fs::directory_iterator it(fs::path(dir) / sub, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file()) files.push_back(it->path());
  // Maildir names start with the delivery time in seconds, then a unique part: newest first by name.
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) { return a.filename() > b.filename(); });
  if (files.size() > limit) files.resize(limit);
  std::vector<MailView> out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    MailView v = parse_mail(raw.substr(0, 1 << 20));
    v.file = f.filename().string();
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace motcua::services::notify
