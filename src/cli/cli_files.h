// The `motcua` command's file helper: a whole file read into memory, or a Vietnamese error naming it.
#pragma once
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace motcua::cli {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("không đọc được tệp " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace motcua::cli
