// Test support for dossier API tests: a valid e-form built from a procedure's schema, a standard online
// submission, a PDF upload through POST /api/v1/files, an action call, and pdftotext.
#pragma once
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "domain/text.h"
#include "support/http_client.h"

namespace motcua::testing {

// A valid e-form for a procedure document (its form_schema): every required field filled.
inline nlohmann::json valid_form_for(const nlohmann::json& procedure_doc) {
  nlohmann::json form = nlohmann::json::object();
  for (const auto& f : procedure_doc["form_schema"]["fields"]) {
    if (!f.value("required", false)) continue;
    std::string t = f["type"], n = f["name"];
    if (t == "checkbox") form[n] = true;
    else if (f.contains("choices_from")) form[n] = f["choices_from"] == "dan_toc" ? "Kinh" : "Việt Nam";  // reference lists
    else if (t == "select" || t == "radio") form[n] = f["choices"][0]["value"];
    else if (t == "date") form[n] = "2020-01-02";
    else if (t == "number") form[n] = f.contains("min") ? f["min"].dump() : "1";
    else if (t == "id_number") form[n] = "001090000001";
    else if (t == "phone") form[n] = "0912345678";
    else if (t == "email") form[n] = "an@example.vn";
    else form[n] = "Nguyễn Văn An";
  }
  return form;
}

inline nlohmann::json valid_form(const ServerProcess& s, const std::string& code) { return valid_form_for(s.get("/api/v1/procedures/" + code).json()); }

inline nlohmann::json submission(const ServerProcess& s, const std::string& procedure = "1.001653") {
  return {{"procedure_code", procedure}, {"agency_code", "000.01.25.H56"}, {"delivery", "post"}, {"form", valid_form(s, procedure)}};
}

// Uploads a small valid PDF with the bearer token `token`; returns the file id ("" when refused).
inline std::string upload_pdf_as(uint16_t port, const std::string& token, const std::string& name = "giay-to.pdf") {
  std::string boundary = "motcuaBoundary";
  std::string pdf = "%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n";
  std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name +
                     "\"\r\nContent-Type: application/pdf\r\n\r\n" + pdf + "\r\n--" + boundary + "--\r\n";
  auto up = http_request(port, "POST", "/api/v1/files", body,
                         {{"Content-Type", "multipart/form-data; boundary=" + boundary}, {"Authorization", "Bearer " + token}});
  return up.status == 201 ? up.json()["id"].get<std::string>() : "";
}

// Uploads a small valid PDF as the signed-in user; returns the file id.
inline std::string upload_pdf(const ServerProcess& s, const std::string& name = "giay-to.pdf") {
  return upload_pdf_as(s.port(), s.bearer().substr(7), name);
}

// A desk intake at the demo commune (Đổi, cấp lại Giấy xác nhận khuyết tật, its one component KTT-01) for an
// applicant without an account; accepted at once unless `accept` is false.
inline nlohmann::json demo_desk_intake(bool accept = true) {
  return {{"procedure_code", "1.001653"}, {"agency_code", "000.01.25.H56"}, {"delivery", "desk"}, {"accept", accept},
          {"applicant", {{"name", "Trần Thị Bình"}, {"id_number", "038190000777"}, {"phone", "0912000777"}}},
          {"documents", {{{"component_code", "KTT-01"}, {"copy_type", "original"}}}}};
}

inline HttpResult act(const ServerProcess& s, const std::string& dossier, const std::string& action,
                      const nlohmann::json& body = nlohmann::json::object()) {
  return s.post_json("/api/v1/dossiers/" + dossier + "/actions/" + action, body);
}

inline std::string pdftotext(const std::string& pdf) {
  std::string path = make_temp_dir("motcua-pdf-") + "/f.pdf";
  { std::ofstream(path, std::ios::binary) << pdf; }
  std::string out;
  FILE* p = popen(("pdftotext -layout '" + path + "' - 2>/dev/null").c_str(), "r");
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  pclose(p);
  return motcua::text::nfc(out);
}

}  // namespace motcua::testing
