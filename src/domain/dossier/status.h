// motcua::dossier — dossier status codes, channels, applicant types and deadline-clock semantics
// (pure data, no I/O). Source: shared/DOMAIN.md §3 (national portal codes `TrangThaiHoSo`,
// `KenhThucHien`, `LoaiDoiTuong`).
//
// Contract
// - Status carries the national numeric value (1–10); code(s) returns it, status_from_code(n) is the
//   inverse (nullopt outside 1–10). label_vi is exactly the DOMAIN.md label ("Mới đăng ký" …);
//   to_string is a stable English key ("submitted" …) for logs / JSON; parse_status accepts that key
//   or the decimal code ("4").
// - Terminal statuses: 3 (refused at intake), 8 (stopped), 10 (result returned). No action leaves them.
// - Channel: 1 desk (trực tiếp), 2 online (trực tuyến), 3 post (bưu chính công ích).
//   ApplicantType: 1 citizen, 2 business, 3 state body, 4 other organisation.
//   Each has code / from_code / label_vi / to_string / parse (key or decimal code).
// - The deadline clock (running / paused, overdue, due soon, early / on time / late) is clock.h.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "domain/calendar/date.h"

namespace motcua::dossier {

enum class Status : int {
  submitted = 1,              // Mới đăng ký
  accepted = 2,               // Được tiếp nhận
  refused = 3,                // Không được tiếp nhận (terminal)
  processing = 4,             // Đang xử lý
  supplement_requested = 5,   // Yêu cầu bổ sung giấy tờ
  payment_requested = 6,      // Yêu cầu thực hiện nghĩa vụ tài chính
  withdrawal_requested = 7,   // Công dân yêu cầu rút hồ sơ
  stopped = 8,                // Dừng xử lý (terminal)
  resolved = 9,               // Đã xử lý xong
  returned = 10,              // Đã trả kết quả (terminal)
};

inline constexpr int code(Status s) noexcept { return static_cast<int>(s); }
std::optional<Status> status_from_code(int n) noexcept;
std::string_view label_vi(Status s) noexcept;
std::string_view to_string(Status s) noexcept;
std::optional<Status> parse_status(std::string_view key_or_code) noexcept;
bool is_terminal(Status s) noexcept;
const std::array<Status, 10>& all_statuses() noexcept;

enum class Channel : int { desk = 1, online = 2, post = 3 };
inline constexpr int code(Channel c) noexcept { return static_cast<int>(c); }
std::optional<Channel> channel_from_code(int n) noexcept;
std::string_view label_vi(Channel c) noexcept;   // "Trực tiếp", "Trực tuyến", "Bưu chính công ích"
std::string_view to_string(Channel c) noexcept;  // "desk", "online", "post"
std::optional<Channel> parse_channel(std::string_view key_or_code) noexcept;
const std::array<Channel, 3>& all_channels() noexcept;

enum class ApplicantType : int { citizen = 1, business = 2, state_body = 3, other_organisation = 4 };
inline constexpr int code(ApplicantType t) noexcept { return static_cast<int>(t); }
std::optional<ApplicantType> applicant_type_from_code(int n) noexcept;
std::string_view label_vi(ApplicantType t) noexcept;   // "Công dân", "Doanh nghiệp", "Cơ quan nhà nước", "Tổ chức khác"
std::string_view to_string(ApplicantType t) noexcept;  // "citizen", "business", "state_body", "other_organisation"
std::optional<ApplicantType> parse_applicant_type(std::string_view key_or_code) noexcept;
const std::array<ApplicantType, 4>& all_applicant_types() noexcept;

}  // namespace motcua::dossier
