// Message templates (mẫu thông báo) and who is reached how (pure): the one list of the events the system tells
// people about, their default Vietnamese texts, the placeholders each may use, and the rule that turns a
// person's preferences and addresses into the channels a message goes to.
//
// Contract
// - events(): every templated event (dossier.submit … staff.digest), in the order pages show them. An event is
//   `required` when the person must be told whatever their preferences say (a request that needs them to act,
//   a refusal, a one-time code); those cannot be muted. find_event(id) → nullptr for any other event (webhooks,
//   the national sync, orders to the post: their bodies are built by their services, never templated).
// - Template syntax (a small subset of Mustache, plain text): {{name}} is the value; {{#name}}…{{/name}} is
//   kept when the value is not empty, {{^name}}…{{/name}} when it is. Values are inserted as they are (the
//   HTML body escapes the whole text later). render() never fails: an unknown name renders empty.
// - check(event, channel, subject, text): the admin's edit, after sanitize(): problems per field ("subject",
//   "text") in Vietnamese — an empty subject (e-mail and Zalo; an SMS has none), empty text, too long (subject 200, text 2,000 characters; SMS 640), a name the
//   event does not offer, unbalanced or nested-same-name sections, HTML tags (templates are plain text),
//   a placeholder the event needs missing (the code of a one-time-code message, the reason of a refusal…).
// - sanitize(s): NFC, CR LF → LF, other control characters removed, trailing spaces of lines and the ends
//   trimmed.
// - route(event, prefs, reach): the channels and addresses of one message. Without preferences: e-mail when
//   there is an address, else SMS (the rule before preferences existed). With them: nothing for a muted,
//   not-required event; else every chosen channel that has an address (Zalo needs a linked follower id); when
//   none of the chosen channels can reach the person, the rule without preferences — a message is never
//   dropped because of a choice that cannot work.
#pragma once
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::notify {

using Vars = std::map<std::string, std::string>;

struct EventKind {
  std::string_view id;
  std::string_view label;     // what the event is, for the admin and the citizen's preferences
  std::string_view group;     // heading it is listed under
  bool required = false;      // cannot be muted
  bool staff = false;         // sent to officers (not in a citizen's preferences)
  std::vector<std::string_view> vars;  // names beyond the common ones (ma_ho_so, thu_tuc, co_quan, lien_ket_tra_cuu)
  std::vector<std::string_view> must;  // names the text must keep
  std::string_view subject, text;      // the defaults
  std::string_view short_text;         // the default for SMS when shorter than `text` ("" = text)
};

struct VarInfo {
  std::string_view name, meaning;
};

const std::vector<EventKind>& events();
const EventKind* find_event(std::string_view id);
// Every placeholder an event offers, with what it means (common ones first).
std::vector<VarInfo> vars_of(const EventKind& e);
// The default text of an event on a channel (SMS takes short_text when there is one).
std::string_view default_text(const EventKind& e, std::string_view channel);
// Values for a preview: a plausible dossier of the demo catalog.
Vars sample_vars(const EventKind& e);

inline constexpr std::string_view kChannels[] = {"email", "sms", "zalo"};
bool known_channel(std::string_view c);
std::string_view channel_label(std::string_view c);  // "Thư điện tử", "SMS", "Zalo"

std::string render(std::string_view tpl, const Vars& vars);
std::string sanitize(std::string_view s);

struct Problem {
  std::string field, message;
};
std::vector<Problem> check(const EventKind& e, std::string_view channel, const std::string& subject, const std::string& text);

struct Prefs {
  bool set = false;                 // the person chose (else the default rule)
  std::set<std::string> channels;   // email | sms | zalo
  std::set<std::string> muted;      // event ids they do not want (required ones are ignored)
};
struct Reach {
  std::string email, phone, zalo;   // zalo: the OA follower id of a linked account
};
struct Target {
  std::string channel, address;
  bool operator==(const Target&) const = default;
};
std::vector<Target> route(const EventKind* e, const Prefs& p, const Reach& r);

// Preferences stored as text: "email,sms" ↔ {"email","sms"} (unknown words dropped).
std::set<std::string> parse_list(std::string_view csv);
std::string join_list(const std::set<std::string>& s);

}  // namespace motcua::notify
