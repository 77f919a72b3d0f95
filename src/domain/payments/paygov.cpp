// The national payment platform's merchant protocol, the pure parts (see paygov.h).
#include "domain/payments/paygov.h"

#include <initializer_list>

#include "domain/text.h"

namespace motcua::payments::paygov {

using nlohmann::json;

namespace {

// The signed names of each message, in alphabetical (byte) order.
const std::initializer_list<const char*>& names_of(Message kind) {
  static const std::initializer_list<const char*> create = {"accessKey", "amount",     "expireAt",  "extraData", "ipnUrl",
                                                             "orderId",   "orderInfo",  "partnerCode", "redirectUrl", "requestId"};
  static const std::initializer_list<const char*> created = {"amount", "message", "orderId", "partnerCode", "payUrl", "requestId", "responseTime", "resultCode"};
  static const std::initializer_list<const char*> notify = {"amount",  "extraData", "message",      "orderId",    "partnerCode", "payType",
                                                             "requestId", "responseTime", "resultCode", "transId"};
  static const std::initializer_list<const char*> query = {"accessKey", "orderId", "partnerCode", "requestId"};
  static const std::initializer_list<const char*> queried = {"amount",         "message",   "orderId",      "partnerCode", "payType",
                                                              "refundedAmount", "requestId", "responseTime", "resultCode",  "transId"};
  static const std::initializer_list<const char*> refund = {"accessKey", "amount", "description", "orderId", "partnerCode", "requestId", "transId"};
  static const std::initializer_list<const char*> refunded = {"amount", "message", "orderId", "partnerCode", "requestId", "responseTime", "resultCode", "transId"};
  switch (kind) {
    case Message::create: return create;
    case Message::created: return created;
    case Message::notify: return notify;
    case Message::query: return query;
    case Message::queried: return queried;
    case Message::refund: return refund;
    case Message::refunded: return refunded;
  }
  return create;
}

bool numeric_name(const std::string& k) { return k == "amount" || k == "resultCode" || k == "responseTime" || k == "refundedAmount"; }

}  // namespace

std::string signed_data(const Fields& f, Message kind) {
  std::string out;
  for (const char* k : names_of(kind)) {
    if (!out.empty()) out.push_back('&');
    out += k;
    out.push_back('=');
    auto it = f.find(k);
    if (it != f.end()) out += it->second;
  }
  return out;
}

std::optional<Fields> from_json(const json& j) {
  if (!j.is_object()) return std::nullopt;
  Fields out;
  for (const auto& [k, v] : j.items()) {
    if (k.empty() || k.size() > 64 || !text::valid_utf8(k)) return std::nullopt;
    if (v.is_string()) {
      const auto& s = v.get_ref<const std::string&>();
      if (s.size() > 1000 || !text::valid_utf8(s)) return std::nullopt;
      out[k] = s;
    } else if (v.is_number_unsigned()) {
      out[k] = std::to_string(v.get<uint64_t>());
    } else if (v.is_number_integer() && v.get<int64_t>() >= 0) {
      out[k] = std::to_string(v.get<int64_t>());
    } else {
      return std::nullopt;
    }
  }
  return out;
}

json to_json(const Fields& f) {
  json j = json::object();
  for (const auto& [k, v] : f) {
    if (numeric_name(k) && !v.empty() && v.size() <= 18 && v.find_first_not_of("0123456789") == std::string::npos) j[k] = std::stoll(v);
    else j[k] = v;
  }
  return j;
}

std::string result_text(int64_t code) {
  switch (code) {
    case kPaid: return "Giao dịch thành công";
    case kPending: return "Giao dịch đã khởi tạo, đang chờ người nộp thanh toán";
    case kExpired: return "Giao dịch hết hạn thanh toán";
    case kCancelled: return "Người nộp đã hủy giao dịch";
    case kRefused: return "Giao dịch bị từ chối (tài khoản không đủ số dư hoặc bị ngân hàng từ chối)";
    case kUnknownOrder: return "Không tìm thấy giao dịch";
    case kBadSignature: return "Chữ ký không hợp lệ";
    case kRepeatedRequest: return "Yêu cầu đã được xử lý trước đó";
    case kRefundNotAllowed: return "Giao dịch chưa thanh toán hoặc số tiền hoàn vượt quá số đã thanh toán";
    case kOtherError: return "Lỗi của nền tảng thanh toán";
    default: return "Lỗi không xác định (mã " + std::to_string(code) + ")";
  }
}

}  // namespace motcua::payments::paygov
