#include "services/files/file_store.h"

#include <cairo.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <stdlib.h>

#include "domain/errors.h"
#include "services/documents/pades.h"
#include "services/documents/pdf_canvas.h"
#include "services/documents/receipt_pdf.h"
#include "services/documents/signing_keys.h"
#include "services/files/virus_scan.h"
#include "support/sample_jpeg.h"
#include "support/test_db.h"

using namespace motcua;
using services::FileStore;

namespace {

// Same DDL as migration 4 (rendered for SQLite); IF NOT EXISTS so it is a no-op once migrations create it.
const char* kFilesDdl = R"SQL(
CREATE TABLE IF NOT EXISTS files (
  id INTEGER PRIMARY KEY,
  public_id TEXT NOT NULL UNIQUE,
  owner_user_id INTEGER REFERENCES users(id),
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  original_name TEXT NOT NULL DEFAULT '',
  storage_path TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS files_owner ON files(owner_user_id, created_at);
CREATE INDEX IF NOT EXISTS files_sha ON files(sha256);
)SQL";

std::string pdf(const std::string& body = "1 0 obj << >> endobj") { return "%PDF-1.7\n" + body + "\ntrailer\n%%EOF\n"; }
std::string jpeg() { return motcua::testing::sample_jpeg(); }
std::string png() {
  std::string s("\x89PNG\r\n\x1A\n", 8);
  s += std::string("\x00\x00\x00\x0DIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xDE", 25);
  s += std::string("\x00\x00\x00\x0CIDAT\x08\xD7\x63\xF8\xCF\xC0\x00\x00\x03\x01\x01\x00\x18\xDD\x8D\xB0", 24);
  s += std::string("\x00\x00\x00\x00IEND\xAE\x42\x60\x82", 12);
  return s;
}

std::string code_of(const std::function<void()>& fn, ErrorKind* kind = nullptr) {
  try {
    fn();
  } catch (const DomainError& e) {
    if (kind) *kind = e.kind();
    return e.code();
  }
  return "no error";
}

class FileStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tdb_ = motcua::testing::make_test_db("sqlite");
    ASSERT_TRUE(tdb_);
    tdb_->db->write([](store::Conn& c) {
      c.exec_script(kFilesDdl);
      for (int i = 1; i <= 2; ++i)
        c.exec("INSERT INTO users (public_id, kind, username, full_name, status, created_at, updated_at) VALUES ($1, 'citizen', $2, $3, 'active', 0, 0)",
               {"u" + std::to_string(i), "00109000000" + std::to_string(i), "Người dùng " + std::to_string(i)});
    });
    dir_ = tdb_->dir + "/data";
    fs_ = std::make_unique<FileStore>(*tdb_->db, dir_, 1024);
    alice_.kind = accounts::Kind::citizen;
    alice_.user_id = 1;
    bob_.kind = accounts::Kind::citizen;
    bob_.user_id = 2;
  }
  std::unique_ptr<motcua::testing::TestDb> tdb_;
  std::string dir_;
  std::unique_ptr<FileStore> fs_;
  accounts::Principal alice_, bob_, anon_;
};

}  // namespace

TEST(FileStoreSniff, AcceptsByContent) {
  EXPECT_EQ(FileStore::sniff(pdf()), "application/pdf");
  EXPECT_EQ(FileStore::sniff(jpeg()), "image/jpeg");
  EXPECT_EQ(FileStore::sniff(jpeg() + std::string(5, '\0')), "image/jpeg");  // trailing padding
  EXPECT_EQ(FileStore::sniff(png()), "image/png");
  // %%EOF near the end, followed by an incremental-update newline block.
  EXPECT_EQ(FileStore::sniff(pdf() + std::string(500, '\n')), "application/pdf");
}

