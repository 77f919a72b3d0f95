// Message templates and routing (see templates.h).
#include "domain/notify/templates.h"

#include <algorithm>
#include <cctype>

#include "domain/text.h"

namespace motcua::notify {

namespace {

const std::vector<VarInfo> kCommon = {
    {"ma_ho_so", "Mã hồ sơ"}, {"thu_tuc", "Tên thủ tục"}, {"co_quan", "Cơ quan tiếp nhận"}, {"lien_ket_tra_cuu", "Liên kết tra cứu hồ sơ"}};

const std::vector<VarInfo> kMeaning = {
    {"ngay_hen", "Ngày hẹn trả kết quả"},
    {"ly_do", "Lý do, nội dung cán bộ ghi"},
    {"so_tien", "Số tiền (đồng)"},
    {"noi_dung", "Nội dung thông báo phí"},
    {"hinh_thuc_nhan", "Hình thức nhận kết quả"},
    {"thoi_gian", "Thời điểm"},
    {"cong_thanh_toan", "Cổng thanh toán"},
    {"so_bien_lai", "Số biên lai điện tử"},
    {"lien_ket_bien_lai", "Liên kết biên lai"},
    {"ma_buu_gui", "Số hiệu bưu gửi"},
    {"ma", "Mã xác thực"},
    {"muc_dich", "Mục đích của mã"},
    {"ho_ten", "Họ tên người nhận"},
    {"ngay", "Ngày"},
    {"so_ho_so", "Số hồ sơ"},
    {"danh_sach", "Danh sách hồ sơ"},
};

constexpr std::string_view kProgress = "Tiến độ hồ sơ", kAsk = "Yêu cầu, thông báo cần bạn xử lý", kResult = "Kết quả",
                           kPay = "Thanh toán", kPost = "Bưu chính", kAccount = "Tài khoản", kStaff = "Cán bộ";

const std::vector<EventKind> kEvents = {
    {"dossier.submit", "Đã gửi hồ sơ trực tuyến", kProgress, false, false, {}, {},
     "Đã nhận hồ sơ nộp trực tuyến{{#ma_ho_so}} {{ma_ho_so}}{{/ma_ho_so}}",
     "Hồ sơ {{thu_tuc}} của bạn đã được gửi đến {{co_quan}} và đang chờ tiếp nhận.{{#ma_ho_so}}\nMã hồ sơ: {{ma_ho_so}}{{/ma_ho_so}}\n"
     "Bạn sẽ nhận được ngày hẹn trả kết quả khi hồ sơ được tiếp nhận.", {}},
    {"dossier.accept", "Hồ sơ được tiếp nhận, có ngày hẹn trả kết quả", kProgress, true, false, {"ngay_hen"}, {"ma_ho_so"},
     "Đã tiếp nhận hồ sơ {{ma_ho_so}}",
     "Hồ sơ {{thu_tuc}} đã được tiếp nhận.\nMã hồ sơ: {{ma_ho_so}}{{#ngay_hen}}\nNgày hẹn trả kết quả: {{ngay_hen}}.{{/ngay_hen}}", {}},
    {"dossier.refuse", "Hồ sơ không được tiếp nhận", kAsk, true, false, {"ly_do"}, {"ly_do"}, "Hồ sơ không được tiếp nhận",
     "Hồ sơ {{thu_tuc}} không được tiếp nhận. Lý do: {{ly_do}}", {}},
    {"dossier.request-completion", "Yêu cầu hoàn thiện hồ sơ trước khi tiếp nhận", kAsk, true, false, {"ly_do"}, {"ly_do"},
     "Yêu cầu hoàn thiện hồ sơ {{thu_tuc}}", "Hồ sơ của bạn cần hoàn thiện trước khi được tiếp nhận: {{ly_do}}", {}},
    {"dossier.request-supplement", "Yêu cầu bổ sung hồ sơ", kAsk, true, false, {"ly_do"}, {"ly_do"}, "Yêu cầu bổ sung hồ sơ {{ma_ho_so}}",
     "Hồ sơ {{thu_tuc}} cần bổ sung: {{ly_do}}", {}},
    {"dossier.request-payment", "Thông báo nghĩa vụ tài chính", kAsk, true, false, {"so_tien", "noi_dung"}, {"so_tien"},
     "Thông báo nghĩa vụ tài chính hồ sơ {{ma_ho_so}}", "Số tiền phải nộp: {{so_tien}}. {{noi_dung}}", {}},
    {"dossier.apologize", "Thư xin lỗi, hẹn lại ngày trả kết quả", kAsk, true, false, {"ly_do", "ngay_hen"}, {"ngay_hen"},
     "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {{ma_ho_so}}",
     "Hồ sơ {{thu_tuc}} chưa giải quyết kịp. Lý do: {{ly_do}}. Ngày hẹn mới: {{ngay_hen}}.", {}},
    {"dossier.stop", "Dừng xử lý hồ sơ", kAsk, true, false, {"ly_do"}, {"ly_do"}, "Dừng xử lý hồ sơ {{ma_ho_so}}",
     "Hồ sơ {{thu_tuc}} đã dừng xử lý. Lý do: {{ly_do}}", {}},
    {"dossier.approve", "Hồ sơ đã có kết quả", kResult, false, false, {"hinh_thuc_nhan"}, {}, "Đã có kết quả hồ sơ {{ma_ho_so}}",
     "Hồ sơ {{thu_tuc}} đã có kết quả. Hình thức nhận: {{hinh_thuc_nhan}}.", {}},
    {"dossier.return-result", "Đã trả kết quả", kResult, false, false, {"hinh_thuc_nhan", "thoi_gian"}, {}, "Đã trả kết quả hồ sơ {{ma_ho_so}}",
     "Kết quả hồ sơ {{thu_tuc}} đã được trả {{hinh_thuc_nhan}} lúc {{thoi_gian}}.", {}},
    {"payment.paid", "Đã nhận thanh toán trực tuyến, biên lai điện tử", kPay, false, false,
     {"so_tien", "cong_thanh_toan", "so_bien_lai", "lien_ket_bien_lai"}, {"so_bien_lai"}, "Đã nhận thanh toán phí, lệ phí hồ sơ {{ma_ho_so}}",
     "Đã nhận {{so_tien}} thanh toán trực tuyến qua {{cong_thanh_toan}} cho hồ sơ {{thu_tuc}}. Biên lai điện tử số {{so_bien_lai}}: "
     "{{lien_ket_bien_lai}}", {}},
    {"post.pickup-failed", "Bưu điện chưa nhận được hồ sơ", kPost, true, false, {"ma_buu_gui", "ly_do"}, {"ly_do"},
     "Bưu điện chưa nhận được hồ sơ {{ma_ho_so}}",
     "Bưu điện chưa nhận được hồ sơ của bạn (bưu gửi {{ma_buu_gui}}): {{ly_do}}. Bưu điện sẽ liên hệ lại, hoặc bạn có thể nộp trực tiếp tại "
     "Bộ phận Một cửa.", {}},
    {"post.failed", "Bưu điện chưa phát được kết quả", kPost, true, false, {"ma_buu_gui", "ly_do"}, {"ly_do"}, "Chưa phát được kết quả hồ sơ {{ma_ho_so}}",
     "Bưu điện chưa phát được kết quả hồ sơ {{thu_tuc}} (bưu gửi {{ma_buu_gui}}): {{ly_do}}. Bưu điện sẽ phát lại hoặc chuyển kết quả về "
     "Bộ phận Một cửa.", {}},
    {"post.returned", "Kết quả chuyển về Bộ phận Một cửa", kPost, true, false, {"ma_buu_gui"}, {},
     "Kết quả hồ sơ {{ma_ho_so}} đã chuyển về Bộ phận Một cửa",
     "Bưu điện không phát được kết quả hồ sơ {{thu_tuc}} và đã trả về Bộ phận Một cửa. Vui lòng đến nhận kết quả tại Bộ phận Một cửa.", {}},
    {"account.code", "Mã xác thực tài khoản, đặt lại mật khẩu", kAccount, true, false, {"ma", "muc_dich"}, {"ma"}, "Mã {{muc_dich}}",
     "Mã {{muc_dich}} Cổng Dịch vụ công của bạn là {{ma}}. Mã có hiệu lực trong 10 phút. Không cung cấp mã này cho bất kỳ ai.", {}},
    {"staff.digest", "Bản tin hằng ngày: hồ sơ sắp đến hạn, quá hạn", kStaff, true, true, {"ho_ten", "ngay", "so_ho_so", "danh_sach"},
     {}, "Hồ sơ sắp đến hạn, quá hạn: {{so_ho_so}} hồ sơ",
     "Kính gửi {{ho_ten}},\n\nCác hồ sơ sắp đến hạn hoặc quá hạn ({{ngay}}):\n{{danh_sach}}", "{{so_ho_so}} hồ sơ sắp đến hạn hoặc quá hạn."},
};

size_t chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

// One pass over a template: calls `on_var(name)` for every tag name and reports structural problems.
struct Scan {
  std::vector<std::string> names;
  std::string error;
};

Scan scan(std::string_view t) {
  Scan out;
  std::vector<std::string> open;
  size_t i = 0;
  while ((i = t.find("{{", i)) != std::string_view::npos) {
    size_t e = t.find("}}", i + 2);
    if (e == std::string_view::npos) {
      out.error = "Thiếu “}}” đóng một chỗ điền.";
      return out;
    }
    std::string tag(t.substr(i + 2, e - i - 2));
    i = e + 2;
    char kind = tag.empty() ? 0 : tag[0];
    std::string name = (kind == '#' || kind == '^' || kind == '/') ? tag.substr(1) : tag;
    name = text::trim(name);
    if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789") != std::string::npos) {
      out.error = "Chỗ điền “{{" + tag + "}}” không hợp lệ.";
      return out;
    }
    if (kind == '#' || kind == '^') {
      if (std::find(open.begin(), open.end(), name) != open.end()) {
        out.error = "Không lồng đoạn “" + name + "” trong chính nó.";
        return out;
      }
      open.push_back(name);
    } else if (kind == '/') {
      if (open.empty() || open.back() != name) {
        out.error = "Đoạn “{{/" + name + "}}” không khớp với đoạn mở.";
        return out;
      }
      open.pop_back();
      continue;
    }
    out.names.push_back(name);
  }
  if (!open.empty()) out.error = "Đoạn “{{#" + open.back() + "}}” chưa được đóng bằng “{{/" + open.back() + "}}”.";
  return out;
}

void render_into(std::string& out, std::string_view t, const Vars& vars) {
  size_t i = 0;
  while (i < t.size()) {
    size_t s = t.find("{{", i);
    if (s == std::string_view::npos) {
      out.append(t.substr(i));
      return;
    }
    out.append(t.substr(i, s - i));
    size_t e = t.find("}}", s + 2);
    if (e == std::string_view::npos) {
      out.append(t.substr(s));
      return;
    }
    std::string tag(t.substr(s + 2, e - s - 2));
    i = e + 2;
    char kind = tag.empty() ? 0 : tag[0];
    if (kind == '/') continue;  // a stray close: dropped
    std::string name = text::trim(kind == '#' || kind == '^' ? tag.substr(1) : tag);
    auto it = vars.find(name);
    bool has = it != vars.end() && !it->second.empty();
    if (kind != '#' && kind != '^') {
      if (has) out += it->second;
      continue;
    }
    const std::string close = "{{/" + name + "}}";
    size_t c = t.find(close, i);
    std::string_view inner = t.substr(i, c == std::string_view::npos ? std::string_view::npos : c - i);
    if ((kind == '#') == has) render_into(out, inner, vars);
    i = c == std::string_view::npos ? t.size() : c + close.size();
  }
}

}  // namespace

