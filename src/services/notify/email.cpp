// E-mail over SMTP with libcurl (see email.h).
#include "services/notify/email.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <cstring>
#include <ctime>


namespace motcua::services::notify {

namespace {
std::string base64(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string base64_lines(std::string_view in) {
  std::string b = base64(in), out;
  for (size_t i = 0; i < b.size(); i += 76) out += b.substr(i, 76) + "\r\n";
  return out;
}

bool plain_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return s.find("=?") == std::string::npos;
}

std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\r' || c == '\n') c = ' ';
  return s;
}

std::string rfc5322_date(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  return buf;
}
}  // namespace

std::string encode_header_words(const std::string& utf8) {
  if (plain_ascii(utf8)) return utf8;
  // 45 input bytes → 60 base64 characters + 12 for "=?UTF-8?B?" and "?=": within 75. Never split a
  // UTF-8 sequence (continuation bytes are 10xxxxxx).
  std::string out;
  size_t i = 0;
  while (i < utf8.size()) {
    size_t n = std::min<size_t>(45, utf8.size() - i);
    while (n > 0 && i + n < utf8.size() && (static_cast<unsigned char>(utf8[i + n]) & 0xC0) == 0x80) --n;
    if (n == 0) n = std::min<size_t>(45, utf8.size() - i);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(std::string_view(utf8).substr(i, n)) + "?=";
    i += n;
  }
  return out;
}

std::string build_email(const Outgoing& m, const std::string& from, const std::string& from_name, int64_t now_ms) {
  if (m.recipient.find_first_of("\r\n<>") != std::string::npos) throw SendError("địa chỉ người nhận không hợp lệ", true);
  std::string id = m.message_id();
  std::string boundary = "=_motcua_" + id.substr(0, 16);
  std::string msg;
  msg += "Message-ID: <" + id + ">\r\n";
  msg += "Date: " + rfc5322_date(now_ms) + "\r\n";
  msg += "From: " + (from_name.empty() ? "" : encode_header_words(one_line(from_name)) + " ") + "<" + from + ">\r\n";
  msg += "To: <" + m.recipient + ">\r\n";
  msg += "Subject: " + encode_header_words(one_line(m.subject)) + "\r\n";
  msg += "MIME-Version: 1.0\r\n";
  msg += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
  msg += "\r\n--" + boundary + "\r\n";
  msg += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64_lines(m.text);
  msg += "--" + boundary + "\r\n";
  msg += "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64_lines(m.html.empty() ? m.text : m.html);
  msg += "--" + boundary + "--\r\n";
  return msg;
}

namespace {
struct Upload {
  const std::string* data;
  size_t pos = 0;
};

size_t read_upload(char* buf, size_t size, size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  size_t len = std::min(size * n, u->data->size() - u->pos);
  std::memcpy(buf, u->data->data() + u->pos, len);
  u->pos += len;
  return len;
}

class SmtpChannel final : public Channel {
 public:
  explicit SmtpChannel(EmailConfig cfg) : cfg_(std::move(cfg)) {}

  std::string send(const Outgoing& m) override {
    std::string msg = build_email(m, cfg_.from, cfg_.from_name, static_cast<int64_t>(std::time(nullptr)) * 1000);
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) throw SendError("libcurl không khởi tạo được", false);
    CURL* c = curl.get();
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt(curl_slist_append(nullptr, ("<" + m.recipient + ">").c_str()),
                                                                     curl_slist_free_all);
    Upload up{&msg};
    std::string from = "<" + cfg_.from + ">";
    curl_easy_setopt(c, CURLOPT_URL, cfg_.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg_.timeout_s);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, std::min(cfg_.timeout_s, 10L));
    if (cfg_.starttls) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!cfg_.user.empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, cfg_.user.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, cfg_.password.c_str());
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    CURLcode rc = curl_easy_perform(c);
    long reply = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    if (rc != CURLE_OK) {
      bool permanent = reply >= 500 && reply < 600;
      throw SendError("SMTP " + (reply ? std::to_string(reply) + " " : std::string()) + curl_easy_strerror(rc), permanent);
    }
    return "<" + m.message_id() + ">";
  }

  std::string describe() const override {
    // The URL may carry credentials (smtp://user:pass@host): show scheme://host[:port] only.
    std::string u = cfg_.url;
    auto scheme = u.find("://");
    auto at = u.rfind('@');
    if (scheme != std::string::npos && at != std::string::npos && at > scheme) u = u.substr(0, scheme + 3) + u.substr(at + 1);
    return u + (cfg_.starttls ? " (STARTTLS)" : "");
  }

 private:
  EmailConfig cfg_;
};
}  // namespace

std::unique_ptr<Channel> make_smtp_channel(EmailConfig cfg) { return std::make_unique<SmtpChannel>(std::move(cfg)); }

}  // namespace motcua::services::notify
