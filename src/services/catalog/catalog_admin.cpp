// Write side of the catalog service: create, edit, lifecycle actions, import and export.
#include <algorithm>
#include <set>

#include "domain/format.h"
#include "domain/text.h"
#include "services/catalog/catalog_service.h"

namespace motcua::services {

using catalog::Action;
using catalog::ProcState;
using nlohmann::json;

namespace {

void bump_rev(store::Conn& c) {
  c.exec("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE key = 'catalog_rev'");
}

struct Row {
  int64_t id;
  std::string code;
  ProcState state;
  int64_t row_version;
};

Row load_row(store::Conn& c, const std::string& code) {
  auto r = c.exec("SELECT id, code, state, row_version FROM procedures WHERE code = $1", {code});
  if (r.rows.empty())
    throw DomainError(ErrorKind::not_found, "procedure_not_found", "Không tìm thấy thủ tục hành chính có mã \"" + code + "\".");
  return {r.rows[0].i64(0), r.rows[0].str(1), catalog::parse_state(r.rows[0].str(2)).value_or(ProcState::draft), r.rows[0].i64(3)};
}

std::optional<int> draft_no(store::Conn& c, int64_t id) {
  auto r = c.exec("SELECT version_no FROM procedure_versions WHERE procedure_id = $1 AND state = 'draft'", {id});
  if (r.rows.empty()) return std::nullopt;
  return static_cast<int>(r.rows[0].i64(0));
}

void check_row_version(const Row& row, std::optional<int64_t> expected) {
  if (expected && *expected != row.row_version)
    throw DomainError(ErrorKind::conflict, "stale_version",
                      "Thủ tục vừa được người khác thay đổi (phiên bản dữ liệu " + std::to_string(row.row_version) +
                          "). Vui lòng tải lại trang rồi thực hiện lại.");
}

void touch(store::Conn& c, const Row& row, ProcState to, int64_t now) {
  auto r = c.exec("UPDATE procedures SET state = $2, updated_at = $3, row_version = row_version + 1 WHERE id = $1 AND row_version = $4",
                  {row.id, std::string(catalog::to_string(to)), now, row.row_version});
  if (r.affected != 1)
    throw DomainError(ErrorKind::conflict, "stale_version", "Thủ tục vừa được người khác thay đổi. Vui lòng thực hiện lại.");
}

void add_history(store::Conn& c, int64_t id, std::optional<int> version, const std::string& action, ProcState from, ProcState to,
             const std::string& actor, int64_t now, const std::string& note) {
  c.exec("INSERT INTO procedure_history (procedure_id, version_no, action, from_state, to_state, actor, at, note) VALUES "
         "($1,$2,$3,$4,$5,$6,$7,$8)",
         {id, version ? store::Value(static_cast<int64_t>(*version)) : store::Value(nullptr), action,
          std::string(catalog::to_string(from)), std::string(catalog::to_string(to)), actor, now, note});
}

void announce(store::Conn& c, const std::string& code, std::optional<int> version, const std::string& kind,
              const std::string& title, const std::string& body, int64_t now) {
  c.exec("INSERT INTO announcements (procedure_code, version_no, kind, title, body, at) VALUES ($1,$2,$3,$4,$5,$6)",
         {code, version ? store::Value(static_cast<int64_t>(*version)) : store::Value(nullptr), kind, title, body, now});
}

std::string note_of(const json& p) {
  std::string n;
  if (p.is_object()) {
    if (p.contains("reason") && p["reason"].is_string()) n = p["reason"].get<std::string>();
    else if (p.contains("note") && p["note"].is_string()) n = p["note"].get<std::string>();
  }
  n = text::trim(text::nfc(n));
  if (text::length(n) > 2000) throw DomainError(ErrorKind::invalid, "note_too_long", "Lý do/ghi chú tối đa 2000 ký tự.");
  return n;
}

int64_t effective_of(const json& p, int64_t now) {
  if (!p.is_object() || !p.contains("effective_from") || p["effective_from"].is_null() ||
      (p["effective_from"].is_string() && p["effective_from"].get<std::string>().empty()))
    return now;
  if (!p["effective_from"].is_string())
    throw DomainError(ErrorKind::invalid, "bad_date", "Ngày hiệu lực phải theo dạng YYYY-MM-DD.");
  auto d = fmt::parse_iso_date(p["effective_from"].get<std::string>());
  if (!d) throw DomainError(ErrorKind::invalid, "bad_date", "Ngày hiệu lực không hợp lệ (định dạng YYYY-MM-DD).");
  // A date of today means "from now" so the version applies at once.
  if (*d <= now && now < *d + 86400000) return now;
  return *d;
}

json strip(json d) {
  d.erase("effective_from");
  return d;
}

// Inserts a published version (used by publish and import). Returns version number.
void publish_version(store::Conn& c, const Row& row, int version_no, int64_t effective, const std::string& actor,
                     int64_t now, const std::string& note, const std::string& name) {
  // A new version may not take effect before the one it replaces.
  auto prev = c.exec("SELECT MAX(effective_from) FROM procedure_versions WHERE procedure_id = $1 AND state = 'published'", {row.id});
  if (!prev.rows.empty() && !prev.rows[0].is_null(0) && prev.rows[0].i64(0) > effective)
    throw DomainError(ErrorKind::invalid, "bad_date",
                      "Ngày hiệu lực phải từ ngày " + fmt::date(prev.rows[0].i64(0)) + " trở đi (ngày hiệu lực của phiên bản trước).");
  c.exec("UPDATE procedure_versions SET state = 'published', effective_from = $3, published_by = $4, published_at = $5, "
         "note = $6 WHERE procedure_id = $1 AND version_no = $2",
         {row.id, static_cast<int64_t>(version_no), effective, actor, now, note});
  bool first = version_no == 1 || c.exec("SELECT 1 FROM procedure_versions WHERE procedure_id = $1 AND state = 'published' AND version_no < $2",
                                          {row.id, static_cast<int64_t>(version_no)}).rows.empty();
  std::string eff = fmt::date(effective);
  if (first)
    announce(c, row.code, version_no, "published", "Công bố thủ tục hành chính: " + name,
             "Thủ tục \"" + name + "\" (mã " + row.code + ") được công bố, áp dụng từ ngày " + eff + "." +
                 (note.empty() ? "" : " " + note),
             now);
  else
    announce(c, row.code, version_no, "amended", "Sửa đổi, bổ sung thủ tục hành chính: " + name,
             "Thủ tục \"" + name + "\" (mã " + row.code + ") được sửa đổi, bổ sung (phiên bản " + std::to_string(version_no) +
                 "), áp dụng từ ngày " + eff + ". Hồ sơ đã nộp trước đó tiếp tục giải quyết theo phiên bản cũ." +
                 (note.empty() ? "" : " " + note),
             now);
}

}  // namespace

void CatalogService::create(const json& in, const std::string& actor) {
  json d = catalog::normalize_procedure(in);
  std::string code = d["code"];
  int64_t now = fmt::now_ms();
  try {
    db_.write([&](store::Conn& c) {
      int64_t id = c.exec("INSERT INTO procedures (code, state, created_at, updated_at) VALUES ($1, 'draft', $2, $2) RETURNING id",
                          {code, now})
                       .rows.at(0)
                       .i64(0);
      c.exec("INSERT INTO procedure_versions (procedure_id, version_no, state, name, field_code, doc, created_by, created_at) "
             "VALUES ($1, 1, 'draft', $2, $3, $4, $5, $6)",
             {id, d["name"].get<std::string>(), d["field"]["code"].get<std::string>(), strip(d).dump(), actor, now});
      add_history(c, id, 1, "create", ProcState::draft, ProcState::draft, actor, now, "");
      if (audit_) audit_->append(c, {0, actor, "procedure.create", code, "", "", {{"version", 1}}}, now);
      bump_rev(c);
    });
  } catch (const store::UniqueViolation&) {
    throw DomainError(ErrorKind::conflict, "procedure_exists", "Đã có thủ tục với mã \"" + code + "\".");
  }
  written();
}

void CatalogService::update_draft(const std::string& code, const json& in, const std::string& actor,
                                  std::optional<int64_t> expected) {
  json d = catalog::normalize_procedure(in);
  if (d["code"] != code)
    throw DomainError(ErrorKind::invalid, "code_mismatch", "Mã thủ tục trong nội dung (" + d["code"].get<std::string>() +
                                                              ") khác mã trên đường dẫn (" + code + "). Không thể đổi mã thủ tục.");
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& c) {
    Row row = load_row(c, code);
    check_row_version(row, expected);
    auto dn = draft_no(c, row.id);
    catalog::check_action(Action::edit_draft, row.state, dn.has_value());
    c.exec("UPDATE procedure_versions SET doc = $3, name = $4, field_code = $5 WHERE procedure_id = $1 AND version_no = $2",
           {row.id, static_cast<int64_t>(*dn), strip(d).dump(), d["name"].get<std::string>(), d["field"]["code"].get<std::string>()});
    touch(c, row, row.state, now);
    add_history(c, row.id, *dn, "edit-draft", row.state, row.state, actor, now, "");
    if (audit_) audit_->append(c, {0, actor, "procedure.edit-draft", code, "", "", {{"version", *dn}}}, now);
    bump_rev(c);
  });
  written();
}

