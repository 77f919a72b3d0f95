// The typed view of a dossier (hồ sơ) that DossierService returns to everything that shows one: the JSON
// API (src/api/dossier_json.cpp serialises it, once), the applicant's and the officers' pages, the lists.
// Every derived fact in it — the clock and its standing, the actions this reader may take, the slips
// this reader may print — comes from src/domain (clock.h, authority.h, slips.h), computed by the service
// when the view is built; nobody downstream decides them again.
//
// Contract
// - Instants are epoch milliseconds (UTC); 0 = "not happened / none". Status is nullopt for a draft
//   (status 0). Channel, applicant type and status are domain enums.
// - A view is built for one reader: staff-only fields (actor names in the history, unit, assignee,
//   who received / who the result went to, the result file) are empty unless `for_staff`; an applicant
//   sees the result file only once it was returned online.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/dossier/clock.h"
#include "domain/dossier/slips.h"
#include "domain/dossier/state_machine.h"
#include "domain/dossier/status.h"

namespace motcua::services {

struct DossierHistoryItem {
  int64_t at = 0;
  std::string role;          // dossier::Actor key, "applicant" or "system"
  std::string action;        // dossier::Action key or "submit"
  std::string action_label;  // Vietnamese
  int from = 0, to = 0;      // status codes (0 = draft)
  std::string note;
  // staff only
  std::string actor, unit, to_unit, assignee;
  std::string actor_name, assignee_name;  // full names (recorded with the event; the assignee's from the account)
};

struct DossierDocument {
  std::string component_code, file_id, copy_type, source, name, content_type;  // source: domain/docstore arrival
  int64_t size = 0;
  struct Reused {  // source "reuse": the data-store item it came from
    std::string code, doc_type_name, issuer_name;
    int64_t issued_at = 0;
  } reused{};
  bool digitization_mandatory = false;  // R15 (docstore::digitization_mandatory), decided at receipt
};

// A request issued on the dossier: completion / supplement (Mẫu 02), payment, consult, apology (Mẫu 04).
struct DossierRequest {
  std::string kind, reason, target, answer;
  nlohmann::json items = nlohmann::json::array();  // Mẫu 02 list, as issued
  int64_t amount = 0;
  int64_t deadline = 0, at = 0, closed_at = 0;
  bool open() const { return closed_at == 0; }
};

struct DossierApplicant {
  std::string name, id_number, phone, email, address;
  dossier::ApplicantType type = dossier::ApplicantType::citizen;
};

struct DossierView {
  std::string id;    // public id
  std::string code;  // dossier code; "" before acceptance
  std::optional<dossier::Status> status;  // nullopt = draft
  std::string substate;
  std::string procedure_code, procedure_name;
  int procedure_version = 0;
  std::string agency, handling_agency;  // receiving; competent (= receiving unless R16 named another)
  DossierApplicant applicant;
  dossier::Channel channel = dossier::Channel::online;
  std::string delivery;  // "desk" | "online" | "post"
  nlohmann::json form = nlohmann::json::object();
  nlohmann::json form_sources = nlohmann::json::object();  // fields taken from a national database (services/natdb)
  int64_t submitted_at = 0, received_at = 0, due_at = 0, original_due_at = 0, finished_at = 0, returned_at = 0;
  int64_t supplement_due_at = 0, paid_at = 0;
  dossier::ClockReading clock;
  int supplement_count = 0, apologies = 0;
  int64_t fee_amount = 0;
  bool has_result = false;
  int64_t row_version = 0;
  std::vector<DossierDocument> documents;
  std::vector<DossierRequest> requests;
  std::vector<DossierHistoryItem> history;
  std::vector<dossier::Action> actions;  // what this reader may do now (dossier::available)
  std::vector<dossier::Slip> slips;      // what this reader may print (dossier::available(SlipFacts))
  bool for_staff = false;
  std::string unit, assignee, received_by, returned_to;  // staff only
  int step_no = 0;                                      // staff only
  std::string result_file;  // staff; the applicant once returned online
  std::string result_verify_id;  // the signed result's public verification id (with result_file), "" when unsigned

  int status_code() const { return status ? dossier::code(*status) : 0; }
  bool may(dossier::Action a) const;
  bool has_slip(dossier::Slip s) const;
};

// One row of an inbox or of "Hồ sơ của tôi".
struct DossierSummary {
  std::string id, code;
  std::optional<dossier::Status> status;
  std::string substate, procedure_code, procedure_name, agency, handling_agency, applicant_name;
  dossier::Channel channel = dossier::Channel::online;
  int64_t submitted_at = 0, received_at = 0, due_at = 0, finished_at = 0, returned_at = 0;
  dossier::ClockReading clock;
  bool for_staff = false;
  std::string unit, assignee;  // staff only
  std::string assignee_name;   // staff only: the assignee's full name (pages never show a login)
  int status_code() const { return status ? dossier::code(*status) : 0; }
};

struct DossierPage {
  std::vector<DossierSummary> items;
  int total = 0, page = 1, per_page = 20;
};

// "Bản nháp" for a draft, else the DOMAIN label of the status.
std::string status_label_vi(const std::optional<dossier::Status>& s);

}  // namespace motcua::services
