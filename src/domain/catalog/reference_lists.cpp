#include "domain/catalog/reference_lists.h"

#include <algorithm>

#include "domain/text.h"

namespace motcua::catalog {
namespace {

std::vector<std::string> ethnicities() {
  return {"Kinh",      "Tày",     "Thái",      "Mường",   "Khmer",   "Hoa",       "Nùng",          "Mông",     "Dao",
          "Gia Rai",   "Ê Đê",    "Ba Na",     "Sán Chay", "Chăm",   "Cơ Ho",     "Xơ Đăng",       "Sán Dìu",  "Hrê",
          "Ra Glai",   "Mnông",   "Thổ",       "Xtiêng",  "Khơ Mú",  "Bru-Vân Kiều", "Cơ Tu",      "Giáy",     "Tà Ôi",
          "Mạ",        "Giẻ-Triêng", "Co",     "Chơ Ro",  "Xinh Mun", "Hà Nhì",   "Chu Ru",        "Lào",      "Kháng",
          "La Chí",    "Phù Lá",  "La Hủ",     "La Ha",   "Pà Thẻn", "Lự",        "Ngái",          "Chứt",     "Lô Lô",
          "Mảng",      "Cờ Lao",  "Bố Y",      "Cống",    "Si La",   "Pu Péo",    "Rơ Măm",        "Brâu",     "Ơ Đu",
          "Người nước ngoài"};
}

std::vector<std::string> countries() {
  std::vector<std::string> rest = {
      "Afghanistan", "Ai Cập", "Albania", "Algeria", "Andorra", "Angola", "Anh", "Antigua và Barbuda", "Ả Rập Xê Út", "Áo",
      "Argentina", "Armenia", "Azerbaijan", "Ấn Độ", "Ba Lan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus",
      "Belize", "Benin", "Bhutan", "Bỉ", "Bolivia", "Bosnia và Herzegovina", "Botswana", "Bồ Đào Nha", "Brazil", "Brunei",
      "Bulgaria", "Burkina Faso", "Burundi", "Cabo Verde", "Các Tiểu Vương quốc Ả Rập Thống nhất", "Cameroon", "Campuchia",
      "Canada", "Chad", "Chile", "Colombia", "Comoros", "Congo", "Cộng hòa Congo", "Cộng hòa Dân chủ Congo",
      "Cộng hòa Séc", "Cộng hòa Trung Phi", "Costa Rica", "Côte d'Ivoire", "Croatia", "Cuba", "Djibouti", "Dominica",
      "Cộng hòa Dominica", "Đan Mạch", "Đông Timor", "Đức", "Ecuador", "El Salvador", "Eritrea", "Estonia", "Eswatini",
      "Ethiopia", "Fiji", "Gabon", "Gambia", "Georgia", "Ghana", "Grenada", "Guatemala", "Guinea", "Guinea-Bissau",
      "Guinea Xích Đạo", "Guyana", "Haiti", "Hà Lan", "Hàn Quốc", "Hoa Kỳ", "Honduras", "Hồng Kông (Trung Quốc)",
      "Hungary", "Hy Lạp", "Iceland", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica", "Jordan",
      "Kazakhstan", "Kenya", "Kiribati", "Kuwait", "Kyrgyzstan", "Lào", "Latvia", "Lesotho", "Liban", "Liberia", "Libya",
      "Liechtenstein", "Litva", "Luxembourg", "Ma Cao (Trung Quốc)", "Madagascar", "Malawi", "Malaysia", "Maldives", "Mali",
      "Malta", "Maroc", "Quần đảo Marshall", "Mauritania", "Mauritius", "Mexico", "Micronesia", "Moldova", "Monaco",
      "Mông Cổ", "Montenegro", "Mozambique", "Myanmar", "Na Uy", "Nam Phi", "Nam Sudan", "Namibia", "Nauru", "Nepal",
      "New Zealand", "Nga", "Nhật Bản", "Nicaragua", "Niger", "Nigeria", "Oman", "Pakistan", "Palau", "Palestine",
      "Panama", "Papua New Guinea", "Paraguay", "Peru", "Phần Lan", "Pháp", "Philippines", "Qatar", "Romania", "Rwanda",
      "Saint Kitts và Nevis", "Saint Lucia", "Saint Vincent và Grenadines", "Samoa", "San Marino", "São Tomé và Príncipe",
      "Senegal", "Serbia", "Seychelles", "Sierra Leone", "Singapore", "Síp", "Slovakia", "Slovenia", "Quần đảo Solomon",
      "Somalia", "Sri Lanka", "Sudan", "Suriname", "Syria", "Tajikistan", "Tanzania", "Tây Ban Nha", "Thái Lan",
      "Thổ Nhĩ Kỳ", "Thụy Điển", "Thụy Sĩ", "Togo", "Tonga", "Triều Tiên", "Trinidad và Tobago", "Trung Quốc",
      "Đài Loan (Trung Quốc)", "Tunisia", "Turkmenistan", "Tuvalu", "Úc", "Uganda", "Ukraine", "Uruguay", "Uzbekistan",
      "Vanuatu", "Vatican", "Venezuela", "Yemen", "Zambia", "Zimbabwe", "Bắc Macedonia", "Không quốc tịch"};
  // "Không quốc tịch" (stateless) last; the others in folded alphabetical order.
  std::string stateless = rest.back();
  rest.pop_back();
  std::stable_sort(rest.begin(), rest.end(), [](const std::string& a, const std::string& b) { return text::fold(a) < text::fold(b); });
  rest.insert(rest.begin(), "Việt Nam");
  rest.push_back(stateless);
  return rest;
}

}  // namespace

const std::vector<std::string>* reference_list(std::string_view name) {
  static const std::vector<std::string> dan_toc = ethnicities();
  static const std::vector<std::string> quoc_tich = countries();
  if (name == "dan_toc") return &dan_toc;
  if (name == "quoc_tich") return &quoc_tich;
  return nullptr;
}

std::string reference_list_names() { return "dan_toc, quoc_tich"; }

}  // namespace motcua::catalog