void CatalogService::act(const std::string& code, Action action, const json& params, const std::string& actor,
                         std::optional<int64_t> expected) {
  if (action == Action::edit_draft)
    throw DomainError(ErrorKind::bad_input, "bad_action", "Hãy dùng PUT …/draft để sửa bản nháp.");
  std::string note = note_of(params);
  int64_t now = fmt::now_ms();
  if ((action == Action::suspend || action == Action::abolish) && note.empty())
    throw DomainError(ErrorKind::invalid, "reason_required",
                      std::string("Vui lòng nêu lý do ") + std::string(catalog::label_vi(action)) + " thủ tục (căn cứ quyết định).");
  int64_t effective = action == Action::publish ? effective_of(params, now) : now;
  db_.write([&](store::Conn& c) {
    Row row = load_row(c, code);
    check_row_version(row, expected);
    auto dn = draft_no(c, row.id);
    catalog::check_action(action, row.state, dn.has_value());
    ProcState to = catalog::next_state(action, row.state);
    std::optional<int> vno = dn;
    auto cur = c.exec("SELECT MAX(version_no) FROM procedure_versions WHERE procedure_id = $1 AND state = 'published'", {row.id});
    std::optional<int> published_no;
    if (!cur.rows.empty() && !cur.rows[0].is_null(0)) published_no = static_cast<int>(cur.rows[0].i64(0));
    std::string name;
    auto nm = c.exec("SELECT name FROM procedure_versions WHERE procedure_id = $1 AND version_no = $2",
                     {row.id, static_cast<int64_t>(dn ? *dn : published_no.value_or(1))});
    if (!nm.rows.empty()) name = nm.rows[0].str(0);
    switch (action) {
      case Action::publish:
        publish_version(c, row, *dn, effective, actor, now, note, name);
        break;
      case Action::amend: {
        auto last = c.exec("SELECT MAX(version_no) FROM procedure_versions WHERE procedure_id = $1", {row.id});
        int next = static_cast<int>(last.rows.at(0).i64(0)) + 1;
        c.exec("INSERT INTO procedure_versions (procedure_id, version_no, state, name, field_code, doc, created_by, created_at, note) "
               "SELECT procedure_id, $3, 'draft', name, field_code, doc, $4, $5, $6 FROM procedure_versions "
               "WHERE procedure_id = $1 AND version_no = $2",
               {row.id, static_cast<int64_t>(*published_no), static_cast<int64_t>(next), actor, now, note});
        vno = next;
        break;
      }
      case Action::discard_draft:
        c.exec("UPDATE procedure_versions SET state = 'discarded' WHERE procedure_id = $1 AND version_no = $2",
               {row.id, static_cast<int64_t>(*dn)});
        break;
      case Action::suspend:
        announce(c, code, published_no, "suspended", "Tạm ngừng áp dụng thủ tục: " + name,
                 "Thủ tục \"" + name + "\" (mã " + code + ") tạm ngừng áp dụng từ " + fmt::date(now) + ". Lý do: " + note, now);
        vno = published_no;
        break;
      case Action::resume:
        announce(c, code, published_no, "resumed", "Áp dụng lại thủ tục: " + name,
                 "Thủ tục \"" + name + "\" (mã " + code + ") được áp dụng lại từ " + fmt::date(now) + "." + (note.empty() ? "" : " " + note), now);
        vno = published_no;
        break;
      case Action::abolish:
        if (dn) c.exec("UPDATE procedure_versions SET state = 'discarded' WHERE procedure_id = $1 AND version_no = $2",
                       {row.id, static_cast<int64_t>(*dn)});
        announce(c, code, published_no, "abolished", "Bãi bỏ thủ tục hành chính: " + name,
                 "Thủ tục \"" + name + "\" (mã " + code + ") bị bãi bỏ từ " + fmt::date(now) +
                     ". Hồ sơ đã tiếp nhận trước đó tiếp tục được giải quyết. Lý do: " + note, now);
        vno = published_no;
        break;
      case Action::edit_draft:
        break;
    }
    touch(c, row, to, now);
    add_history(c, row.id, vno, std::string(catalog::to_string(action)), row.state, to, actor, now, note);
    if (audit_)
      audit_->append(c, {0, actor, "procedure." + std::string(catalog::to_string(action)), code, "", "",
                         {{"from", catalog::to_string(row.state)}, {"to", catalog::to_string(to)}, {"note", note}}}, now);
    bump_rev(c);
  });
  written();
}

