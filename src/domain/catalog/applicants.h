// Who may file a procedure: the version document's "applicants" list (đối tượng thực hiện, LoaiDoiTuong
// 1 citizen, 2 business, 3 state body, 4 other organisation). Pure: no I/O.
//
// Contract:
//  - applicant_allowed(doc, t): true when t is in doc["applicants"]; a document without a (non-empty)
//    list does not restrict (older drafts); t outside 1..4 is never allowed.
//  - check_applicant_type(doc, t): throws DomainError(invalid, "applicant_type_not_allowed", Vietnamese
//    message naming who may file, field error on `field`) when not allowed. Called at online submission
//    and at desk/post intake.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace motcua::catalog {

bool applicant_allowed(const nlohmann::json& version_doc, int applicant_type);
void check_applicant_type(const nlohmann::json& version_doc, int applicant_type, const std::string& field = "applicant.type");

}  // namespace motcua::catalog
