// Drives `toward` in-process for the client tests: one client_home per user
// (its own temporary home), commands run through run_command with the test
// password and an empty environment.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli.hpp"
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

class client_home {
  public:
    // A user of srv with a fresh home; nothing is run yet.
    client_home(const test_server& srv, std::string user_name);

    // Runs `toward --home HOME args...`.
    command_result run(std::vector<std::string> args);
    // Runs with --server and --ca-file of the test server too.
    command_result run_with_server(std::vector<std::string> args);
    // Runs with `typed` as what the user types (a pipe that ends after it).
    command_result run_with_input(std::vector<std::string> args, const std::string& typed);

    // From now on run_with_server uses `srv` (a server restarted elsewhere).
    void use_server(const test_server& srv) { srv_ = &srv; }

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
};

// Registers both, pairs them (a invites, b pairs, a syncs to verify b's keys).
void pair_clients(client_home& a, client_home& b);

// Both partners consent to bid tracking (no command for it yet: raw frames);
// without it the server drops bid metadata.
void enable_bid_tracking(const test_server& srv, const client_home& a, const client_home& b);

// Fails the test when any of the secrets appears in any file under the
// server's data directory (the database, its WAL, backups...).
void expect_not_on_server_disk(const test_server& srv, const std::vector<std::string>& secrets);

// The texts of a JSON message array, in order.
std::vector<std::string> texts_of(const nlohmann::json& messages);

}  // namespace toward::testing