const std::vector<EventKind>& events() { return kEvents; }

const EventKind* find_event(std::string_view id) {
  for (const auto& e : kEvents)
    if (e.id == id) return &e;
  return nullptr;
}

std::vector<VarInfo> vars_of(const EventKind& e) {
  std::vector<VarInfo> out = e.staff || e.id == "account.code" ? std::vector<VarInfo>{} : kCommon;
  for (auto v : e.vars) {
    auto it = std::find_if(kMeaning.begin(), kMeaning.end(), [&](const VarInfo& m) { return m.name == v; });
    out.push_back({v, it == kMeaning.end() ? v : it->meaning});
  }
  return out;
}

std::string_view default_text(const EventKind& e, std::string_view channel) {
  return channel == "sms" && !e.short_text.empty() ? e.short_text : e.text;
}

Vars sample_vars(const EventKind& e) {
  Vars v = {{"ma_ho_so", "000.01.25.H56-261202-0007"},
            {"thu_tuc", "Đăng ký khai sinh"},
            {"co_quan", "UBND xã Bến Sung"},
            {"lien_ket_tra_cuu", "https://dichvucong.example.gov.vn/tra-cuu?ma=000.01.25.H56-261202-0007"},
            {"ngay_hen", "04/12/2026 16:30"},
            {"ly_do", "Bản sao Giấy chứng sinh chưa rõ số, đề nghị nộp bản chụp rõ hơn"},
            {"so_tien", "50.000 đ"},
            {"noi_dung", "Lệ phí cấp bản sao trích lục (2 bản)."},
            {"hinh_thuc_nhan", "qua bưu chính"},
            {"thoi_gian", "05/12/2026 09:15"},
            {"cong_thanh_toan", "VNPAY"},
            {"so_bien_lai", "BL-2026-000123"},
            {"lien_ket_bien_lai", "https://dichvucong.example.gov.vn/bien-lai/AbC123"},
            {"ma_buu_gui", "EB000000126VN"},
            {"ma", "482913"},
            {"muc_dich", "xác thực tài khoản"},
            {"ho_ten", "Nguyễn Văn An"},
            {"ngay", "02/12/2026"},
            {"so_ho_so", "2"},
            {"danh_sach", "- 000.01.25.H56-261130-0003 Đăng ký khai sinh — quá hạn từ 01/12/2026 17:00\n"
                          "- 000.01.25.H56-261201-0001 Đăng ký kết hôn — đến hạn 03/12/2026 10:00"}};
  if (e.id == "dossier.return-result") v["hinh_thuc_nhan"] = "tại Bộ phận Một cửa";
  return v;
}

