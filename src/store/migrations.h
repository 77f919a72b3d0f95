// Versioned schema migrations, one list per dialect (SQLite, PostgreSQL).
// migrate(db) applies, in order and each in its own transaction, every migration whose version is not
// yet recorded in schema_migrations; it is idempotent and safe to run at every start. Returns the
// number applied. A migration is never edited once released: add a new one.
#pragma once
#include <vector>

#include "store/db.h"

namespace motcua::store {

struct Migration {
  int version;
  const char* name;
  const char* sql;  // "{{PK}}" → integer identity primary key, "{{I64}}" → 64-bit integer type
};

int migrate(Db& db);
// Migrations 13 and later (migrations_later.cpp), applied after the first twelve.
const std::vector<Migration>& later_migrations();
int schema_version(Db& db);

}  // namespace motcua::store
