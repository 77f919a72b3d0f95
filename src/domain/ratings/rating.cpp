// Satisfaction ratings (see rating.h).
#include "domain/ratings/rating.h"

#include <algorithm>

#include "domain/text.h"

namespace motcua::ratings {

namespace {

const std::vector<Question> kQuestions = {
    {"q1", 1, "Thời gian giải quyết hồ sơ so với thời hạn đã hẹn",
     {{"sooner", "Sớm hơn hẹn", 2}, {"on_time", "Đúng hẹn", 1}, {"later", "Muộn hơn hẹn", 0}}},
    {"q2", 2, "Thời gian xử lý của các cơ quan, đơn vị tham gia giải quyết",
     {{"all_on_time", "Các đơn vị đều đúng hoặc sớm hạn", 2}, {"some_late_no_delay", "Có đơn vị chậm nhưng hồ sơ vẫn trả đúng hẹn", 1},
      {"some_late_delay", "Có đơn vị chậm làm hồ sơ trả muộn", 0}}},
    {"q3", 3, "Số lần phải liên hệ để hoàn thiện hồ sơ",
     {{"none", "Không phải liên hệ lần nào", 2}, {"once", "Một lần", 1}, {"more", "Nhiều hơn một lần", 0}}},
    {"q4", 4, "Số cơ quan, đơn vị phải liên hệ",
     {{"none", "Không phải đến cơ quan nào (nộp, nhận trực tuyến hoặc qua bưu chính)", 2}, {"desk_only", "Chỉ Bộ phận Một cửa", 1},
      {"several", "Nhiều cơ quan, đơn vị", 0}}},
    {"q6", 6, "Thủ tục hành chính được công khai",
     {{"both", "Tại nơi tiếp nhận và trên Cổng Dịch vụ công", 2}, {"one", "Chỉ ở một nơi", 1}, {"none", "Không được công khai", 0}}},
    {"q7", 7, "Thái độ của cán bộ, công chức",
     {{"courteous", "Lịch sự, tận tình", 2}, {"normal", "Bình thường", 1}, {"improper", "Không đúng mực, gây phiền hà", 0}}},
};

const std::vector<Option> kOverall = {{"very_satisfied", "Rất hài lòng", 2}, {"satisfied", "Hài lòng", 1}, {"unsatisfied", "Không hài lòng", 0}};

const Option* find(const std::vector<Option>& opts, std::string_view v) {
  for (const auto& o : opts)
    if (o.value == v) return &o;
  return nullptr;
}

}  // namespace

const std::vector<Question>& questions() { return kQuestions; }
const std::vector<Option>& overall() { return kOverall; }

std::string_view overall_label(std::string_view value) {
  const auto* o = find(kOverall, value);
  return o ? o->label : std::string_view();
}

std::vector<Problem> check(const std::string& overall_value, const std::map<std::string, std::string>& answers, const std::string& comment) {
  std::vector<Problem> out;
  if (overall_value.empty()) out.push_back({"overall", "Vui lòng chọn mức độ hài lòng chung."});
  else if (!find(kOverall, overall_value)) out.push_back({"overall", "Mức độ hài lòng không hợp lệ."});
  for (const auto& q : kQuestions) {
    auto it = answers.find(std::string(q.id));
    if (it == answers.end() || it->second.empty()) out.push_back({std::string(q.id), "Vui lòng chọn một câu trả lời."});
    else if (!find(q.options, it->second)) out.push_back({std::string(q.id), "Câu trả lời không hợp lệ."});
  }
  for (const auto& [k, v] : answers)
    if (std::none_of(kQuestions.begin(), kQuestions.end(), [&](const Question& q) { return q.id == k; }))
      out.push_back({"answers", "Không có câu hỏi “" + text::display_text(k, 20) + "”."});
  if (text::length(comment) > 1000) out.push_back({"comment", "Góp ý tối đa 1000 ký tự."});
  return out;
}

int points(const std::map<std::string, std::string>& answers) {
  int total = 0;
  for (const auto& q : kQuestions)
    if (auto it = answers.find(std::string(q.id)); it != answers.end())
      if (const auto* o = find(q.options, it->second)) total += o->points;
  return total;
}

std::string may_rate(int status, int64_t first_rated_at_ms, int64_t now_ms) {
  if (status != 10) return "Chỉ đánh giá được khi hồ sơ đã trả kết quả.";
  if (first_rated_at_ms && now_ms - first_rated_at_ms > int64_t{kChangeDays} * 24 * 3600 * 1000)
    return "Đánh giá chỉ được sửa trong 7 ngày kể từ lần đánh giá đầu tiên.";
  return "";
}

std::string rating_code(std::string_view hex) {
  // The first 40 bits of the hash, as 6 decimal digits (uniform enough: 2^40 ≫ 10^6).
  uint64_t v = 0;
  for (size_t i = 0; i < 10 && i < hex.size(); ++i) {
    char c = hex[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 0;
    v = v * 16 + static_cast<uint64_t>(d);
  }
  std::string s = std::to_string(v % 1'000'000);
  return std::string(6 - s.size(), '0') + s;
}

std::optional<double> satisfaction(int64_t resolved, int64_t late, int64_t unsatisfied) {
  if (resolved <= 0) return std::nullopt;
  double r = 100.0 - (100.0 * static_cast<double>(late) / static_cast<double>(resolved) +
                      100.0 * static_cast<double>(unsatisfied) / static_cast<double>(resolved));
  return std::max(0.0, r);
}

double score(double rate) { return std::min(18.0, std::max(0.0, rate) * 18.0 / 90.0); }

}  // namespace motcua::ratings
