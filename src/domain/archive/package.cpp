#include "domain/archive/package.h"

#include <zlib.h>

#include <algorithm>
#include <stdexcept>

namespace motcua::archive {

bool seals_at(int status) { return status == 3 || status == 8 || status == 10; }

nlohmann::json to_json(const Manifest& m) {
  nlohmann::json files = nlohmann::json::array(), hist = nlohmann::json::array();
  for (const auto& f : m.files)
    files.push_back({{"role", f.role}, {"component", f.component}, {"name", f.name}, {"sha256", f.sha256}, {"content_type", f.content_type}, {"size", f.size}});
  for (const auto& h : m.history)
    hist.push_back({{"at", h.at}, {"actor", h.actor}, {"role", h.role}, {"action", h.action}, {"note", h.note}, {"from", h.from}, {"to", h.to}});
  return {{"format", "motcua-archive/1"},
          {"dossier", {{"code", m.dossier_code}, {"id", m.dossier_id}, {"procedure_code", m.procedure_code}, {"procedure_name", m.procedure_name},
                       {"agency_code", m.agency_code}, {"status", m.status}, {"received_at", m.received_at}, {"finished_at", m.finished_at},
                       {"result_verify_id", m.result_verify_id}}},
          {"sealed_at", m.sealed_at},
          {"retention_years", m.retention_years},
          {"files", files},
          {"history", hist}};
}

Manifest from_json(const nlohmann::json& j) {
  try {
    Manifest m;
    const auto& d = j.at("dossier");
    m.dossier_code = d.at("code").get<std::string>();
    m.dossier_id = d.at("id").get<std::string>();
    m.procedure_code = d.at("procedure_code").get<std::string>();
    m.procedure_name = d.at("procedure_name").get<std::string>();
    m.agency_code = d.at("agency_code").get<std::string>();
    m.status = d.at("status").get<int>();
    m.received_at = d.at("received_at").get<int64_t>();
    m.finished_at = d.at("finished_at").get<int64_t>();
    m.result_verify_id = d.at("result_verify_id").get<std::string>();
    m.sealed_at = j.at("sealed_at").get<int64_t>();
    m.retention_years = j.at("retention_years").get<int>();
    for (const auto& f : j.at("files"))
      m.files.push_back({f.at("role").get<std::string>(), f.at("component").get<std::string>(), f.at("name").get<std::string>(),
                         f.at("sha256").get<std::string>(), f.at("content_type").get<std::string>(), f.at("size").get<int64_t>()});
    for (const auto& h : j.at("history"))
      m.history.push_back({h.at("at").get<int64_t>(), h.at("actor").get<std::string>(), h.at("role").get<std::string>(), h.at("action").get<std::string>(),
                           h.at("note").get<std::string>(), h.at("from").get<int>(), h.at("to").get<int>()});
    return m;
  } catch (const nlohmann::json::exception&) {
    throw std::runtime_error("Bản kê (manifest.json) của gói lưu trữ không đúng định dạng");
  }
}

std::string file_entry_name(const FileEntry& f) { return "files/" + f.sha256; }

namespace {

void le16(std::string& o, uint32_t v) {
  o.push_back(static_cast<char>(v & 0xFF));
  o.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void le32(std::string& o, uint32_t v) {
  le16(o, v & 0xFFFF);
  le16(o, v >> 16);
}
uint32_t rd16(std::string_view s, size_t at) {
  if (at + 2 > s.size()) throw std::runtime_error("Gói lưu trữ bị cắt cụt");
  return static_cast<uint32_t>(static_cast<unsigned char>(s[at])) | (static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8);
}
uint32_t rd32(std::string_view s, size_t at) { return rd16(s, at) | (rd16(s, at + 2) << 16); }
uint32_t crc_of(std::string_view d) {
  uLong c = crc32(0L, Z_NULL, 0);
  size_t off = 0;
  while (off < d.size()) {
    const uInt n = static_cast<uInt>(std::min<size_t>(d.size() - off, 1u << 30));
    c = crc32(c, reinterpret_cast<const Bytef*>(d.data() + off), n);
    off += n;
  }
  return static_cast<uint32_t>(c);
}

}  // namespace

std::string write_zip(const std::vector<ZipEntry>& entries) {
  if (entries.size() >= 0xFFFF) throw std::runtime_error("Gói lưu trữ quá nhiều tệp");
  std::string out, central;
  for (const auto& e : entries) {
    if (e.data.size() >= 0xFFFFFFFFull || out.size() >= 0xFFFFFFFFull || e.name.size() > 0xFFFF)
      throw std::runtime_error("Tệp quá lớn cho gói lưu trữ");
    const uint32_t crc = crc_of(e.data), size = static_cast<uint32_t>(e.data.size()), offset = static_cast<uint32_t>(out.size());
    auto header = [&](std::string& o, bool central_dir) {
      le32(o, central_dir ? 0x02014b50 : 0x04034b50);
      if (central_dir) le16(o, 20);     // version made by
      le16(o, 20);                      // version needed
      le16(o, 0x0800);                  // UTF-8 names
      le16(o, 0);                       // stored
      le16(o, 0);                       // time
      le16(o, 0x21);                    // date 1980-01-01
      le32(o, crc);
      le32(o, size);
      le32(o, size);
      le16(o, static_cast<uint32_t>(e.name.size()));
      le16(o, 0);  // extra
      if (central_dir) {
        le16(o, 0);  // comment
        le16(o, 0);  // disk
        le16(o, 0);  // internal attributes
        le32(o, 0);  // external attributes
        le32(o, offset);
      }
      o += e.name;
    };
    header(out, false);
    out += e.data;
    header(central, true);
  }
  const uint32_t cd_offset = static_cast<uint32_t>(out.size()), cd_size = static_cast<uint32_t>(central.size());
  out += central;
  le32(out, 0x06054b50);
  le16(out, 0);
  le16(out, 0);
  le16(out, static_cast<uint32_t>(entries.size()));
  le16(out, static_cast<uint32_t>(entries.size()));
  le32(out, cd_size);
  le32(out, cd_offset);
  le16(out, 0);
  return out;
}

std::vector<ZipEntry> read_zip(std::string_view z) {
  if (z.size() < 22) throw std::runtime_error("Gói lưu trữ bị cắt cụt");
  const size_t eocd = z.size() - 22;  // written without a comment
  if (rd32(z, eocd) != 0x06054b50) throw std::runtime_error("Không phải gói lưu trữ ZIP hợp lệ (thiếu phần kết thúc)");
  const uint32_t count = rd16(z, eocd + 10), cd_size = rd32(z, eocd + 12), cd_offset = rd32(z, eocd + 16);
  if (static_cast<size_t>(cd_offset) + cd_size > eocd) throw std::runtime_error("Gói lưu trữ bị cắt cụt");
  std::vector<ZipEntry> out;
  size_t p = cd_offset;
  for (uint32_t i = 0; i < count; ++i) {
    if (rd32(z, p) != 0x02014b50) throw std::runtime_error("Mục lục của gói lưu trữ bị hỏng");
    const uint32_t method = rd16(z, p + 10), crc = rd32(z, p + 16), size = rd32(z, p + 20), usize = rd32(z, p + 24);
    const uint32_t nlen = rd16(z, p + 28), xlen = rd16(z, p + 30), clen = rd16(z, p + 32), local = rd32(z, p + 42);
    if (p + 46 + nlen > z.size()) throw std::runtime_error("Mục lục của gói lưu trữ bị hỏng");
    std::string name(z.substr(p + 46, nlen));
    if (method != 0 || size != usize) throw std::runtime_error("Gói lưu trữ có tệp nén theo cách không hỗ trợ: " + name);
    if (rd32(z, local) != 0x04034b50) throw std::runtime_error("Tệp trong gói lưu trữ bị hỏng: " + name);
    const size_t data_at = local + 30 + rd16(z, local + 26) + rd16(z, local + 28);
    if (data_at + size > cd_offset) throw std::runtime_error("Tệp trong gói lưu trữ bị cắt cụt: " + name);
    std::string data(z.substr(data_at, size));
    if (crc_of(data) != crc) throw std::runtime_error("Tệp trong gói lưu trữ đã bị thay đổi (sai CRC-32): " + name);
    out.push_back({std::move(name), std::move(data)});
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

}  // namespace motcua::archive
