// The log channel (see channel.h): appends one JSON line per message to <data>/outbox.log.
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "domain/format.h"
#include "services/audit/audit_log.h"
#include "services/notify/channel.h"

namespace motcua::services::notify {

std::string Outgoing::message_id() const { return sha256_hex(key).substr(0, 32) + "@motcua"; }

Channel* Channels::find(const std::string& name, const std::string& agency) const {
  if (!agency.empty() && !by_agency_.empty()) {
    std::vector<std::string> chain = lineage_ ? lineage_(agency) : std::vector<std::string>{agency};
    for (const auto& a : chain)
      if (auto it = by_agency_.find({a, name}); it != by_agency_.end()) return it->second.get();
  }
  auto it = by_name_.find(name);
  return it != by_name_.end() ? it->second.get() : fallback_.get();
}

std::map<std::string, std::string> Channels::describe() const {
  std::map<std::string, std::string> out;
  for (const auto& [name, c] : by_name_) out[name] = c->describe();
  for (const auto& [key, c] : by_agency_) out[key.first + "/" + key.second] = c->describe();
  if (fallback_) out["*"] = fallback_->describe();
  return out;
}

namespace {
class LogChannel final : public Channel {
 public:
  explicit LogChannel(std::string path) : path_(std::move(path)) {}
  std::string send(const Outgoing& m) override {
    std::lock_guard lk(mu_);
    std::ofstream out(path_, std::ios::app);
    out << nlohmann::json{{"at", fmt::iso_datetime(fmt::now_ms())}, {"channel", m.channel}, {"to", m.recipient}, {"subject", m.subject},
                          {"body", m.text}, {"event", m.event}, {"message_id", m.message_id()}}
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n";
    out.flush();
    if (!out) throw SendError("không ghi được " + path_, false);
    return m.message_id();
  }
  std::string describe() const override { return "log:" + path_; }

 private:
  std::string path_;
  std::mutex mu_;
};
}  // namespace

std::unique_ptr<Channel> make_log_channel(const std::string& path) { return std::make_unique<LogChannel>(path); }

}  // namespace motcua::services::notify
