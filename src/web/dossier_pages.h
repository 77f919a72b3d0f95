// Applicant-side dossier pages (issue "Dossier lifecycle"), shared by src/web/dossier_pages.cpp (online
// submission: /thu-tuc/{code}/nop-truc-tuyen, the confirmation) and src/web/my_dossiers_pages.cpp
// ("Hồ sơ của tôi": list, one dossier with timeline, slips, supplement and withdrawal forms).
// Small presentation helpers for the dossier JSON of DossierService (ISO +07:00 times → dd/mm/yyyy).
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "app/context.h"
#include "http/message.h"
#include "http/multipart.h"
#include "http/router.h"

namespace motcua::web {

// "2026-04-24T10:00:00+07:00" → "24/04/2026" ("" for null or malformed).
std::string iso_to_date(const nlohmann::json& iso);
// "2026-04-24T10:00:00+07:00" → "10:00 24/04/2026".
std::string iso_to_datetime(const nlohmann::json& iso);
// CSS modifier of a status badge: "tag-plain" (draft), "tag-part" (in progress), "tag-warn" (waiting
// for the applicant), "tag-bad" (refused/stopped), "tag-full" (result).
std::string status_tag(int status);

// A POSTed page form: urlencoded or multipart/form-data (fields and file parts; views into req.body).
struct PostedForm {
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<http::MultipartPart> files;
  std::string get(const std::string& name) const;  // trimmed, NFC; "" when absent
  const http::MultipartPart* file(const std::string& name) const;  // a chosen file (non-empty filename) or null
};
PostedForm read_post(const http::Request& req, size_t max_parts = 200);

// The file of one component in a posted form: a file uploaded in an earlier round (_uploaded_<code>,
// kept across re-renders; must still be the caller's own) and/or a newly chosen one (_file_<code>,
// content-checked and saved now). Fills uploaded[code] = (file id, name) or errors[code].
void take_component_upload(app::Context& ctx, const PostedForm& pf, const accounts::Principal& who, const std::string& code, int64_t now,
                           std::map<std::string, std::pair<std::string, std::string>>& uploaded, std::map<std::string, std::string>& errors);

extern const char* const kCsrfMessage;

}  // namespace motcua::web

namespace motcua::app {
// Routes of "Hồ sơ của tôi" (my_dossiers_pages.cpp); called by register_dossier_pages.
void register_my_dossier_pages(http::Router& r, Context& ctx);
}  // namespace motcua::app