TEST(FileStoreSniff, RefusesEverythingElse) {
  ErrorKind k{};
  EXPECT_EQ(code_of([] { FileStore::sniff("<!DOCTYPE html><html><script>alert(1)</script></html>"); }, &k), "unsupported_media");
  EXPECT_EQ(k, ErrorKind::unsupported_media);
  EXPECT_EQ(code_of([] { FileStore::sniff(""); }), "unsupported_media");
  EXPECT_EQ(code_of([] { FileStore::sniff("PK\x03\x04 docx"); }), "unsupported_media");
  EXPECT_EQ(code_of([] { FileStore::sniff("GIF89a......"); }), "unsupported_media");
  // Truncated or malformed (415 damaged_file), data after the end (415 trailing_data): domain/files/content_check_test.cpp.
  EXPECT_EQ(code_of([] { FileStore::sniff("%PDF-1.7\nno end marker"); }, &k), "damaged_file");
  EXPECT_EQ(k, ErrorKind::unsupported_media);
  EXPECT_EQ(code_of([] { FileStore::sniff("%PDF-x\n%%EOF"); }), "damaged_file");                            // bad version
  EXPECT_EQ(code_of([] { FileStore::sniff("%PDF-1.4\n%%EOF" + std::string(2000, ' ')); }), "trailing_data");  // EOF not near end
  EXPECT_EQ(code_of([] { FileStore::sniff(jpeg().substr(0, 20)); }), "damaged_file");                      // no EOI
  EXPECT_EQ(code_of([] { FileStore::sniff(png().substr(0, 40)); }), "damaged_file");                       // truncated PNG
  std::string zero = png();
  zero[16] = zero[17] = zero[18] = zero[19] = 0;  // width 0
  EXPECT_EQ(code_of([&] { FileStore::sniff(zero); }), "damaged_file");
  std::string no_ihdr = png();
  no_ihdr[12] = 'X';
  EXPECT_EQ(code_of([&] { FileStore::sniff(no_ihdr); }), "damaged_file");
  EXPECT_EQ(code_of([] { FileStore::sniff(pdf("<< /OpenAction << /S /JavaScript /JS (x) >> >>")); }, &k), "active_content");
  EXPECT_EQ(k, ErrorKind::invalid);
}

TEST_F(FileStoreTest, SavesDurablyAndReadsBackForOwnerOnly) {
  auto f = fs_->save(pdf(), "Đơn đề nghị.pdf", 1, 1000);
  EXPECT_EQ(f.id.size(), 24u);
  EXPECT_EQ(f.sha256.size(), 64u);
  EXPECT_EQ(f.size, static_cast<int64_t>(pdf().size()));
  EXPECT_EQ(f.content_type, "application/pdf");
  std::string path = fs_->blob_path(f.sha256);
  EXPECT_EQ(path, dir_ + "/files/" + f.sha256.substr(0, 2) + "/" + f.sha256.substr(2, 2) + "/" + f.sha256);
  ASSERT_TRUE(std::filesystem::exists(path));
  // No temporary files left behind.
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path())) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 1);

  auto b = fs_->get(f.id, alice_);
  EXPECT_EQ(b.data, pdf());
  EXPECT_EQ(b.meta.original_name, "Đơn đề nghị.pdf");
  EXPECT_EQ(b.meta.content_type, "application/pdf");
  ErrorKind k{};
  EXPECT_EQ(code_of([&] { fs_->get(f.id, bob_); }, &k), "file_not_found");
  EXPECT_EQ(k, ErrorKind::not_found);
  EXPECT_EQ(code_of([&] { fs_->get(f.id, anon_); }), "file_not_found");
  EXPECT_EQ(code_of([&] { fs_->get("000000000000000000000000", alice_); }), "file_not_found");
  EXPECT_EQ(code_of([&] { fs_->get("../../etc/passwd", alice_); }), "file_not_found");
}

TEST_F(FileStoreTest, DeduplicatesBySha256) {
  auto a = fs_->save(png(), "a.png", 1, 1);
  auto b = fs_->save(png(), "b.png", 2, 2);
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(a.sha256, b.sha256);
  EXPECT_EQ(a.content_type, "image/png");
  auto r = tdb_->db->query("SELECT COUNT(*), COUNT(DISTINCT storage_path) FROM files");
  EXPECT_EQ(r.rows[0].i64(0), 2);
  EXPECT_EQ(r.rows[0].i64(1), 1);
  // Each owner sees only their own row.
  EXPECT_EQ(fs_->get(b.id, bob_).meta.original_name, "b.png");
  EXPECT_EQ(code_of([&] { fs_->get(a.id, bob_); }), "file_not_found");
}

