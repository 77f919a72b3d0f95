#include "services/files/file_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "domain/errors.h"
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
std::string jpeg() { return std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xD9", 22); }
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
  EXPECT_EQ(code_of([] { FileStore::sniff("%PDF-1.7\nno end marker"); }), "unsupported_media");             // truncated PDF
  EXPECT_EQ(code_of([] { FileStore::sniff("%PDF-x\n%%EOF"); }), "unsupported_media");                       // bad version
  EXPECT_EQ(code_of([] { FileStore::sniff("%PDF-1.4\n%%EOF" + std::string(2000, ' ')); }), "unsupported_media");  // EOF not near end
  EXPECT_EQ(code_of([] { FileStore::sniff(jpeg().substr(0, 20)); }), "unsupported_media");                 // no EOI
  EXPECT_EQ(code_of([] { FileStore::sniff(png().substr(0, 40)); }), "unsupported_media");                  // truncated PNG
  std::string zero = png();
  zero[16] = zero[17] = zero[18] = zero[19] = 0;  // width 0
  EXPECT_EQ(code_of([&] { FileStore::sniff(zero); }), "unsupported_media");
  std::string no_ihdr = png();
  no_ihdr[12] = 'X';
  EXPECT_EQ(code_of([&] { FileStore::sniff(no_ihdr); }), "unsupported_media");
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
