// Drives `toward` in-process for the client tests: one client_home per user
// (its own temporary home), commands run through run_command with the test
// password and an empty environment.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "cli.hpp"
#include "commands/command_context.hpp"
#include "temp_dir.hpp"
#include "test_server.hpp"

namespace toward::testing {

// What one command did.
struct command_result {
    int exit_code = -1;
    std::string out;
    std::string err;

    bool ok() const { return exit_code == 0; }
    // out parsed as JSON (fails the test when it is not).
    nlohmann::json json() const;
};

// Prints a result in assertion messages.
std::ostream& operator<<(std::ostream& os, const command_result& result);

// An output stream that one thread writes (a command running in it) while
// another waits for some text to appear: waiting on events, not sleeping.
class watched_output : private std::streambuf {
  public:
    watched_output() : stream_(this) {}
    std::ostream& stream() { return stream_; }
    // Waits until the output holds `text`; false after `timeout`.
    bool wait_for(const std::string& text,
                  std::chrono::milliseconds timeout = std::chrono::seconds(15));
    std::string text() const;

  private:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::string text_;
    std::ostream stream_;
};

// A command context and a resumed session_client of a home, for tests that
// work below the CLI (the context owns the store the client uses).
struct live_session {
    std::unique_ptr<app::command_context> context;
    std::unique_ptr<app::session_client> client;
};

class client_home {
  public:
    // A user of srv with a fresh home; nothing is run yet.
    client_home(const test_server& srv, std::string user_name);

    // Runs `toward --home HOME args...`.
    command_result run(std::vector<std::string> args);
    // Runs `toward --home HOME args...` with its standard output going to `out`.
    command_result run_watched(std::vector<std::string> args, watched_output& out);
    // Runs with --server and --ca-file of the test server too.
    command_result run_with_server(std::vector<std::string> args);
    // Runs with `typed` as what the user types (a pipe that ends after it).
    command_result run_with_input(std::vector<std::string> args, const std::string& typed);

    // From now on run_with_server uses `srv` (a server restarted elsewhere).
    void use_server(const test_server& srv) { srv_ = &srv; }

    // Opens this home and resumes its session (fails the test when it cannot).
    live_session connect_session();

    // register USER (asserts success).
    void register_user();
    // invite --json; returns the code (asserts success).
    std::string invite();

    // Frames from the server pass through this first (a server that lies).
    void set_inbound_hook(std::function<void(v1::ServerFrame&)> hook) {
        options_.hooks.inbound = std::move(hook);
    }
    app::run_options& options() { return options_; }
    const std::string& name() const { return name_; }
    const std::filesystem::path& home() const { return dir_.path(); }

  private:
    const test_server* srv_;
    std::string name_;
    temp_dir dir_;
    app::run_options options_;
    std::ostringstream session_out_;  // what a live_session's context prints
};

// Registers both, pairs them (a invites, b pairs, a syncs to verify b's keys).
void pair_clients(client_home& a, client_home& b);

// A fixture: a server, and alice and bob paired on it.
struct paired_couple : ::testing::Test {
    test_server srv;
    client_home alice{srv, "alice"};
    client_home bob{srv, "bob"};
    void SetUp() override { ASSERT_NO_FATAL_FAILURE(pair_clients(alice, bob)); }
};

// Both partners consent to bid tracking (no command for it yet: raw frames);
// without it the server drops bid metadata.
void enable_bid_tracking(const test_server& srv, const client_home& a, const client_home& b);

// Fails the test when any of the secrets appears in any file under the
// server's data directory (the database, its WAL, backups...).
void expect_not_on_server_disk(const test_server& srv, const std::vector<std::string>& secrets);

// The texts of a JSON message array, in order.
std::vector<std::string> texts_of(const nlohmann::json& messages);

}  // namespace toward::testing
