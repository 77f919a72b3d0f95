// Delivery channels behind one interface (services/notify). A channel sends one outbox row to one
// recipient and either returns the provider's id for it or throws SendError — transient (retry later:
// connection refused, timeout, 4xx from an SMTP server, 5xx or 429 from a gateway) or permanent (the
// message can never go: an address the server refuses, a 4xx from a gateway).
//
// Contract
// - Outgoing::key is the message's idempotency key (event/channel/recipient/occurrence). Channels that
//   can carry it do: e-mail as the Message-ID (message_id()), the HTTP gateways as request_id, so a
//   receiver that saw the message before can recognise a resend after a crash.
// - Channels never log secrets (passwords, tokens) and never throw anything but SendError for a failed
//   send.
// - Channels (the registry) maps a channel name — per agency when an agency has its own gateway
//   credentials — to its implementation: the message's agency, then each of its parents (lineage), then
//   the deployment's channel of that name, then the fallback (the log channel in development).
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace motcua::services::notify {

struct Outgoing {
  int64_t id = 0;
  std::string event, channel, recipient, subject, text, html, key;
  int64_t attempts = 0;  // including this one
  std::string agency;    // whose gateway credentials send it ("" = the deployment's)
  // "<32 hex of sha256(key)>@motcua": the same for every attempt of one message.
  std::string message_id() const;
};

class SendError : public std::runtime_error {
 public:
  SendError(const std::string& what, bool permanent) : std::runtime_error(what), permanent_(permanent) {}
  bool permanent() const { return permanent_; }

 private:
  bool permanent_;
};

class Channel {
 public:
  virtual ~Channel() = default;
  // Sends; returns the provider's id for the message (may be empty). Throws SendError.
  virtual std::string send(const Outgoing& m) = 0;
  // What it is, for logs and the admin page, without secrets ("smtp://127.0.0.1:2525", "log").
  virtual std::string describe() const = 0;
};

class Channels {
 public:
  // The agency and its parents, nearest first (from the agency tree); without it only exact agencies match.
  using Lineage = std::function<std::vector<std::string>(const std::string& agency)>;
  void add(const std::string& name, std::unique_ptr<Channel> c) { by_name_[name] = std::move(c); }
  void add_for_agency(const std::string& agency, const std::string& name, std::unique_ptr<Channel> c) {
    by_agency_[{agency, name}] = std::move(c);
  }
  void set_fallback(std::unique_ptr<Channel> c) { fallback_ = std::move(c); }
  void set_lineage(Lineage l) { lineage_ = std::move(l); }
  // The channel for `name` sent on behalf of `agency` (see above); nullptr when none exists.
  Channel* find(const std::string& name, const std::string& agency = "") const;
  // name → describe() for the deployment's channels, "*" → the fallback, "<agency>/<name>" per agency.
  std::map<std::string, std::string> describe() const;

 private:
  std::map<std::string, std::unique_ptr<Channel>> by_name_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Channel>> by_agency_;
  std::unique_ptr<Channel> fallback_;
  Lineage lineage_;
};

// The development channel: one JSON line per message ({at, channel, to, subject, body}) appended to path.
std::unique_ptr<Channel> make_log_channel(const std::string& path);

}  // namespace motcua::services::notify
