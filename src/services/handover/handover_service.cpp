// Hand-over of dossiers between deployments (see handover_service.h).
#include "services/handover/handover_service.h"

#include "domain/dossier/status.h"
#include "domain/errors.h"
#include "domain/format.h"
#include "domain/handover/handover.h"
#include "domain/text.h"
#include "services/agencies/agency_service.h"
#include "services/dossiers/dossier_service.h"
#include "services/files/file_store.h"
#include "services/ids.h"
#include "services/notify/http_post.h"
#include "services/notify/outbox.h"

namespace motcua::services {

using accounts::Principal;
using accounts::Role;
using nlohmann::json;

namespace {

std::string jstr(const json& j, const char* k) { return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); }

std::string iso(int64_t ms) { return ms ? fmt::iso_datetime(ms) : std::string(); }

std::string status_label(int s) {
  auto st = dossier::status_from_code(s);
  return st ? std::string(dossier::label_vi(*st)) : std::string();
}

}  // namespace

HandoverService::HandoverService(store::Db& db, AgencyService& agencies, DossierService& dossiers, FileStore& files, AuditLog& audit,
                                 const notify::Outbox& outbox, HandoverConfig cfg)
    : db_(db), agencies_(agencies), dossiers_(dossiers), files_(files), audit_(audit), outbox_(outbox), cfg_(std::move(cfg)),
      key_(PeerKey::load_or_create(cfg_.key_file)), peers_(load_peers(cfg_.peers_file)) {}

json HandoverService::send(const std::string& dossier, const std::string& peer_id, const std::string& agency, const std::string& note,
                           const Principal& who, const std::string& ip) {
  auto v = dossiers_.view(dossier, who);  // 404 for anyone who may not see it
  const std::string competent = v.handling_agency.empty() ? v.agency : v.handling_agency;
  if (!handover::sender_role(who, competent))
    throw DomainError(ErrorKind::forbidden, "handover_forbidden", "Chỉ Bộ phận Một cửa hoặc lãnh đạo của cơ quan giải quyết được chuyển hồ sơ liên thông.");
  auto p = peers_.find(peer_id);
  if (p == peers_.end())
    throw DomainError(ErrorKind::invalid, "unknown_peer", "Không có hệ thống liên thông \"" + peer_id + "\" trong danh sách đã cấu hình.", {{"peer", "Không hợp lệ."}});
  if (agency.empty() || agency.size() > 64) throw DomainError(ErrorKind::invalid, "bad_agency", "Nhập mã cơ quan nhận bên hệ thống kia.", {{"agency", "Bắt buộc."}});
  if (text::length(note) > 1000) throw DomainError(ErrorKind::invalid, "bad_note", "Ghi chú tối đa 1000 ký tự.", {{"note", "Quá dài."}});
  if (!handover::may_hand_over(v.status_code()))
    throw DomainError(ErrorKind::conflict, "handover_status",
                      "Chỉ chuyển liên thông hồ sơ đã tiếp nhận hoặc đang giải quyết; hồ sơ đang ở trạng thái " + status_label(v.status_code()) + ".");
  std::string handover_id = random_token(12);
  json docs = json::array();
  for (const auto& d : v.documents)
    if (!d.file_id.empty()) docs.push_back({{"component_code", d.component_code}, {"name", d.name.empty() ? d.component_code : d.name}, {"file_id", d.file_id}});
  if (!v.result_file.empty()) docs.push_back({{"component_code", "KQ"}, {"name", "Kết quả giải quyết"}, {"file_id", v.result_file}});
  json history = json::array();
  for (const auto& h : v.history)
    history.push_back({{"at", iso(h.at)}, {"actor", h.actor}, {"action", h.action_label}, {"to", h.to}, {"note", h.note}});
  json pkg = {{"format", std::string(handover::kFormat)},
              {"handover_id", handover_id},
              {"from", cfg_.self_id},
              {"target_agency", agency},
              {"note", note},
              {"dossier",
               {{"id", v.id},
                {"code", v.code},
                {"procedure_code", v.procedure_code},
                {"procedure_name", v.procedure_name},
                {"applicant",
                 {{"name", v.applicant.name}, {"id_number", v.applicant.id_number}, {"phone", v.applicant.phone}, {"email", v.applicant.email},
                  {"address", v.applicant.address}, {"type", dossier::code(v.applicant.type)}}},
                {"form", v.form},
                {"status", v.status_code()},
                {"delivery", v.delivery},
                {"submitted_at", iso(v.submitted_at)},
                {"received_at", iso(v.received_at)},
                {"due_at", iso(v.due_at)}}},
              {"history", history},
              {"documents", docs}};
  int64_t now = fmt::now_ms();
  json link;
  db_.write([&](store::Conn& c) {
    auto d = c.exec("SELECT id FROM dossiers WHERE public_id = $1", {v.id});
    int64_t id = d.rows.at(0).i64(0);
    // Handing back a dossier that came from this very peer returns it (no new dossier there).
    auto back = c.exec("SELECT handover_id FROM handover_links WHERE dossier_id = $1 AND peer = $2 AND direction = 'in' ORDER BY id DESC LIMIT 1",
                       {id, peer_id});
    if (!back.rows.empty()) pkg["return_of"] = back.rows[0].str(0);
    c.exec("INSERT INTO handover_links (handover_id, direction, dossier_id, peer, target_agency, note, created_by, created_at, remote_seq) "
           "VALUES ($1, 'out', $2, $3, $4, $5, $6, $7, 0)",
           {handover_id, id, peer_id, agency, note, who.username, now});
    notify::Message m;
    m.event = "handover.package";
    m.channel = "handover";
    m.recipient = peer_id;
    m.body_text = pkg.dump();
    m.key = handover_id;
    m.dossier_id = id;
    m.dossier_code = v.code;
    outbox_.enqueue(c, std::move(m), now);
    audit_.append(c, {who.user_id, who.username, "dossier.handover", v.code, competent, ip,
                      {{"peer", peer_id}, {"agency", agency}, {"handover_id", handover_id}, {"return", pkg.contains("return_of")}}}, now);
  });
  return {{"handover_id", handover_id}, {"peer", peer_id}, {"peer_name", p->second.name}, {"direction", "out"}, {"target_agency", agency},
          {"return", pkg.contains("return_of")}};
}

