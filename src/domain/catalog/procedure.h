// Procedure (thủ tục hành chính) model: the versioned document (docs/catalog-format.md) and the rules of
// its lifecycle. Pure: no I/O.
//
// Lifecycle of a procedure (ProcState):      draft ──publish──▶ active ◀──resume── suspended
//                                                                │  └──suspend──────▶│
//                                                                └──abolish──▶ abolished ◀──abolish──┘
// Versions: each publication freezes one version (1, 2, …). `amend` opens a new draft version copied
// from the current one; while it is a draft the published one keeps applying. Published versions are
// never changed or deleted: dossiers keep the version they were created under. At most one draft.
// check_action() says whether an action is allowed; a refusal is a DomainError(conflict) whose message
// names the current state in Vietnamese.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/errors.h"

namespace motcua::catalog {

enum class ProcState { draft, active, suspended, abolished };
enum class Action { edit_draft, publish, amend, suspend, resume, abolish, discard_draft };

std::string_view to_string(ProcState s);
std::optional<ProcState> parse_state(std::string_view s);
std::string_view label_vi(ProcState s);  // "Bản nháp", "Đang áp dụng", "Tạm ngừng áp dụng", "Đã bãi bỏ"
std::string_view to_string(Action a);
std::optional<Action> parse_action(std::string_view s);
std::string_view label_vi(Action a);

// Throws DomainError(conflict) when `a` is not allowed.
void check_action(Action a, ProcState state, bool has_draft);
// State after a successful action.
ProcState next_state(Action a, ProcState state);

// Validates a procedure document and returns its normalized form (strings NFC and trimmed, defaults
// filled). Throws DomainError(invalid, "procedure_invalid", …, field errors) listing every problem.
// processing_time: unit working_days | days | hours | same_day; amount/online_amount >= 0, whole for
// days, whole minutes for working_days (× 480) and hours (× 60); optional cutoff "HH:MM" (same_day only).
nlohmann::json normalize_procedure(const nlohmann::json& in);

// Labels used by pages and the API.
std::string online_level_label(std::string_view level);  // "toan_trinh" → "Toàn trình"
// The service as the national portal names it now (QĐ 2025): "Dịch vụ công trực tuyến toàn trình",
// "Dịch vụ công trực tuyến một phần", "Dịch vụ cung cấp thông tin trực tuyến" — no "mức 2/3/4".
std::string online_service_label(std::string_view level);
std::string level_label(std::string_view level);         // "xa" → "Cấp xã"
std::string channel_label(std::string_view channel);     // "truc_tuyen" → "Trực tuyến"
std::string time_unit_label(std::string_view unit);      // "working_days" → "ngày làm việc", "same_day" → "trong ngày"
std::string applicant_label(int type);                   // 1 → "Công dân"
bool valid_code(std::string_view code);                  // "1.001193", "2.000635", "local.12"

}  // namespace motcua::catalog
