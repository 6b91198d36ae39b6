// Every setting of toward-server, with its default. Each one can be set in
// the TOML file (--config) and by its own flag; a flag wins over the file.
// README.md's configuration section lists them all.
#pragma once

#include <cstdint>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <variant>

namespace toward::server {

struct limits_config {
    std::int64_t max_frame_bytes = 64 * 1024;
    std::int64_t messages_per_second = 20;        // frames per connection, token bucket rate
    std::int64_t message_burst = 60;              // ... and its bucket size
    std::int64_t login_attempts_per_minute = 10;  // per user name
    std::int64_t login_attempts_per_minute_per_address = 30;  // per client address
    std::int64_t redeem_attempts_per_minute = 5;
    std::int64_t redeem_attempts_per_minute_per_address = 20;
    std::int64_t connections_per_address = 64;
    std::int64_t auth_timeout_s = 10;
    std::int64_t idle_timeout_s = 60;                  // a silent peer is pinged, then dropped
    std::int64_t write_queue_bytes = 8 * 1024 * 1024;  // per connection; more: a slow reader
    std::int64_t open_invites_per_user = 5;  // unredeemed, unexpired; more: TOO_MANY_INVITES
    std::int64_t pair_storage_mb = 1024;     // a pair's stored ciphertext; more: QUOTA_EXCEEDED
};

struct auth_config {
    // scrypt cost: N = 2^scrypt_log2_n. OWASP's minimum is N=2^17, r=8, p=1.
    // Lower it only for tests and benchmarks: it weakens stored passwords.
    std::int64_t scrypt_log2_n = 17;
    std::int64_t scrypt_r = 8;
    std::int64_t scrypt_p = 1;
    std::int64_t hash_threads = 0;  // password hashing runs here; 0: half the cores, at least 1
    std::int64_t hash_queue = 32;   // hashes waiting or running; more: UNAVAILABLE at once
    std::int64_t hash_queue_per_address = 4;  // of those, held by one client address
};

struct server_config {
    std::string listen = "127.0.0.1:8443";
    std::string data_dir = "toward-data";
    std::int64_t threads = 0;  // I/O threads; 0 = one per core
    std::string log_level = "info";
    bool behind_proxy = false;  // plain ws:// allowed on any address; client address from
                                // X-Forwarded-For
    // Peers whose X-Forwarded-For is believed (behind_proxy): comma-separated
    // addresses. Anyone else who reaches the port is counted by their own.
    std::string trusted_proxies = "127.0.0.1,::1";
    bool dev_tls = false;  // make a self-signed certificate under DATA/tls on first start
    std::string tls_cert;  // PEM certificate chain; empty with dev_tls: DATA/tls/cert.pem
    std::string tls_key;   // PEM private key; empty with dev_tls: DATA/tls/key.pem
    std::string synchronous = "full";  // "full" or "normal" (see README: durability)
    // Days after which the ciphertext of a message both partners have is
    // deleted (the row and its bid metadata stay); 0 keeps it forever.
    std::int64_t retention_days = 30;
    std::int64_t invite_ttl_hours = 24;
    // Who may create an account: "open" (anyone who reaches the server),
    // "invite-only" (with a registration code from the operator; the first
    // start makes one for two accounts), "closed" (nobody new).
    std::string registration = "invite-only";
    // The plain-text file `toward help-resources` shows (docs/HELP_RESOURCES.txt);
    // read at each request, so edits apply without a restart. Empty: the
    // installed PREFIX/share/toward/help-resources.txt next to the binary,
    // else the source tree's docs/HELP_RESOURCES.txt (help_resources.hpp).
    std::string help_resources_file;
    // HOST:PORT of the separate, plain-HTTP listener for GET /metrics; a
    // loopback address only (the figures say when a couple talks). Empty:
    // no metrics listener.
    std::string metrics_listen;
    limits_config limits;
    auth_config auth;

    std::filesystem::path database_path() const {
        return std::filesystem::path(data_dir) / "toward.db";
    }
    bool tls_enabled() const { return dev_tls || !tls_cert.empty(); }
};

class config_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// `toward-server backup`: an online copy of the store into one file.
struct backup_command {
    std::string data_dir = "toward-data";
    std::string target;  // the file to write
};

// `toward-server restore`: a backup file becomes the store of a data directory.
struct restore_command {
    std::string source;  // the backup file
    std::string data_dir = "toward-data";
    bool force = false;  // replace a database that holds accounts
};

// `toward-server registration-code`: a new code for registration = "invite-only".
struct registration_code_command {
    std::string data_dir = "toward-data";
    std::int64_t uses = 1;  // accounts it may create, 1-100
};

// What the command line asks for: serving (no subcommand), backup, restore
// or a registration code.
using server_command =
    std::variant<server_config, backup_command, restore_command, registration_code_command>;

// Parses the command line (and the TOML file that --config names) into a
// command. For backup and restore, --data wins over the `data` of --config.
// Returns false when the process should exit at once with `exit_code`
// (--help, --version, a usage error already printed). Throws config_error
// for a bad file or value.
bool parse_command_line(int argc, char** argv, server_command& command, int& exit_code);

// Parses the command line of the serving mode (and the TOML file it names)
// into a config. Returns false when the process should exit at once with
// `exit_code` (--help, --version, a usage error already printed). Throws
// config_error for a bad file or value, or when a subcommand is given.
bool parse_server_config(int argc, char** argv, server_config& config, int& exit_code);

// Loads settings from TOML text into `config`; unknown keys are an error.
void apply_toml(const std::string& toml_text, const std::string& source, server_config& config);

// Checks values and combinations (e.g. plain ws:// on a public address).
void validate(const server_config& config);

// The addresses of config.trusted_proxies, each as boost::asio writes it;
// throws config_error when one is not an IP address.
std::set<std::string> trusted_proxy_addresses(const server_config& config);

}  // namespace toward::server
