// Query parameters read strictly, with Vietnamese errors (used by the JSON handlers and the pages alike):
//  - int_param: an integer in [min, max]; absent or empty → def; anything else (signs, spaces, too many
//    digits, out of range) → DomainError(bad_input, "bad_parameter") naming the label and the range.
//  - str_param: valid UTF-8 (else 400 bad_encoding), NFC, trimmed, at most max_len code points (else 400);
//    absent → "".
#pragma once
#include <string>

#include "http/message.h"

namespace motcua::http {

int int_param(const Request& req, const std::string& name, int def, int min, int max, const std::string& label);
std::string str_param(const Request& req, const std::string& name, size_t max_len, const std::string& label);

}  // namespace motcua::http
