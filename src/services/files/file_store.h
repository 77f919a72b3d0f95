// Uploaded files (attachments of dossier components): content-checked, content-addressed on disk,
// one database row per upload with its owner.
//
// Contract:
//  - save(data, original_name, owner_user_id, now_ms): checks the size (0 → 422 empty_file; > max_bytes →
//    413 file_too_large) and the content by magic bytes and structure (sniff()); the client's declared
//    type and the file name are never trusted. Then, when a virus scanner is set (set_virus_scanner,
//    MOTCUA_VIRUS_SCAN), the bytes are scanned: infected → 422 virus_found; scanner failure or timeout →
//    503 virus_scan_unavailable ("thử lại"). A refused file leaves nothing behind (no blob, no row).
//    The bytes are stored once per SHA-256 at
//    <data_dir>/files/ab/cd/<sha256> (ab, cd = first two hex pairs) crash-safely: a unique temporary file
//    in the same directory, fsync, rename, fsync of the directory (and of newly created parents). An
//    existing blob of the right size is reused (deduplication). Then a row is inserted into `files`
//    (public_id = 24 random hex) and {id, sha256, size, content_type} is returned. The row is committed
//    only after the blob is durable, so a crash (kill -9) at any point leaves no row without its blob and
//    every acknowledged upload readable; at worst an unreferenced blob or a temporary file (swept at start).
//  - get(public_id, who): the file's metadata and bytes, only for its owner. Unknown ids, other users and
//    anonymous callers all get the same 404 (no IDOR, no existence oracle). The bytes are re-hashed and
//    a mismatch (tampered/corrupt blob) is a 500.
//  - sweep_temp_files(min_age): removes the temporary files a crash left behind (".<sha256>.tmp-<hex>"
//    under files/ab/cd/) whose last change is older than min_age — a write in progress in another process
//    on the same data directory is younger. Only that exact name pattern is removed, never a blob, so a
//    row never points at a missing blob. Called at start (App) with MOTCUA_UPLOAD_SWEEP_SECONDS (default
//    600; 0 in crash tests, where no other process shares the directory). Returns the number removed.
//  - sniff(data) = files::check_content (domain/files/content_check.h): "application/pdf", "image/jpeg" or
//    "image/png" by content and structure, else a DomainError: 415 unsupported_media, polyglot_file,
//    damaged_file (truncated / malformed: PNG chunk lengths and CRCs, JPEG segments and SOF), trailing_data;
//    422 encrypted_pdf, active_content (JavaScript, Launch, embedded files, RichMedia, SubmitForm,
//    ImportData, XFA — names #xx-decoded, object streams inflated).
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "domain/accounts/principal.h"
#include "store/db.h"

namespace motcua::services {

class VirusScanner;

struct StoredFile {
  std::string id;  // public id
  std::string sha256;
  int64_t size = 0;
  std::string content_type;
  std::string original_name;
  int64_t owner_user_id = 0;
  int64_t created_at = 0;
};

struct FileBlob {
  StoredFile meta;
  std::string data;
};

class FileStore {
 public:
  static constexpr size_t kDefaultMaxBytes = 10 * 1024 * 1024;
  FileStore(store::Db& db, std::string data_dir, size_t max_bytes = kDefaultMaxBytes);

  StoredFile save(std::string_view data, std::string_view original_name, int64_t owner_user_id, int64_t now_ms);
  // The same inside the caller's transaction (a document the system makes as part of an action, e.g. the
  // signed result at approval): the blob is written crash-safely first, the row with `c`, so a rollback
  // leaves at most an unreferenced blob, never a row without its blob.
  StoredFile save_in(store::Conn& c, std::string_view data, std::string_view original_name, int64_t owner_user_id, int64_t now_ms);
  FileBlob get(const std::string& public_id, const accounts::Principal& who) const;
  // The same without the owner check: only for callers that authorized the reader themselves (a dossier
  // the reader may see lists this file). Unknown ids → 404.
  FileBlob read_authorized(const std::string& public_id) const;
  size_t max_bytes() const { return max_bytes_; }
  // The upload virus scanner (virus_scan.h); null (the default) scans nothing. Set before serving.
  void set_virus_scanner(std::shared_ptr<const VirusScanner> scanner) { scanner_ = std::move(scanner); }
  size_t sweep_temp_files(std::chrono::seconds min_age = std::chrono::minutes(10)) const;
  // Absolute path of the blob for a SHA-256 (exposed for tests and maintenance).
  std::string blob_path(const std::string& sha256) const;

  static std::string sniff(std::string_view data);

 private:
  // The checks of save (owner, size, sniff), the hash, and the blob written; the row is the caller's.
  StoredFile store_blob(std::string_view data, std::string_view original_name, int64_t owner_user_id, int64_t now_ms) const;
  void write_blob(const std::string& sha256, std::string_view data) const;
  void check_virus(std::string_view data) const;
  store::Db& db_;
  std::string data_dir_;
  size_t max_bytes_;
  std::shared_ptr<const VirusScanner> scanner_;
};

}  // namespace motcua::services
