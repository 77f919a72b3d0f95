// Catalog search latency over N generated procedures (default 5,000) on a fresh SQLite database:
// imports them through CatalogService::import, then runs random user queries (with and without
// diacritics, with filters and pagination) through CatalogService::search — the code path of
// GET /api/v1/procedures minus HTTP — and prints p50 / p90 / p99 / max.
//   build/release/bench_catalog_search [N] [queries]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

#include "domain/format.h"
#include "services/catalog/catalog_service.h"
#include "store/migrations.h"

using namespace motcua;
using nlohmann::json;

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 5000;
  int queries = argc > 2 ? std::atoi(argv[2]) : 20000;
  const char* verbs[] = {"Cấp", "Cấp lại", "Đổi", "Đăng ký", "Đăng ký lại", "Xác nhận", "Thông báo", "Gia hạn", "Điều chỉnh", "Thu hồi"};
  const char* objects[] = {"giấy phép", "giấy chứng nhận", "khai sinh", "kết hôn", "khai tử", "hoạt động tín ngưỡng", "lễ hội",
                           "tình trạng hôn nhân", "giấy xác nhận khuyết tật", "hộ kinh doanh", "quyền sử dụng đất", "trợ giúp xã hội",
                           "nhà ở", "tuyên truyền viên pháp luật", "hợp tác xã", "điểm sinh hoạt tôn giáo"};
  const char* quals[] = {"có yếu tố nước ngoài", "cấp xã", "cấp huyện", "cho người khuyết tật", "tại Việt Nam", "lần đầu",
                         "theo yêu cầu", "đối với tổ chức", "đột xuất", "trong địa bàn một xã"};
  const char* fields[][2] = {{"HT", "Hộ tịch"}, {"TG", "Tôn giáo"}, {"BTXH", "Bảo trợ xã hội"}, {"DD", "Đất đai"},
                             {"VHCS", "Văn hóa cơ sở"}, {"KD", "Thành lập và hoạt động doanh nghiệp"}};
  std::mt19937 rng(42);
  auto pick = [&](auto& arr) { return arr[rng() % std::size(arr)]; };
  json procs = json::array();
  for (int i = 0; i < n; ++i) {
    auto f = pick(fields);
    procs.push_back({{"code", "9." + std::to_string(100000 + i)},
                     {"name", std::string(pick(verbs)) + " " + pick(objects) + " " + pick(quals)},
                     {"field", {{"code", f[0]}, {"name", f[1]}}},
                     {"levels", {rng() % 3 == 0 ? "huyen" : "xa"}},
                     {"online_level", rng() % 2 ? "toan_trinh" : "mot_phan"},
                     {"competent_agency", "Ủy ban nhân dân cấp xã"},
                     {"result", "Giấy chứng nhận, văn bản xác nhận"},
                     {"processing_time", {{"amount", 1 + rng() % 15}, {"unit", "working_days"}}}});
  }
  std::string dir = (std::filesystem::temp_directory_path() / "motcua-bench-search").string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto db = store::open_sqlite(dir + "/bench.db", 4);
  store::migrate(*db);
  services::AgencyService agencies(*db);
  services::CatalogService svc(*db, agencies);
  auto t0 = std::chrono::steady_clock::now();
  svc.import({{"procedures", procs}}, "bench");
  auto t1 = std::chrono::steady_clock::now();
  svc.snapshot();
  auto t2 = std::chrono::steady_clock::now();
  const char* qs[] = {"dang ky khai sinh", "Đăng ký kết hôn", "ket hon", "giay phep", "cap lai giay chung nhan", "le hoi cap xa",
                      "khuyet tat", "ton giao", "xac nhan tinh trang hon nhan", "đất", "ho kinh doanh lan dau", "thu hoi", "", "9.100042"};
  std::vector<double> us;
  us.reserve(static_cast<size_t>(queries));
  int64_t now = fmt::now_ms();
  long found = 0;
  for (int i = 0; i < queries; ++i) {
    services::CatalogQuery q;
    q.q = pick(qs);
    if (i % 3 == 1) q.field = pick(fields)[0];
    if (i % 5 == 2) q.online_level = "toan_trinh";
    q.page = 1 + static_cast<int>(rng() % 3);
    auto a = std::chrono::steady_clock::now();
    auto page = svc.search(q, now);
    auto b = std::chrono::steady_clock::now();
    found += page.total;
    us.push_back(std::chrono::duration<double, std::micro>(b - a).count());
  }
  std::sort(us.begin(), us.end());
  auto pct = [&](double p) { return us[static_cast<size_t>(p * (us.size() - 1))]; };
  std::printf("procedures=%d queries=%d import=%.0f ms snapshot=%.0f ms\n", n, queries,
              std::chrono::duration<double, std::milli>(t1 - t0).count(), std::chrono::duration<double, std::milli>(t2 - t1).count());
  std::printf("search latency (µs): p50=%.0f p90=%.0f p99=%.0f max=%.0f (avg hits %.0f)\n", pct(0.5), pct(0.9), pct(0.99), us.back(),
              static_cast<double>(found) / queries);
  std::filesystem::remove_all(dir);
  return 0;
}
