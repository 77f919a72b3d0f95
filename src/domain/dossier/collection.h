// What an applicant needs to collect the result (nhận kết quả) — one rule for the submission receipt and the
// applicant's dossier page, so the "next step" they read is the same everywhere:
//  - delivery "online": nothing to bring; the result is downloaded from the dossier page.
//  - an online dossier of a "một phần" procedure: the originals (bản chính) of the papers attached as scans, for
//    every component the procedure asks an original or a certified copy of — shown for comparison when the
//    result is handed over (the procedure's last step says so); the e-form itself is not a paper.
//  - delivery at the desk: an identity document with a photo (or the authorisation of whoever collects for the
//    applicant) and the receipt (Giấy tiếp nhận, Mẫu 01); by post: the identity document, shown to the postman.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/dossier/status.h"

namespace motcua::dossier {

struct Collection {
  bool download = false;               // the result is downloaded (delivery online)
  bool at_desk = false;                // collected at the one-stop desk
  bool by_post = false;                // delivered by the public postal service
  std::vector<std::string> originals;  // component names whose originals are shown
  std::vector<std::string> also;       // other things to bring, in words
};

// `procedure` is the pinned version's document (components, online_level); `attached` the component codes
// the dossier holds papers for; `delivery` "desk" | "post" | "online".
Collection collection(const nlohmann::json& procedure, Channel channel, const std::string& delivery, const std::vector<std::string>& attached);

}  // namespace motcua::dossier
