// The officers' workspace (/can-bo): helpers shared by its page files (work_pages.cpp: routes and the
// ledger; work_inbox_pages.cpp: the inboxes; work_dossier_pages.cpp: one dossier and its action forms;
// work_intake_pages.cpp: desk / postal intake). Internal to src/web; not a public contract.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "routes/context.h"
#include "domain/dossier/clock.h"
#include "domain/dossier/status.h"
#include "domain/errors.h"
#include "http/message.h"
#include "http/router.h"

namespace motcua::web::work {

using routes::Context;

using Form = std::vector<std::pair<std::string, std::string>>;

inline constexpr const char* kCsrf = "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ. Vui lòng tải lại trang và gửi lại.";

// A POSTed form, urlencoded or multipart/form-data: text fields in `fields`, file parts in `files`
// (views into req.body — keep the request alive).
struct Upload {
  std::string name, filename;
  std::string_view data;
};
struct Posted {
  Form fields;
  std::vector<Upload> files;  // only parts with a non-empty file name and content
};
Posted read_post(const http::Request& req);

std::string get(const Form& f, const std::string& k);  // NFC, trimmed; "" when absent
bool has(const Form& f, const std::string& k);
int status_of(const DomainError& e);
nlohmann::json opt(const std::string& s);  // false when empty (mustache sections)

// Instants of the typed dossier view (epoch ms) as shown on the officers' pages.
std::string when(int64_t ms);  // HH:MM dd/mm/yyyy local; "" for 0 (none)
std::string day(int64_t ms);   // dd/mm/yyyy local; "" for 0
// Badge of the channel (1 desk, 2 online, 3 post): {"label","cls"}.
nlohmann::json channel_badge(dossier::Channel channel);
// Timeliness of an open or finished dossier: {"label","cls","key"} or false when none.
nlohmann::json timeliness_view(dossier::Standing s);

std::string agency_name(const services::AgencySnapshot& ag, const std::string& code);
std::string unit_name(const services::AgencySnapshot& ag, const std::string& agency, const std::string& unit);

// Agencies the principal works at with one of `roles` (the grant's agency and its whole subtree), in
// the snapshot's depth-first order.
std::vector<std::string> work_agencies(const accounts::Principal& who, const services::AgencySnapshot& ag,
                                       std::initializer_list<accounts::Role> roles);

// Active specialists and leaders who may take a dossier of `competent` (same rule as the service's
// transfer/assign check: a role at that agency or above it). Read-only query.
using StaffMember = services::DossierService::Officer;
std::vector<StaffMember> processing_staff(Context& ctx, const std::string& competent);

// A date typed in a filter ("YYYY-MM-DD") → "dd/mm/yyyy" (as typed when malformed).
std::string day_text(const std::string& iso);
// The workspace's sub-navigation (partial _work_links): {"intake","ledger","report","cur_<current>"}.
nlohmann::json work_links(const accounts::Principal& who, const std::string& current);

// Route registration of the other page files (called by register_work_pages).
void register_inbox(http::Router& r, Context& ctx);
void register_dossier(http::Router& r, Context& ctx);
void register_intake(http::Router& r, Context& ctx);
// Panels of the dossier page (work_dossier_panels.cpp): the 9-indicator evaluation (false unless resolved and
// evaluable) and the hand-over panel and form (false when no peer is configured).
nlohmann::json evaluation_section(Context& ctx, const services::DossierView& d, const std::string& competent);
nlohmann::json handover_section(Context& ctx, const http::Request& req, const services::DossierView& d);
http::Response handover_post(Context& ctx, http::Request& req, const std::string& id);

}  // namespace motcua::web::work
