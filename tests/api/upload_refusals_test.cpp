// Upload refusals through the real server (POST /api/v1/files): encrypted PDFs, active content (also
// escaped and inside a compressed object stream), polyglots, data after the end, damaged images, and the
// virus-scan hook (MOTCUA_VIRUS_SCAN = a script reading the upload on stdin) — each with its status, code and
// Vietnamese message, and nothing stored: no `files` row, no blob.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "store/db.h"
#include "support/http_client.h"
#include "support/sample_jpeg.h"

using namespace motcua::testing;
using nlohmann::json;

namespace {

const std::string kBoundary = "----motcuaRefusalBoundary3Fq9";

HttpResult upload(const ServerProcess& s, const std::string& name, const std::string& data) {
  std::string body = "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name +
                     "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + "\r\n--" + kBoundary + "--\r\n";
  return http_request(s.port(), "POST", "/api/v1/files", body,
                      {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}, {"Authorization", s.bearer()}});
}

std::string be32(uint32_t v) { return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)}; }
std::string le16(uint32_t v) { return {static_cast<char>(v), static_cast<char>(v >> 8)}; }
std::string le32(uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); }
uint32_t crc(const std::string& s) { return static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size()))); }
std::string chunk(const std::string& type, const std::string& data) { return be32(static_cast<uint32_t>(data.size())) + type + data + be32(crc(type + data)); }
std::string deflate(const std::string& in) {
  uLongf n = compressBound(in.size());
  std::string out(n, '\0');
  compress(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(in.data()), in.size());
  out.resize(n);
  return out;
}

std::string png() {
  std::string raw = std::string(1, '\0') + "\x10\x20\x30\x40\x50\x60";
  return std::string("\x89PNG\r\n\x1A\n", 8) + chunk("IHDR", be32(2) + be32(1) + std::string("\x08\x02\x00\x00\x00", 5)) + chunk("IDAT", deflate(raw)) +
         chunk("IEND", "");
}

std::string jpeg() { return motcua::testing::sample_jpeg(); }

std::string pdf(const std::string& catalog_extra = "", const std::string& more_objects = "", const std::string& trailer_extra = "") {
  return "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R " + catalog_extra + " >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
         more_objects + "trailer\n<< /Size 3 /Root 1 0 R" + trailer_extra + " >>\n%%EOF\n";
}

std::string zip() {
  const std::string name = "a.exe", data = "MZ";
  std::string local = std::string("PK\x03\x04", 4) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc(data)) + le32(2) + le32(2) + le16(5) + le16(0) + name + data;
  std::string central = std::string("PK\x01\x02", 4) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc(data)) + le32(2) + le32(2) +
                        le16(5) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + name;
  return local + central + std::string("PK\x05\x06", 4) + le16(0) + le16(0) + le16(1) + le16(1) + le32(static_cast<uint32_t>(central.size())) +
         le32(static_cast<uint32_t>(local.size())) + le16(0);
}

// The JavaScript action inside a compressed object stream (invisible in the file's bytes).
std::string objstm_js() {
  std::string objects = "10 0 << /S /JavaScript /JS (app.alert\\(1\\)) >>";
  std::string data = deflate(objects);
  return pdf("/OpenAction 10 0 R", "3 0 obj\n<< /Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /Length " + std::to_string(data.size()) +
                                       " >>\nstream\n" + data + "\nendstream\nendobj\n");
}

struct Store {
  long long rows = 0;
  size_t blobs = 0;
};

Store stored(const ServerProcess& s) {
  Store st;
  auto db = motcua::store::open_sqlite(s.data_dir() + "/motcua.db", 1);
  st.rows = db->query("SELECT COUNT(*) FROM files").rows[0].i64(0);
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(s.data_dir() + "/files", ec); !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file()) ++st.blobs;
  return st;
}

struct Case {
  std::string what, data;
  int status;
  std::string code, phrase;  // a Vietnamese phrase the message must contain
};

void expect_refused(const ServerProcess& s, const Case& c) {
  Store before = stored(s);
  auto r = upload(s, "tep.pdf", c.data);
  EXPECT_EQ(r.status, c.status) << c.what << ": " << r.body;
  auto j = json::parse(r.body, nullptr, false);
  ASSERT_TRUE(j.is_object() && j.contains("error")) << c.what << ": " << r.body;
  EXPECT_EQ(j["error"]["code"], c.code) << c.what;
  std::string msg = j["error"]["message"];
  EXPECT_NE(msg.find(c.phrase), std::string::npos) << c.what << ": " << msg;
  EXPECT_NE(msg.find("Vui lòng"), std::string::npos) << c.what << ": " << msg;  // tells the person what to do
  Store after = stored(s);
  EXPECT_EQ(after.rows, before.rows) << c.what;
  EXPECT_EQ(after.blobs, before.blobs) << c.what;
}

}  // namespace

