// The policy context over an agency tree (accounts::decide, domain/accounts/policy.h): `within` from the
// snapshot and no second-factor check — for services that ask again about one record (its agency) after the
// route's own check already applied the second factor. The snapshot must outlive the context.
#pragma once
#include "domain/accounts/policy.h"
#include "services/agencies/agency_service.h"

namespace motcua::services {

accounts::PolicyContext policy_context(const AgencySnapshot& ag);

}  // namespace motcua::services
