// Applicant-side dossier pages (issue "Dossier lifecycle"), shared by src/web/dossier_pages.cpp (online
// submission: /thu-tuc/{code}/nop-truc-tuyen, the confirmation) and src/web/my_dossiers_pages.cpp
// ("Hồ sơ của tôi": list, one dossier with timeline, slips, supplement and withdrawal forms).
// Small presentation helpers for the typed dossier view of DossierService (instants → dd/mm/yyyy).
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "domain/dossier/status.h"
#include "routes/context.h"
#include "http/message.h"
#include "http/multipart.h"
#include "http/router.h"

namespace motcua::web {

// dd/mm/yyyy and HH:MM dd/mm/yyyy (local time) of an instant of the typed dossier view; "" for 0 (none).
std::string day_or_empty(int64_t ms);
std::string when_or_empty(int64_t ms);
// CSS modifier of a status badge: "tag-plain" (draft = nullopt), "tag-part" (in progress), "tag-warn"
// (waiting for the applicant), "tag-bad" (refused/stopped), "tag-full" (result).
std::string status_tag(std::optional<dossier::Status> s);
// How the result reaches the applicant, as the pages say it: "Qua dịch vụ bưu chính công ích", "Trực tuyến",
// "Tại Bộ phận Một cửa" (delivery "post" | "online" | "desk").
std::string delivery_label(const std::string& delivery);

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
void take_component_upload(routes::Context& ctx, const PostedForm& pf, const accounts::Principal& who, const std::string& code, int64_t now,
                           std::map<std::string, std::pair<std::string, std::string>>& uploaded, std::map<std::string, std::string>& errors);

extern const char* const kCsrfMessage;

// The fees section of a dossier page (partial _fees): lines, totals, receipts, refunds, and the forms this reader
// may use (pay online: the owner; collect, waive, pay out a refund: the receiving agency's desk). false when the
// dossier has no fee line and no payment. payment_pages.cpp.
nlohmann::json fees_section(routes::Context& ctx, const http::Request& req, const std::string& dossier_id, bool staff);

// "Khi nhận kết quả": where and how the applicant collects the result and what to bring (domain/dossier/collection.h),
// for the receipt page and the dossier page; false when the result is downloaded and there is nothing to bring.
// `doc` is the pinned version's document (may be null).
nlohmann::json collection_view(routes::Context& ctx, const nlohmann::json* doc, dossier::Channel channel, const std::string& delivery,
                               const std::vector<std::string>& attached, const std::string& agency_code);

// Routes of "Hồ sơ của tôi" (my_dossiers_pages.cpp); called by register_dossier_pages.
void register_my_dossier_pages(http::Router& r, routes::Context& ctx);

}  // namespace motcua::web
