// Fee schedule rules (see fees.h).
#include "domain/payments/fees.h"

#include <set>

#include "domain/format.h"
#include "domain/text.h"

namespace motcua::payments {

using nlohmann::json;

namespace {

const std::set<std::string> kRefundOn = {"refuse", "stop", "withdraw"};

bool nonneg_int(const json& v, int64_t max) { return v.is_number_integer() && v.get<int64_t>() >= 0 && v.get<int64_t>() <= max; }

std::string value_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return std::to_string(static_cast<int64_t>(v.get<double>()));
  return "";
}

std::string default_kind(const std::string& name) { return name.rfind("Lệ phí", 0) == 0 ? "le_phi" : "phi"; }

// The exemption reason of the first rule that holds, else "".
std::string exemption(const json& line, const json* form, int64_t submitted_ms) {
  if (!line.contains("exempt_when") || !line["exempt_when"].is_array() || !form || !form->is_object()) return "";
  for (const auto& rule : line["exempt_when"]) {
    const std::string field = rule.value("field", "");
    if (field.empty() || !form->contains(field)) continue;
    const json& v = (*form)[field];
    std::string reason = rule.value("reason", "Thuộc đối tượng được miễn");
    if (rule.contains("in") && rule["in"].is_array()) {
      std::string t = value_text(v);
      for (const auto& x : rule["in"])
        if (!t.empty() && value_text(x) == t) return reason;
    } else if (rule.contains("within_days") && rule["within_days"].is_number_integer() && v.is_string()) {
      auto d = fmt::parse_iso_date(v.get<std::string>());
      auto today = fmt::parse_iso_date(fmt::iso_date(submitted_ms));
      if (d && today && *d <= *today && (*today - *d) / 86'400'000 <= rule["within_days"].get<int64_t>()) return reason;
    }
  }
  return "";
}

}  // namespace

