#include "services/files/file_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "domain/errors.h"
#include "domain/files/content_check.h"
#include "domain/text.h"
#include "services/audit/audit_log.h"
#include "services/files/virus_scan.h"

namespace motcua::services {
namespace fs = std::filesystem;
namespace {

std::string random_hex(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (unsigned char b : raw) {
    s.push_back(hex[b >> 4]);
    s.push_back(hex[b & 15]);
  }
  return s;
}

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

[[noreturn]] void sys_fail(const std::string& what, const std::string& path) {
  throw std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

void fsync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) sys_fail("open directory", dir.string());
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  errno = saved;
  if (rc != 0) sys_fail("fsync directory", dir.string());
}

// mkdir -p that makes each new directory entry durable (fsync of its parent).
void make_dirs_durable(const fs::path& dir) {
  if (fs::is_directory(dir)) return;
  make_dirs_durable(dir.parent_path());
  if (::mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) sys_fail("mkdir", dir.string());
  fsync_dir(dir.parent_path());
}

std::string size_label(size_t bytes) {
  if (bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MB";
  if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KB";
  return std::to_string(bytes) + " byte";
}

}  // namespace

FileStore::FileStore(store::Db& db, std::string data_dir, size_t max_bytes)
    : db_(db), data_dir_(std::move(data_dir)), max_bytes_(max_bytes) {}

std::string FileStore::sniff(std::string_view d) { return files::check_content(d); }

void FileStore::check_virus(std::string_view data) const {
  if (!scanner_) return;
  switch (scanner_->scan(data)) {
    case VirusScanner::Result::clean: return;
    case VirusScanner::Result::infected:
      spdlog::warn(R"("event":"upload_virus_found","size":{})", data.size());
      throw DomainError(ErrorKind::invalid, "virus_found",
                        "Tệp bị phát hiện chứa mã độc (virus) nên không được nhận. Vui lòng quét virus trên máy của bạn, "
                        "lấy lại bản gốc sạch của giấy tờ rồi tải lên.");
    case VirusScanner::Result::failed: break;
  }
  spdlog::error(R"("event":"virus_scan_failed","scanner":{},"size":{})", nlohmann::json(scanner_->describe()).dump(), data.size());
  throw DomainError(ErrorKind::unavailable, "virus_scan_unavailable",
                    "Hệ thống tạm thời không kiểm tra được virus cho tệp này nên chưa lưu tệp. Vui lòng thử lại sau ít phút.");
}

std::string FileStore::blob_path(const std::string& sha) const {
  return (fs::path(data_dir_) / "files" / sha.substr(0, 2) / sha.substr(2, 2) / sha).string();
}

void FileStore::write_blob(const std::string& sha, std::string_view data) const {
  fs::path final_path = blob_path(sha);
  fs::path dir = final_path.parent_path();
  make_dirs_durable(dir);
  std::error_code ec;
  auto existing = fs::file_size(final_path, ec);
  if (!ec && existing == data.size()) return;  // deduplicated: same content already stored
  fs::path tmp = dir / ("." + sha + ".tmp-" + random_hex(8));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) sys_fail("create", tmp.string());
  auto fail = [&](const char* what) {
    int saved = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    errno = saved;
    sys_fail(what, tmp.string());
  };
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write");
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) fail("fsync");
  if (::close(fd) != 0) {
    int saved = errno;
    ::unlink(tmp.c_str());
    errno = saved;
    sys_fail("close", tmp.string());
  }
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    int saved = errno;
    ::unlink(tmp.c_str());
    errno = saved;
    sys_fail("rename", final_path.string());
  }
  fsync_dir(dir);
}

namespace {
// ".<64 hex>.tmp-<16 hex>", the name write_blob gives its temporary file.
bool is_temp_name(const std::string& n) {
  return n.size() == 1 + 64 + 5 + 16 && n[0] == '.' && is_hex(std::string_view(n).substr(1, 64)) &&
         n.compare(65, 5, ".tmp-") == 0 && is_hex(std::string_view(n).substr(70));
}
}  // namespace

size_t FileStore::sweep_temp_files(std::chrono::seconds min_age) const {
  fs::path root = fs::path(data_dir_) / "files";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return 0;
  auto cutoff = fs::file_time_type::clock::now() - min_age;
  size_t removed = 0;
  // Only the two fan-out levels write_blob uses (files/ab/cd/); symlinks are not followed.
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it.depth() >= 2) it.disable_recursion_pending();
    if (it.depth() != 2 || !it->is_regular_file(ec) || !is_temp_name(it->path().filename().string())) continue;
    std::error_code tec;
    auto t = fs::last_write_time(it->path(), tec);
    if (tec || t > cutoff) continue;
    if (fs::remove(it->path(), tec)) ++removed;
  }
  return removed;
}

