// The e-archive (see archive_service.h).
#include "services/archive/archive_service.h"

#include <map>
#include <set>

#include "domain/archive/package.h"
#include "domain/errors.h"
#include "services/audit/audit_log.h"
#include "domain/text.h"
#include "services/documents/pades.h"

namespace motcua::services {

namespace {
constexpr int kDefaultRetentionYears = 10;  // [U] when the procedure names none
}

void ArchiveService::seal(store::Conn& c, int64_t dossier_id, int64_t now_ms) const {
  if (!c.exec("SELECT 1 FROM dossier_seals WHERE dossier_id = $1", {dossier_id}).rows.empty()) return;
  auto d = c.exec("SELECT d.code, d.public_id, d.procedure_code, d.procedure_name, d.agency_code, d.status, d.received_at, d.finished_at, "
                  "d.result_file, d.result_verify_id, pv.doc FROM dossiers d LEFT JOIN procedure_versions pv ON pv.procedure_id = d.procedure_id "
                  "AND pv.version_no = d.procedure_version WHERE d.id = $1",
                  {dossier_id});
  if (d.empty()) return;
  const auto& x = d.rows[0];
  archive::Manifest m;
  m.dossier_code = x.str(0);
  m.dossier_id = x.str(1);
  m.procedure_code = x.str(2);
  m.procedure_name = x.str(3);
  m.agency_code = x.str(4);
  m.status = static_cast<int>(x.i64(5));
  m.received_at = x.is_null(6) ? 0 : x.i64(6);
  m.finished_at = x.is_null(7) ? now_ms : x.i64(7);
  m.result_verify_id = x.str(9);
  m.sealed_at = now_ms;
  m.retention_years = kDefaultRetentionYears;
  auto doc = nlohmann::json::parse(x.str(10).empty() ? "{}" : x.str(10), nullptr, false);
  if (doc.is_object() && doc.contains("retention_years") && doc["retention_years"].is_number_integer())
    m.retention_years = doc["retention_years"].get<int>();
  std::set<std::string> seen;
  auto add = [&](const std::string& role, const std::string& comp, const std::string& file_id) {
    if (file_id.empty()) return;
    auto f = c.exec("SELECT original_name, sha256, content_type, size FROM files WHERE public_id = $1", {file_id});
    if (f.empty() || !seen.insert(role + "/" + comp + "/" + f.rows[0].str(1)).second) return;
    m.files.push_back({role, comp, f.rows[0].str(0), f.rows[0].str(1), f.rows[0].str(2), f.rows[0].i64(3)});
  };
  for (const auto& r : c.exec("SELECT component_code, file_public_id FROM dossier_documents WHERE dossier_id = $1 ORDER BY id", {dossier_id}).rows)
    add("document", r.str(0), r.str(1));
  add("result", "", x.str(8));
  // The slips issued to the applicant so far (kept as printed, or signed), by slip key.
  for (const auto& r : c.exec("SELECT slip, file_public_id FROM issued_documents WHERE dossier_id = $1 AND kind IN ('slip', 'slip-signed') "
                              "AND revoked_at IS NULL ORDER BY id",
                              {dossier_id})
                           .rows)
    add("slip", r.str(0), r.str(1));
  for (const auto& h : c.exec("SELECT at, actor, role, action, note, from_status, to_status FROM dossier_history WHERE dossier_id = $1 ORDER BY id",
                              {dossier_id})
                           .rows)
    m.history.push_back({h.i64(0), h.str(1), h.str(2), h.str(3), h.str(4), static_cast<int>(h.i64(5)), static_cast<int>(h.i64(6))});
  const std::string text = archive::to_json(m).dump();
  c.exec("INSERT INTO dossier_seals (dossier_id, sealed_at, retention_years, manifest, manifest_sha256) VALUES ($1, $2, $3, $4, $5)",
         {dossier_id, now_ms, int64_t{m.retention_years}, text, sha256_hex(text)});
}

std::string ArchiveService::export_package(const std::vector<std::string>& refs, int64_t from_ms, int64_t to_ms,
                                           const std::function<void(int, int)>& progress) const {
  struct Sealed {
    std::string folder, manifest, hash;
  };
  std::vector<Sealed> picked;
  db_.read([&](store::Conn& c) {
    auto row_of = [&](const store::Row& r) { return Sealed{r.str(0).empty() ? r.str(1) : r.str(0), r.str(2), r.str(3)}; };
    if (!refs.empty()) {
      for (const auto& ref : refs) {
        auto r = c.exec("SELECT d.code, d.public_id, s.manifest, s.manifest_sha256, d.id FROM dossiers d LEFT JOIN dossier_seals s ON s.dossier_id = d.id "
                        "WHERE d.code = $1 OR d.public_id = $1",
                        {ref});
        if (r.empty())
          r = c.exec("SELECT dossier_code, dossier_public_id, manifest, manifest_sha256 FROM archive_imports WHERE dossier_code = $1 OR dossier_public_id = $1 "
                     "ORDER BY id DESC LIMIT 1",
                     {ref});
        if (r.empty()) throw DomainError(ErrorKind::not_found, "dossier_not_found", "Không tìm thấy hồ sơ " + ref + ".");
        if (r.rows[0].is_null(2)) throw DomainError(ErrorKind::conflict, "not_sealed", "Hồ sơ " + ref + " chưa kết thúc nên chưa được niêm phong lưu trữ.");
        picked.push_back(row_of(r.rows[0]));
      }
    } else {
      for (const auto& r : c.exec("SELECT d.code, d.public_id, s.manifest, s.manifest_sha256 FROM dossier_seals s JOIN dossiers d ON d.id = s.dossier_id "
                                  "WHERE s.sealed_at >= $1 AND s.sealed_at < $2 ORDER BY s.sealed_at, s.id",
                                  {from_ms, to_ms})
                               .rows)
        picked.push_back(row_of(r));
      for (const auto& r : c.exec("SELECT dossier_code, dossier_public_id, manifest, manifest_sha256 FROM archive_imports "
                                  "WHERE sealed_at >= $1 AND sealed_at < $2 ORDER BY sealed_at, id",
                                  {from_ms, to_ms})
                               .rows)
        picked.push_back(row_of(r));
    }
  });
  std::vector<archive::ZipEntry> entries;
  int done = 0;
  for (const auto& s : picked) {
    const auto m = archive::from_json(nlohmann::json::parse(s.manifest));
    entries.push_back({s.folder + "/manifest.json", s.manifest});
    entries.push_back({s.folder + "/manifest.sha256", s.hash + "\n"});
    std::set<std::string> written;
    for (const auto& f : m.files) {
      if (!written.insert(f.sha256).second) continue;
      auto r = db_.query("SELECT public_id FROM files WHERE sha256 = $1 LIMIT 1", {f.sha256});
      if (r.empty()) throw std::runtime_error("archived file missing: " + f.sha256);
      entries.push_back({s.folder + "/" + archive::file_entry_name(f), files_.read_authorized(r.rows[0].str(0)).data});
    }
    if (progress) progress(++done, static_cast<int>(picked.size()));
  }
  return archive::write_zip(entries);
}

PackageCheck ArchiveService::verify_package(const std::string& zip) {
  PackageCheck out;
  std::vector<archive::ZipEntry> entries;
  try {
    entries = archive::read_zip(zip);
  } catch (const std::exception& e) {
    out.problems.push_back(e.what());
    return out;
  }
  std::map<std::string, const std::string*> by_name;
  for (const auto& e : entries) by_name[e.name] = &e.data;
  for (const auto& e : entries) {
    const std::string suffix = "/manifest.json";
    if (e.name.size() <= suffix.size() || e.name.compare(e.name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    const std::string folder = e.name.substr(0, e.name.size() - suffix.size());
    ++out.dossiers;
    auto h = by_name.find(folder + "/manifest.sha256");
    if (h == by_name.end() || h->second->substr(0, 64) != sha256_hex(e.data)) {
      out.problems.push_back(folder + ": bản kê (manifest.json) không khớp mã băm niêm phong");
      continue;
    }
    archive::Manifest m;
    try {
      m = archive::from_json(nlohmann::json::parse(e.data));
    } catch (const std::exception& ex) {
      out.problems.push_back(folder + ": " + ex.what());
      continue;
    }
    for (const auto& f : m.files) {
      ++out.files;
      auto it = by_name.find(folder + "/" + archive::file_entry_name(f));
      if (it == by_name.end()) {
        out.problems.push_back(folder + ": thiếu tệp " + f.name);
        continue;
      }
      if (static_cast<int64_t>(it->second->size()) != f.size || sha256_hex(*it->second) != f.sha256) {
        out.problems.push_back(folder + ": tệp " + f.name + " đã bị thay đổi (sai SHA-256)");
        continue;
      }
      if (f.content_type == "application/pdf" && it->second->find("/ByteRange") != std::string::npos) {
        ++out.signatures;
        auto chk = documents::verify_pdf(*it->second, nullptr);
        if (!chk.valid) out.problems.push_back(folder + ": chữ ký số của " + f.name + " không hợp lệ: " + chk.problem);
      }
    }
  }
  if (out.dossiers == 0 && out.problems.empty()) out.problems.push_back("Gói lưu trữ không có bản kê hồ sơ nào");
  return out;
}

ArchiveImport ArchiveService::import_package(const std::string& zip, const std::string& username, const std::string& source_in,
                                            int64_t now_ms) const {
  const std::string source = text::trim(text::nfc(source_in));
  if (source.empty() || text::length(source) > 200) {
    const char* m = "Ghi rõ nơi chuyển giao gói lưu trữ (tối đa 200 ký tự).";
    throw DomainError(ErrorKind::invalid, "source_required", m, {{"source", m}});
  }
  auto u = db_.query("SELECT u.id FROM users u WHERE u.username = $1 AND u.status = 'active' AND EXISTS "
                     "(SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'admin')",
                     {username});
  if (u.empty()) throw DomainError(ErrorKind::forbidden, "not_allowed", "Chỉ quản trị hệ thống mới được nhập gói lưu trữ.");
  const int64_t importer = u.rows[0].i64(0);
  const PackageCheck check = verify_package(zip);
  if (!check.ok()) {
    std::string why;
    for (const auto& p : check.problems) why += (why.empty() ? "" : "; ") + p;
    throw DomainError(ErrorKind::invalid, "package_not_intact", "Gói lưu trữ không nguyên vẹn, không nhập: " + why + ".");
  }
  const auto entries = archive::read_zip(zip);
  std::map<std::string, const std::string*> by_name;
  for (const auto& e : entries) by_name[e.name] = &e.data;
  ArchiveImport out;
  db_.write([&](store::Conn& c) {
    out = {};
    for (const auto& e : entries) {
      const std::string suffix = "/manifest.json";
      if (e.name.size() <= suffix.size() || e.name.compare(e.name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
      const std::string folder = e.name.substr(0, e.name.size() - suffix.size());
      const std::string hash = sha256_hex(e.data);
      if (!c.exec("SELECT 1 FROM archive_imports WHERE manifest_sha256 = $1 UNION ALL SELECT 1 FROM dossier_seals WHERE manifest_sha256 = $1", {hash})
               .rows.empty()) {
        ++out.already;
        continue;
      }
      const archive::Manifest m = archive::from_json(nlohmann::json::parse(e.data));
      std::set<std::string> stored;
      for (const auto& f : m.files) {
        if (!stored.insert(f.sha256).second) continue;
        ++out.files;
        if (!c.exec("SELECT 1 FROM files WHERE sha256 = $1 LIMIT 1", {f.sha256}).rows.empty()) continue;  // content-addressed: already here
        files_.save_in(c, *by_name.at(folder + "/" + archive::file_entry_name(f)), f.name, importer, now_ms);
      }
      c.exec("INSERT INTO archive_imports (dossier_code, dossier_public_id, agency_code, sealed_at, retention_years, manifest, manifest_sha256, source, "
             "imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
             {m.dossier_code, m.dossier_id, m.agency_code, m.sealed_at, int64_t{m.retention_years}, e.data, hash, source, importer, now_ms});
      audit_.append(c, {importer, username, "archive.imported", m.dossier_code.empty() ? m.dossier_id : m.dossier_code, m.agency_code, "",
                        {{"manifest_sha256", hash}, {"source", source}, {"files", m.files.size()}}},
                    now_ms);
      ++out.imported;
    }
  });
  return out;
}

}  // namespace motcua::services