TEST_F(FileStoreTest, RefusesEmptyTooLargeAndWrongContent) {
  ErrorKind k{};
  EXPECT_EQ(code_of([&] { fs_->save("", "x.pdf", 1, 1); }, &k), "empty_file");
  EXPECT_EQ(k, ErrorKind::invalid);
  EXPECT_EQ(code_of([&] { fs_->save(pdf(std::string(2000, 'x')), "big.pdf", 1, 1); }, &k), "file_too_large");
  EXPECT_EQ(k, ErrorKind::too_large);
  EXPECT_EQ(code_of([&] { fs_->save("<html></html>", "fake.pdf", 1, 1); }, &k), "unsupported_media");
  EXPECT_EQ(k, ErrorKind::unsupported_media);
  EXPECT_EQ(code_of([&] { fs_->save(pdf(), "x.pdf", 0, 1); }), "need_login");
  EXPECT_EQ(tdb_->db->query("SELECT COUNT(*) FROM files").rows[0].i64(0), 0);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/files"));
  // The Vietnamese message names the limit.
  try {
    fs_->save(pdf(std::string(2000, 'x')), "big.pdf", 1, 1);
  } catch (const DomainError& e) {
    EXPECT_NE(std::string(e.what()).find("1 KB"), std::string::npos) << e.what();
  }
}

TEST_F(FileStoreTest, CleansNamesAndDetectsTampering) {
  auto f = fs_->save(jpeg(), "..\\..\\evil\x01name.jpg", 1, 1);
  auto b = fs_->get(f.id, alice_);
  EXPECT_EQ(b.meta.original_name, "evilname.jpg");
  EXPECT_EQ(b.meta.content_type, "image/jpeg");
  {
    std::ofstream out(fs_->blob_path(f.sha256), std::ios::binary | std::ios::trunc);
    std::string t = jpeg();
    t[5] = 'X';
    out << t;
  }
  EXPECT_THROW(fs_->get(f.id, alice_), std::runtime_error);
}

TEST_F(FileStoreTest, ConcurrentSavesOfTheSameContent) {
  std::vector<std::thread> ts;
  std::vector<std::string> ids(8);
  for (int i = 0; i < 8; ++i)
    ts.emplace_back([&, i] { ids[i] = fs_->save(pdf("same"), "s.pdf", 1 + i % 2, i).id; });
  for (auto& t : ts) t.join();
  for (const auto& id : ids) EXPECT_EQ(id.size(), 24u);
  EXPECT_EQ(tdb_->db->query("SELECT COUNT(*) FROM files").rows[0].i64(0), 8);
  auto sha = fs_->get(ids[0], alice_).meta.sha256;
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(fs_->blob_path(sha)).parent_path())) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 1);
}

// A crash between creating the temporary file and renaming it leaves ".<sha>.tmp-<hex>" behind: the
// sweep at start removes old ones, keeps young ones (a write in progress elsewhere), and never touches
// a blob — every row still reads back.
TEST_F(FileStoreTest, SweepRemovesStaleTempFilesOnly) {
  namespace sfs = std::filesystem;
  auto f = fs_->save(pdf(), "a.pdf", 1, 1000);
  sfs::path dir = sfs::path(fs_->blob_path(f.sha256)).parent_path();
  auto make = [](const sfs::path& p, sfs::file_time_type t) {
    std::ofstream(p) << "partial";
    sfs::last_write_time(p, t);
  };
  auto old = sfs::file_time_type::clock::now() - std::chrono::hours(2);
  sfs::path stale = dir / ("." + f.sha256 + ".tmp-0123456789abcdef");
  sfs::path stale2 = sfs::path(dir_) / "files" / "00" / "11" / ("." + std::string(64, 'a') + ".tmp-fedcba9876543210");
  sfs::create_directories(stale2.parent_path());
  sfs::path young = dir / ("." + f.sha256 + ".tmp-aaaaaaaaaaaaaaaa");
  sfs::path other = dir / "notes.txt";                                     // not ours: kept
  sfs::path top = sfs::path(dir_) / "files" / ("." + f.sha256 + ".tmp-0123456789abcdef");  // wrong level: kept
  make(stale, old);
  make(stale2, old);
  make(young, sfs::file_time_type::clock::now());
  make(other, old);
  make(top, old);
  sfs::last_write_time(fs_->blob_path(f.sha256), old);  // an old blob is still a blob

  EXPECT_EQ(fs_->sweep_temp_files(std::chrono::minutes(10)), 2u);
  EXPECT_FALSE(sfs::exists(stale));
  EXPECT_FALSE(sfs::exists(stale2));
  EXPECT_TRUE(sfs::exists(young));
  EXPECT_TRUE(sfs::exists(other));
  EXPECT_TRUE(sfs::exists(top));
  EXPECT_TRUE(sfs::exists(fs_->blob_path(f.sha256)));
  EXPECT_EQ(fs_->get(f.id, alice_).data, pdf());
  EXPECT_EQ(fs_->sweep_temp_files(std::chrono::minutes(10)), 0u);
  // With no files directory at all there is nothing to do.
  FileStore empty(*tdb_->db, dir_ + "/none", 1024);
  EXPECT_EQ(empty.sweep_temp_files(std::chrono::seconds(0)), 0u);
}

