// The e-archive (lưu trữ điện tử) of ended dossiers, as pure rules and formats: when a dossier is sealed, what its
// manifest says, and the package it is exported as (a ZIP without compression, readable by any unzip tool).
//
// Contract
//  - seals_at(status): a dossier is sealed when it ends — 3 (not accepted), 8 (stopped), 10 (returned).
//  - Manifest: the dossier (code, id, procedure, agency, status, dates), its retention period in years (0 =
//    permanent), the files (role document|result|slip, component (the slip key for a slip), name, SHA-256, size, content type) and the history.
//    to_json() is canonical (keys sorted, no spaces): its SHA-256 is the seal's manifest hash; from_json() reads it
//    back (std::runtime_error on a missing field). file_entry_name(f) = "files/<sha256>".
//  - write_zip(entries): a ZIP archive (stored, CRC-32, no compression, no ZIP64; entries < 4 GiB, < 65,535
//    of them), entries in the given order. read_zip(bytes): the entries back, checked against the central directory
//    and their CRC-32; a truncated or altered archive throws std::runtime_error with a Vietnamese message.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::archive {

bool seals_at(int status);

struct FileEntry {
  std::string role, component, name, sha256, content_type;
  int64_t size = 0;
};

struct HistoryEntry {
  int64_t at = 0;
  std::string actor, role, action, note;
  int from = 0, to = 0;
};

struct Manifest {
  std::string dossier_code, dossier_id, procedure_code, procedure_name, agency_code, result_verify_id;
  int status = 0;
  int64_t received_at = 0, finished_at = 0, sealed_at = 0;
  int retention_years = 0;
  std::vector<FileEntry> files;
  std::vector<HistoryEntry> history;
};

nlohmann::json to_json(const Manifest& m);
Manifest from_json(const nlohmann::json& j);
std::string file_entry_name(const FileEntry& f);

struct ZipEntry {
  std::string name, data;
};
std::string write_zip(const std::vector<ZipEntry>& entries);
std::vector<ZipEntry> read_zip(std::string_view zip);

}  // namespace motcua::archive
