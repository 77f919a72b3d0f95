// motcua::dossier — which official slips (phiếu, giấy) a dossier has, and for whom (pure; no I/O). The
// one rule asked by the PDF endpoint (services/dossiers/dossier_forms.cpp), both dossier pages and the
// typed dossier view; the printed numbers and titles per era are services/documents/forms_pdf.h.
//
// Contract
// - Slip keys are stable URL names: receipt "01", supplement "02", refusal "03", apology "04",
//   ledger_line "05", control "06", stop "stop" (parse_slip is the inverse; anything else is nullopt).
// - A slip exists when the event it records happened:
//     receipt      the dossier was received (has a received time) and not refused (3);
//     supplement   a completion or supplement request was issued (Mẫu 02);
//     refusal      status 3;
//     apology      an apology with a new appointment was issued (Mẫu 04);
//     stop         status 8;
//     ledger_line, control   received (as receipt) — internal to the agency: staff only.
// - unavailable_reason(): nullopt when the slip exists for this reader, else the Vietnamese reason it
//   does not (yet); internal slips asked by a non-staff reader are reported by is_internal() so that the
//   caller can answer 404 rather than disclose them. available() lists the slips in key order.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "domain/dossier/status.h"

namespace motcua::dossier {

enum class Slip { receipt, supplement, refusal, apology, ledger_line, control, stop };

struct SlipFacts {
  std::optional<Status> status;  // nullopt = draft
  bool received = false;          // has a received (tiếp nhận) time
  bool supplement_issued = false; // a completion / supplement request exists
  bool apology_issued = false;    // an apology request exists
  bool staff = false;             // the reader is an officer
};

std::string_view key(Slip s) noexcept;
std::optional<Slip> parse_slip(std::string_view key) noexcept;
bool is_internal(Slip s) noexcept;
std::optional<std::string_view> unavailable_reason(Slip s, const SlipFacts& f) noexcept;
std::vector<Slip> available(const SlipFacts& f);

}  // namespace motcua::dossier
