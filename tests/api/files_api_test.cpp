// Attachments through the real server: POST /api/v1/files (multipart) and GET /api/v1/files/{id}.
#include <gtest/gtest.h>

#include "support/http_client.h"

using namespace motcua::testing;
using nlohmann::json;

namespace {

const std::string kBoundary = "----motcuaTestBoundary7MA4YWxk";

std::string pdf(size_t pad = 0) { return "%PDF-1.7\n1 0 obj << >> endobj\n" + std::string(pad, 'x') + "\ntrailer\n%%EOF\n"; }
std::string png() {
  std::string s("\x89PNG\r\n\x1A\n", 8);
  s += std::string("\x00\x00\x00\x0DIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xDE", 25);
  s += std::string("\x00\x00\x00\x0CIDAT\x08\xD7\x63\xF8\xCF\xC0\x00\x00\x03\x01\x01\x00\x18\xDD\x8D\xB0", 24);
  s += std::string("\x00\x00\x00\x00IEND\xAE\x42\x60\x82", 12);
  return s;
}

std::string part(const std::string& disposition_tail, const std::string& content_type, const std::string& data) {
  return "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"file\"" + disposition_tail + "\r\nContent-Type: " + content_type +
         "\r\n\r\n" + data + "\r\n";
}

HttpResult upload(const ServerProcess& s, const std::string& body, bool auth = true) {
  std::vector<std::pair<std::string, std::string>> h = {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}};
  if (auth) h.emplace_back("Authorization", s.bearer());
  return http_request(s.port(), "POST", "/api/v1/files", body, h);
}

HttpResult upload_one(const ServerProcess& s, const std::string& filename, const std::string& data, const std::string& ct = "application/octet-stream") {
  return upload(s, part("; filename=\"" + filename + "\"", ct, data) + "--" + kBoundary + "--\r\n");
}

}  // namespace

TEST(ApiFiles, UploadAndDownloadByOwnerOnly) {
  ServerProcess s({"--demo-if-empty"});
  EXPECT_EQ(upload(s, part("; filename=\"a.pdf\"", "application/pdf", pdf()) + "--" + kBoundary + "--\r\n", false).status, 401);

  s.login("001090000001");
  std::string body = part("; filename=\"don.pdf\"; filename*=UTF-8''%C4%90%C6%A1n%20%C4%91%E1%BB%81%20ngh%E1%BB%8B.pdf", "application/pdf", pdf()) +
                     "--" + kBoundary + "--\r\n";
  auto r = upload(s, body);
  ASSERT_EQ(r.status, 201) << r.body;
  json j = r.json();
  std::string id = j["id"];
  EXPECT_EQ(id.size(), 24u);
  EXPECT_EQ(j["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(j["size"], pdf().size());
  EXPECT_EQ(j["content_type"], "application/pdf");
  EXPECT_EQ(r.header("Location"), "/api/v1/files/" + id);

  auto g = s.get("/api/v1/files/" + id);
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_EQ(g.body, pdf());
  EXPECT_EQ(g.header("Content-Type").rfind("application/pdf", 0), 0u);
  std::string cd = g.header("Content-Disposition");
  EXPECT_EQ(cd.rfind("attachment;", 0), 0u) << cd;
  EXPECT_NE(cd.find("filename=\"don-de-nghi.pdf\""), std::string::npos) << cd;
  EXPECT_NE(cd.find("filename*=UTF-8''%C4%90%C6%A1n%20%C4%91%E1%BB%81%20ngh%E1%BB%8B.pdf"), std::string::npos) << cd;
  EXPECT_EQ(g.header("X-Content-Type-Options"), "nosniff");

  // Same content again: deduplicated on disk, a new id.
  auto r2 = upload_one(s, "copy.pdf", pdf());
  ASSERT_EQ(r2.status, 201) << r2.body;
  EXPECT_NE(r2.json()["id"], id);
  EXPECT_EQ(r2.json()["sha256"], j["sha256"]);

  // Another user and an anonymous caller: 404 / 401, never the bytes.
  s.logout_local();
  EXPECT_EQ(s.get("/api/v1/files/" + id).status, 401);
  s.login("quantri");
  auto other = s.get("/api/v1/files/" + id);
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.body.find("%PDF"), std::string::npos);
  EXPECT_EQ(s.get("/api/v1/files/000000000000000000000000").status, 404);
}

TEST(ApiFiles, ContentIsCheckedNotTheName) {
  ServerProcess s({"--demo-if-empty"});
  s.login("001090000001");
  auto r = upload_one(s, "anh.png", png(), "image/png");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["content_type"], "image/png");
  // A download keeps a safe extension matching the content.
  auto g = s.get("/api/v1/files/" + r.json()["id"].get<std::string>());
  EXPECT_EQ(g.header("Content-Type").rfind("image/png", 0), 0u);

  r = upload_one(s, "hoso.pdf", "<html><script>alert(1)</script></html>", "application/pdf");
  EXPECT_EQ(r.status, 415) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "unsupported_media");
  EXPECT_NE(r.dump_details().find("PDF, JPEG hoặc PNG"), std::string::npos) << r.body;
  r = upload_one(s, "rong.pdf", "");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "empty_file");
  r = upload_one(s, "cut.pdf", "%PDF-1.7\n1 0 obj");  // truncated
  EXPECT_EQ(r.status, 415) << r.body;
}

TEST(ApiFiles, MultipartErrorsAndLimits) {
  ServerProcess s({"--demo-if-empty"});
  s.login("001090000001");
  // Not multipart.
  auto r = http_request(s.port(), "POST", "/api/v1/files", "{}", {{"Content-Type", "application/json"}, {"Authorization", s.bearer()}});
  EXPECT_EQ(r.status, 415) << r.body;
  // Missing boundary.
  r = http_request(s.port(), "POST", "/api/v1/files", "x", {{"Content-Type", "multipart/form-data"}, {"Authorization", s.bearer()}});
  EXPECT_EQ(r.status, 400) << r.body;
  // Truncated body (no close delimiter).
  r = upload(s, part("; filename=\"a.pdf\"", "application/pdf", pdf()));
  EXPECT_EQ(r.status, 400) << r.body;
  // No file part.
  r = upload(s, "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--" + kBoundary + "--\r\n");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "missing_file");
  // Two files.
  r = upload(s, part("; filename=\"a.pdf\"", "application/pdf", pdf()) + part("; filename=\"b.png\"", "image/png", png()) + "--" + kBoundary + "--\r\n");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "too_many_files");
  // Over 10 MB (but under the route's body limit): the store's 413 with a Vietnamese message.
  r = upload_one(s, "lon.pdf", pdf(10 * 1024 * 1024));
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 300);
  EXPECT_NE(r.dump_details().find("10 MB"), std::string::npos) << r.body.substr(0, 300);
  // Exactly at the limit is fine.
  std::string at_limit = pdf();
  at_limit = pdf(10 * 1024 * 1024 - at_limit.size());
  ASSERT_EQ(at_limit.size(), 10u * 1024 * 1024);
  r = upload_one(s, "vua.pdf", at_limit);
  EXPECT_EQ(r.status, 201) << r.body.substr(0, 300);
}