void check_fee(const json& f, const std::string& p, const std::function<void(const std::string&, const std::string&)>& err) {
  if (!f.is_object() || !f.contains("name") || !f["name"].is_string() || text::trim(f["name"].get<std::string>()).empty()) {
    err(p + ".name", "Phí, lệ phí phải có tên.");
    return;
  }
  if (!f.contains("amount") || !nonneg_int(f["amount"], 10'000'000'000)) err(p + ".amount", "Mức thu phải là số đồng nguyên không âm (tối đa 10 tỷ đồng).");
  if (f.contains("code") && (!f["code"].is_string() || f["code"].get<std::string>().size() > 40)) err(p + ".code", "Mã phí là văn bản tối đa 40 ký tự.");
  if (f.contains("per") && f["per"] != "dossier" && f["per"] != "copy" && f["per"] != "post")
    err(p + ".per", "Cách tính phí là dossier (mỗi hồ sơ), copy (mỗi bản) hoặc post (cước bưu chính khi trả kết quả qua bưu điện).");
  if (f.contains("kind") && f["kind"] != "phi" && f["kind"] != "le_phi") err(p + ".kind", "Loại khoản thu là phi (phí) hoặc le_phi (lệ phí).");
  if (f.contains("collect") && f["collect"] != "upfront" && f["collect"] != "notice")
    err(p + ".collect", "Thời điểm thu là upfront (nộp khi nộp hồ sơ) hoặc notice (theo thông báo của cơ quan).");
  if (f.contains("quantity_field") && (!f["quantity_field"].is_string() || f["quantity_field"].get<std::string>().empty()))
    err(p + ".quantity_field", "Trường số bản phải là tên một trường của tờ khai.");
  if (f.contains("refund_on")) {
    bool ok = f["refund_on"].is_array();
    if (ok)
      for (const auto& x : f["refund_on"]) ok = ok && x.is_string() && kRefundOn.count(x.get<std::string>());
    if (!ok) err(p + ".refund_on", "Hoàn phí khi: danh sách gồm refuse (từ chối), stop (dừng xử lý), withdraw (rút hồ sơ).");
  }
  if (f.contains("exempt_when")) {
    if (!f["exempt_when"].is_array()) {
      err(p + ".exempt_when", "Điều kiện miễn phải là một danh sách.");
      return;
    }
    for (size_t i = 0; i < f["exempt_when"].size(); ++i) {
      const json& r = f["exempt_when"][i];
      std::string q = p + ".exempt_when[" + std::to_string(i) + "]";
      if (!r.is_object() || !r.contains("field") || !r["field"].is_string()) err(q + ".field", "Điều kiện miễn cần tên trường của tờ khai (field).");
      else if (!(r.contains("in") && r["in"].is_array()) && !(r.contains("within_days") && nonneg_int(r["within_days"], 36'500)))
        err(q, "Điều kiện miễn cần in (danh sách giá trị) hoặc within_days (số ngày).");
      if (r.is_object() && r.contains("reason") && !r["reason"].is_string()) err(q + ".reason", "Lý do miễn phải là văn bản.");
    }
  }
}

std::vector<FeeLine> schedule(const ScheduleInput& in) {
  std::vector<FeeLine> out;
  if (!in.fees || !in.fees->is_array()) return out;
  for (const auto& f : *in.fees) {
    if (!f.is_object() || !f.contains("amount") || !f["amount"].is_number_integer()) continue;
    FeeLine l;
    l.name = f.value("name", "");
    l.code = f.value("code", "");
    l.kind = f.value("kind", default_kind(l.name));
    l.amount = f["amount"].get<int64_t>();
    l.collect = f.value("collect", "notice");
    const std::string per = f.value("per", "dossier");
    if (per == "post" && in.delivery != "post") continue;
    if (per == "copy") {
      std::string qf = f.value("quantity_field", "so_ban_sao");
      int64_t q = 0;
      if (in.form && in.form->is_object() && in.form->contains(qf)) {
        const json& v = (*in.form)[qf];
        if (v.is_number_integer()) q = v.get<int64_t>();
        else if (v.is_number()) q = static_cast<int64_t>(v.get<double>());
        else if (v.is_string()) q = std::atoll(v.get<std::string>().c_str());
      }
      if (q <= 0) continue;
      l.quantity = std::min<int64_t>(q, 100);
    }
    l.refund_on = {"refuse"};
    if (f.contains("refund_on") && f["refund_on"].is_array()) {
      l.refund_on.clear();
      for (const auto& x : f["refund_on"])
        if (x.is_string()) l.refund_on.push_back(x.get<std::string>());
    }
    l.exempt_reason = exemption(f, in.form, in.submitted_ms);
    l.total = l.exempt_reason.empty() ? l.amount * l.quantity : 0;
    out.push_back(std::move(l));
  }
  return out;
}

Balance balance(const std::vector<Movement>& m) {
  Balance b;
  for (const auto& x : m) {
    if (x.kind == "charge") b.charged += x.amount;
    else if (x.kind == "waiver") b.waived += x.amount;
    else if (x.kind == "payment") b.payments += x.amount;
    else if (x.kind == "refund") b.refunds += x.amount;
  }
  return b;
}

bool may_accept(int channel, int64_t upfront_outstanding) { return channel != 2 || upfront_outstanding <= 0; }

bool may_pay(int status) { return status == 1 || status == 2 || status == 4 || status == 5 || status == 6; }

std::string kind_label(const std::string& kind) {
  if (kind == "le_phi") return "Lệ phí";
  if (kind == "phi") return "Phí";
  if (kind == "refuse") return "từ chối";
  if (kind == "stop") return "dừng xử lý";
  if (kind == "withdraw") return "rút hồ sơ";
  return kind;
}

bool online_method(std::string_view m) { return m == "vnpay" || m == "paygov"; }

std::string method_label(std::string_view m) {
  if (m == "cash") return "Tiền mặt tại Bộ phận Một cửa";
  if (m == "transfer") return "Chuyển khoản";
  if (m == "vnpay") return "Trực tuyến qua VNPAY";
  if (m == "paygov") return "Trực tuyến qua Nền tảng thanh toán Cổng DVC quốc gia";
  return std::string(m);
}

}  // namespace motcua::payments
