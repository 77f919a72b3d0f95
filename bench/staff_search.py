#!/usr/bin/env python3
"""Helper of bench/staff_search.sh (issues 14, 15).

  staff_search.py queries DB OUT_DIR [AGENCY]
      Writes one file of percent-encoded queries per kind (OUT_DIR/<kind>.txt) from a random sample of the agency's
      dossiers: full name without diacritics, family + given name, the first 3 letters of each word, given name only,
      the family name "nguyen" alone (the widest common query), the CCCD, the phone.
  staff_search.py sql DB [AGENCY]
      The old search (applicant_name LIKE '%…%' row by row in the officer's scope, the inbox's SQL before migration
      28: COUNT, then the first page of 20, newest first) against the new one (FTS5 word prefixes driving, the scope only
      filtering, the page and its COUNT(*) OVER () in one statement) on the same database, straight through SQLite (the
      library the server uses), best of 3, per kind of name.
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
    cols = ("public_id, code, status, procedure_code, procedure_name, agency_code, applicant_name, channel, submitted_at, due_at, substate, "
            "unit, assignee, paused_at, handling_agency_code, received_at, finished_at, returned_at, supplement_due_at, supplement_count")
    # Before: the scope's index walked, the name matched row by row; a COUNT and then the page.
    old_w = "(agency_code IN (?) OR handling_agency_code IN (?)) AND status > 0 AND (applicant_name LIKE ? OR public_id = ?)"
    old = [f"SELECT COUNT(*) FROM dossiers WHERE {old_w}", f"SELECT {cols} FROM dossiers WHERE {old_w} ORDER BY id DESC LIMIT 20 OFFSET 0"]
    # Now (services/dossiers/dossier_lists.cpp): the search's rowids drive, the scope only filters; page and count in one pass.
    new_w = ("((agency_code || '') IN (?) OR (handling_agency_code || '') IN (?)) AND status > 0 AND "
             "(public_id = ? OR id IN (SELECT rowid FROM dossiers_search WHERE dossiers_search MATCH ?))")
    new = [f"SELECT {cols}, COUNT(*) OVER () FROM dossiers WHERE {new_w} ORDER BY id DESC LIMIT 20 OFFSET 0"]
    rows = sample(db, agency, n=200, seed=11)
    ks = kinds(rows)
    raw = {fold(n): n for n, _, _ in rows}  # the name as stored: the old LIKE could not fold ("Nguyễn Văn An")
    print(f"{'kind':<14} {'query (new)':<22} {'old LIKE typed':<24} {'matches':>8} {'old ms':>8} {'new ms':>8}")
    for kind in ["full_name", "family_given", "prefixes3", "given", "nguyen"]:
        for q in ks[kind][:3]:
            typed = raw[q] if kind == "full_name" else ("Nguyễn" if kind == "nguyen" else q)
            match = " ".join('"' + t + '"*' for t in q.split())
            n = db.execute(f"SELECT COUNT(*) FROM dossiers WHERE {new_w}", (agency, agency, q, match)).fetchone()[0]
            old_ms = best_ms(db, [(s, (agency, agency, "%" + typed + "%", typed)) for s in old], None)
            new_ms = best_ms(db, [(s, (agency, agency, q, match)) for s in new], None)
            print(f"{kind:<14} {q[:22]:<22} {typed[:24]:<24} {n:>8} {old_ms:>8.1f} {new_ms:>8.1f}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "queries":
        write_queries(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "000.01.25.H56")
    elif cmd == "sql":
        compare_sql(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "000.01.25.H56")
    else:
        sys.exit(__doc__)
