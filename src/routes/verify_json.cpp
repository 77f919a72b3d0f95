// The public JSON of a verification report (see verify_json.h).
#include "routes/verify_json.h"

#include "domain/format.h"

namespace motcua::routes {

using nlohmann::json;

json verify_json(const services::VerifyReport& v) {
  json out = {{"verdict", std::string(esign::to_string(v.verdict))},
              {"authentic", v.verdict == esign::Verdict::authentic},
              {"label", std::string(esign::label_vi(v.verdict))}};
  if (v.verdict == esign::Verdict::unknown && v.verify_id.empty()) return out;
  if (!v.verify_id.empty()) {
    out["verify_id"] = v.verify_id;
    out["doc_type"] = v.doc_type;
    out["issuer"] = v.issuer_name;
    out["issued_at"] = fmt::iso_datetime(v.issued_at);
    out["issued_on"] = fmt::date(v.issued_at);
    out["holder"] = v.holder_masked;
    out["signer"] = v.signer_name;
    out["signed"] = v.signed_doc;
    out["revoked_at"] = v.revoked_at ? json(fmt::iso_datetime(v.revoked_at)) : json(nullptr);
  }
  out["signature_valid"] = v.signature_valid;
  return out;
}

}  // namespace motcua::routes
