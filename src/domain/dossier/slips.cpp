#include "domain/dossier/slips.h"

#include <array>

namespace motcua::dossier {

namespace {
constexpr std::array<Slip, 7> kAll = {Slip::receipt, Slip::supplement, Slip::refusal, Slip::apology, Slip::ledger_line, Slip::control, Slip::stop};
}

std::string_view key(Slip s) noexcept {
  switch (s) {
    case Slip::receipt: return "01";
    case Slip::supplement: return "02";
    case Slip::refusal: return "03";
    case Slip::apology: return "04";
    case Slip::ledger_line: return "05";
    case Slip::control: return "06";
    case Slip::stop: return "stop";
  }
  return "";
}

std::optional<Slip> parse_slip(std::string_view k) noexcept {
  for (auto s : kAll)
    if (key(s) == k) return s;
  return std::nullopt;
}

bool is_internal(Slip s) noexcept { return s == Slip::ledger_line || s == Slip::control; }

std::optional<std::string_view> unavailable_reason(Slip s, const SlipFacts& f) noexcept {
  const bool refused = f.status == Status::refused;
  const bool received = f.received && !refused;
  if (is_internal(s) && !f.staff) return "Sổ theo dõi và phiếu kiểm soát là sổ, phiếu nội bộ của cơ quan.";
  switch (s) {
    case Slip::receipt:
      if (!received) return "Giấy tiếp nhận (Mẫu 01) chỉ có sau khi hồ sơ được tiếp nhận.";
      return std::nullopt;
    case Slip::supplement:
      if (!f.supplement_issued) return "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02) chỉ có khi cán bộ đã yêu cầu bổ sung hoặc hoàn thiện.";
      return std::nullopt;
    case Slip::refusal:
      if (!refused) return "Phiếu từ chối (Mẫu 03) chỉ có với hồ sơ không được tiếp nhận.";
      return std::nullopt;
    case Slip::apology:
      if (!f.apology_issued) return "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04) chỉ có khi cơ quan giải quyết đã phát hành.";
      return std::nullopt;
    case Slip::stop:
      if (f.status != Status::stopped) return "Thông báo dừng xử lý chỉ có với hồ sơ đã dừng.";
      return std::nullopt;
    case Slip::ledger_line:
      if (!received) return "Hồ sơ chưa được tiếp nhận nên chưa có trong Sổ theo dõi.";
      return std::nullopt;
    case Slip::control:
      if (!received) return "Phiếu kiểm soát (Mẫu 06) chỉ có sau khi hồ sơ được tiếp nhận.";
      return std::nullopt;
  }
  return "Không có mẫu này.";
}

std::vector<Slip> available(const SlipFacts& f) {
  std::vector<Slip> out;
  for (auto s : kAll)
    if (!unavailable_reason(s, f)) out.push_back(s);
  return out;
}

}  // namespace motcua::dossier