TEST(UploadRefusals, EachBadKindHasItsOwnCodeAndNothingIsStored) {
  ServerProcess s({"--demo-if-empty"});
  s.login("001090000001");
  // Legitimate files still pass.
  for (const auto& [name, data] : {std::pair{"a.pdf", pdf("/OpenAction [2 0 R /Fit]")}, std::pair{"a.png", png()}, std::pair{"a.jpg", jpeg()}}) {
    auto r = upload(s, name, data);
    EXPECT_EQ(r.status, 201) << name << ": " << r.body;
  }
  const std::vector<Case> cases = {
      {"encrypted", pdf("", "3 0 obj\n<< /Filter /Standard /V 2 /R 3 /P -4 >>\nendobj\n", " /Encrypt 3 0 R"), 422, "encrypted_pdf", "mật khẩu"},
      {"javascript", pdf("/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>"), 422, "active_content", "JavaScript"},
      {"escaped name", pdf("/AA << /O << /S /J#61vaScript /J#53 (x) >> >>"), 422, "active_content", "In ra PDF"},
      {"object stream", objstm_js(), 422, "active_content", "nội dung tự chạy"},
      {"launch", pdf("/OpenAction << /S /Launch /F (cmd.exe) >>"), 422, "active_content", "chương trình"},
      {"embedded file", pdf("/Names << /EmbeddedFiles << /Names [(a.exe) 3 0 R] >> >>"), 422, "active_content", "tệp nhúng"},
      {"zip + pdf", zip() + pdf(), 415, "polyglot_file", "định dạng khác"},
      {"pdf + zip", pdf() + zip(), 415, "polyglot_file", "định dạng khác"},
      {"exe + pdf", "MZ\x90" + std::string(100, 'A') + pdf(), 415, "polyglot_file", "định dạng khác"},
      {"pdf + html", pdf() + "<html><script>alert(1)</script></html>", 415, "trailing_data", "dữ liệu thừa sau phần kết thúc tệp"},
      {"jpeg + data", jpeg() + "payload", 415, "trailing_data", "dữ liệu thừa sau phần kết thúc tệp"},
      {"png + data", png() + "payload", 415, "trailing_data", "dữ liệu thừa sau phần kết thúc tệp"},
      {"png crc", png().substr(0, 20) + "\x7F" + png().substr(21), 415, "damaged_file", "CRC"},
      {"jpeg truncated", jpeg().substr(0, 20), 415, "damaged_file", "bị cắt cụt"},
      {"jpeg without frame", std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xD9", 22), 415, "damaged_file", "SOF"},
      {"not a pdf", "<html>hồ sơ</html>", 415, "unsupported_media", "PDF, JPEG hoặc PNG"},
  };
  for (const auto& c : cases) expect_refused(s, c);
}

TEST(UploadRefusals, VirusScanHook) {
  std::string dir = make_temp_dir("motcua-scanner-");
  std::string script = dir + "/scan.sh";
  // Broken while <dir>/broken exists; otherwise infected when the upload contains "EICAR". Records its arguments.
  std::ofstream(script) << "#!/bin/sh\nprintf '%s\\n' \"$@\" > " << dir << "/args\nif [ -e " << dir << "/broken ]; then exit 2; fi\n"
                        << "if grep -q EICAR; then exit 1; fi\nexit 0\n";
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  ServerProcess s({"--demo-if-empty"}, {"MOTCUA_VIRUS_SCAN=" + script + " --no-summary -"});
  s.login("001090000001");
  auto ok = upload(s, "sach.pdf", pdf());
  EXPECT_EQ(ok.status, 201) << ok.body;
  std::ifstream args(dir + "/args");
  std::string argv((std::istreambuf_iterator<char>(args)), std::istreambuf_iterator<char>());
  EXPECT_EQ(argv, "--no-summary\n-\n");  // the bytes on stdin, never the file name
  expect_refused(s, {"virus", pdf("/Subject (X5O!P%@AP[4\\\\PZX54\\(P^\\)7CC\\)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*)"), 422, "virus_found", "mã độc"});
  std::ofstream(dir + "/broken") << "1";
  expect_refused(s, {"scanner down", pdf("/Subject (khác)"), 503, "virus_scan_unavailable", "thử lại"});
  std::filesystem::remove(dir + "/broken");
  auto again = upload(s, "lai.pdf", pdf("/Subject (khác)"));
  EXPECT_EQ(again.status, 201) << again.body;
  std::filesystem::remove_all(dir);
}
