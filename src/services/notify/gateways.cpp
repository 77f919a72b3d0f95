// SMS and Zalo through HTTP gateways (see gateways.h).
#include "services/notify/gateways.h"

#include <nlohmann/json.hpp>

#include "domain/notify/sms.h"
#include "services/notify/http_post.h"

namespace motcua::services::notify {

using nlohmann::json;

namespace {
// POST a JSON body; connection-level failures are transient SendErrors, other 4xx permanent.
HttpReply post_json(const GatewayConfig& cfg, const std::vector<std::string>& header_lines, const std::string& body) {
  HttpReply r = http_post(cfg.url, header_lines, body, "application/json", cfg.timeout_s, "cổng gửi tin");
  if (r.status < 200 || r.status >= 300) throw SendError("cổng gửi tin từ chối: HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200), true);
  return r;
}

std::string without_query(const std::string& url) { return url.substr(0, url.find('?')); }

class SmsChannel final : public Channel {
 public:
  explicit SmsChannel(GatewayConfig cfg) : cfg_(std::move(cfg)) {}
  std::string send(const Outgoing& m) override {
    std::string text = motcua::notify::sms_text(m.text, cfg_.ascii);
    auto len = motcua::notify::sms_length(text);
    json body = {{"to", m.recipient}, {"text", text}, {"brandname", cfg_.brandname}, {"request_id", m.message_id()},
                 {"encoding", len.encoding == motcua::notify::SmsEncoding::gsm7 ? "gsm7" : "ucs2"}, {"segments", len.segments}};
    HttpReply r = post_json(cfg_, {"Authorization: Bearer " + cfg_.token, "X-Request-Id: " + m.message_id()},
                        body.dump(-1, ' ', false, json::error_handler_t::replace));
    auto j = json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>() : m.message_id();
  }
  std::string describe() const override { return "sms:" + without_query(cfg_.url) + (cfg_.ascii ? " (không dấu)" : ""); }

 private:
  GatewayConfig cfg_;
};

class ZaloChannel final : public Channel {
 public:
  explicit ZaloChannel(GatewayConfig cfg) : cfg_(std::move(cfg)) {}
  std::string send(const Outgoing& m) override {
    std::string text = m.subject.empty() ? m.text : m.subject + "\n" + m.text;
    json body = {{"recipient", {{"user_id", m.recipient}}}, {"message", {{"text", text}}}};
    HttpReply r = post_json(cfg_, {"access_token: " + cfg_.token, "X-Request-Id: " + m.message_id()},
                        body.dump(-1, ' ', false, json::error_handler_t::replace));
    auto j = json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j.contains("error")) throw SendError("Zalo: phản hồi không hợp lệ", false);
    int err = j["error"].is_number_integer() ? j["error"].get<int>() : -1;
    if (err != 0) {
      std::string msg = "Zalo lỗi " + std::to_string(err) + ": " + j.value("message", std::string());
      throw SendError(msg, !(err == -216 || err == -124));
    }
    const json& d = j.contains("data") && j["data"].is_object() ? j["data"] : json::object();
    return d.contains("message_id") && d["message_id"].is_string() ? d["message_id"].get<std::string>() : m.message_id();
  }
  std::string describe() const override { return "zalo:" + without_query(cfg_.url); }

 private:
  GatewayConfig cfg_;
};
}  // namespace

std::unique_ptr<Channel> make_sms_channel(GatewayConfig cfg) { return std::make_unique<SmsChannel>(std::move(cfg)); }
std::unique_ptr<Channel> make_zalo_channel(GatewayConfig cfg) { return std::make_unique<ZaloChannel>(std::move(cfg)); }

}  // namespace motcua::services::notify
