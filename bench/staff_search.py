#!/usr/bin/env python3
"""Helper of bench/staff_search.sh (issues 14, 15).

  staff_search.py queries DB OUT_DIR [AGENCY]
      Writes one file of percent-encoded queries per kind (OUT_DIR/<kind>.txt) from a random sample of the agency's
      dossiers: full name without diacritics, family + given name, the first 3 letters of each word, given name only,
      the family name "nguyen" alone (the widest common query), the CCCD, the phone.
  staff_search.py sql DB [AGENCY]
      The old search (applicant_name LIKE '%…%' row by row in the officer's scope, the inbox's SQL before migration
      28) against the new one (FTS5 word prefixes, migration 28) on the same database, straight through SQLite (the
      library the server uses): COUNT + first page of 20, newest first, best of 3, per kind of name.
"""
import random
import sqlite3
import sys
import time
import unicodedata
import urllib.parse


def fold(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "d"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return " ".join("".join(c if c.isalnum() else " " for c in s).split())


def sample(db, agency, n=3000, seed=7):
    rows = db.execute(
        "SELECT applicant_name, applicant_id_number, applicant_phone FROM dossiers WHERE agency_code = ? AND status > 0 "
        "AND id IN (SELECT id FROM dossiers WHERE agency_code = ? ORDER BY random() LIMIT ?)", (agency, agency, n)).fetchall()
    random.Random(seed).shuffle(rows)
    return rows


def kinds(rows):
    out = {"full_name": [], "family_given": [], "prefixes3": [], "given": [], "nguyen": ["nguyen"], "cccd": [], "phone": []}
    for name, idn, phone in rows:
        w = fold(name).split()
        if len(w) < 2:
            continue
        out["full_name"].append(" ".join(w))
        out["family_given"].append(w[0] + " " + w[-1])
        out["prefixes3"].append(" ".join(x[:3] for x in w))
        out["given"].append(w[-1])
        if idn:
            out["cccd"].append(idn)
        if phone:
            out["phone"].append(phone)
    return out


def write_queries(db_path, out_dir, agency):
    db = sqlite3.connect(db_path)
    for kind, qs in kinds(sample(db, agency)).items():
        with open(f"{out_dir}/{kind}.txt", "w") as f:
            for q in qs:
                f.write(urllib.parse.quote_plus(q) + "\n")


def best_ms(db, sql, params, n=3):
    best = None
    for _ in range(n):
        t0 = time.perf_counter()
        for s, p in sql:
            db.execute(s, p).fetchall()
        ms = (time.perf_counter() - t0) * 1000
        best = ms if best is None else min(best, ms)
    return best


def compare_sql(db_path, agency):
    db = sqlite3.connect(db_path)
    page = "SELECT public_id, code, status, applicant_name FROM dossiers WHERE {w} ORDER BY id DESC LIMIT 20 OFFSET 0"
    count = "SELECT COUNT(*) FROM dossiers WHERE {w}"
    scope = "(agency_code IN (?) OR handling_agency_code IN (?)) AND status > 0"
    old_w = scope + " AND (applicant_name LIKE ? OR public_id = ?)"
    new_w = scope + " AND id IN (SELECT id FROM dossiers WHERE public_id = ? UNION ALL SELECT rowid FROM dossiers_search WHERE dossiers_search MATCH ?)"
    rows = sample(db, agency, n=200, seed=11)
    ks = kinds(rows)
    raw = {fold(n): n for n, _, _ in rows}  # the name as stored, for the old LIKE (it could not fold)
    print(f"{'kind':<14} {'query (new)':<24} {'matches':>8} {'old LIKE ms':>12} {'new FTS5 ms':>12}")
    for kind in ["full_name", "family_given", "prefixes3", "given", "nguyen"]:
        for q in ks[kind][:3]:
            typed = raw.get(q, q)  # the old search needs the diacritics ("Nguyễn Văn An"); given/family: the word itself
            if kind in ("family_given", "prefixes3", "given", "nguyen"):
                typed = {"nguyen": "Nguyễn"}.get(kind, q)
            match = " ".join('"' + t + '"*' for t in q.split())
            n = db.execute(count.format(w=new_w), (agency, agency, q, match)).fetchone()[0]
            old = best_ms(db, [(count.format(w=old_w), (agency, agency, "%" + typed + "%", typed)),
                               (page.format(w=old_w), (agency, agency, "%" + typed + "%", typed))], None)
            new = best_ms(db, [(count.format(w=new_w), (agency, agency, q, match)), (page.format(w=new_w), (agency, agency, q, match))], None)
            print(f"{kind:<14} {q[:24]:<24} {n:>8} {old:>12.1f} {new:>12.1f}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "queries":
        write_queries(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "000.01.25.H56")
    elif cmd == "sql":
        compare_sql(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "000.01.25.H56")
    else:
        sys.exit(__doc__)
