// Notification preferences and the Zalo link (see preferences.h).
#include "services/notify/preferences.h"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>

#include "domain/errors.h"
#include "domain/format.h"
#include "domain/text.h"
#include "services/ids.h"

namespace motcua::services::notify {

namespace nt = motcua::notify;
using nlohmann::json;

namespace {

constexpr int64_t kLinkTtlMs = 30 * 60 * 1000;

DomainError invalid(const std::string& field, const std::string& msg) {
  return DomainError(ErrorKind::invalid, "invalid_preferences", msg, {{field, msg}});
}

// The 8 digits of a link code inside a follower's message ("MC 1234 5678", "12345678"), or "".
std::string code_in(const std::string& text) {
  std::string digits;
  for (char ch : text) {
    if (ch >= '0' && ch <= '9') digits += ch;
    else if (ch != ' ' && ch != '-' && ch != '.' && !digits.empty() && digits.size() != 8) digits.clear();
  }
  return digits.size() == 8 ? digits : "";
}

}  // namespace

PrefsView Preferences::get(int64_t user_id) const {
  PrefsView v;
  auto r = db_.query("SELECT u.email, u.phone, COALESCE(u.zalo_user_id, ''), p.channels, p.muted, u.kind FROM users u "
                     "LEFT JOIN notify_prefs p ON p.user_id = u.id WHERE u.id = $1",
                     {user_id});
  if (r.rows.empty()) throw DomainError(ErrorKind::not_found, "user_not_found", "Không tìm thấy tài khoản.");
  const auto& x = r.rows[0];
  v.email = x.str(0);
  v.phone = x.str(1);
  v.zalo_linked = !x.str(2).empty();
  v.chosen = !x.is_null(3);
  if (v.chosen) {
    v.channels = nt::parse_list(x.str(3));
    v.muted = nt::parse_list(x.str(4));
  } else {
    for (const auto& t : nt::route(nullptr, {}, {v.email, v.phone, ""})) v.channels.insert(t.channel);
  }
  bool staff = x.str(5) == "staff";
  for (const auto& e : nt::events()) {
    if (e.staff != staff || e.id == "account.code") continue;
    std::string id(e.id);
    v.events.push_back({id, std::string(e.label), std::string(e.group), e.required, !e.required && v.muted.count(id) > 0});
  }
  return v;
}

PrefsView Preferences::save(int64_t user_id, const std::set<std::string>& channels, const std::set<std::string>& muted, const std::string& username,
                            const std::string& ip) const {
  PrefsView now_v = get(user_id);
  if (channels.empty()) throw invalid("channels", "Chọn ít nhất một cách nhận thông báo.");
  for (const auto& c : channels) {
    if (!nt::known_channel(c)) throw invalid("channels", "Cách nhận thông báo “" + text::display_text(c, 20) + "” không có.");
    if (c == "email" && now_v.email.empty()) throw invalid("channels", "Tài khoản chưa có địa chỉ thư điện tử nên không nhận thông báo qua thư được.");
    if (c == "sms" && now_v.phone.empty()) throw invalid("channels", "Tài khoản chưa có số điện thoại nên không nhận SMS được.");
    if (c == "zalo" && !now_v.zalo_linked) throw invalid("channels", "Hãy liên kết Zalo trước khi chọn nhận thông báo qua Zalo.");
  }
  for (const auto& m : muted) {
    auto it = std::find_if(now_v.events.begin(), now_v.events.end(), [&](const PrefsEvent& e) { return e.id == m; });
    if (it == now_v.events.end()) throw invalid("muted", "Loại thông báo “" + text::display_text(m, 40) + "” không có.");
    if (it->required) throw invalid("muted", "Thông báo “" + it->label + "” luôn được gửi, không tắt được.");
  }
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& c) {
    c.exec("INSERT INTO notify_prefs (user_id, channels, muted, updated_at) VALUES ($1,$2,$3,$4) ON CONFLICT (user_id) DO UPDATE SET "
           "channels = excluded.channels, muted = excluded.muted, updated_at = excluded.updated_at",
           {user_id, nt::join_list(channels), nt::join_list(muted), now});
    audit_.append(c, {user_id, username, "notify.preferences", username, "", ip, {{"channels", nt::join_list(channels)}, {"muted", nt::join_list(muted)}}},
                  now);
  });
  return get(user_id);
}

std::string Preferences::begin_zalo_link(int64_t user_id) const {
  std::string code = random_digits(8);
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& c) {
    c.exec("UPDATE one_time_codes SET used_at = $2 WHERE user_id = $1 AND purpose = 'zalo_link' AND used_at IS NULL", {user_id, now});
    c.exec("INSERT INTO one_time_codes (user_id, purpose, code_hash, created_at, expires_at) VALUES ($1, 'zalo_link', $2, $3, $4)",
           {user_id, sha256_hex("zalo_link:" + code), now, now + kLinkTtlMs});
  });
  return code;
}

