#include "store/db.h"

#include <cstdlib>

namespace motcua::store {

int64_t Row::i64(size_t i) const {
  const Value& x = v.at(i);
  if (auto p = std::get_if<int64_t>(&x)) return *p;
  if (auto p = std::get_if<double>(&x)) return static_cast<int64_t>(*p);
  if (auto p = std::get_if<std::string>(&x)) return std::strtoll(p->c_str(), nullptr, 10);
  return 0;
}

double Row::f64(size_t i) const {
  const Value& x = v.at(i);
  if (auto p = std::get_if<double>(&x)) return *p;
  if (auto p = std::get_if<int64_t>(&x)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&x)) return std::strtod(p->c_str(), nullptr);
  return 0;
}

std::string Row::str(size_t i) const {
  const Value& x = v.at(i);
  if (auto p = std::get_if<std::string>(&x)) return *p;
  if (auto p = std::get_if<int64_t>(&x)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&x)) return std::to_string(*p);
  return {};
}

std::unique_ptr<Db> open(const std::string& url, int pool_size) {
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) return open_postgres(url, pool_size);
  std::string path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
  return open_sqlite(path, pool_size);
}

}  // namespace motcua::store
