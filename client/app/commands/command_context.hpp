// What every command works with: the resolved home and its store, the output
// streams, the server to use, the password source, and the connection steps
// most commands share. Built by the CLI for one command invocation.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app_result.hpp"
#include "home.hpp"
#include "local_store.hpp"
#include "session_client.hpp"
#include "util/clock.hpp"

namespace toward::app {

// The options every command accepts.
struct global_options {
    std::optional<std::string> home;     // --home
    std::optional<std::string> server;   // --server
    std::optional<std::string> ca_file;  // --ca-file
};

// How the CLI reaches the outside world; tests replace parts of it.
struct run_options {
    env_reader env = process_env;
    // Asks for a password; empty: $TOWARD_PASSWORD, else a no-echo prompt.
    std::function<app_result<std::string>(const std::string& prompt)> password;
    // Asks the user to type a confirmation; empty: a prompt on the terminal.
    std::function<app_result<std::string>(const std::string& prompt)> confirm;
    client_hooks hooks;
    // Where `chat` and `checkin` read what the user types: a terminal gets
    // line editing in chat, anything else (a pipe in tests) is read line by line.
    int input_fd = 0;
    // The time the client goes by (the check-in's schedule); null: the
    // system clock. Tests set a manual clock.
    const toward::clock* clock = nullptr;
};

class command_context {
  public:
    // Resolves and prepares the home and opens its store.
    static app_result<std::unique_ptr<command_context>> open(const global_options& options,
                                                             std::ostream& out, std::ostream& err,
                                                             const run_options& run);

    local_store& store() { return *store_; }
    std::ostream& out() { return *out_; }
    std::ostream& err() { return *err_; }
    // Sends what commands print to other streams from now on (chat uses it to
    // print command output above the line being typed).
    void redirect(std::ostream& out, std::ostream& err) {
        out_ = &out;
        err_ = &err;
    }
    const run_options& run() const { return run_; }
    const std::filesystem::path& home() const { return home_; }

    // --server/--ca-file when given, else what register/login remembered;
    // fails for plain ws:// to a host that is not loopback.
    app_result<server_endpoint> endpoint();
    // Remembers endpoint for the next commands (CA path made absolute).
    app_status remember_endpoint(const server_endpoint& endpoint);

    // Connects without authenticating (register, login).
    app_result<std::unique_ptr<session_client>> connect();
    // Connects and resumes the stored session, then offers the check-in on
    // stderr when one is due and unanswered (unless quiet_checkin_offer).
    app_result<std::unique_ptr<session_client>> connect_and_resume();
    // With no partner yet but an invite out, connects once so that a pairing
    // the partner finished meanwhile is verified and stored before a command
    // that needs the partner decides there is none. An unreachable server
    // changes nothing: the command then says what it would have said.
    void finish_pending_pairing();
    // `checkin` itself does not need to be offered the check-in.
    void quiet_checkin_offer() { offer_checkin_ = false; }

    // Unix ms by the client's clock (run_options::clock).
    std::int64_t now_ms() const;

    app_result<std::string> password(const std::string& prompt);
    // What the user typed to confirm (run_options::confirm, else the terminal).
    app_result<std::string> confirmation(const std::string& prompt);
    // The logged-in user's name; fails when this home has none.
    app_result<std::string> user_name();
    // This client's keys, generated and saved on first use.
    app_result<own_keys> ensure_keys();

    // Prints a notice on stderr ("WARNING: " in front of warnings), made
    // harmless by safe_for_terminal.
    void show(const notice& note);
    notice_sink notices();
    // Prints value as indented JSON on stdout (invalid UTF-8 replaced).
    void print_json(const nlohmann::json& value);

  private:
    command_context(global_options options, std::filesystem::path home,
                    std::unique_ptr<local_store> store, std::ostream& out, std::ostream& err,
                    const run_options& run);

    global_options options_;
    std::filesystem::path home_;
    std::unique_ptr<local_store> store_;
    std::ostream* out_;
    std::ostream* err_;
    const run_options& run_;
    bool offer_checkin_ = true;
};

}  // namespace toward::app