std::string HandoverService::authenticate(const std::string& peer, const std::string& timestamp, const std::string& signature, const std::string& method,
                                          const std::string& path, const std::string& body, int64_t now) const {
  auto unauthorized = [](const std::string& why) { return DomainError(ErrorKind::unauthorized, "handover_unauthorized", why); };
  auto p = peers_.find(peer);
  if (p == peers_.end()) throw unauthorized("Hệ thống gửi không có trong danh sách liên thông.");
  int64_t ts = 0;
  try {
    ts = std::stoll(timestamp);
  } catch (const std::exception&) {
    throw unauthorized("Thiếu hoặc sai X-Motcua-Timestamp.");
  }
  if (auto why = handover::stale(ts, now)) throw unauthorized(*why);
  if (!PeerKey::verify(p->second.public_key, handover::signing_input(method, path, ts, sha256_hex(body)), signature))
    throw unauthorized("Chữ ký của yêu cầu liên thông không hợp lệ.");
  return peer;
}

json HandoverService::with_files(json pkg) const {
  for (auto& d : pkg["documents"]) {
    if (!d.contains("file_id")) continue;
    auto blob = files_.read_authorized(d["file_id"].get<std::string>());
    d["content_type"] = blob.meta.content_type;
    d["sha256"] = blob.meta.sha256;
    d["data"] = base64(blob.data);
    d.erase("file_id");
  }
  return pkg;
}

std::pair<long, std::string> HandoverService::post(const Peer& p, const std::string& path, const std::string& body) const {
  int64_t ts = fmt::now_ms();
  std::string sig = key_.sign(handover::signing_input("POST", path, ts, sha256_hex(body)));
  auto r = notify::http_post(p.url + path, {"X-Motcua-Peer: " + cfg_.self_id, "X-Motcua-Timestamp: " + std::to_string(ts), "X-Motcua-Signature: " + sig},
                             body, "application/json", 60, "hệ thống liên thông " + p.name);
  return {r.status, r.body};
}

void HandoverService::delivered(const std::string& handover_id, const json& a) {
  db_.write([&](store::Conn& c) {
    c.exec("UPDATE handover_links SET remote_dossier_id = $2, remote_code = $3, remote_status = $4, remote_status_at = $5 "
           "WHERE handover_id = $1 AND direction = 'out' AND remote_seq = 0",
           {handover_id, jstr(a, "id"), jstr(a, "code"), a.value("status", int64_t{0}), fmt::now_ms()});
  });
}

