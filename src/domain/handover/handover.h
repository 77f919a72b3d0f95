// Hand-over of a dossier between deployments (liên thông giữa các hệ thống một cửa; issue 13): the rules both
// sides apply, pure.
//
// Contract
// - Requests between peers are signed with the sender's Ed25519 key, pinned by the receiver (peers file):
//   signing_input(method, path, timestamp, body) = "motcua-handover/1\n" METHOD "\n" PATH "\n" TIMESTAMP "\n"
//   hex(SHA-256(body)) — the caller hashes. Headers: X-Motcua-Peer (the sender's id), X-Motcua-Timestamp (Unix
//   ms), X-Motcua-Signature (base64). stale(): a timestamp more than 5 minutes away from now is refused
//   (replays older than that cannot be used; newer replays are harmless because packages are idempotent by
//   handover id and statuses by sequence).
// - may_hand_over(status): only a dossier received and not yet decided — 2 (accepted) or 4 (being processed) —
//   may be handed over; the receiving desk then accepts it (its status 1 there). sender_role(who, competent): the
//   sender holds the desk or leader role at the dossier's competent agency itself (not above it). may_send = both.
// - check_package(p): the problems of a package (Vietnamese), empty = valid. A package is
//   {format: "motcua.handover/1", handover_id, target_agency, note?, return_of?,
//    dossier: {id, code, procedure_code, procedure_name, applicant: {name, id_number?, phone?, email?, address?,
//              type}, form: {…}, status, delivery, submitted_at?, received_at?, due_at?},
//    history: [{at, actor, action, to, note?}],
//    documents: [{component_code, name, content_type, sha256, data (base64)}]} — at most 50 documents.
// - A status report is {handover_id, status (1–10), code, id, seq, at}; apply it only when seq is newer than
//   the last one applied (newer_status).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/accounts/principal.h"

namespace motcua::handover {

inline constexpr std::string_view kFormat = "motcua.handover/1";
inline constexpr int64_t kMaxSkewMs = 300'000;
inline constexpr size_t kMaxDocuments = 50;

std::string signing_input(std::string_view method, std::string_view path, int64_t timestamp_ms, std::string_view body_sha256_hex);
std::optional<std::string> stale(int64_t timestamp_ms, int64_t now_ms);
bool may_hand_over(int status) noexcept;
bool sender_role(const accounts::Principal& who, const std::string& competent_agency);
bool may_send(const accounts::Principal& who, const std::string& competent_agency, int status);
std::vector<std::string> check_package(const nlohmann::json& p);
std::vector<std::string> check_status(const nlohmann::json& s);
bool newer_status(int64_t last_seq, int64_t seq) noexcept;

}  // namespace motcua::handover