StoredFile FileStore::store_blob(std::string_view data, std::string_view original_name, int64_t owner_user_id, int64_t now_ms) const {
  if (owner_user_id <= 0) throw DomainError(ErrorKind::unauthorized, "need_login", "Vui lòng đăng nhập để tải tệp lên.");
  if (data.empty()) throw DomainError(ErrorKind::invalid, "empty_file", "Tệp tải lên rỗng (0 byte). Vui lòng chọn lại tệp.");
  if (data.size() > max_bytes_)
    throw DomainError(ErrorKind::too_large, "file_too_large",
                      "Tệp quá lớn: tối đa " + size_label(max_bytes_) + " mỗi tệp. Vui lòng giảm dung lượng (ví dụ quét ở độ phân giải thấp hơn) rồi tải lại.");
  StoredFile f;
  f.content_type = sniff(data);
  check_virus(data);  // before anything is written: a refused or unscanned file leaves no trace
  f.sha256 = sha256_hex(std::string(data));
  f.size = static_cast<int64_t>(data.size());
  f.original_name = text::file_name(original_name);
  f.owner_user_id = owner_user_id;
  f.created_at = now_ms;
  write_blob(f.sha256, data);
  return f;
}

namespace {
void insert_row(store::Conn& c, const StoredFile& f) {
  std::string rel = "files/" + f.sha256.substr(0, 2) + "/" + f.sha256.substr(2, 2) + "/" + f.sha256;
  c.exec("INSERT INTO files (public_id, owner_user_id, sha256, size, content_type, original_name, storage_path, created_at) "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
         {f.id, f.owner_user_id, f.sha256, f.size, f.content_type, f.original_name, rel, f.created_at});
}
}  // namespace

StoredFile FileStore::save(std::string_view data, std::string_view original_name, int64_t owner_user_id, int64_t now_ms) {
  StoredFile f = store_blob(data, original_name, owner_user_id, now_ms);
  for (int attempt = 0;; ++attempt) {
    f.id = random_hex(12);
    try {
      db_.write([&](store::Conn& c) { insert_row(c, f); });
      break;
    } catch (const store::UniqueViolation&) {
      if (attempt >= 3) throw;  // 96 random bits: a collision is practically impossible
    }
  }
  return f;
}

StoredFile FileStore::save_in(store::Conn& c, std::string_view data, std::string_view original_name, int64_t owner_user_id, int64_t now_ms) {
  StoredFile f = store_blob(data, original_name, owner_user_id, now_ms);
  f.id = random_hex(12);  // no retry inside the caller's transaction: 96 random bits
  insert_row(c, f);
  return f;
}

namespace {
DomainError file_not_found() { return DomainError(ErrorKind::not_found, "file_not_found", "Không tìm thấy tệp hoặc bạn không có quyền xem tệp này."); }
}  // namespace

FileBlob FileStore::get(const std::string& public_id, const accounts::Principal& who) const {
  if (!who.signed_in() || who.user_id <= 0) throw file_not_found();
  FileBlob b = read_authorized(public_id);
  if (b.meta.owner_user_id != who.user_id) throw file_not_found();
  return b;
}

FileBlob FileStore::read_authorized(const std::string& public_id) const {
  if (public_id.size() != 24 || !is_hex(public_id)) throw file_not_found();
  auto r = db_.query(
      "SELECT public_id, sha256, size, content_type, original_name, owner_user_id, created_at, storage_path FROM files "
      "WHERE public_id = $1",
      {public_id});
  if (r.empty()) throw file_not_found();
  const auto& row = r.rows[0];
  FileBlob b;
  b.meta = {row.str(0), row.str(1), row.i64(2), row.str(3), row.str(4), row.i64(5), row.i64(6)};
  fs::path p = fs::path(data_dir_) / row.str(7);
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("file blob missing: " + p.string());
  b.data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (static_cast<int64_t>(b.data.size()) != b.meta.size || sha256_hex(b.data) != b.meta.sha256)
    throw std::runtime_error("file blob does not match its SHA-256: " + p.string());
  return b;
}

}  // namespace motcua::services
