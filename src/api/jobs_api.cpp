// Scheduled jobs for administrators of the deployment (services/jobs/job_runner.h): what runs, when it
// ran, its last result or error, and "run again now" for a failed or dead job. Jobs are deployment-wide, so
// only an admin of a top-level agency (the province) sees them; a commune's admin gets 403.
#include "api/api_util.h"
#include "api/routes.h"
#include "routes/auth.h"

namespace motcua::api {

using namespace routes;

using nlohmann::json;


void register_jobs_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/jobs", "deployment.admin",
        [&ctx](http::Request&) { return api::ok({{"items", ctx.jobs.list()}}); },
        {.summary = "Scheduled jobs (administrators): kind, state, next run, attempts, last result or error"});
  r.add("POST", "/api/v1/jobs/{id}/retry", "deployment.admin",
        [&ctx](http::Request& req) {
          int64_t id = 0;
          const std::string& s = req.params.at("id");
          if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
            throw DomainError(ErrorKind::not_found, "job_not_found", "Không tìm thấy tác vụ.");
          id = std::stoll(s);
          if (!ctx.jobs.retry(id)) throw DomainError(ErrorKind::not_found, "job_not_found", "Không tìm thấy tác vụ.");
          return api::ok({{"id", id}, {"state", "pending"}});
        },
        {.body_limit = 1024, .summary = "Run a scheduled job again now (administrators)"});
}

}  // namespace motcua::api