namespace {
// The owner of files received from a peer: a disabled staff account per peer (never signs in).
int64_t peer_user(store::Conn& c, const Peer& p, int64_t now) {
  std::string username = "lienthong." + p.id;
  auto r = c.exec("SELECT id FROM users WHERE username = $1", {username});
  if (!r.rows.empty()) return r.rows[0].i64(0);
  return c.exec("INSERT INTO users (public_id, kind, username, full_name, status, created_by, created_at, updated_at) "
                "VALUES ($1, 'staff', $2, $3, 'disabled', 'handover', $4, $4) RETURNING id",
                {random_token(12), username, "Liên thông: " + p.name, now})
      .rows.at(0)
      .i64(0);
}
}  // namespace

json HandoverService::receive_package(const std::string& peer_id, const json& pkg, const std::string& ip) {
  const Peer& peer = peers_.at(peer_id);
  auto problems = handover::check_package(pkg);
  if (!problems.empty()) {
    std::vector<FieldError> fe;
    for (const auto& p : problems) fe.push_back({"package", p});
    throw DomainError(ErrorKind::invalid, "bad_package", "Gói liên thông không hợp lệ: " + problems.front(), fe);
  }
  const std::string hid = pkg["handover_id"], agency = pkg["target_agency"];
  int64_t now = fmt::now_ms();
  // A replay: the dossier it already made.
  json existing;
  db_.read([&](store::Conn& c) {
    auto r = c.exec("SELECT d.public_id, COALESCE(d.code, ''), d.status FROM handover_links l JOIN dossiers d ON d.id = l.dossier_id "
                    "WHERE l.handover_id = $1 AND l.direction = 'in' AND l.peer = $2",
                    {hid, peer_id});
    if (!r.rows.empty()) existing = {{"id", r.rows[0].str(0)}, {"code", r.rows[0].str(1)}, {"status", r.rows[0].i64(2)}, {"replay", true}};
  });
  if (!existing.is_null()) return existing;
  // Files first, each checked against its hash (stored by content: a failed intake leaves only unreferenced blobs).
  int64_t owner = 0;
  db_.write([&](store::Conn& c) { owner = peer_user(c, peer, now); });
  json files = json::array();
  for (const auto& d : pkg.value("documents", json::array())) {
    auto data = unbase64(d["data"].get<std::string>());
    if (!data || sha256_hex(*data) != d["sha256"].get<std::string>())
      throw DomainError(ErrorKind::invalid, "bad_package", "Giấy tờ \"" + d["name"].get<std::string>() + "\" không khớp SHA-256 đã gửi.");
    auto saved = files_.save(*data, d["name"].get<std::string>(), owner, now);
    files.push_back({{"component_code", d["component_code"]}, {"name", d["name"]}, {"file_id", saved.id}, {"sha256", saved.sha256}});
  }
  const json& dos = pkg["dossier"];
  json handover = {{"peer", peer_id}, {"handover_id", hid}, {"remote_id", dos["id"]}, {"remote_code", dos["code"]}, {"remote_status", dos["status"]},
                   {"history", pkg.value("history", json::array())}, {"note", pkg.value("note", std::string())}, {"files", files}};
  // Our own dossier coming back: linked to it, no new dossier.
  if (pkg.contains("return_of")) {
    json out;
    db_.write([&](store::Conn& c) {
      auto r = c.exec("SELECT l.dossier_id, d.public_id, COALESCE(d.code, ''), d.status FROM handover_links l JOIN dossiers d ON d.id = l.dossier_id "
                      "WHERE l.handover_id = $1 AND l.direction = 'out' AND l.peer = $2",
                      {pkg["return_of"].get<std::string>(), peer_id});
      if (r.rows.empty()) throw DomainError(ErrorKind::invalid, "bad_package", "Không tìm thấy lượt liên thông được trả lại.");
      created(c, r.rows[0].i64(0), {{"handover", handover}}, now);
      c.exec("UPDATE handover_links SET returned_at = $2 WHERE handover_id = $1 AND direction = 'out'", {pkg["return_of"].get<std::string>(), now});
      changed(c, r.rows[0].i64(0), now);  // the returning side learns where the dossier stands here
      audit_.append(c, {owner, "lienthong." + peer_id, "dossier.handover_returned", r.rows[0].str(2), agency, ip, {{"handover_id", hid}}}, now);
      out = {{"id", r.rows[0].str(1)}, {"code", r.rows[0].str(2)}, {"status", r.rows[0].i64(3)}, {"returned", true}};
    });
    return out;
  }
  auto ag = agencies_.snapshot();
  if (!ag->find(agency)) throw DomainError(ErrorKind::invalid, "unknown_agency", "Hệ thống nhận không có cơ quan " + agency + ".");
  Principal desk;
  desk.kind = accounts::Kind::staff;
  desk.user_id = owner;
  desk.username = "lienthong." + peer_id;
  desk.full_name = "Liên thông: " + peer.name;
  desk.grants = {accounts::Grant{Role::desk, agency, ""}};
  json docs = json::array();
  for (const auto& f : files) docs.push_back({{"component_code", f["component_code"]}, {"copy_type", "original"}, {"file_id", f["file_id"]}});
  const json& a = dos["applicant"];
  json in = {{"procedure_code", dos["procedure_code"]},
             {"agency_code", agency},
             {"channel", 1},
             {"delivery", jstr(dos, "delivery") == "post" ? "post" : "desk"},
             {"applicant",
              {{"name", jstr(a, "name")}, {"id_number", jstr(a, "id_number")}, {"phone", jstr(a, "phone")}, {"email", jstr(a, "email")},
               {"address", jstr(a, "address")}, {"type", a.value("type", 1)}}},
             {"form", dos.value("form", json::object())},
             {"documents", docs},
             {"accept", false},
             {"handover", handover}};
  DossierView v;
  try {
    v = dossiers_.submit(in, desk, ip);
  } catch (const DomainError& e) {
    // The local version of the procedure may ask for another e-form or other components: keep the dossier,
    // the sender's e-form and papers stay on the link for the receiving desk.
    if (e.code() != "form_invalid" && e.code() != "unknown_component") throw;
    in["form"] = json::object();
    in["documents"] = json::array();
    v = dossiers_.submit(in, desk, ip);
  }
  return {{"id", v.id}, {"code", v.code}, {"status", v.status_code()}};
}

