// The periodic handling report (services/reports/report_service.h; contract in docs/api/openapi.yaml):
//   GET /api/v1/reports/handling?agency=&from=YYYY-MM-DD&to=YYYY-MM-DD[&group=agency|unit|field|procedure][&format=json|xlsx|pdf]
// JSON: {agency, agency_name, from, to, group, as_of, rows:[row], total: row} with
//   row = {key, label, received:{online,direct,postal,carried_over,total}, resolved:{early,on_time,late,total},
//          in_progress:{within_due,overdue,total}, refused, stopped, withdrawn, online_ratio, online_target, below_target}
// online_ratio is a percent rounded to 2 decimals, null when nothing was received (N/A); online_target null when the
// row has none. format=xlsx returns the same table as a workbook, format=pdf as an A4 landscape PDF with the official
// header (services::handling_pdf), both attachments named bao-cao-giai-quyet-<from>-<to>.<ext>, Cache-Control private,
// no-store; any other format → 422. Policy report.read; the service checks the agency against the reader's grants
// (404 outside them).
#include "api/api_util.h"
#include "api/routes.h"
#include "domain/format.h"
#include "routes/auth.h"

#include <cmath>

namespace motcua::api {

using namespace routes;
using nlohmann::json;

namespace {

json row_json(const services::HandlingRow& r) {
  const auto& k = r.counts;
  return {{"key", r.key},
          {"label", r.label},
          {"received", {{"online", k.online}, {"direct", k.direct}, {"postal", k.postal}, {"carried_over", k.carried_over}, {"total", k.received_total()}}},
          {"resolved", {{"early", k.early}, {"on_time", k.on_time}, {"late", k.late}, {"total", k.resolved()}}},
          {"in_progress", {{"within_due", k.within_due}, {"overdue", k.overdue}, {"total", k.in_progress()}}},
          {"refused", k.refused},
          {"stopped", k.stopped},
          {"withdrawn", k.withdrawn},
          {"online_ratio", round2(r.online_ratio)},
          {"online_target", round2(r.target)},
          {"below_target", r.below_target}};
}

}  // namespace

void register_reports_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/reports/digitization", "report.read",
        [&ctx](http::Request& req) {
          std::string agency = str_param(req, "agency", 64, "Cơ quan"), from = str_param(req, "from", 10, "Từ ngày"),
                      to = str_param(req, "to", 10, "Đến ngày");
          auto d = ctx.reports.digitization(agency, from, to, ctx.store, principal(req));
          return ok({{"agency", d.agency},
                     {"agency_name", d.agency_name},
                     {"from", d.from},
                     {"to", d.to},
                     {"dossiers", d.counts.dossiers},
                     {"digitized", {{"count", d.counts.digitized}, {"percent", d.shares.digitized}}},
                     {"reused", {{"count", d.counts.reused}, {"percent", d.shares.reused}}},
                     {"e_result", {{"count", d.counts.e_result}, {"percent", d.shares.e_result}}},
                     {"mandatory_not_digitized", d.counts.mandatory_missing}});
        },
        {.summary = "Digitization measures (QĐ 766): dossiers with digitized, reused components and signed e-results"});
  r.add("GET", "/api/v1/reports/handling", "report.read",
        [&ctx](http::Request& req) {
          std::string agency = str_param(req, "agency", 64, "Cơ quan"), from = str_param(req, "from", 10, "Từ ngày"),
                      to = str_param(req, "to", 10, "Đến ngày"), group = str_param(req, "group", 16, "Nhóm theo"),
                      format = str_param(req, "format", 8, "Định dạng");
          if (!format.empty() && format != "json" && format != "xlsx" && format != "pdf")
            throw DomainError(ErrorKind::invalid, "bad_format", "Định dạng phải là json, xlsx hoặc pdf.", {{"format", "Không hợp lệ."}});
          auto rep = ctx.reports.handling(agency, from, to, group, principal(req), fmt::now_ms());
          if (format == "xlsx" || format == "pdf") {
            http::Response res;
            const bool xlsx = format == "xlsx";
            res.content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "application/pdf";
            res.body = xlsx ? services::handling_xlsx(rep) : services::handling_pdf(rep);
            res.set("Content-Disposition", "attachment; filename=\"bao-cao-giai-quyet-" + from + "-" + to + "." + format + "\"");
            res.set("Cache-Control", "private, no-store");
            return res;
          }
          json rows = json::array();
          for (const auto& x : rep.rows) rows.push_back(row_json(x));
          return ok({{"agency", rep.agency},
                     {"agency_name", rep.agency_name},
                     {"from", rep.from},
                     {"to", rep.to},
                     {"group", services::to_string(rep.group)},
                     {"as_of", fmt::iso_datetime(rep.as_of_ms)},
                     {"rows", rows},
                     {"total", row_json(rep.total)}});
        },
        {.summary = "Periodic handling report of an agency subtree (received, resolved, in progress, refused, stopped, withdrawn, online ratio); "
                    "format=xlsx for the workbook, format=pdf for the A4 landscape PDF"});
}

}  // namespace motcua::api
