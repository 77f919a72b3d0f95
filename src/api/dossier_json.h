// motcua::api — the JSON form of a dossier, written once: the typed views of services/dossiers
// (dossier_view.h) → the API's documents (docs/api/openapi.yaml: Dossier, DossierList, Lookup). Instants
// are ISO 8601 with the +07:00 offset (null when none); status, channel and applicant type are the
// national codes; derived facts (clock, timeliness, actions, slips) are copied from the view, never
// recomputed here.
#pragma once
#include <nlohmann/json.hpp>

#include "services/dossiers/dossier_service.h"

namespace motcua::api {

nlohmann::json to_json(const services::DossierView& v);
nlohmann::json to_json(const services::DossierPage& p);
nlohmann::json to_json(const services::DossierService::PublicLookup& l);
nlohmann::json to_json(const services::DossierService::Ledger& l);

}  // namespace motcua::api
