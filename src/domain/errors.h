// Domain error: a code (stable, English, machine-readable), an HTTP-ish kind and a Vietnamese message
// for the person who caused it. Thrown by domain and service code; the HTTP layer maps `kind` to a
// status code (bad_input 400/422, not_found 404, conflict 409, forbidden 403, too_large 413, unsupported_media 415,
// unavailable 503: a dependency such as the virus scanner did not answer; try again).
#pragma once
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace motcua {

enum class ErrorKind { bad_input, invalid, not_found, conflict, forbidden, unauthorized, too_large, unsupported_media, rate_limited, unavailable, internal };

struct FieldError {
  std::string field;    // JSON path-ish: "components[2].name"
  std::string message;  // Vietnamese
};

class DomainError : public std::runtime_error {
 public:
  DomainError(ErrorKind kind, std::string code, std::string message, std::vector<FieldError> fields = {})
      : std::runtime_error(message), kind_(kind), code_(std::move(code)), fields_(std::move(fields)) {}
  ErrorKind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const std::vector<FieldError>& fields() const { return fields_; }

 private:
  ErrorKind kind_;
  std::string code_;
  std::vector<FieldError> fields_;
};

// The HTTP status of an error kind (one mapping for the API, the pages and the router).
constexpr int http_status(ErrorKind k) noexcept {
  switch (k) {
    case ErrorKind::bad_input: return 400;
    case ErrorKind::invalid: return 422;
    case ErrorKind::not_found: return 404;
    case ErrorKind::conflict: return 409;
    case ErrorKind::forbidden: return 403;
    case ErrorKind::unauthorized: return 401;
    case ErrorKind::too_large: return 413;
    case ErrorKind::unsupported_media: return 415;
    case ErrorKind::rate_limited: return 429;
    case ErrorKind::unavailable: return 503;
    case ErrorKind::internal: return 500;
  }
  return 500;
}

}  // namespace motcua
