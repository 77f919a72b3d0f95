// /quan-tri/tac-vu — the deployment's scheduled jobs for a province administrator (services/jobs): what
// each does, when it runs next, when it last ran and with what result or error, and "Chạy lại ngay"
// (CSRF-checked POST). Policy deployment.admin (an admin of a top-level agency; others 403 at the gate).
#include "web/pages.h"
#include "routes/auth.h"
#include "domain/format.h"

namespace motcua::web {

using namespace routes;

using nlohmann::json;

namespace {

const char* const kCsrf = "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ. Vui lòng tải lại trang và gửi lại.";

std::string kind_label(const std::string& kind) {
  if (kind == "supplement_deadline") return "Dừng xử lý hồ sơ quá hạn bổ sung giấy tờ";
  if (kind == "due_digest") return "Bản tin hồ sơ sắp đến hạn, quá hạn gửi cán bộ";
  if (kind == "notify_delivery") return "Gửi thông báo (thư điện tử, SMS, Zalo) từ hộp thư đi";
  return kind;
}

std::string state_label(const std::string& state) {
  if (state == "pending") return "Đang chờ lần chạy tới";
  if (state == "done") return "Đã xong";
  if (state == "dead") return "Đã dừng sau nhiều lần lỗi";
  return state;
}

std::string period_label(int64_t ms) {
  if (ms <= 0) return "Một lần";
  if (ms % 86'400'000 == 0) return "Mỗi " + std::to_string(ms / 86'400'000) + " ngày";
  if (ms % 3'600'000 == 0) return "Mỗi " + std::to_string(ms / 3'600'000) + " giờ";
  return "Mỗi " + std::to_string(std::max<int64_t>(1, ms / 60'000)) + " phút";
}

http::Response jobs_page(Context& ctx, http::Request& req, int status = 200, const std::string& flash = "") {
  json rows = json::array();
  auto when = [](int64_t ms) { return ms ? json(fmt::datetime(ms)) : json(false); };
  for (const auto& j : ctx.jobs.jobs())
    rows.push_back({{"id", j.id}, {"kind", j.kind}, {"label", kind_label(j.kind)}, {"state", j.state}, {"state_label", state_label(j.state)},
                    {"period", period_label(j.period_ms)}, {"run_at", when(j.state == "pending" ? j.run_at : 0)}, {"last_run", when(j.last_run_at)},
                    {"last_ok", when(j.last_ok_at)}, {"result", j.last_result.empty() ? json(false) : json(j.last_result)},
                    {"error", j.last_error.empty() ? json(false) : json(j.last_error)}, {"attempts", j.attempts}, {"runs", j.runs},
                    {"failing", !j.last_error.empty()}});
  json d = {{"title", "Tác vụ định kỳ"}, {"rows", rows}, {"none", rows.empty()}, {"flash", flash.empty() ? json(false) : json(flash)}};
  return ctx.views.page(req, status, "jobs", d, "users");
}

}  // namespace

void register_jobs_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/quan-tri/tac-vu", "deployment.admin", [&ctx](http::Request& req) {
    std::string ok = req.query_param("ok").value_or("");
    return jobs_page(ctx, req, 200, ok == "retry" ? "Đã đặt tác vụ chạy lại ngay; kết quả hiện ở đây sau ít giây." : "");
  }, {.summary = "Scheduled jobs of the deployment (province administrators)"});
  r.add("POST", "/quan-tri/tac-vu/{id}/chay-lai", "deployment.admin",
        [&ctx](http::Request& req) {
          auto f = http::parse_urlencoded(req.body);
          if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
          const std::string& s = req.params.at("id");
          if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos || !ctx.jobs.retry(std::stoll(s)))
            return ctx.views.error_page(req, 404, "Không tìm thấy tác vụ.");
          return http::Response::redirect("/quan-tri/tac-vu?ok=retry");
        },
        {.body_limit = 4096, .summary = "Run a scheduled job again now (province administrators)"});
}

}  // namespace motcua::web
