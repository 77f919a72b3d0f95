// VNPAY's merchant protocol, the pure parts (see vnpay.h).
//
// Sources checked (search of public reference text, 2026): VNPAY's integration guide and the "chuyển đổi thuật
// toán" page (sandbox.vnpayment.vn/apis/docs/…) show the 2.1.0 payment URL — params sorted by name, keys and
// values url-encoded (PHP urlencode: space → '+'), joined with '&', HMAC-SHA512 over that string. The querydr /
// refund page (…/truy-van-hoan-tien/querydr&refund.html) lists the request fields; the '|'-joined checksum orders
// below were confirmed against the open-source VNPAY client lehuygiang28/vnpay (src/services/query.service.ts),
// not against the checksum lines of VNPAY's own page (not visible in what the search returned). The texts of
// response_text follow VNPAY's code tables (payment vnp_ResponseCode, querydr/refund vnp_ResponseCode and
// vnp_TransactionStatus) as that library reproduces them, shortened.
#include "domain/payments/vnpay.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <set>
#include <string_view>

#include "domain/calendar/date.h"
#include "domain/text.h"

namespace motcua::payments::vnpay {

using nlohmann::json;

std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '*') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string hash_data(const Params& p) {
  std::string out;
  for (const auto& [k, v] : p) {
    if (v.empty() || k == "vnp_SecureHash" || k == "vnp_SecureHashType") continue;
    if (!out.empty()) out.push_back('&');
    out += url_encode(k);
    out.push_back('=');
    out += url_encode(v);
  }
  return out;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Form decoding: '+' → space, %XX → the byte; nullopt on a malformed escape or invalid UTF-8.
std::optional<std::string> form_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  if (!text::valid_utf8(out)) return std::nullopt;
  return out;
}

}  // namespace

std::optional<Params> parse_query(std::string_view q, bool vnp_only) {
  if (!q.empty() && q.front() == '?') q.remove_prefix(1);
  Params out;
  std::set<std::string> names;
  size_t start = 0;
  while (start <= q.size()) {
    size_t end = q.find('&', start);
    if (end == std::string_view::npos) end = q.size();
    std::string_view part = q.substr(start, end - start);
    start = end + 1;
    if (part.empty()) continue;  // "a=1&&b=2", a trailing '&'
    const size_t eq = part.find('=');
    auto name = form_decode(part.substr(0, eq));
    auto value = eq == std::string_view::npos ? std::optional<std::string>(std::string()) : form_decode(part.substr(eq + 1));
    if (!name || !value || name->empty()) return std::nullopt;
    if (!names.insert(*name).second) return std::nullopt;
    if (!vnp_only || name->rfind("vnp_", 0) == 0) out.emplace(std::move(*name), std::move(*value));
  }
  return out;
}

namespace {
constexpr int64_t kMsPerDay = 86'400'000;
constexpr int64_t kOffsetMs = 7 * 3'600'000;  // GMT+7, no DST
}  // namespace

