// Agencies (cơ quan) — the tenancy tree: province → departments / districts → communes — and the units
// inside each agency (Bộ phận Một cửa, Tư pháp – Hộ tịch, …).
//  - import_tree(json): upserts agencies by code from the nested format of data/agencies/*.json
//    ({code,name,short_name?,kind,level,address?,phone?,email?,calendar?,units:[{code,name,kind}],
//    children:[…]}) in one transaction; returns the number of agencies written.
//  - snapshot(): immutable, cached view; refreshed when another writer changed the tree.
//  - within(code, ancestor): true when `code` is `ancestor` or below it.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace motcua::services {

struct Unit {
  std::string code, name, kind;
};

struct Agency {
  int64_t id = 0;
  std::string code, name, short_name, kind, level, address, phone, email;
  std::string parent_code;
  nlohmann::json calendar;
  std::vector<Unit> units;
  std::vector<std::string> children;  // codes, in order
};

struct AgencySnapshot {
  uint64_t generation = 0;       // grows with every snapshot this process loads (keys cached pages that show agencies)
  std::vector<Agency> agencies;  // depth-first order
  std::map<std::string, size_t> by_code;
  const Agency* find(const std::string& code) const;
  bool within(const std::string& code, const std::string& ancestor) const;
  nlohmann::json tree_json() const;  // nested, roots first
  nlohmann::json to_json(const Agency& a, bool with_children) const;
};

class AgencyService {
 public:
  explicit AgencyService(store::Db& db) : db_(db) {}
  int import_tree(const nlohmann::json& roots);
  std::shared_ptr<const AgencySnapshot> snapshot();
  void invalidate();

 private:
  std::shared_ptr<const AgencySnapshot> load();
  store::Db& db_;
  std::mutex mu_;
  std::shared_ptr<const AgencySnapshot> snap_;
};

}  // namespace motcua::services
