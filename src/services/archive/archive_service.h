// The e-archive (lưu trữ điện tử, issue 9): ended dossiers are sealed, exported as verifiable packages and checked.
// Formats and rules: domain/archive/package.h.
//
// Contract
//  - seal(c, dossier_id, now), in the transaction that ends the dossier (3, 8, 10): the manifest of its documents,
//    its result (the signed one when signed), the slips issued to the applicant until then (role slip) and its history, with the retention period of its pinned procedure
//    (`retention_years`, 0 = permanent; default 10 [U]), is stored with its SHA-256. Once per dossier.
//  - sealed(c, dossier_id): whether it is sealed (a sealed dossier's files are never replaced: the state machine
//    allows no action at 3, 8, 10, and FileStore blobs are content-addressed).
//  - export_package(refs, from, to, progress): a ZIP (domain/archive/package.h) with, per dossier, the folder
//    "<code or id>/" holding manifest.json (exactly the sealed bytes), manifest.sha256 and files/<sha256>; `refs`
//    selects dossiers by code or public id, else every dossier sealed in [from, to). progress(done, total) is called
//    after each dossier. Unknown or unsealed dossiers throw DomainError not_found / conflict.
//  - import_package(zip, username, source, now): into this deployment (lưu trữ chuyển giao): the package must verify
//    (verify_package; else DomainError invalid "package_not_intact", nothing imported) and `username` be an active
//    administrator (else forbidden). In one transaction, per dossier folder: its files enter the file store (content-
//    addressed, owner the importer) and its manifest is kept byte for byte with its hash, the source and the importer;
//    audit "archive.imported". A manifest already sealed or imported here is skipped (counted in `already`).
//    Imported dossiers are exported like sealed ones (by code or id, and in a date range by their sealed time), so
//    a package re-exported here verifies exactly as the original.
//  - verify_package(zip): every folder's manifest against its hash, every file against its SHA-256 and size, and
//    the PAdES signature of every signed PDF (integrity); returns the problems (Vietnamese), empty when intact.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "services/files/file_store.h"
#include "store/db.h"

namespace motcua::services {

struct PackageCheck {
  int dossiers = 0, files = 0, signatures = 0;
  std::vector<std::string> problems;
  bool ok() const { return problems.empty(); }
};

struct ArchiveImport {
  int imported = 0, already = 0, files = 0;
};

class AuditLog;

class ArchiveService {
 public:
  ArchiveService(store::Db& db, FileStore& files, AuditLog& audit) : db_(db), files_(files), audit_(audit) {}
  void seal(store::Conn& c, int64_t dossier_id, int64_t now_ms) const;
  std::string export_package(const std::vector<std::string>& refs, int64_t from_ms, int64_t to_ms,
                             const std::function<void(int, int)>& progress = nullptr) const;
  static PackageCheck verify_package(const std::string& zip);
  ArchiveImport import_package(const std::string& zip, const std::string& username, const std::string& source, int64_t now_ms) const;

 private:
  store::Db& db_;
  FileStore& files_;
  AuditLog& audit_;
};

}  // namespace motcua::services