std::string format_time(int64_t utc_ms) {
  const int64_t local = utc_ms + kOffsetMs;
  int64_t days = local / kMsPerDay, rem = local % kMsPerDay;
  if (rem < 0) rem += kMsPerDay, --days;
  const cal::Date d = cal::civil_from_days(days);
  const int64_t secs = rem / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d%02d%02d%02d", d.year, d.month, d.day, static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

int64_t parse_time(std::string_view s) {
  if (s.size() != 14) return 0;
  for (char c : s)
    if (c < '0' || c > '9') return 0;
  auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  const int y = num(0, 4), mo = num(4, 2), d = num(6, 2), h = num(8, 2), mi = num(10, 2), se = num(12, 2);
  if (y < 1970 || !cal::is_valid(cal::Date{y, mo, d}) || h > 23 || mi > 59 || se > 59) return 0;
  const int64_t ms = cal::days_from_civil(y, mo, d) * kMsPerDay + ((h * 60 + mi) * 60 + se) * int64_t{1000} - kOffsetMs;
  return ms > 0 ? ms : 0;
}

std::string response_text(std::string_view code) {
  // Payment (vnp_ResponseCode of the return URL / IPN), then the merchant web API's vnp_ResponseCode (querydr,
  // refund: 91–99), then vnp_TransactionStatus. The lists share "01", "02" and "04": the payment API 2.1.0 does
  // not use them as vnp_ResponseCode, so they read as transaction statuses (the API's "02" — wrong vnp_TmnCode —
  // is named too).
  struct Entry {
    std::string_view code, text;
  };
  static constexpr std::array kTexts = {
      Entry{"00", "Giao dịch thành công"},
      Entry{"01", "Giao dịch chưa hoàn tất"},
      Entry{"02", "Giao dịch bị lỗi (hoặc mã website vnp_TmnCode không hợp lệ)"},
      Entry{"03", "Dữ liệu gửi sang không đúng định dạng"},
      Entry{"04", "Giao dịch đảo: khách hàng đã bị trừ tiền tại ngân hàng nhưng giao dịch chưa thành công ở VNPAY"},
      Entry{"05", "VNPAY đang xử lý giao dịch hoàn tiền"},
      Entry{"06", "VNPAY đã gửi yêu cầu hoàn tiền sang ngân hàng"},
      Entry{"07", "Trừ tiền thành công, giao dịch bị nghi ngờ gian lận"},
      Entry{"09", "Thẻ/tài khoản của khách hàng chưa đăng ký dịch vụ InternetBanking tại ngân hàng"},
      Entry{"10", "Khách hàng xác thực thông tin thẻ/tài khoản không đúng quá 3 lần"},
      Entry{"11", "Đã hết hạn chờ thanh toán"},
      Entry{"12", "Thẻ/tài khoản của khách hàng bị khóa"},
      Entry{"13", "Khách hàng nhập sai mật khẩu xác thực giao dịch (OTP)"},
      Entry{"24", "Khách hàng hủy giao dịch"},
      Entry{"51", "Tài khoản của khách hàng không đủ số dư để thực hiện giao dịch"},
      Entry{"65", "Tài khoản của khách hàng đã vượt quá hạn mức giao dịch trong ngày"},
      Entry{"75", "Ngân hàng thanh toán đang bảo trì"},
      Entry{"79", "Khách hàng nhập sai mật khẩu thanh toán quá số lần quy định"},
      Entry{"91", "Không tìm thấy giao dịch yêu cầu"},
      Entry{"94", "Yêu cầu bị trùng lặp (đã gửi trước đó, VNPAY đang xử lý)"},
      Entry{"95", "Giao dịch này không thành công bên VNPAY, VNPAY từ chối xử lý yêu cầu"},
      Entry{"97", "Chữ ký (checksum) không hợp lệ"},
      Entry{"99", "Lỗi khác của cổng thanh toán"},
  };
  for (const auto& e : kTexts)
    if (e.code == code) return std::string(e.text);
  return "Lỗi không xác định (mã " + std::string(code) + ")";
}

namespace {

std::string field(const json& j, const char* k) {
  if (!j.is_object()) return "";
  auto it = j.find(k);
  if (it == j.end()) return "";
  const json& v = *it;
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.0e18) return std::to_string(static_cast<int64_t>(d));
    return v.dump();
  }
  if (v.is_null()) return "";
  return v.dump();
}

template <size_t N>
std::string joined(const json& j, const std::array<const char*, N>& keys) {
  std::string out;
  for (size_t i = 0; i < N; ++i) {
    if (i) out.push_back('|');
    out += field(j, keys[i]);
  }
  return out;
}

}  // namespace

std::string querydr_data(const json& j) {
  static constexpr std::array<const char*, 9> k = {"vnp_RequestId", "vnp_Version",         "vnp_Command",    "vnp_TmnCode", "vnp_TxnRef",
                                                   "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr",  "vnp_OrderInfo"};
  return joined(j, k);
}

std::string refund_data(const json& j) {
  static constexpr std::array<const char*, 13> k = {"vnp_RequestId",  "vnp_Version",     "vnp_Command",         "vnp_TmnCode",  "vnp_TransactionType",
                                                    "vnp_TxnRef",     "vnp_Amount",      "vnp_TransactionNo",   "vnp_TransactionDate",
                                                    "vnp_CreateBy",   "vnp_CreateDate",  "vnp_IpAddr",          "vnp_OrderInfo"};
  return joined(j, k);
}

std::string query_response_data(const json& j) {
  static constexpr std::array<const char*, 15> k = {"vnp_ResponseId",    "vnp_Command",         "vnp_ResponseCode",      "vnp_Message",
                                                    "vnp_TmnCode",       "vnp_TxnRef",          "vnp_Amount",            "vnp_BankCode",
                                                    "vnp_PayDate",       "vnp_TransactionNo",   "vnp_TransactionType",   "vnp_TransactionStatus",
                                                    "vnp_OrderInfo",     "vnp_PromotionCode",   "vnp_PromotionAmount"};
  return joined(j, k);
}

std::string refund_response_data(const json& j) {
  static constexpr std::array<const char*, 13> k = {"vnp_ResponseId", "vnp_Command",       "vnp_ResponseCode",    "vnp_Message",
                                                    "vnp_TmnCode",    "vnp_TxnRef",        "vnp_Amount",          "vnp_BankCode",
                                                    "vnp_PayDate",    "vnp_TransactionNo", "vnp_TransactionType", "vnp_TransactionStatus",
                                                    "vnp_OrderInfo"};
  return joined(j, k);
}

}  // namespace motcua::payments::vnpay
