#include "domain/identity.h"

#include <algorithm>
#include <array>

namespace motcua::identity {
namespace {
// Province codes of birth registration in use (Thông tư 59/2021/TT-BCA, Phụ lục).
constexpr std::array<int, 63> kProvinces = {
    1,  2,  4,  6,  8,  10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
    34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66,
    67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96};

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
}  // namespace

std::optional<std::string> check_cccd(std::string_view s, int current_year) {
  if (s.empty()) return "Vui lòng nhập số định danh cá nhân (CCCD).";
  if (!all_digits(s)) return "Số định danh cá nhân chỉ gồm chữ số (0–9).";
  if (s.size() != 12)
    return "Số định danh cá nhân phải có đúng 12 chữ số (đã nhập " + std::to_string(s.size()) + " chữ số).";
  int prov = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
  if (std::find(kProvinces.begin(), kProvinces.end(), prov) == kProvinces.end())
    return "Ba chữ số đầu (" + std::string(s.substr(0, 3)) +
           ") không phải mã tỉnh, thành phố nơi đăng ký khai sinh hợp lệ (001–096).";
  int year = cccd_birth_year(s);
  if (year > current_year)
    return "Chữ số thứ 4 và năm sinh (" + std::string(s.substr(3, 3)) + ") cho năm sinh " + std::to_string(year) +
           " — năm sinh không thể ở tương lai.";
  if (current_year - year > 130)
    return "Chữ số thứ 4 và năm sinh (" + std::string(s.substr(3, 3)) + ") cho năm sinh " + std::to_string(year) +
           " — không hợp lý.";
  return std::nullopt;
}

int cccd_birth_year(std::string_view s) {
  int centuryDigit = s[3] - '0';
  int base = 1900 + (centuryDigit / 2) * 100;
  return base + (s[4] - '0') * 10 + (s[5] - '0');
}

bool cccd_is_female(std::string_view s) { return ((s[3] - '0') % 2) == 1; }

std::optional<std::string> check_tax_code(std::string_view s) {
  if (s.size() == 10 && all_digits(s)) return std::nullopt;
  if (s.size() == 14 && all_digits(s.substr(0, 10)) && s[10] == '-' && all_digits(s.substr(11))) return std::nullopt;
  return "Mã số thuế/mã số doanh nghiệp phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số đối với "
         "chi nhánh (ví dụ 0101234567-001).";
}

}  // namespace motcua::identity