ImportResult CatalogService::import(const json& file, const std::string& actor) {
  if (!file.is_object() || !file.contains("procedures") || !file["procedures"].is_array())
    throw DomainError(ErrorKind::bad_input, "import_invalid", "Tệp danh mục phải là JSON có mảng \"procedures\" (xem docs/catalog-format.md).");
  // Validate everything first: one bad procedure rejects the whole file.
  std::vector<json> docs;
  std::vector<FieldError> errs;
  std::set<std::string> seen;
  for (size_t i = 0; i < file["procedures"].size(); ++i) {
    try {
      json d = catalog::normalize_procedure(file["procedures"][i]);
      if (!seen.insert(d["code"].get<std::string>()).second)
        errs.push_back({"procedures[" + std::to_string(i) + "].code", "Mã thủ tục " + d["code"].get<std::string>() + " bị lặp trong tệp."});
      docs.push_back(std::move(d));
    } catch (const DomainError& e) {
      for (const auto& f : e.fields()) errs.push_back({"procedures[" + std::to_string(i) + "]." + f.field, f.message});
      if (e.fields().empty()) errs.push_back({"procedures[" + std::to_string(i) + "]", e.what()});
    }
  }
  if (!errs.empty())
    throw DomainError(ErrorKind::invalid, "import_invalid", "Tệp danh mục có " + std::to_string(errs.size()) + " lỗi; chưa nhập thủ tục nào.", errs);
  // Optional: the catalog revision the caller planned against (a dry run shown to an admin); refused with 409
  // when any catalog write happened since. And the note the history rows and audit get (the file's origin).
  std::optional<int64_t> expected_rev;
  if (file.contains("expected_rev") && file["expected_rev"].is_number_integer()) expected_rev = file["expected_rev"].get<int64_t>();
  const bool noted = file.contains("import_note") && file["import_note"].is_string();
  const std::string created_note = noted ? file["import_note"].get<std::string>() : "Nhập từ tệp danh mục.";
  const std::string amended_note = noted ? created_note : "Cập nhật từ tệp danh mục.";
  const std::string source = file.contains("source") && file["source"].is_string() ? file["source"].get<std::string>() : "";
  ImportResult res;
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& c) {
    if (expected_rev) {
      // Checked and bumped by one statement: concurrent writers queue on the row (both databases).
      auto r = c.exec("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE key = 'catalog_rev' AND value = $1",
                      {std::to_string(*expected_rev)});
      if (r.affected != 1)
        throw DomainError(ErrorKind::conflict, "catalog_changed",
                          "Danh mục thủ tục đã thay đổi sau lần xem trước. Hãy xem trước lại để thấy đúng những gì sẽ được áp dụng.");
    }
    for (const auto& d : docs) {
      std::string code = d["code"];
      int64_t effective = now;
      if (d.contains("effective_from") && d["effective_from"].is_string()) effective = *fmt::parse_iso_date(d["effective_from"].get<std::string>());
      json body = strip(d);
      auto ex = c.exec("SELECT id, state, row_version FROM procedures WHERE code = $1", {code});
      if (ex.rows.empty()) {
        int64_t id = c.exec("INSERT INTO procedures (code, state, created_at, updated_at) VALUES ($1, 'active', $2, $2) RETURNING id", {code, now})
                         .rows.at(0).i64(0);
        c.exec("INSERT INTO procedure_versions (procedure_id, version_no, state, name, field_code, doc, created_by, created_at) "
               "VALUES ($1, 1, 'draft', $2, $3, $4, $5, $6)",
               {id, d["name"].get<std::string>(), d["field"]["code"].get<std::string>(), body.dump(), actor, now});
        Row row{id, code, ProcState::active, 1};
        publish_version(c, row, 1, effective, actor, now, created_note, d["name"]);
        add_history(c, id, 1, "import", ProcState::draft, ProcState::active, actor, now, created_note);
        ++res.created;
        continue;
      }
      Row row{ex.rows[0].i64(0), code, catalog::parse_state(ex.rows[0].str(1)).value_or(ProcState::draft), ex.rows[0].i64(2)};
      if (row.state == ProcState::abolished)
        throw DomainError(ErrorKind::conflict, "procedure_abolished", "Thủ tục " + code + " đã bãi bỏ; không thể nhập đè.");
      if (draft_no(c, row.id))
        throw DomainError(ErrorKind::conflict, "draft_exists", "Thủ tục " + code + " đang có bản nháp chưa công bố; hãy công bố hoặc hủy bản nháp trước khi nhập.");
      auto last = c.exec("SELECT version_no, doc FROM procedure_versions WHERE procedure_id = $1 AND state = 'published' ORDER BY version_no DESC LIMIT 1", {row.id});
      if (!last.rows.empty() && json::parse(last.rows[0].str(1)) == body) {
        ++res.unchanged;
        continue;
      }
      auto mx = c.exec("SELECT MAX(version_no) FROM procedure_versions WHERE procedure_id = $1", {row.id});
      int next = static_cast<int>(mx.rows.at(0).i64(0)) + 1;
      c.exec("INSERT INTO procedure_versions (procedure_id, version_no, state, name, field_code, doc, created_by, created_at) "
             "VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7)",
             {row.id, static_cast<int64_t>(next), d["name"].get<std::string>(), d["field"]["code"].get<std::string>(), body.dump(), actor, now});
      publish_version(c, row, next, std::max(effective, now), actor, now, amended_note, d["name"]);
      ProcState to = row.state == ProcState::draft ? ProcState::active : row.state;
      touch(c, row, to, now);
      add_history(c, row.id, next, "import", row.state, to, actor, now, amended_note);
      ++res.amended;
    }
    if (audit_)
      audit_->append(c, {0, actor, "catalog.import", "", "", "",
                         source.empty() ? json{{"created", res.created}, {"amended", res.amended}, {"unchanged", res.unchanged}}
                                        : json{{"created", res.created}, {"amended", res.amended}, {"unchanged", res.unchanged}, {"source", source}}},
                     now);
    bump_rev(c);
  });
  written();
  return res;
}