void HandoverService::created(store::Conn& c, int64_t dossier_id, const json& in, int64_t now) const {
  if (!in.is_object() || !in.contains("handover")) return;
  const json& h = in["handover"];
  c.exec("INSERT INTO handover_links (handover_id, direction, dossier_id, peer, target_agency, note, created_by, created_at, remote_dossier_id, "
         "remote_code, remote_status, remote_status_at, remote_seq, history, files) VALUES ($1, 'in', $2, $3, '', $4, $5, $6, $7, $8, $9, $6, 0, $10, $11)",
         {jstr(h, "handover_id"), dossier_id, jstr(h, "peer"), jstr(h, "note"), "lienthong." + jstr(h, "peer"), now, jstr(h, "remote_id"),
          jstr(h, "remote_code"), h.value("remote_status", int64_t{0}), h.value("history", json::array()).dump(), h.value("files", json::array()).dump()});
}

void HandoverService::changed(store::Conn& c, int64_t dossier_id, int64_t now) const {
  auto links = c.exec("SELECT handover_id, peer FROM handover_links WHERE dossier_id = $1", {dossier_id});
  if (links.rows.empty()) return;
  auto d = c.exec("SELECT public_id, COALESCE(code, ''), status, (SELECT MAX(id) FROM dossier_history WHERE dossier_id = $1) FROM dossiers WHERE id = $1",
                  {dossier_id});
  if (d.rows.empty()) return;
  const auto& r = d.rows[0];
  int64_t seq = r.is_null(3) ? 0 : r.i64(3);
  for (const auto& l : links.rows) {
    if (!peers_.count(l.str(1))) continue;
    json st = {{"handover_id", l.str(0)}, {"status", r.i64(2)}, {"code", r.str(1)}, {"id", r.str(0)}, {"seq", seq}, {"at", iso(now)}};
    notify::Message m;
    m.event = "handover.status";
    m.channel = "handover";
    m.recipient = l.str(1);
    m.body_text = st.dump();
    m.key = l.str(0) + "#" + std::to_string(seq);
    m.dossier_id = dossier_id;
    m.dossier_code = r.str(1);
    outbox_.enqueue(c, std::move(m), now);
  }
}

