// Test support: uploading a PDF as a multipart form, and an accepted dossier with a PDF result waiting for approval.
//  - upload_pdf(port, token, bytes, name, target): POST target (default /api/v1/files) with one part "file"
//    (application/pdf); token "" sends no Authorization (the public verification upload).
//  - dossier_with_pdf_result(u): an online dossier of the demo citizen for 1.001653 (toàn trình: the result may go
//    online), accepted by the desk, at Tư pháp, with a real PDF (its Mẫu 01) attached as the result by the specialist.
#pragma once
#include <string>

#include "support/dossier_fixtures.h"
#include "support/http_client.h"
#include "support/signed_in.h"

namespace motcua::testing {

inline HttpResult upload_pdf(uint16_t port, const std::string& token, const std::string& bytes, const std::string& name,
                             const std::string& target = "/api/v1/files") {
  const std::string b = "pdfBoundary7";
  std::string body = "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\nContent-Type: application/pdf\r\n\r\n" +
                     bytes + "\r\n--" + b + "--\r\n";
  std::vector<std::pair<std::string, std::string>> h = {{"Content-Type", "multipart/form-data; boundary=" + b}};
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  return http_request(port, "POST", target, body, h);
}

inline std::string dossier_with_pdf_result(Users& u) {
  nlohmann::json sub = submission(u.s);
  sub["delivery"] = "online";
  auto r = u.post(demo::kCitizen, "/api/v1/dossiers", sub);
  EXPECT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  u.act_ok(demo::kDesk, id, "accept");
  u.act_ok(demo::kDesk, id, "transfer", {{"unit", "TP"}});
  auto slip = u.get(demo::kDesk, "/api/v1/dossiers/" + id + "/forms/01.pdf");
  EXPECT_EQ(slip.status, 200);
  auto up = upload_pdf(u.s.port(), u.token(demo::kSpecialist), slip.body, "ket-qua.pdf");
  EXPECT_EQ(up.status, 201) << up.body;
  u.act_ok(demo::kSpecialist, id, "attach-result", {{"file_id", up.json()["id"]}});
  return id;
}

}  // namespace motcua::testing
