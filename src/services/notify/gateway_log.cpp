// The demo SMS and Zalo messages (see gateway_log.h).
#include "services/notify/gateway_log.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace motcua::services::notify {

using nlohmann::json;

std::vector<GatewayMessage> read_gateway_log(const std::string& path, size_t limit) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return {};
  const std::streamoff size = in.tellg(), window = 1 << 20;
  in.seekg(size > window ? size - window : 0);
  std::string tail((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (size > window) tail.erase(0, tail.find('\n') + 1);  // a partial first line
  std::vector<GatewayMessage> out;
  size_t end = tail.size();
  while (end > 0 && out.size() < limit) {
    size_t start = tail.rfind('\n', end - 1);
    start = start == std::string::npos ? 0 : start + 1;
    json j = json::parse(tail.substr(start, end - start), nullptr, false);
    end = start == 0 ? 0 : start - 1;
    if (!j.is_object() || !j.contains("body") || !j["body"].is_object()) continue;
    const json& b = j["body"];
    int64_t at = j.contains("at") && j["at"].is_number_integer() ? j["at"].get<int64_t>() : 0;
    if (b.contains("to") && b["to"].is_string() && b.contains("text") && b["text"].is_string())
      out.push_back({at, "SMS", b["to"].get<std::string>(), b["text"].get<std::string>()});
    else if (b.contains("recipient") && b["recipient"].is_object() && b["recipient"].value("user_id", json()).is_string() && b.contains("message") &&
             b["message"].is_object() && b["message"].value("text", json()).is_string())
      out.push_back({at, "Zalo", b["recipient"]["user_id"].get<std::string>(), b["message"]["text"].get<std::string>()});
  }
  return out;
}

}  // namespace motcua::services::notify
