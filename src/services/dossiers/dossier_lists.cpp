// Dossier lists: "Hồ sơ của tôi" for applicants, inboxes for staff (per agency, unit, person; work
// queues online first (R23), then by due date; archive lists newest first; due-soon and overdue flagged; search by
// code, identification number, applicant name or phone) and the desk ledger (Sổ theo dõi hồ sơ, Mẫu 05). One query
// per page (no N+1); the filters use the indexes of migrations 5 and 7, the search the applicant index of 28.
#include <algorithm>
#include <cctype>

#include "domain/dossier/clock.h"
#include "domain/dossier/status.h"
#include "domain/format.h"
#include "domain/dossier/dossier_code.h"
#include <map>

#include "domain/dossier/search.h"
#include "services/dossiers/dossier_search.h"
#include "store/text_search.h"
#include "services/dossiers/dossier_internal.h"

namespace motcua::services {

using nlohmann::json;
using accounts::Kind;
using accounts::Principal;
using accounts::Role;
using namespace dossier_detail;

namespace {
constexpr const char* kOpen = "status IN (1,2,4,5,6,7)";
}  // namespace

DossierPage DossierService::list(const Principal& who, const ListFilter& f) {
  std::string where;
  std::vector<store::Value> p;
  auto param = [&](store::Value v) {
    p.push_back(std::move(v));
    return "$" + std::to_string(p.size());
  };
  int64_t now = fmt::now_ms();
  if (who.kind == Kind::staff) {
    auto ag = agencies_.snapshot();
    std::string in;
    for (const auto& a : ag->agencies) {
      if (!staff_at(a.code, who) || (!f.agency.empty() && !ag->within(a.code, f.agency))) continue;
      in += (in.empty() ? "" : ",") + param(a.code);
    }
    if (in.empty()) return DossierPage{{}, 0, f.page, f.per_page};
    // With a search, the search's few matches drive the query and the scope only filters them (store::filter_only:
    // SQLite would otherwise walk the scope's index — every dossier of a large commune). The overdue union below
    // needs the scope's index itself.
    auto scope = [&](const char* col) { return f.q.empty() || f.overdue ? std::string(col) : store::filter_only(db_.dialect(), col); };
    where = "(" + scope("agency_code") + " IN (" + in + ") OR " + scope("handling_agency_code") + " IN (" + in + "))";
    // Staff never see drafts. Only say so when no other status condition does (a redundant range makes
    // SQLite walk every index entry of the agency).
    if (f.status == 0) where += " AND 1 = 0";
    else if (f.status < 0 && !f.open_only && !f.overdue && !f.due_soon) where += " AND status > 0";
    if (!f.unit.empty()) where += " AND unit = " + param(f.unit);
    if (!f.assignee.empty()) where += " AND assignee = " + param(f.assignee);
  } else {
    where = "applicant_user_id = " + param(who.user_id);
  }
  if (f.status > 0 || (f.status == 0 && who.kind != Kind::staff)) where += " AND status = " + param(int64_t{f.status});
  if (f.open_only) where += std::string(" AND ") + kOpen;
  // The overdue list's two branches, each inside the scope, and what is ANDed to the list after them (a bounded count
  // counts each branch up to the limit instead of building the whole union first).
  std::string overdue_running, overdue_supplement, after;
  auto also = [&](const std::string& c) {
    where += c;
    after += c;
  };
  if (f.overdue) {
    // Two index ranges, unioned (an OR of the two conjunctions inside the scope's own OR makes SQLite walk
    // the whole scope): running and past due, or waiting for a supplement whose deadline passed.
    // The scope moves into both branches: the outer query then walks only the overdue ids.
    std::string n = param(now), scope = where;
    overdue_running = scope + " AND " + kClockRunningSql + " AND due_at < " + n;
    overdue_supplement = scope + " AND " + supplement_late_sql(n);
    where = "id IN (SELECT id FROM dossiers WHERE " + overdue_running + " UNION ALL SELECT id FROM dossiers WHERE " + overdue_supplement + ")";
  }
  if (f.due_soon) also(std::string(" AND ") + kClockRunningSql + " AND due_at >= " + param(now) + " AND due_at < " + param(now + dossier::kDueSoonMs));
  if (!f.q.empty()) {
    // One OR of index lookups: a dossier code (or its prefix) is a range on the code index; an identification number
    // (CCCD 12 digits, CMND 9, tax code 10 or 13 with a dash) an equality on its index; a name — typed with or without
    // diacritics —, a phone or the start of a number a word-prefix search of the folded applicant key (dossier_search:
    // FTS5 / pg_trgm, migration 28); the public id an equality. SQLite plans it as a MULTI-INDEX OR, PostgreSQL as a
    // BitmapOr.
    bool id_like = f.q.size() >= 9 && f.q.size() <= 14 && f.q.find_first_not_of("0123456789-") == std::string::npos;
    bool number = f.q.size() >= 4 && f.q.find_first_not_of("0123456789") == std::string::npos;
    bool code_like = std::isdigit(static_cast<unsigned char>(f.q[0])) && f.q.find(' ') == std::string::npos;
    const std::string code_q = code_like ? dossier::normalize_code(f.q) : f.q;  // codes typed in lower case
    std::string any = "public_id = " + param(f.q);
    if (id_like) any += " OR applicant_id_number = " + param(f.q);
    if (code_like) any += " OR (code >= " + param(code_q) + " AND code < " + param(code_q + "~") + ")";
    // Words for names and numbers, never for a code's parts ("000.01.25.H56-2605" is not five words to look for).
    const auto tokens = dossier::search_tokens(f.q);
    if (!tokens.empty() && (!code_like || id_like || number)) any += " OR " + dossier_search::condition(db_.dialect(), tokens, param);
    also(" AND (" + any + ")");
  }
  DossierPage out{{}, 0, f.page, f.per_page};
  db_.read([&](store::Conn& c) {
    auto count = [&] { return static_cast<int>(c.exec("SELECT COUNT(*) FROM dossiers WHERE " + where, p).rows.at(0).i64(0)); };
    if (f.per_page == 0 && f.count_limit > 0) {  // a bounded count: at most count_limit + 1 index entries read
      auto q = p;
      q.push_back(int64_t{f.count_limit} + 1);
      const std::string lim = " LIMIT $" + std::to_string(q.size());
      auto capped = [&](const std::string& w) { return "(SELECT COUNT(*) FROM (SELECT 1 FROM dossiers WHERE " + w + lim + ") AS capped)"; };
      const std::string sql = f.overdue ? "SELECT " + capped(overdue_running + after) + " + " + capped(overdue_supplement + after) : "SELECT " + capped(where);
      out.total = static_cast<int>(std::min<int64_t>(c.exec(sql, q).rows.at(0).i64(0), int64_t{f.count_limit} + 1));
      return;
    }
    // On SQLite a search reads its matches once: the page and, with COUNT(*) OVER (), their number (a second statement
    // only for a page past the end). Other lists count on their indexes and stop their page early, so they keep two
    // statements — and so does PostgreSQL, whose planner costs a LIMIT over COUNT(*) OVER () as if it stopped early
    // and walks the primary key backwards through every row (2 s at 1 M dossiers; bench/RESULTS.md).
    const bool one_pass = !f.q.empty() && f.per_page > 0 && db_.dialect() == "sqlite";
    if (!one_pass) out.total = count();
    if (f.per_page == 0) return;  // a count only (the inbox tabs)
    auto q = p;
    q.push_back(int64_t{f.per_page});
    q.push_back(int64_t{(f.page - 1) * f.per_page});
    // Work queues (open dossiers): online first (R23), then by due date. Lists that include finished
    // dossiers (history, "all"): newest first — sorting a whole archive by due date would cost seconds
    // at a million rows and nobody works from it in that order.
    bool queue = f.open_only || f.overdue || f.due_soon || (f.status >= 1 && f.status <= 7 && f.status != 3) ||
                 (who.kind == Kind::staff && !f.assignee.empty());
    std::string order = queue ? "CASE WHEN channel = 2 THEN 0 ELSE 1 END, COALESCE(due_at, 9000000000000), id DESC" : "id DESC";
    auto r = c.exec("SELECT public_id, code, status, procedure_code, procedure_name, agency_code, applicant_name, channel, submitted_at, due_at, "
                    "substate, unit, assignee, paused_at, handling_agency_code, received_at, finished_at, returned_at, supplement_due_at, supplement_count" +
                        std::string(one_pass ? ", COUNT(*) OVER ()" : "") + " FROM dossiers WHERE " + where + " ORDER BY " + order + " "
                    "LIMIT $" + std::to_string(q.size() - 1) + " OFFSET $" + std::to_string(q.size()),
                    q);
    if (one_pass) out.total = r.rows.empty() ? count() : static_cast<int>(r.rows[0].i64(20));
    for (const auto& x : r.rows) {
      auto opt = [&](size_t i) { return x.is_null(i) ? int64_t{0} : x.i64(i); };
      DossierSummary d;
      d.id = x.str(0);
      d.code = x.is_null(1) ? "" : x.str(1);
      d.status = dossier::status_from_code(static_cast<int>(x.i64(2)));
      d.substate = x.str(10);
      d.procedure_code = x.str(3);
      d.procedure_name = x.str(4);
      d.agency = x.str(5);
      d.handling_agency = x.str(14).empty() ? x.str(5) : x.str(14);
      d.applicant_name = x.str(6);
      d.channel = dossier::channel_from_code(static_cast<int>(x.i64(7))).value_or(dossier::Channel::online);
      d.submitted_at = opt(8);
      d.received_at = opt(15);
      d.due_at = opt(9);
      d.finished_at = opt(16);
      d.returned_at = opt(17);
      d.clock = dossier::read_clock({.status = d.status.value_or(dossier::Status::submitted), .due_ms = d.due_at, .supplement_due_ms = opt(18),
                                     .finished_ms = d.finished_at, .supplement_requests = static_cast<int>(x.i64(19)),
                                     .payment_pauses = x.i64(2) == 6 && !x.is_null(13)},
                                    now);
      d.for_staff = who.kind == Kind::staff;
      if (d.for_staff) {
        d.unit = x.str(11);
        d.assignee = x.str(12);
      }
      out.items.push_back(std::move(d));
    }
    // The assignees' full names, in one query for the page (lists show people by name, never by login).
    std::vector<store::Value> names;
    std::string in;
    for (const auto& d : out.items)
      if (!d.assignee.empty()) {
        names.push_back(d.assignee);
        in += (in.empty() ? "$" : ", $") + std::to_string(names.size());
      }
    if (names.empty()) return;
    std::map<std::string, std::string> full;
    for (const auto& x : c.exec("SELECT username, full_name FROM users WHERE username IN (" + in + ")", names).rows) full[x.str(0)] = x.str(1);
    for (auto& d : out.items)
      if (auto it = full.find(d.assignee); it != full.end()) d.assignee_name = it->second;
  });
  return out;
}

namespace dossier_detail {

LedgerEntry assign_ledger_entry(store::Conn& c, int64_t dossier_id, const std::string& agency, const std::string& unit, int64_t now) {
  const int64_t year = std::stoll(cal::to_string(cal::date_of(cal::local_from_utc_ms(now))).substr(0, 4));
  LedgerEntry e;
  e.book = unit.empty() ? std::to_string(year) : unit + "/" + std::to_string(year);
  c.exec("INSERT INTO ledger_sequences (agency_code, unit, book_year, last_value) VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING", {agency, unit, year});
  e.number = c.exec("UPDATE ledger_sequences SET last_value = last_value + 1 WHERE agency_code = $1 AND unit = $2 AND book_year = $3 RETURNING last_value",
                    {agency, unit, year})
                 .rows.at(0)
                 .i64(0);
  c.exec("UPDATE dossiers SET ledger_book = $2, ledger_no = $3, receipt_due_at = due_at WHERE id = $1", {dossier_id, e.book, e.number});
  return e;
}

std::vector<LedgerLine> ledger_lines(store::Conn& c, const AgencySnapshot& ag, const std::string& agency, int64_t t0, int64_t t1, int64_t only_id) {
  std::string sql =
      "SELECT d.code, d.procedure_name, d.applicant_name, d.applicant_address, d.applicant_phone, d.handling_agency_code, d.received_at, "
      "COALESCE(d.receipt_due_at, d.original_due_at, d.due_at), (SELECT MIN(h.at) FROM dossier_history h WHERE h.dossier_id = d.id AND h.action = 'transfer'), "
      "d.finished_at, d.returned_at, d.returned_to, d.status, d.original_due_at, d.supplement_count, d.ledger_book, d.ledger_no, d.due_at "
      "FROM dossiers d WHERE d.agency_code = $1 AND d.received_at IS NOT NULL ";
  std::vector<store::Value> p = {agency};
  if (only_id) {
    sql += "AND d.id = $2";
    p.push_back(only_id);
  } else {
    sql += "AND d.received_at >= $2 AND d.received_at < $3 ORDER BY d.ledger_book, d.ledger_no, d.received_at, d.id LIMIT 10001";
    p.push_back(t0);
    p.push_back(t1);
  }
  auto r = c.exec(sql, p);
  if (r.rows.size() > 10000) throw DomainError(ErrorKind::invalid, "too_many", "Khoảng ngày có hơn 10.000 hồ sơ; hãy chọn khoảng ngắn hơn.");
  std::vector<LedgerLine> out;
  out.reserve(r.rows.size());
  for (const auto& x : r.rows) {
    auto ms = [&](size_t i) { return x.is_null(i) ? int64_t{0} : x.i64(i); };
    std::string lead = x.str(5).empty() ? agency : x.str(5);
    const Agency* la = ag.find(lead);
    auto st = dossier::status_from_code(static_cast<int>(x.i64(12)));
    std::string note = st ? std::string(dossier::label_vi(*st)) : "";
    if (!x.is_null(13)) note += "; hẹn lại ngày " + fmt::date(ms(17)) + " (Mẫu 04)";
    if (x.i64(14) > 0) note += "; bổ sung " + std::to_string(x.i64(14)) + " lần";
    LedgerLine l;
    l.book = x.str(15);
    documents::LedgerRow& row = l.row;
    row.number = ms(16);
    row.code = x.is_null(0) ? "" : x.str(0);
    row.procedure_name = x.str(1);
    row.applicant_name = x.str(2);
    row.address_phone = x.str(3) + (x.str(3).empty() || x.str(4).empty() ? "" : " – ") + x.str(4);
    row.lead_agency = la ? la->name : lead;
    row.received_ms = ms(6);
    row.appointment_ms = ms(7);
    row.transferred_ms = ms(8);
    row.result_received_ms = ms(9);
    row.returned_ms = ms(10);
    row.returned_to = x.str(11);
    row.note = note;
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace dossier_detail

namespace {
struct LedgerRange {
  const Agency* agency = nullptr;
  int64_t t0 = 0, t1 = 0;
};
LedgerRange ledger_range(const AgencySnapshot& ag, const std::string& agency, const std::string& from, const std::string& to, bool in_scope) {
  const Agency* a = ag.find(agency);
  if (!a || !in_scope) throw DomainError(ErrorKind::not_found, "agency_not_found", "Không tìm thấy cơ quan \"" + agency + "\" trong phạm vi của bạn.");
  auto d0 = cal::parse_date(from), d1 = cal::parse_date(to);
  if (!d0 || !d1 || cal::to_days(*d1) < cal::to_days(*d0))
    throw DomainError(ErrorKind::invalid, "bad_range", "Khoảng ngày không hợp lệ (từ ngày ≤ đến ngày, dạng YYYY-MM-DD).", {{"from", "Không hợp lệ."}});
  if (cal::to_days(*d1) - cal::to_days(*d0) > 366) throw DomainError(ErrorKind::invalid, "range_too_long", "Mỗi lần xem tối đa 366 ngày.", {{"to", "Quá dài."}});
  return {a, cal::utc_ms_from_local({cal::to_days(*d0) * cal::kMinutesPerDay}), cal::utc_ms_from_local({(cal::to_days(*d1) + 1) * cal::kMinutesPerDay})};
}
}  // namespace

DossierService::Ledger DossierService::ledger(const std::string& agency, const std::string& from, const std::string& to, const Principal& who) {
  auto ag = agencies_.snapshot();
  LedgerRange rg = ledger_range(*ag, agency, from, to, staff_at(agency, who));
  Ledger out{agency, rg.agency->name, from, to, {}};
  db_.read([&](store::Conn& c) {
    for (auto& l : ledger_lines(c, *ag, agency, rg.t0, rg.t1)) out.lines.push_back({std::move(l.book), std::move(l.row)});
  });
  return out;
}

std::string DossierService::ledger_pdf(const std::string& agency, const std::string& from, const std::string& to, const Principal& who) {
  auto ag = agencies_.snapshot();
  LedgerRange rg = ledger_range(*ag, agency, from, to, staff_at(agency, who));
  documents::LedgerView view;
  view.from_ms = parse_local_ms(from);
  view.to_ms = parse_local_ms(to);
  db_.read([&](store::Conn& c) {
    for (auto& l : ledger_lines(c, *ag, agency, rg.t0, rg.t1)) {
      if (!l.book.empty() && view.book.find(l.book) == std::string::npos) view.book += (view.book.empty() ? "" : ", ") + l.book;
      view.rows.push_back(std::move(l.row));
    }
  });
  // The book as it stands today: dated the day it is printed.
  documents::FormHeader h = form_header(*ag, agency, fmt::now_ms());
  h.era = forms_era_;
  return documents::form05_ledger(h, view);
}

std::vector<DossierService::Officer> DossierService::processing_officers(const std::string& agency) {
  std::vector<Officer> out;
  db_.read([&](store::Conn& c) {
    auto r = c.exec("SELECT u.username, u.full_name, r.role, a.code, r.unit_code FROM users u JOIN user_roles r ON r.user_id = u.id "
                    "JOIN agencies a ON a.id = r.agency_id WHERE a.code = $1 AND u.kind = 'staff' AND u.status = 'active' "
                    "AND r.role IN ('specialist','leader') ORDER BY r.role DESC, u.full_name, u.username",
                    {agency});
    for (const auto& x : r.rows) out.push_back({x.str(0), x.str(1), x.str(2), x.str(3), x.is_null(4) ? "" : x.str(4)});
  });
  return out;
}

std::optional<json> DossierService::applicant_account(const std::string& idn) {
  std::optional<json> out;
  if (idn.empty()) return out;
  db_.read([&](store::Conn& c) {
    auto r = c.exec("SELECT full_name, phone, email, kind FROM users WHERE (id_number = $1 OR tax_code = $1) AND kind <> 'staff'", {idn});
    if (!r.rows.empty()) out = json{{"name", r.rows[0].str(0)}, {"phone", r.rows[0].str(1)}, {"email", r.rows[0].str(2)}, {"kind", r.rows[0].str(3)}};
  });
  return out;
}

}  // namespace motcua::services
