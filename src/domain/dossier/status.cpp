#include "domain/dossier/status.h"

#include <charconv>

namespace motcua::dossier {
namespace {

std::optional<int> parse_int(std::string_view s) noexcept {
  int v = 0;
  if (s.empty() || s.size() > 3) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

// ---------------------------------------------------------------- Status
const std::array<Status, 10>& all_statuses() noexcept {
  static constexpr std::array<Status, 10> k{Status::submitted,          Status::accepted,          Status::refused,
                                            Status::processing,         Status::supplement_requested,
                                            Status::payment_requested,  Status::withdrawal_requested,
                                            Status::stopped,            Status::resolved,          Status::returned};
  return k;
}

std::optional<Status> status_from_code(int n) noexcept {
  if (n < 1 || n > 10) return std::nullopt;
  return static_cast<Status>(n);
}

std::string_view label_vi(Status s) noexcept {
  switch (s) {
    case Status::submitted: return "Mới đăng ký";
    case Status::accepted: return "Được tiếp nhận";
    case Status::refused: return "Không được tiếp nhận";
    case Status::processing: return "Đang xử lý";
    case Status::supplement_requested: return "Yêu cầu bổ sung giấy tờ";
    case Status::payment_requested: return "Yêu cầu thực hiện nghĩa vụ tài chính";
    case Status::withdrawal_requested: return "Công dân yêu cầu rút hồ sơ";
    case Status::stopped: return "Dừng xử lý";
    case Status::resolved: return "Đã xử lý xong";
    case Status::returned: return "Đã trả kết quả";
  }
  return "";
}

std::string_view to_string(Status s) noexcept {
  switch (s) {
    case Status::submitted: return "submitted";
    case Status::accepted: return "accepted";
    case Status::refused: return "refused";
    case Status::processing: return "processing";
    case Status::supplement_requested: return "supplement_requested";
    case Status::payment_requested: return "payment_requested";
    case Status::withdrawal_requested: return "withdrawal_requested";
    case Status::stopped: return "stopped";
    case Status::resolved: return "resolved";
    case Status::returned: return "returned";
  }
  return "";
}

std::optional<Status> parse_status(std::string_view s) noexcept {
  if (auto n = parse_int(s)) return status_from_code(*n);
  for (Status st : all_statuses())
    if (to_string(st) == s) return st;
  return std::nullopt;
}

bool is_terminal(Status s) noexcept {
  return s == Status::refused || s == Status::stopped || s == Status::returned;
}

// ---------------------------------------------------------------- Channel
const std::array<Channel, 3>& all_channels() noexcept {
  static constexpr std::array<Channel, 3> k{Channel::desk, Channel::online, Channel::post};
  return k;
}

std::optional<Channel> channel_from_code(int n) noexcept {
  if (n < 1 || n > 3) return std::nullopt;
  return static_cast<Channel>(n);
}

std::string_view label_vi(Channel c) noexcept {
  switch (c) {
    case Channel::desk: return "Trực tiếp";
    case Channel::online: return "Trực tuyến";
    case Channel::post: return "Bưu chính công ích";
  }
  return "";
}

std::string_view to_string(Channel c) noexcept {
  switch (c) {
    case Channel::desk: return "desk";
    case Channel::online: return "online";
    case Channel::post: return "post";
  }
  return "";
}

std::optional<Channel> parse_channel(std::string_view s) noexcept {
  if (auto n = parse_int(s)) return channel_from_code(*n);
  for (Channel c : all_channels())
    if (to_string(c) == s) return c;
  return std::nullopt;
}

// ---------------------------------------------------------------- ApplicantType
const std::array<ApplicantType, 4>& all_applicant_types() noexcept {
  static constexpr std::array<ApplicantType, 4> k{ApplicantType::citizen, ApplicantType::business,
                                                  ApplicantType::state_body, ApplicantType::other_organisation};
  return k;
}

std::optional<ApplicantType> applicant_type_from_code(int n) noexcept {
  if (n < 1 || n > 4) return std::nullopt;
  return static_cast<ApplicantType>(n);
}

std::string_view label_vi(ApplicantType t) noexcept {
  switch (t) {
    case ApplicantType::citizen: return "Công dân";
    case ApplicantType::business: return "Doanh nghiệp";
    case ApplicantType::state_body: return "Cơ quan nhà nước";
    case ApplicantType::other_organisation: return "Tổ chức khác";
  }
  return "";
}

std::string_view to_string(ApplicantType t) noexcept {
  switch (t) {
    case ApplicantType::citizen: return "citizen";
    case ApplicantType::business: return "business";
    case ApplicantType::state_body: return "state_body";
    case ApplicantType::other_organisation: return "other_organisation";
  }
  return "";
}

std::optional<ApplicantType> parse_applicant_type(std::string_view s) noexcept {
  if (auto n = parse_int(s)) return applicant_type_from_code(*n);
  for (ApplicantType t : all_applicant_types())
    if (to_string(t) == s) return t;
  return std::nullopt;
}

}  // namespace motcua::dossier
