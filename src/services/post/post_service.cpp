// The public postal service: shipments and their moves (see post_service.h).
#include "services/post/post_service.h"

#include <spdlog/spdlog.h>

#include "domain/errors.h"
#include "domain/format.h"
#include "domain/post/shipment.h"
#include "domain/text.h"
#include "services/dossiers/dossier_service.h"
#include "services/payments/gateway.h"
#include "services/webhooks/webhook_channel.h"

namespace motcua::services {

using nlohmann::json;
using accounts::Principal;
using accounts::Role;

namespace {
DomainError not_found() { return DomainError(ErrorKind::not_found, "shipment_not_found", "Không tìm thấy bưu gửi."); }

// The order for the post operator's API (post_channel.h), as its JSON body.
std::string order_body(const std::string& tracking, const std::string& kind, const std::string& agency_code, const std::string& agency_name,
                       const std::string& name, const std::string& address, const std::string& phone, const std::string& time_window,
                       const std::string& dossier_code, int64_t now) {
  json o = {{"tracking_no", tracking},
            {"kind", kind},
            {"sender", {{"agency_code", agency_code}, {"name", agency_name}}},
            {"receiver", {{"name", name}, {"address", address}, {"phone", phone}}},
            {"cod", 0},
            {"created_at", fmt::iso_datetime(now)}};
  if (!time_window.empty()) o["time_window"] = time_window;
  if (!dossier_code.empty()) o["dossier_code"] = dossier_code;
  return o.dump(-1, ' ', false, json::error_handler_t::replace);
}

constexpr const char* kCols =
    "SELECT s.id, s.dossier_id, s.tracking_no, s.kind, s.state, s.agency_code, s.recipient_name, s.address, s.phone, s.reason, s.created_at, "
    "s.updated_at, COALESCE(d.public_id, ''), COALESCE(d.code, ''), COALESCE(d.procedure_name, ''), s.procedure_code, s.time_window "
    "FROM shipments s LEFT JOIN dossiers d ON d.id = s.dossier_id ";
}  // namespace

void PostService::request_delivery(store::Conn& c, int64_t dossier_id, int64_t now) const {
  auto open = c.exec("SELECT 1 FROM shipments WHERE dossier_id = $1 AND kind = 'delivery' AND state NOT IN ('delivered', 'returned')", {dossier_id});
  if (!open.rows.empty()) return;
  auto d = c.exec("SELECT agency_code, applicant_name, applicant_address, COALESCE(applicant_phone, '') FROM dossiers WHERE id = $1", {dossier_id}).rows.at(0);
  int64_t id = c.exec("INSERT INTO shipments (dossier_id, kind, state, agency_code, recipient_name, address, phone, created_at, updated_at) "
                      "VALUES ($1, 'delivery', 'requested', $2, $3, $4, $5, $6, $6) RETURNING id",
                      {dossier_id, d.str(0), d.str(1), d.str(2), d.str(3), now})
                   .rows.at(0)
                   .i64(0);
  c.exec("UPDATE shipments SET tracking_no = $2 WHERE id = $1", {id, post::make_tracking(id)});
  c.exec("INSERT INTO shipment_events (shipment_id, state, at, actor, note) VALUES ($1, 'requested', $2, 'system', $3)",
         {id, now, std::string("Kết quả chờ bưu điện đến nhận để phát cho người nộp")});
  const std::string code = c.exec("SELECT COALESCE(code, '') FROM dossiers WHERE id = $1", {dossier_id}).rows.at(0).str(0);
  order(c, post::make_tracking(id), "delivery", d.str(0), d.str(1), d.str(2), d.str(3), "", dossier_id, code, now);
}

void PostService::order(store::Conn& c, const std::string& tracking, const std::string& kind, const std::string& agency, const std::string& name,
                        const std::string& address, const std::string& phone, const std::string& time_window, int64_t dossier_id,
                        const std::string& dossier_code, int64_t now) const {
  if (operator_.empty()) return;  // the operator's API is not configured: the post officer moves shipments by hand
  auto snap = agencies_.snapshot();
  const auto* a = snap->find(agency);
  notify::Message m;
  m.event = "post.order";
  m.channel = "post";
  m.recipient = operator_;
  m.subject = (kind == "pickup" ? "Đơn thu gom hồ sơ " : "Đơn phát kết quả ") + tracking;
  m.body_text = order_body(tracking, kind, agency, a ? a->name : agency, name, address, phone, time_window, dossier_code, now);
  m.key = tracking;
  m.dossier_id = dossier_id;
  m.dossier_code = dossier_code;
  m.agency = agency;
  outbox_.enqueue(c, std::move(m), now);
}

bool PostService::may_read(const Principal& who, const std::string& agency) const {
  if (who.kind != accounts::Kind::staff) return false;
  auto snap = agencies_.snapshot();
  for (const auto& g : who.grants)
    if ((g.role == Role::post || g.role == Role::desk || g.role == Role::supervisor || g.role == Role::leader) && snap->within(agency, g.agency)) return true;
  return false;
}

ShipmentView PostService::view(store::Conn& c, int64_t id) const {
  auto r = c.exec(std::string(kCols) + "WHERE s.id = $1", {id});
  if (r.rows.empty()) throw not_found();
  const auto& x = r.rows[0];
  ShipmentView v;
  v.id = x.i64(0);
  v.tracking_no = x.str(2);
  v.kind = x.str(3);
  v.state = x.str(4);
  auto st = post::parse_state(v.state);
  v.state_label = st ? std::string(post::label_vi(*st)) : v.state;
  v.agency_code = x.str(5);
  v.recipient_name = x.str(6);
  v.address = x.str(7);
  v.phone = x.str(8);
  v.reason = x.str(9);
  v.created_at = x.i64(10);
  v.updated_at = x.i64(11);
  v.dossier_id = x.str(12);
  v.dossier_code = x.str(13);
  v.procedure_name = x.str(14);
  v.procedure_code = x.str(15);
  v.time_window = x.str(16);
  if (v.procedure_name.empty() && !v.procedure_code.empty()) {
    auto snap = catalog_.snapshot();
    if (const auto* e = snap->find(v.procedure_code))
      if (const auto* pv = e->shown(fmt::now_ms())) v.procedure_name = pv->doc->value("name", std::string());
  }
  for (const auto& e : c.exec("SELECT state, at, actor, note FROM shipment_events WHERE shipment_id = $1 ORDER BY id", {id}).rows) {
    auto es = post::parse_state(e.str(0));
    v.events.push_back({e.str(0), es ? std::string(post::label_vi(*es)) : e.str(0), e.str(2), e.str(3), e.i64(1)});
  }
  return v;
}

std::vector<ShipmentView> PostService::list(const Principal& who, const std::string& agency, const std::string& state, int limit, int offset) const {
  if (!state.empty() && !post::parse_state(state))
    throw DomainError(ErrorKind::invalid, "bad_state", "Trạng thái bưu gửi không hợp lệ.", {{"state", "Không hợp lệ."}});
  if (!agency.empty() && !may_read(who, agency)) throw DomainError(ErrorKind::forbidden, "out_of_scope", "Cơ quan này nằm ngoài phạm vi của bạn.");
  limit = std::clamp(limit, 1, 200);
  offset = std::max(0, offset);
  std::vector<ShipmentView> out;
  auto snap = agencies_.snapshot();
  db_.read([&](store::Conn& c) {
    // Agency codes are a tree; the reader's scope is checked per row (a few hundred rows per page at most).
    std::string sql = "SELECT s.id, s.agency_code FROM shipments s WHERE ($1 = '' OR s.state = $1) ORDER BY s.id DESC LIMIT 1000";
    int skipped = 0;
    for (const auto& x : c.exec(sql, {state}).rows) {
      if (static_cast<int>(out.size()) >= limit) break;
      if (!may_read(who, x.str(1)) || (!agency.empty() && !snap->within(x.str(1), agency))) continue;
      if (skipped++ < offset) continue;
      out.push_back(view(c, x.i64(0)));
    }
  });
  return out;
}

ShipmentView PostService::request_pickup(const json& in, const Principal& who, const std::string& ip) const {
  if (who.kind == accounts::Kind::staff || who.kind == accounts::Kind::anonymous)
    throw DomainError(ErrorKind::forbidden, "applicants_only", "Chỉ người nộp hồ sơ (tài khoản công dân, tổ chức) đăng ký bưu điện đến nhận hồ sơ.");
  if (!in.is_object()) throw DomainError(ErrorKind::bad_input, "bad_json", "Dữ liệu phải là một đối tượng JSON.");
  auto s = [&](const char* k) { return in.contains(k) && in[k].is_string() ? text::trim(text::nfc(in[k].get<std::string>())) : std::string(); };
  const std::string pcode = s("procedure_code"), agency = s("agency_code"), address = s("address"), phone = s("phone"), window = s("time_window"),
                    note = s("note");
  std::vector<FieldError> errs;
  auto snap = agencies_.snapshot();
  const auto* a = snap->find(agency);
  if (!a) errs.push_back({"agency_code", "Chọn cơ quan tiếp nhận."});
  auto cat = catalog_.snapshot();
  const auto* e = cat->find(pcode);
  const auto* v = e ? e->current(fmt::now_ms()) : nullptr;
  if (!v) errs.push_back({"procedure_code", "Chọn thủ tục hành chính đang áp dụng."});
  else if (a && !(v->levels & level_bit(a->level))) errs.push_back({"procedure_code", "Thủ tục này không thực hiện tại " + a->name + "."});
  if (address.empty() || text::length(address) > 300) errs.push_back({"address", "Nhập địa chỉ nơi bưu điện đến nhận hồ sơ (tối đa 300 ký tự)."});
  if (phone.size() < 9 || phone.size() > 15 || phone.find_first_not_of("0123456789+") != std::string::npos)
    errs.push_back({"phone", "Nhập số điện thoại liên hệ (9–15 chữ số)."});
  if (text::length(window) > 100) errs.push_back({"time_window", "Tối đa 100 ký tự."});
  if (text::length(note) > 500) errs.push_back({"note", "Tối đa 500 ký tự."});
  if (!errs.empty()) throw DomainError(ErrorKind::invalid, "pickup_invalid", "Thông tin đăng ký thu gom hồ sơ chưa hợp lệ.", errs);
  ShipmentView out;
  db_.write([&](store::Conn& c) {
    const int64_t now = fmt::now_ms();
    auto u = c.exec("SELECT full_name FROM users WHERE id = $1", {who.user_id});
    const std::string name = u.rows.empty() ? who.username : u.rows[0].str(0);
    int64_t id = c.exec("INSERT INTO shipments (kind, state, agency_code, recipient_name, address, phone, reason, applicant_user_id, procedure_code, "
                        "time_window, created_at, updated_at) VALUES ('pickup', 'requested', $1, $2, $3, $4, '', $5, $6, $7, $8, $8) RETURNING id",
                        {agency, name, address, phone, who.user_id, pcode, window, now})
                     .rows.at(0)
                     .i64(0);
    c.exec("UPDATE shipments SET tracking_no = $2 WHERE id = $1", {id, post::make_tracking(id)});
    c.exec("INSERT INTO shipment_events (shipment_id, state, at, actor, note) VALUES ($1, 'requested', $2, $3, $4)",
           {id, now, who.username, note.empty() ? std::string("Đăng ký bưu điện đến nhận hồ sơ") : note});
    order(c, post::make_tracking(id), "pickup", agency, name, address, phone, window, 0, "", now);
    audit_.append(c, {who.user_id, who.username, "post.pickup", post::make_tracking(id), agency, ip, {{"procedure", pcode}}}, now);
    out = view(c, id);
  });
  return out;
}

std::vector<ShipmentView> PostService::mine(const Principal& who) const {
  std::vector<ShipmentView> out;
  if (who.kind == accounts::Kind::staff || who.kind == accounts::Kind::anonymous) return out;
  db_.read([&](store::Conn& c) {
    for (const auto& x : c.exec("SELECT id FROM shipments WHERE applicant_user_id = $1 ORDER BY id DESC LIMIT 100", {who.user_id}).rows)
      out.push_back(view(c, x.i64(0)));
  });
  return out;
}

void PostService::link_pickup(store::Conn& c, const std::string& tracking, const std::string& agency, int64_t dossier_id, const std::string& dossier_code,
                              const Principal& who, int64_t now) const {
  auto r = c.exec("SELECT id, kind, state, agency_code, dossier_id FROM shipments WHERE tracking_no = $1", {tracking});
  if (r.rows.empty() || r.rows[0].str(1) != "pickup" || r.rows[0].str(3) != agency)
    throw DomainError(ErrorKind::invalid, "pickup_not_found", "Không tìm thấy bưu gửi thu gom hồ sơ " + tracking + " của cơ quan này.",
                      {{"pickup", "Không hợp lệ."}});
  const auto& x = r.rows[0];
  if (!x.is_null(4)) throw DomainError(ErrorKind::conflict, "pickup_linked", "Bưu gửi " + tracking + " đã được tiếp nhận thành hồ sơ.");
  const std::string st = x.str(2);
  if (st != "picked_up" && st != "in_transit" && st != "delivered")
    throw DomainError(ErrorKind::conflict, "pickup_not_collected", "Bưu điện chưa nhận bưu gửi " + tracking + " tại nhà người nộp.");
  c.exec("UPDATE shipments SET dossier_id = $2, state = 'delivered', updated_at = $3 WHERE id = $1", {x.i64(0), dossier_id, now});
  c.exec("INSERT INTO shipment_events (shipment_id, state, at, actor, note) VALUES ($1, 'delivered', $2, $3, $4)",
         {x.i64(0), now, who.username, "Đã đến Bộ phận Một cửa, tiếp nhận thành hồ sơ " + dossier_code});
}

PostService::Summary PostService::summary(const Principal& who, const std::string& agency, int64_t from, int64_t to) const {
  if (!may_read(who, agency)) throw DomainError(ErrorKind::forbidden, "out_of_scope", "Cơ quan này nằm ngoài phạm vi của bạn.");
  auto snap = agencies_.snapshot();
  Summary out;
  for (auto s : {post::State::requested, post::State::picked_up, post::State::in_transit, post::State::delivered, post::State::failed, post::State::returned})
    out.by_state[std::string(post::to_string(s))] = 0;
  db_.read([&](store::Conn& c) {
    for (const auto& x : c.exec("SELECT agency_code, state, COUNT(*) FROM shipments GROUP BY agency_code, state").rows)
      if (snap->within(x.str(0), agency)) out.by_state[x.str(1)] += x.i64(2);
    for (const auto& x : c.exec("SELECT agency_code, delivery, channel, COUNT(*) FROM dossiers WHERE status >= 1 AND submitted_at >= $1 AND submitted_at < $2 "
                                "GROUP BY agency_code, delivery, channel",
                                {from, to})
                             .rows) {
      if (!snap->within(x.str(0), agency)) continue;
      const bool post_delivery = x.str(1) == "post", post_intake = x.i64(2) == 3;
      out.dossiers += x.i64(3);
      if (post_delivery) out.by_post_delivery += x.i64(3);
      if (post_intake) out.by_post_intake += x.i64(3);
      if (post_delivery || post_intake) out.using_post += x.i64(3);
    }
  });
  return out;
}

ShipmentView PostService::get(const std::string& tracking, const Principal& who) const {
  ShipmentView v;
  db_.read([&](store::Conn& c) {
    auto r = c.exec("SELECT id, agency_code FROM shipments WHERE tracking_no = $1", {tracking});
    if (r.rows.empty() || !may_read(who, r.rows[0].str(1))) throw not_found();
    v = view(c, r.rows[0].i64(0));
  });
  return v;
}

void PostService::apply(store::Conn& c, const Row& s, const std::string& to_name, const std::string& reason, const std::string& actor,
                        const std::string& event_id, const std::string& ip, int64_t now) const {
  auto to = post::parse_state(to_name);
  if (!to) throw DomainError(ErrorKind::invalid, "bad_state", "Trạng thái bưu gửi không hợp lệ.", {{"state", "Không hợp lệ."}});
  auto from = post::parse_state(s.state);
  if (!from) throw std::runtime_error("shipment " + std::to_string(s.id) + " has an unknown state");
  post::check_move(*from, *to, !reason.empty());
  auto upd = c.exec("UPDATE shipments SET state = $2, reason = $3, updated_at = $4 WHERE id = $1 AND state = $5",
                    {s.id, to_name, reason, now, s.state});
  if (upd.affected != 1) throw DomainError(ErrorKind::conflict, "stale", "Bưu gửi vừa được cập nhật; vui lòng tải lại.");
  c.exec("INSERT INTO shipment_events (shipment_id, state, at, actor, note, event_id) VALUES ($1, $2, $3, $4, $5, $6)",
         {s.id, to_name, now, actor, reason, event_id.empty() ? store::Value(nullptr) : store::Value(event_id)});
  // The dossier it belongs to; a pickup not yet received has none: its applicant's account and procedure stand in.
  auto d = s.dossier_id
               ? c.exec("SELECT public_id, COALESCE(code, ''), status, procedure_name, applicant_email, applicant_phone, COALESCE(applicant_user_id, 0) "
                        "FROM dossiers WHERE id = $1",
                        {s.dossier_id})
                     .rows.at(0)
               : c.exec("SELECT '', '', 0, s.procedure_code, u.email, u.phone, u.id FROM shipments s JOIN users u ON u.id = s.applicant_user_id WHERE s.id = $1",
                        {s.id})
                     .rows.at(0);
  const std::string code = d.str(1).empty() ? (d.str(0).empty() ? s.tracking_no : d.str(0)) : d.str(1);
  auto tell = [&](const std::string& event) {
    notify::Message m;
    m.event = event;
    m.vars = {{"ma_ho_so", code}, {"thu_tuc", d.str(3)}, {"ma_buu_gui", s.tracking_no}, {"ly_do", reason}};
    m.user_id = d.i64(6);
    m.key = s.tracking_no + ":" + to_name + ":" + std::to_string(now);
    m.dossier_id = s.dossier_id;
    m.dossier_code = d.str(1);
    m.agency = s.agency_code;
    outbox_.enqueue_for(c, {d.str(4), d.str(5)}, std::move(m), now);
  };
  if (s.kind == "delivery" && *to == post::State::delivered && d.i64(2) == 9 && dossiers_)
    dossiers_->act_in(c, d.str(0), "return-result",
                      {{"note", "Đã phát kết quả qua bưu chính lúc " + fmt::datetime(now) + ", số hiệu bưu gửi " + s.tracking_no + "."}},
                      DossierService::system_principal(), ip, true);
  else if (*to == post::State::failed && s.kind == "pickup")
    tell("post.pickup-failed");
  else if (*to == post::State::failed)
    tell("post.failed");
  else if (*to == post::State::returned && s.kind == "delivery") {
    c.exec("UPDATE dossiers SET delivery = 'desk' WHERE id = $1", {s.dossier_id});
    tell("post.returned");
  }
  audit_.append(c, {0, actor, "post.move", code, s.agency_code, ip, {{"tracking_no", s.tracking_no}, {"from", s.state}, {"to", to_name}}}, now);
}

ShipmentView PostService::move(const std::string& tracking, const std::string& state, const std::string& reason_in, const Principal& who,
                               const std::string& ip) const {
  const std::string reason = text::trim(text::nfc(reason_in));
  if (reason.size() > 1000) throw DomainError(ErrorKind::invalid, "reason_too_long", "Lý do quá dài.", {{"reason", "Tối đa 1000 ký tự."}});
  ShipmentView out;
  db_.write([&](store::Conn& c) {
    auto r = c.exec("SELECT id, COALESCE(dossier_id, 0), tracking_no, kind, state, agency_code FROM shipments WHERE tracking_no = $1", {tracking});
    if (r.rows.empty() || !may_read(who, r.rows[0].str(5))) throw not_found();
    Row s{r.rows[0].i64(0), r.rows[0].i64(1), r.rows[0].str(2), r.rows[0].str(3), r.rows[0].str(4), r.rows[0].str(5)};
    if (!post::may_move(who, s.agency_code))
      throw DomainError(ErrorKind::forbidden, "not_post", "Chỉ nhân viên bưu chính của cơ quan tiếp nhận cập nhật được bưu gửi này.");
    int64_t now = fmt::now_ms();
    apply(c, s, state, reason, who.username, "", ip, now);
    out = view(c, s.id);
  });
  return out;
}

ShipmentView PostService::webhook(const std::string& timestamp, const std::string& signature, const std::string& body, const std::string& ip) const {
  const int64_t now = fmt::now_ms();
  auto refuse = [&](const char* code, const std::string& why) {
    spdlog::warn(R"("event":"post_webhook_refused","reason":"{}","ip":"{}")", code, text::display_text(ip, 64));
    db_.write([&](store::Conn& c) { audit_.append(c, {0, "bcci", "post.webhook_refused", "", "", ip, {{"reason", code}}}, now); });
    return DomainError(ErrorKind::unauthorized, code, why);
  };
  const bool digits = !timestamp.empty() && timestamp.size() <= 12 && timestamp.find_first_not_of("0123456789") == std::string::npos;
  if (secret_.empty() || !digits ||
      !gateway::same_hex(signature, webhook_signature(secret_, std::stoll(timestamp), body)))
    throw refuse("bad_signature", "Chữ ký của bưu điện không hợp lệ.");
  if (!post::fresh(std::stoll(timestamp), now)) throw refuse("stale_webhook", "Thông báo của bưu điện đã quá hạn (có thể là gửi lại).");
  json b = json::parse(body, nullptr, false);
  auto s = [&](const char* k) { return b.is_object() && b.contains(k) && b[k].is_string() ? b[k].get<std::string>() : std::string(); };
  const std::string event_id = s("event_id"), tracking = s("tracking_no"), state = s("state"), reason = text::trim(text::nfc(s("reason")));
  if (event_id.empty() || event_id.size() > 100 || !post::valid_tracking(tracking) || !post::parse_state(state) || reason.size() > 1000)
    throw DomainError(ErrorKind::invalid, "bad_webhook", "Thông báo của bưu điện thiếu hoặc sai event_id, tracking_no, state.");
  ShipmentView out;
  db_.write([&](store::Conn& c) {
    if (!c.exec("SELECT 1 FROM shipment_events WHERE event_id = $1", {event_id}).rows.empty())
      throw DomainError(ErrorKind::conflict, "replayed_webhook", "Thông báo này đã được ghi nhận trước đó.");
    auto r = c.exec("SELECT id, COALESCE(dossier_id, 0), tracking_no, kind, state, agency_code FROM shipments WHERE tracking_no = $1", {tracking});
    if (r.rows.empty()) throw not_found();
    Row sh{r.rows[0].i64(0), r.rows[0].i64(1), r.rows[0].str(2), r.rows[0].str(3), r.rows[0].str(4), r.rows[0].str(5)};
    apply(c, sh, state, reason, "bcci", event_id, ip, now);
    out = view(c, sh.id);
  });
  return out;
}

}  // namespace motcua::services
