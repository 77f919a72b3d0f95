// motcua::routes — request helpers that both the JSON API (src/api) and the pages (src/web) use, so that
// a rule about reading a request or answering with a file lives once.
//  - list_filter(): the dossier inbox filter from query parameters (status, agency, unit, assignee[=me],
//    overdue, due_soon, open, q, page, per_page); bad values are 400 with a Vietnamese message.
//  - file_response(): an attachment as a download — content type from the sniffed content, a download
//    name whose extension matches that content, RFC 6266 Content-Disposition, private and not stored.
//  - pdf_response(): a generated PDF shown inline under `name`, private and not stored.
#pragma once
#include <string>

#include "http/message.h"
#include "services/dossiers/dossier_service.h"
#include "services/files/file_store.h"

namespace motcua::routes {

services::DossierService::ListFilter list_filter(const http::Request& req);
http::Response file_response(services::FileBlob blob);
http::Response pdf_response(std::string body, const std::string& name);

}  // namespace motcua::routes
