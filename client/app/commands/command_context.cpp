#include "commands/command_context.hpp"

#include <ostream>

#include "checkin_due.hpp"
#include "net/server_url.hpp"
#include "password.hpp"
#include "terminal_text.hpp"

namespace toward::app {

command_context::command_context(global_options options, std::filesystem::path home,
                                 std::unique_ptr<local_store> store, std::ostream& out,
                                 std::ostream& err, const run_options& run)
    : options_(std::move(options)),
      home_(std::move(home)),
      store_(std::move(store)),
      out_(&out),
      err_(&err),
      run_(run) {}

app_result<std::unique_ptr<command_context>> command_context::open(const global_options& options,
                                                                   std::ostream& out,
                                                                   std::ostream& err,
                                                                   const run_options& run) {
    auto home = resolve_home(options.home, run.env);
    if (!home) return home.error();
    if (auto prepared = prepare_home(*home); !prepared) return prepared.error();
    auto store = local_store::open(*home);
    if (!store) return store.error();
    return std::unique_ptr<command_context>(
        new command_context(options, std::move(*home), std::move(*store), out, err, run));
}

app_result<server_endpoint> command_context::endpoint() {
    server_endpoint endpoint;
    if (options_.server) {
        endpoint.url = *options_.server;
    } else {
        auto url = store_->setting(setting::server_url);
        if (!url) return url.error();
        if (*url) endpoint.url = **url;
    }
    if (options_.ca_file) {
        endpoint.ca_file = *options_.ca_file;
    } else if (!options_.server) {
        // A remembered CA file belongs to the remembered server only.
        auto ca = store_->setting(setting::ca_file);
        if (!ca) return ca.error();
        if (*ca) endpoint.ca_file = **ca;
    }
    if (endpoint.url.empty()) {
        return fail("no server known: pass --server wss://HOST:PORT/v1/ws");
    }
    // Refused before anything is asked or sent (connecting refuses it too).
    if (const auto url = client::parse_server_url(endpoint.url)) {
        if (auto refusal = client::plain_ws_refusal(*url); !refusal.empty()) return fail(refusal);
    }
    return endpoint;
}

app_status command_context::remember_endpoint(const server_endpoint& endpoint) {
    if (auto saved = store_->set_setting(setting::server_url, endpoint.url); !saved) return saved;
    if (endpoint.ca_file.empty()) return store_->erase_setting(setting::ca_file);
    std::error_code ec;
    auto absolute = std::filesystem::absolute(endpoint.ca_file, ec);
    return store_->set_setting(setting::ca_file, ec ? endpoint.ca_file : absolute.string());
}

app_result<std::unique_ptr<session_client>> command_context::connect() {
    auto where = endpoint();
    if (!where) return where.error();
    return session_client::connect(*store_, *where, notices(), run_.hooks);
}

app_result<std::unique_ptr<session_client>> command_context::connect_and_resume() {
    auto user = user_name();
    if (!user) return user.error();
    auto client = connect();
    if (!client) return client.error();
    if (auto resumed = (*client)->resume(); !resumed) return resumed.error();
    if (offer_checkin_) {
        // One kind line; nothing stops the command when it cannot be worked out.
        if (auto settings = (*client)->pair_settings()) {
            auto due = unanswered_checkin(*store_, *settings, now_ms());
            if (due && *due) show({false, checkin_offer_text(**due)});
        }
    }
    return client;
}

void command_context::finish_pending_pairing() {
    auto partner = store_->partner();
    if (!partner || *partner) return;
    auto invites = store_->pending_invites();
    if (!invites || invites->empty()) return;
    (void)connect_and_resume();
}

std::int64_t command_context::now_ms() const {
    static const toward::system_clock system;
    return (run_.clock ? *run_.clock : static_cast<const toward::clock&>(system)).now_ms();
}

app_result<std::string> command_context::password(const std::string& prompt) {
    if (run_.password) return run_.password(prompt);
    return read_password(run_.env, prompt);
}

app_result<std::string> command_context::confirmation(const std::string& prompt) {
    if (run_.confirm) return run_.confirm(prompt);
    return read_confirmation(prompt);
}

app_result<std::string> command_context::user_name() {
    auto name = store_->setting(setting::user_name);
    if (!name) return name.error();
    if (!*name) return fail("not logged in: run `toward register USER` or `toward login USER`");
    return **name;
}

app_result<own_keys> command_context::ensure_keys() {
    auto stored = store_->keys();
    if (!stored) return stored.error();
    if (*stored) return std::move(**stored);
    auto identity = crypto::generate_identity_keys();
    if (!identity) return fail("cannot make identity keys: " + identity.error().message());
    auto prekey = crypto::generate_signed_prekey(*identity);
    if (!prekey) return fail("cannot make a signed prekey: " + prekey.error().message());
    own_keys keys{std::move(*identity), std::move(*prekey)};
    if (auto saved = store_->save_keys(keys); !saved) return saved.error();
    return keys;
}

void command_context::show(const notice& note) {
    // Notices carry names and the server's words: one harmless line.
    *err_ << (note.warning ? "WARNING: " : "") << safe_for_terminal(note.text) << '\n';
}

notice_sink command_context::notices() {
    return [this](const notice& note) { show(note); };
}

void command_context::print_json(const nlohmann::json& value) {
    *out_ << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace toward::app
