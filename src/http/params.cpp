#include "http/params.h"

#include "domain/errors.h"
#include "domain/text.h"

namespace motcua::http {

int int_param(const Request& req, const std::string& name, int def, int min, int max, const std::string& label) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return def;
  bool digits = v->size() <= 9;
  for (char c : *v)
    if (c < '0' || c > '9') digits = false;
  int x = digits ? std::stoi(*v) : -1;
  if (!digits || x < min || x > max)
    throw DomainError(ErrorKind::bad_input, "bad_parameter",
                      label + " phải là số nguyên từ " + std::to_string(min) + " đến " + std::to_string(max) + ".",
                      {{name, "Giá trị \"" + text::display_text(*v, 20) + "\" không hợp lệ."}});
  return x;
}

std::string str_param(const Request& req, const std::string& name, size_t max_len, const std::string& label) {
  auto v = req.query_param(name);
  if (!v) return "";
  if (!text::valid_utf8(*v)) throw DomainError(ErrorKind::bad_input, "bad_encoding", label + " có ký tự không hợp lệ.");
  std::string s = text::trim(text::nfc(*v));
  if (text::length(s) > max_len)
    throw DomainError(ErrorKind::bad_input, "bad_parameter", label + " quá dài (tối đa " + std::to_string(max_len) + " ký tự).");
  return s;
}

}  // namespace motcua::http
