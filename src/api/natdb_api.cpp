// Lookups in the national databases (services/natdb/national_data.h; R26, R46). Policy dossier.submit at the
// gate (applicants, desk and post officers); the domain rule (domain/natdb/national_record.h) then allows a
// citizen only their own ID number, an organisation only its own tax code, the desk anyone with a purpose.
//   POST /api/v1/national-data/lookups {source: population|business, key, purpose?, procedure_code?}
//        → 201 {id, source, source_label, key, facts:{full_name, date_of_birth, residence, …}, at}
//   The id goes into POST /api/v1/dossiers as "national_lookup": the e-form fields still equal to the facts are
//   then recorded as taken from the national database (dossier "form_sources").
#include "api/api_util.h"
#include "api/routes.h"
#include "domain/format.h"
#include "routes/auth.h"

namespace motcua::api {

using namespace routes;
using nlohmann::json;

namespace {
json lookup_json(const services::NatdbLookup& l) {
  return {{"id", l.id},
          {"source", std::string(natdb::source_code(l.source))},
          {"source_label", std::string(catalog::source_label(natdb::fact_source(l.source)))},
          {"key", l.key},
          {"facts", natdb::facts_json(l.facts)},
          {"at", fmt::iso_datetime(l.at)}};
}
}  // namespace

void register_natdb_api(http::Router& r, Context& ctx) {
  r.add("POST", "/api/v1/national-data/lookups", "dossier.submit",
        [&ctx](http::Request& req) {
          json in = json_body(req);
          auto str = [&](const char* k) { return in.is_object() && in.contains(k) && in[k].is_string() ? in[k].get<std::string>() : std::string(); };
          auto source = natdb::parse_source(str("source"));
          if (!source)
            throw DomainError(ErrorKind::invalid, "bad_source", "Nguồn tra cứu phải là population (CSDL về dân cư) hoặc business (CSDL về đăng ký doanh nghiệp).",
                              {{"source", "Không hợp lệ."}});
          auto l = ctx.natdb.lookup(*source, str("key"), str("purpose"), str("procedure_code"), principal(req), req.remote);
          return ok(lookup_json(l), 201);
        },
        {.body_limit = 4096,
         .summary = "Look a person up in the population database by ID number, or an enterprise in the business registration database by tax code, to prefill an e-form; audited"});
}

}  // namespace motcua::api