bool known_channel(std::string_view c) { return std::find(std::begin(kChannels), std::end(kChannels), c) != std::end(kChannels); }

std::string_view channel_label(std::string_view c) {
  if (c == "email") return "Thư điện tử";
  if (c == "sms") return "SMS";
  if (c == "zalo") return "Zalo";
  return c;
}

std::string render(std::string_view tpl, const Vars& vars) {
  std::string out;
  out.reserve(tpl.size() + 64);
  render_into(out, tpl, vars);
  return out;
}

std::string sanitize(std::string_view s) {
  std::string in = text::nfc(std::string(s));
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(in[i]);
    if (ch == '\r') {
      if (i + 1 < in.size() && in[i + 1] == '\n') continue;
      ch = '\n';
    }
    if (ch == '\t') ch = ' ';
    if ((ch < 0x20 && ch != '\n') || ch == 0x7F) continue;
    if (ch == '\n')
      while (!out.empty() && out.back() == ' ') out.pop_back();
    out += static_cast<char>(ch);
  }
  return text::trim(out);
}

std::vector<Problem> check(const EventKind& e, std::string_view channel, const std::string& subject, const std::string& text) {
  std::vector<Problem> out;
  std::vector<std::string> offered;
  for (const auto& v : vars_of(e)) offered.emplace_back(v.name);
  auto check_one = [&](const std::string& field, const std::string& t, size_t max) {
    if (chars(t) > max) {
      out.push_back({field, "Tối đa " + std::to_string(max) + " ký tự (hiện có " + std::to_string(chars(t)) + ")."});
      return;
    }
    for (size_t i = t.find('<'); i != std::string::npos; i = t.find('<', i + 1))
      if (i + 1 < t.size() && (std::isalpha(static_cast<unsigned char>(t[i + 1])) || t[i + 1] == '/' || t[i + 1] == '!')) {
        out.push_back({field, "Mẫu là văn bản thuần, không dùng thẻ HTML (thư điện tử được trình bày tự động)."});
        return;
      }
    Scan s = scan(t);
    if (!s.error.empty()) {
      out.push_back({field, s.error});
      return;
    }
    for (const auto& n : s.names)
      if (std::find(offered.begin(), offered.end(), n) == offered.end()) {
        out.push_back({field, "Chỗ điền “{{" + n + "}}” không có trong thông báo này."});
        return;
      }
  };
  if (channel != "sms") {  // e-mail and Zalo show a title; an SMS has none
    if (subject.empty()) out.push_back({"subject", "Nhập tiêu đề thư."});
    else check_one("subject", subject, 200);
  }
  if (text.empty()) {
    out.push_back({"text", "Nhập nội dung thông báo."});
  } else {
    check_one("text", text, channel == "sms" ? 640 : 2000);
    bool text_ok = std::none_of(out.begin(), out.end(), [](const Problem& p) { return p.field == "text"; });
    if (text_ok) {
      Scan s = scan(text);
      for (auto m : e.must)
        if (std::find(s.names.begin(), s.names.end(), std::string(m)) == s.names.end()) {
          out.push_back({"text", "Nội dung phải có chỗ điền “{{" + std::string(m) + "}}”."});
          break;
        }
    }
  }
  return out;
}

