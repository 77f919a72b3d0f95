// DossierService::discard_draft — a draft (status 0) is the applicant's private scratch copy: it has no
// code, no history and no requests, only the form and document links. See dossier_service.h.
#include "domain/format.h"
#include "services/dossiers/dossier_internal.h"

namespace motcua::services {

using accounts::Kind;
using accounts::Principal;
using namespace dossier_detail;

void DossierService::discard_draft(const std::string& id, const Principal& who, const std::string& ip) {
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& c) {
    Row r = load(c, id);
    if (who.kind == Kind::staff || !can_read(r, who)) throw not_found();
    if (r.status != 0) throw DomainError(ErrorKind::conflict, "not_a_draft", "Hồ sơ đã nộp, không phải bản nháp nên không xóa được.");
    c.exec("DELETE FROM dossier_documents WHERE dossier_id = $1", {r.id});
    c.exec("DELETE FROM dossiers WHERE id = $1 AND status = 0", {r.id});
    audit_.append(c, {who.user_id, who.username, "dossier.discard_draft", r.public_id, r.agency_code, ip, {{"procedure", r.procedure_code}}}, now);
  });
}

}  // namespace motcua::services
