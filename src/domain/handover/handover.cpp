// Hand-over rules (see handover.h).
#include "domain/handover/handover.h"

namespace motcua::handover {

using nlohmann::json;

std::string signing_input(std::string_view method, std::string_view path, int64_t timestamp_ms, std::string_view body_sha256_hex) {
  std::string s = "motcua-handover/1\n";
  s.append(method).append("\n").append(path).append("\n").append(std::to_string(timestamp_ms)).append("\n").append(body_sha256_hex);
  return s;
}

std::optional<std::string> stale(int64_t timestamp_ms, int64_t now_ms) {
  int64_t d = now_ms - timestamp_ms;
  if (d > kMaxSkewMs || d < -kMaxSkewMs) return "Yêu cầu liên thông quá hạn hoặc đồng hồ hai hệ thống lệch quá 5 phút.";
  return std::nullopt;
}

bool may_hand_over(int status) noexcept { return status == 2 || status == 4; }

bool sender_role(const accounts::Principal& who, const std::string& competent_agency) {
  return who.holds(accounts::Role::desk, competent_agency) || who.holds(accounts::Role::leader, competent_agency);
}

bool may_send(const accounts::Principal& who, const std::string& competent_agency, int status) {
  return may_hand_over(status) && sender_role(who, competent_agency);
}

namespace {
bool str(const json& j, const char* k, size_t max = 500) {
  return j.is_object() && j.contains(k) && j[k].is_string() && !j[k].get<std::string>().empty() && j[k].get<std::string>().size() <= max;
}
}  // namespace

std::vector<std::string> check_package(const json& p) {
  std::vector<std::string> out;
  if (!p.is_object()) return {"Gói liên thông phải là một đối tượng JSON."};
  if (p.value("format", std::string()) != kFormat) out.push_back("Định dạng gói không phải " + std::string(kFormat) + ".");
  if (!str(p, "handover_id", 64)) out.push_back("Thiếu mã lượt liên thông (handover_id).");
  if (!str(p, "target_agency", 64)) out.push_back("Thiếu mã cơ quan nhận (target_agency).");
  if (p.contains("return_of") && !str(p, "return_of", 64)) out.push_back("return_of không hợp lệ.");
  const json d = p.value("dossier", json());
  if (!d.is_object()) {
    out.push_back("Thiếu thông tin hồ sơ (dossier).");
  } else {
    for (const char* k : {"id", "code", "procedure_code", "procedure_name"})
      if (!str(d, k)) out.push_back(std::string("Hồ sơ thiếu ") + k + ".");
    const json a = d.value("applicant", json());
    if (!str(a, "name", 200)) out.push_back("Hồ sơ thiếu họ tên người nộp.");
    if (d.contains("form") && !d["form"].is_object()) out.push_back("Tờ khai (form) phải là đối tượng.");
    if (!d.contains("status") || !d["status"].is_number_integer()) out.push_back("Hồ sơ thiếu trạng thái.");
  }
  if (p.contains("history") && !p["history"].is_array()) out.push_back("Lịch sử (history) phải là danh sách.");
  const json docs = p.value("documents", json::array());
  if (!docs.is_array() || docs.size() > kMaxDocuments) {
    out.push_back("Danh sách giấy tờ không hợp lệ (tối đa " + std::to_string(kMaxDocuments) + ").");
  } else {
    for (size_t i = 0; i < docs.size(); ++i) {
      const json& x = docs[i];
      if (!str(x, "component_code", 100) || !str(x, "name", 300) || !str(x, "sha256", 64) || !x.contains("data") || !x["data"].is_string())
        out.push_back("Giấy tờ thứ " + std::to_string(i + 1) + " thiếu mã thành phần, tên, SHA-256 hoặc nội dung.");
    }
  }
  return out;
}

std::vector<std::string> check_status(const json& s) {
  std::vector<std::string> out;
  if (!s.is_object()) return {"Báo cáo trạng thái phải là một đối tượng JSON."};
  if (!str(s, "handover_id", 64)) out.push_back("Thiếu handover_id.");
  if (!s.contains("status") || !s["status"].is_number_integer() || s["status"].get<int>() < 1 || s["status"].get<int>() > 10)
    out.push_back("Trạng thái phải từ 1 đến 10.");
  if (!s.contains("seq") || !s["seq"].is_number_integer()) out.push_back("Thiếu số thứ tự (seq).");
  return out;
}

bool newer_status(int64_t last_seq, int64_t seq) noexcept { return seq > last_seq; }

}  // namespace motcua::handover