std::vector<Target> route(const EventKind* e, const Prefs& p, const Reach& r) {
  auto fallback = [&]() -> std::vector<Target> {
    if (!r.email.empty()) return {{"email", r.email}};
    if (!r.phone.empty()) return {{"sms", r.phone}};
    return {};
  };
  if (!p.set) return fallback();
  bool required = e && e->required;
  if (e && !required && p.muted.count(std::string(e->id))) return {};
  std::vector<Target> out;
  for (auto c : kChannels) {
    if (!p.channels.count(std::string(c))) continue;
    const std::string& a = c == "email" ? r.email : c == "sms" ? r.phone : r.zalo;
    if (!a.empty()) out.push_back({std::string(c), a});
  }
  return out.empty() ? fallback() : out;
}

std::set<std::string> parse_list(std::string_view csv) {
  std::set<std::string> out;
  size_t i = 0;
  while (i <= csv.size()) {
    size_t j = csv.find(',', i);
    if (j == std::string_view::npos) j = csv.size();
    std::string w = text::trim(std::string(csv.substr(i, j - i)));
    if (!w.empty() && (known_channel(w) || find_event(w))) out.insert(w);
    i = j + 1;
  }
  return out;
}

std::string join_list(const std::set<std::string>& s) {
  std::string out;
  for (const auto& w : s) out += (out.empty() ? "" : ",") + w;
  return out;
}

}  // namespace motcua::notify
