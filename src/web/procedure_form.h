// The procedure editor form of the catalog admin pages: pure conversions between a procedure document
// (docs/catalog-format.md) and the flat fields of an HTML form (application/x-www-form-urlencoded pairs).
//
// Form inputs (names): code, name, field_name, field_code, levels (checkboxes tinh/huyen/xa),
// agency_kinds ("a, b"), competent_agency, receiving_place, online_level, legacy_online_level ("" = derive),
// target_online_ratio, receive_any_boundary, pe_by/pe_url/pe_note (provided_elsewhere; all empty = null),
// pt_amount/pt_unit/pt_online_amount (processing_time), sets, applicants (checkboxes 1–4),
// applicant_description, result, requirements, cp1_custom..cp4_custom + cp1..cp4 (channel_policy: a row
// whose "custom" box is unchecked is absent = all channels of `methods`), form_schema (JSON text) and the
// list textareas, one item per line, columns separated by "|" (a literal "|" is written "\|"):
//   steps             one step per line
//   methods           kênh | mô tả            kênh: Trực tiếp / Trực tuyến / Bưu chính (or truc_tiep …)
//   components        Tên | bản chính | bản chứng thực | bản photo | bắt buộc (có/không) | mẫu
//   fees              Tên | số tiền (đồng, 50.000) | mỗi hồ sơ/mỗi bản | miễn giảm
//   legal_basis       Số hiệu | trích yếu | dd/mm/yyyy
//   internal_process  Tên bước | đơn vị | vai trò (một cửa/chuyên môn/lãnh đạo) | số giờ
// Errors in a line name its line number in the textarea ("Dòng 3: …").
//
// Keys the form does not model (component code, doc_type, template_form, note; fee code, note;
// processing_time.note; needs_verification; …) are kept by merge_procedure() from the stored draft, so
// procedure_to_form() → form_to_procedure() → merge_procedure(stored, …) gives back the stored document.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "domain/errors.h"

namespace motcua::web {

using FormPairs = std::vector<std::pair<std::string, std::string>>;

// Builds a procedure document from the form. Appends one FieldError per problem (field = input name);
// the returned document is meant for catalog::normalize_procedure (which checks the rest).
nlohmann::json form_to_procedure(const FormPairs& form, std::vector<FieldError>& errors);
// The inverse: the form fields that show `doc` (a normalized procedure document).
FormPairs procedure_to_form(const nlohmann::json& doc);
// `base` (the stored document) with the keys the form models replaced by those of `edited`. Components
// and fees keep their unmodeled keys: matched by name, else by position when the count is unchanged.
nlohmann::json merge_procedure(const nlohmann::json& base, const nlohmann::json& edited);
// Maps errors of catalog::normalize_procedure ("components[2].name", "processing_time.amount",
// "form_schema.fields[0].type", …) to input names, with the textarea line number where one applies.
std::vector<FieldError> map_procedure_errors(const std::vector<FieldError>& errors, const FormPairs& form);

}  // namespace motcua::web