json CatalogService::export_all() {
  auto s = snapshot();
  json procs = json::array();
  for (const auto& e : s->entries) {
    if (e.state == ProcState::abolished) continue;
    const ProcVersion* v = e.latest_published();
    if (!v) continue;
    json d = *v->doc;
    d["effective_from"] = fmt::iso_date(v->effective_from);
    procs.push_back(std::move(d));
  }
  return {{"format", "motcua-catalog/1"}, {"source", "motcua catalog export " + fmt::iso_datetime(fmt::now_ms())}, {"procedures", procs}};
}

json CatalogService::history(const std::string& code) {
  json out = json::array();
  db_.read([&](store::Conn& c) {
    auto r = c.exec("SELECT h.version_no, h.action, h.from_state, h.to_state, h.actor, h.at, h.note FROM procedure_history h "
                    "JOIN procedures p ON p.id = h.procedure_id WHERE p.code = $1 ORDER BY h.at, h.id", {code});
    for (const auto& row : r.rows) {
      auto a = catalog::parse_action(row.str(1));
      out.push_back({{"version", row.is_null(0) ? json(nullptr) : json(row.i64(0))},
                     {"action", row.str(1)},
                     {"action_label", a ? std::string(catalog::label_vi(*a)) : (row.str(1) == "create" ? "tạo mới" : row.str(1) == "import" ? "nhập từ tệp" : row.str(1))},
                     {"from", row.str(2)},
                     {"to", row.str(3)},
                     {"actor", row.str(4)},
                     {"at", fmt::iso_datetime(row.i64(5))},
                     {"at_display", fmt::datetime(row.i64(5))},
                     {"note", row.str(6)}});
    }
  });
  return out;
}

json CatalogService::announcements(int page, int per_page, int* total) {
  json out = json::array();
  db_.read([&](store::Conn& c) {
    *total = static_cast<int>(c.exec("SELECT COUNT(*) FROM announcements").rows.at(0).i64(0));
    auto r = c.exec("SELECT id, procedure_code, version_no, kind, title, body, at FROM announcements ORDER BY at DESC, id DESC LIMIT $1 OFFSET $2",
                    {static_cast<int64_t>(per_page), static_cast<int64_t>((page - 1) * per_page)});
    for (const auto& row : r.rows)
      out.push_back({{"id", row.i64(0)},
                     {"procedure_code", row.str(1)},
                     {"version", row.is_null(2) ? json(nullptr) : json(row.i64(2))},
                     {"kind", row.str(3)},
                     {"title", row.str(4)},
                     {"body", row.str(5)},
                     {"at", fmt::iso_datetime(row.i64(6))},
                     {"date", fmt::date(row.i64(6))}});
  });
  return out;
}

}  // namespace motcua::services