void Preferences::unlink_zalo(int64_t user_id, const std::string& username, const std::string& ip) const {
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& c) {
    if (c.exec("UPDATE users SET zalo_user_id = NULL WHERE id = $1 AND zalo_user_id IS NOT NULL", {user_id}).affected != 1) return;
    auto p = c.exec("SELECT channels FROM notify_prefs WHERE user_id = $1", {user_id});
    if (!p.rows.empty()) {
      auto ch = nt::parse_list(p.rows[0].str(0));
      ch.erase("zalo");
      // Nothing left: back to the default rule.
      if (ch.empty()) c.exec("DELETE FROM notify_prefs WHERE user_id = $1", {user_id});
      else c.exec("UPDATE notify_prefs SET channels = $2, updated_at = $3 WHERE user_id = $1", {user_id, nt::join_list(ch), now});
    }
    audit_.append(c, {user_id, username, "notify.zalo_unlinked", username, "", ip, json::object()}, now);
  });
}

std::string Preferences::zalo_webhook(const std::string& signature, const std::string& body, const std::string& ip) const {
  auto refuse = [&](const std::string& why) {
    audit_.append(db_, {0, "zalo", "notify.zalo_webhook_refused", "", "", ip, {{"reason", why}}}, fmt::now_ms());
    return DomainError(ErrorKind::unauthorized, "bad_signature", "Chữ ký sự kiện Zalo không hợp lệ.");
  };
  if (!zalo_configured()) throw refuse("not_configured");
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) throw refuse("not_json");  // an unsigned body is not even parsed further
  std::string ts = j.contains("timestamp") ? (j["timestamp"].is_string() ? j["timestamp"].get<std::string>() : j["timestamp"].dump()) : "";
  std::string app = j.value("app_id", std::string());
  std::string expected = "mac=" + sha256_hex(zalo_.app_id + body + ts + zalo_.oa_secret);
  std::string got = text::trim(signature);
  for (auto& ch : got) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (app != zalo_.app_id || got.size() != expected.size() || CRYPTO_memcmp(got.data(), expected.data(), got.size()) != 0) throw refuse("signature");
  std::string event = j.value("event_name", std::string());
  auto id_of = [&](const char* key) {
    return j.contains(key) && j[key].is_object() && j[key].contains("id") && j[key]["id"].is_string() ? j[key]["id"].get<std::string>() : std::string();
  };
  int64_t now = fmt::now_ms();
  if (event == "unfollow") {
    std::string follower = id_of("follower").empty() ? id_of("sender") : id_of("follower");
    if (follower.empty()) return "ignored";
    auto u = db_.query("SELECT id, username FROM users WHERE zalo_user_id = $1", {follower});
    if (u.rows.empty()) return "ignored";
    unlink_zalo(u.rows[0].i64(0), u.rows[0].str(1), ip);
    return "unlinked";
  }
  if (event != "user_send_text") return "ignored";
  std::string sender = id_of("sender");
  std::string text = j.contains("message") && j["message"].is_object() ? j["message"].value("text", std::string()) : "";
  std::string code = code_in(text);
  if (sender.empty() || sender.size() > 64 || code.empty()) return "ignored";
  std::string result = "ignored";
  db_.write([&](store::Conn& c) {
    auto r = c.exec("SELECT o.id, o.user_id, u.username, u.full_name FROM one_time_codes o JOIN users u ON u.id = o.user_id "
                    "WHERE o.purpose = 'zalo_link' AND o.code_hash = $1 AND o.used_at IS NULL AND o.expires_at > $2",
                    {sha256_hex("zalo_link:" + code), now});
    if (r.rows.size() != 1) return;
    int64_t user_id = r.rows[0].i64(1);
    c.exec("UPDATE one_time_codes SET used_at = $2 WHERE id = $1", {r.rows[0].i64(0), now});
    c.exec("UPDATE users SET zalo_user_id = NULL WHERE zalo_user_id = $1 AND id <> $2", {sender, user_id});  // one follower, one account
    c.exec("UPDATE users SET zalo_user_id = $2 WHERE id = $1", {user_id, sender});
    auto p = c.exec("SELECT channels FROM notify_prefs WHERE user_id = $1", {user_id});
    auto u = c.exec("SELECT email, phone FROM users WHERE id = $1", {user_id}).rows.at(0);
    std::set<std::string> ch;
    if (p.rows.empty())
      for (const auto& t : nt::route(nullptr, {}, {u.str(0), u.str(1), ""})) ch.insert(t.channel);  // what they got until now, and Zalo
    else
      ch = nt::parse_list(p.rows[0].str(0));
    ch.insert("zalo");
    c.exec("INSERT INTO notify_prefs (user_id, channels, muted, updated_at) VALUES ($1,$2,'',$3) ON CONFLICT (user_id) DO UPDATE SET "
           "channels = excluded.channels, updated_at = excluded.updated_at",
           {user_id, nt::join_list(ch), now});
    Message m;
    m.event = "account.zalo-linked";
    m.channel = "zalo";
    m.recipient = sender;
    m.subject = "Đã liên kết Zalo";
    m.body_text = "Tài khoản Cổng Dịch vụ công của " + text::mask_name(r.rows[0].str(3)) +
                  " đã được liên kết với Zalo. Bạn sẽ nhận thông báo về hồ sơ qua Zalo; có thể thay đổi tại mục Tài khoản > Nhận thông báo.";
    m.key = "zalo-link#" + std::to_string(r.rows[0].i64(0));
    outbox_.enqueue(c, std::move(m), now);
    audit_.append(c, {user_id, r.rows[0].str(2), "notify.zalo_linked", r.rows[0].str(2), "", ip, json::object()}, now);
    result = "linked";
  });
  return result;
}

}  // namespace motcua::services::notify