// ---- what real producers write still passes; refused uploads leave nothing; the virus-scan hook ----

namespace {

std::string cairo_png() {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 40, 20);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgba(cr, 0.8, 0.1, 0.1, 0.7);
  cairo_rectangle(cr, 5, 5, 30, 10);
  cairo_fill(cr);
  cairo_destroy(cr);
  std::string out;
  cairo_surface_write_to_png_stream(
      surface,
      [](void* closure, const unsigned char* data, unsigned int length) {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
      },
      &out);
  cairo_surface_destroy(surface);
  return out;
}

std::string canvas_pdf() {
  documents::PdfCanvas c("Giấy xác nhận");
  documents::TextStyle st;
  c.text(c.left(), c.top(), c.content_width(), "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN — Cộng hòa xã hội chủ nghĩa Việt Nam", st);
  return c.finish();
}

std::string temp_dir(const std::string& prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

// A script in a fresh directory, executable; returns its path.
std::string script(const std::string& dir, const std::string& name, const std::string& body) {
  std::string path = dir + "/" + name;
  std::ofstream(path) << "#!/bin/sh\n" << body;
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST(FileStoreSniff, AcceptsWhatRealProducersWrite) {
  EXPECT_EQ(FileStore::sniff(cairo_png()), "image/png");
  EXPECT_EQ(FileStore::sniff(jpeg()), "image/jpeg");
  const std::string page = canvas_pdf();
  EXPECT_EQ(FileStore::sniff(page), "application/pdf");
  documents::FormHeader h{"UBND xã Bến Sung", "UBND huyện Như Thanh", "Bến Sung", 1776907800000LL, documents::FormsEra::tt03_2025};
  documents::ReceiptDoc r;
  r.series = "BL26-000.01.25.H56";
  r.number = "0000012/2026";
  r.payer_name = "Nguyễn Thị Hoà";
  r.payer_id_number = "001090000001";
  r.dossier_code = "000.00.01.H56-260423-0001";
  r.procedure_name = "Đăng ký kết hôn";
  r.method = "Tiền mặt";
  r.lines = {{"Lệ phí đăng ký kết hôn", 1, 50000, 50000}};
  r.total = 50000;
  r.issued_by = "Lê Văn Thu";
  r.verify_url = "https://dichvucong.example/bien-lai/abc";
  EXPECT_EQ(FileStore::sniff(documents::receipt_pdf(h, r)), "application/pdf");
  // Signed by sign_pdf (an incremental update with a signature field and a form XObject), then signed again.
  std::string dir = temp_dir("motcua-sniff-");
  documents::make_demo_ca(dir + "/ca", "ca-pass");
  std::string p12 = documents::make_signer(dir + "/signers", dir + "/ca", "ca-pass", "Lê Văn Lãnh Đạo", "Chủ tịch", "UBND xã Bến Sung", "p12-pass");
  documents::Signer signer = documents::load_pkcs12(p12, "p12-pass");
  std::string once = documents::sign_pdf(page, signer, 1776907800000LL, "Phê duyệt kết quả", "Bến Sung");
  EXPECT_EQ(FileStore::sniff(once), "application/pdf");
  EXPECT_EQ(FileStore::sniff(documents::sign_pdf(once, signer, 1776907900000LL, "Ký lần hai", "Bến Sung")), "application/pdf");
  std::filesystem::remove_all(dir);
}

TEST_F(FileStoreTest, RefusedContentLeavesNothingBehind) {
  ErrorKind k{};
  EXPECT_EQ(code_of([&] { fs_->save(pdf("<< /Encrypt 2 0 R >>"), "khoa.pdf", 1, 1); }, &k), "encrypted_pdf");
  EXPECT_EQ(k, ErrorKind::invalid);
  EXPECT_EQ(code_of([&] { fs_->save(png() + "x", "a.png", 1, 1); }), "trailing_data");
  EXPECT_EQ(tdb_->db->query("SELECT COUNT(*) FROM files").rows[0].i64(0), 0);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/files"));
}

TEST(FileStoreVirusScan, ExitCodesTimeoutAndArguments) {
  using services::VirusScanner;
  std::string dir = temp_dir("motcua-scan-");
  // Records its arguments, reads the upload from stdin: exit 1 when it holds "EICAR".
  std::string scan = script(dir, "scan.sh", "printf '%s\\n' \"$#\" \"$@\" > " + dir + "/args\nif grep -q EICAR; then exit 1; fi\nexit 0\n");
  auto s = VirusScanner::from_setting(scan + " --no-summary -");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->describe(), scan + " --no-summary -");
  EXPECT_EQ(s->scan(pdf()), VirusScanner::Result::clean);
  EXPECT_EQ(slurp(dir + "/args"), "2\n--no-summary\n-\n");  // never a file name
  EXPECT_EQ(s->scan(pdf("% X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")), VirusScanner::Result::infected);
  // 10 MB to a scanner that exits at once without reading: judged by its exit code, no SIGPIPE.
  EXPECT_EQ(VirusScanner({script(dir, "quick.sh", "exit 0\n")}).scan(std::string(10 * 1024 * 1024, 'a')), VirusScanner::Result::clean);
  EXPECT_EQ(VirusScanner({script(dir, "err.sh", "cat >/dev/null\nexit 2\n")}).scan("x"), VirusScanner::Result::failed);
  EXPECT_EQ(VirusScanner({script(dir, "sig.sh", "kill -9 $$\n")}).scan("x"), VirusScanner::Result::failed);
  // Too slow: killed with its whole process group at the timeout.
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(VirusScanner({script(dir, "slow.sh", "sleep 30 &\nsleep 30\n")}, std::chrono::milliseconds(300)).scan("x"), VirusScanner::Result::failed);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  // Settings: off, missing program, auto.
  EXPECT_FALSE(VirusScanner::from_setting(""));
  EXPECT_FALSE(VirusScanner::from_setting("off"));
  EXPECT_THROW(VirusScanner::from_setting("no-such-virus-scanner-motcua --x"), std::runtime_error);
  EXPECT_EQ(static_cast<bool>(VirusScanner::from_setting("auto")), !services::find_program("clamscan").empty());
  EXPECT_EQ(services::find_program("sh").empty(), false);
  std::filesystem::remove_all(dir);
}

TEST_F(FileStoreTest, VirusScanBeforeAnythingIsStored) {
  std::string dir = temp_dir("motcua-scan-");
  fs_->set_virus_scanner(services::VirusScanner::from_setting(script(dir, "scan.sh", "if grep -q EICAR; then exit 1; fi\nexit 0\n")));
  ErrorKind k{};
  EXPECT_EQ(code_of([&] { fs_->save(pdf("% EICAR test"), "virus.pdf", 1, 1); }, &k), "virus_found");
  EXPECT_EQ(k, ErrorKind::invalid);
  try {
    fs_->save(pdf("% EICAR test"), "virus.pdf", 1, 1);
  } catch (const DomainError& e) {
    EXPECT_NE(std::string(e.what()).find("mã độc"), std::string::npos) << e.what();
  }
  EXPECT_EQ(tdb_->db->query("SELECT COUNT(*) FROM files").rows[0].i64(0), 0);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/files"));
  EXPECT_EQ(fs_->save(pdf("% clean"), "sach.pdf", 1, 1).content_type, "application/pdf");

  fs_->set_virus_scanner(services::VirusScanner::from_setting(script(dir, "broken.sh", "exit 2\n")));
  EXPECT_EQ(code_of([&] { fs_->save(pdf("% other"), "x.pdf", 1, 1); }, &k), "virus_scan_unavailable");
  EXPECT_EQ(http_status(k), 503);
  EXPECT_EQ(tdb_->db->query("SELECT COUNT(*) FROM files").rows[0].i64(0), 1);
  std::filesystem::remove_all(dir);
}