json HandoverService::receive_status(const std::string& peer, const json& st) {
  auto problems = handover::check_status(st);
  if (!problems.empty()) throw DomainError(ErrorKind::invalid, "bad_status", "Báo cáo trạng thái không hợp lệ: " + problems.front());
  bool applied = false;
  db_.write([&](store::Conn& c) {
    auto r = c.exec("SELECT id, remote_seq FROM handover_links WHERE handover_id = $1 AND peer = $2", {st["handover_id"].get<std::string>(), peer});
    if (r.rows.empty()) throw DomainError(ErrorKind::not_found, "unknown_handover", "Không có lượt liên thông này.");
    for (const auto& x : r.rows) {
      if (!handover::newer_status(x.i64(1), st["seq"].get<int64_t>())) continue;
      c.exec("UPDATE handover_links SET remote_status = $2, remote_code = $3, remote_dossier_id = $4, remote_seq = $5, remote_status_at = $6 WHERE id = $1",
             {x.i64(0), st["status"].get<int64_t>(), jstr(st, "code"), jstr(st, "id"), st["seq"].get<int64_t>(), fmt::now_ms()});
      applied = true;
    }
  });
  return {{"applied", applied}};
}

json HandoverService::links(const std::string& dossier, const Principal& who) {
  auto v = dossiers_.view(dossier, who);
  json items = json::array();
  db_.read([&](store::Conn& c) {
    for (const auto& x : c.exec("SELECT l.handover_id, l.direction, l.peer, l.target_agency, l.note, l.created_at, COALESCE(l.remote_code, ''), "
                                "l.remote_status, l.remote_status_at, l.returned_at, l.history, l.files, COALESCE(l.remote_dossier_id, '') FROM handover_links l "
                                "JOIN dossiers d ON d.id = l.dossier_id WHERE d.public_id = $1 ORDER BY l.id",
                                {v.id})
                             .rows) {
      auto p = peers_.find(x.str(2));
      int status = x.is_null(7) ? 0 : static_cast<int>(x.i64(7));
      items.push_back({{"handover_id", x.str(0)},
                       {"direction", x.str(1)},
                       {"peer", x.str(2)},
                       {"peer_name", p == peers_.end() ? x.str(2) : p->second.name},
                       {"target_agency", x.str(3)},
                       {"note", x.str(4)},
                       {"at", iso(x.i64(5))},
                       {"remote_code", x.str(6)},
                       {"remote_id", x.str(12)},
                       {"remote_status", status ? json(status) : json(nullptr)},
                       {"remote_status_label", status ? json(status_label(status)) : json(nullptr)},
                       {"remote_status_at", x.is_null(8) ? json(nullptr) : json(iso(x.i64(8)))},
                       {"returned_at", x.is_null(9) ? json(nullptr) : json(iso(x.i64(9)))},
                       {"history", json::parse(x.is_null(10) ? "[]" : x.str(10), nullptr, false)},
                       {"files", json::parse(x.is_null(11) ? "[]" : x.str(11), nullptr, false)}});
    }
  });
  return items;
}

namespace {

// The channel "handover": packages and status reports to peers, signed (see the header).
class HandoverChannel final : public notify::Channel {
 public:
  explicit HandoverChannel(HandoverService& s) : s_(s) {}

  std::string send(const notify::Outgoing& m) override {
    auto p = s_.peers().find(m.recipient);
    if (p == s_.peers().end()) throw notify::SendError("hệ thống liên thông " + m.recipient + " không còn trong cấu hình", true);
    bool package = m.event == "handover.package";
    json body = json::parse(m.text, nullptr, false);
    if (body.is_discarded()) throw notify::SendError("nội dung liên thông hỏng", true);
    std::string text;
    try {
      text = package ? s_.with_files(body).dump() : body.dump();
    } catch (const std::exception& e) {
      throw notify::SendError(std::string("không đọc được giấy tờ để gửi: ") + e.what(), true);
    }
    auto [status, reply] = s_.post(p->second, package ? "/api/v1/handover/packages" : "/api/v1/handover/statuses", text);
    auto j = json::parse(reply, nullptr, false);
    std::string detail = j.is_object() && j.contains("error") ? j["error"].value("message", std::string()) : reply.substr(0, 200);
    if (status == 408 || status == 429 || status >= 500 || status == 0)
      throw notify::SendError(p->second.name + " trả về HTTP " + std::to_string(status) + ": " + detail, false);
    if (status < 200 || status >= 300) throw notify::SendError(p->second.name + " không nhận (HTTP " + std::to_string(status) + "): " + detail, true);
    if (package && j.is_object()) s_.delivered(body.value("handover_id", std::string()), j);
    return j.is_object() ? j.value("id", std::string()) : std::string();
  }
  std::string describe() const override { return "handover (" + std::to_string(s_.peers().size()) + " hệ thống)"; }

 private:
  HandoverService& s_;
};

}  // namespace

std::unique_ptr<notify::Channel> HandoverService::channel() { return std::make_unique<HandoverChannel>(*this); }

}  // namespace motcua::services
