// The console client's commands (SPEC §8), one function each, grouped in
// files by topic: account.cpp, account_data.cpp, pairing.cpp, keys.cpp,
// messaging.cpp, together.cpp, history.cpp, checkin.cpp, triggers.cpp, and
// chat.cpp for the interactive mode. Each prints its
// output on ctx.out(), notices on ctx.err(), and returns an error (printed
// by the CLI as "toward: <reason>", exit 1) on failure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "app_result.hpp"
#include "commands/command_context.hpp"
#include "commands/refresh.hpp"
#include "outgoing.hpp"

namespace toward::app {

// register USER: creates the account, remembers the server, makes and publishes keys.
// `registration_code`: for a server whose registration is invite-only.
app_status run_register(command_context& ctx, const std::string& user_name,
                        const std::string& registration_code);
// login USER: a new session for this home's user (or an empty home).
app_status run_login(command_context& ctx, const std::string& user_name);
// logout: revokes the session token on the server and forgets it.
app_status run_logout(command_context& ctx);

// What `export` was asked.
struct export_request {
    std::string format = "json";  // "json" or "markdown" (the CLI allows nothing else)
    std::string output;           // empty: stdout
    bool force = false;           // replace an existing output file
};
// export: the local decrypted history, offline. JSON: export_json of
// history_export.hpp. To a file: mode 0600, never over an existing one
// unless forced.
app_status run_export(command_context& ctx, const export_request& request);
// delete-account: after the user typed their name (or `confirmed`, --yes)
// and the password, deletes the account on the server, then erases this home.
app_status run_delete_account(command_context& ctx, bool confirmed);

// invite: prints a new invite code. JSON: {"invite_code", "invite_id", "expires_at_ms"}.
app_status run_invite(command_context& ctx, bool json);
// pair CODE: redeems the invite and checks the inviter's keys against it.
app_status run_pair(command_context& ctx, const std::string& code);
// unpair: ends the pair on the server; both partners are told.
app_status run_unpair(command_context& ctx);

// safety-number: the 60 digits both partners compare. JSON: {"safety_number",
// "groups", "user", "partner", "pending_safety_number"}.
app_status run_safety_number(command_context& ctx, bool json);
// accept-key: trusts the partner's changed identity key, so sending resumes.
app_status run_accept_key(command_context& ctx);

// What `send` was asked (the flags of SPEC §8; --chat is the default tagging).
struct send_request {
    std::string text;
    message_tags tags;
    bool chat = false;  // --chat: no classifier
    bool json = false;
};
// send: encrypts, queues, sends; succeeds only once the server acknowledged
// (the message stays queued otherwise). JSON: the message object of
// message_format.hpp.
app_status run_send(command_context& ctx, const send_request& request);

// sync: resends the outbox, fetches and prints new messages.
// JSON: {"received": [message...], "sent": [message...], "refused": [{"message", "reason"}]}.
app_status run_sync(command_context& ctx, bool json);

// history: the local history, oldest first (limit 0: all). JSON: {"messages": [message...]}.
app_status run_history(command_context& ctx, std::size_t limit, bool json);

// summary [--week YYYY-Www]: the weekly bid-response summary (empty week:
// the current one). JSON: summary_json of summary_format.hpp.
app_status run_summary(command_context& ctx, const std::string& week, bool json);
// settings: the pair's settings. JSON: settings_json of summary_format.hpp.
app_status run_settings(command_context& ctx, bool json);
// settings set KEY VALUE: changes one setting and prints the result.
app_status run_settings_set(command_context& ctx, const std::string& key, const std::string& value,
                            bool json);
// pause MINUTES: no bid is missed meanwhile; 0 ends the running pause.
app_status run_pause(command_context& ctx, std::uint32_t minutes, bool json);
// retag SEQ: changes the tags of one of our own messages.
app_status run_retag(command_context& ctx, std::uint64_t seq, const message_tags& tags, bool chat,
                     bool json);
// react SEQ EMOJI: sends EMOJI as a toward response to the partner's bid SEQ.
app_status run_react(command_context& ctx, std::uint64_t seq, const std::string& emoji, bool json);
// classify [--answering [--to BID]] [--explain] TEXT: the classifier's
// decision, as send and chat would make it; no server, no home.
// JSON: classification_json of summary_format.hpp.
struct classify_request {
    std::string text;
    bool answering = false;  // as the answer to a bid
    std::string bid_text;    // that bid's text, when known (--to)
    bool explain = false;    // list what pushed the decision
    bool json = false;
};
int run_classify(const classify_request& request, std::ostream& out);

// What `checkin` was asked. Without any answer flag, the questions are asked
// on the input (one line each; an empty line skips a reflective question).
struct checkin_request {
    bool json = false;
    std::string occurrence;  // --occurrence YYYY-MM-DD; empty: the current check-in
    std::optional<unsigned> mood;
    std::optional<std::string> appreciation;
    std::optional<std::string> need;
    std::vector<std::string> reflections;  // "ID=TEXT"
};
// checkin: answers the current check-in (docs/CHECKIN.md), stores the
// answers and sends them end to end. JSON: one entry of checkin --history.
app_status run_checkin(command_context& ctx, const checkin_request& request);
// checkin --history: past check-ins, newest first, the partner's answers
// hidden until ours exist; fetched first unless `view` says otherwise
// (commands/refresh.hpp). JSON: checkin_history_json of checkin_format.hpp,
// plus "up_to_date": whether it was fetched.
app_status run_checkin_history(command_context& ctx, bool json,
                               shared_view view = shared_view::fetch_first);

// triggers add TEXT [--helps TEXT]: adds one of our triggers and shares the
// list. JSON: {"id", "text", "helps", "shared"}.
app_status run_triggers_add(command_context& ctx, const std::string& text, const std::string& helps,
                            bool json);
// triggers list: ours and the partner's, fetched first unless `view` says
// otherwise. JSON: {"mine": [trigger...], "partner": {"user",
// "updated_at_ms", "triggers": [trigger...]} or null, "up_to_date"}.
app_status run_triggers_list(command_context& ctx, bool json,
                             shared_view view = shared_view::fetch_first);
// triggers remove ID: removes one of ours and shares the list. JSON: {"removed", "shared"}.
app_status run_triggers_remove(command_context& ctx, std::uint64_t id, bool json);

// What `breathe` was asked.
struct breathe_request {
    std::string pattern = "box";  // box or 4-7-8
    std::uint32_t minutes = 0;    // 1-30; 0: the server's default (3)
    bool stop = false;            // --stop: end the running session
    bool json = false;
};
// breathe: starts the pair's paced breathing session, or joins the running
// one, and follows it until it finishes, the partner stops it, or the user
// presses q or Ctrl-C (which stops it for both). JSON: one object per line,
// see breathe_format.hpp.
app_status run_breathe(command_context& ctx, const breathe_request& request);
// help-resources: the server's text about professional help. JSON: {"text"}.
app_status run_help_resources(command_context& ctx, bool json);

// chat: interactive mode until /quit or end of input.
app_status run_chat(command_context& ctx);

}  // namespace toward::app
