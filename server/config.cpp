#include "config.hpp"

#include <toml++/toml.h>
#include <CLI/CLI.hpp>
#include <boost/asio/ip/address.hpp>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <variant>
#include <vector>

namespace toward::server {
namespace {

// One setting: where it lives in the TOML file, its flag, and its field.
struct setting {
    std::string key;   // dotted TOML path, e.g. "limits.max_frame_bytes"
    std::string flag;  // e.g. "--max-frame-bytes"
    std::string help;
    std::variant<std::int64_t*, bool*, std::string*> field;
};

std::vector<setting> settings_of(server_config& c) {
    auto& l = c.limits;
    auto& a = c.auth;
    return {
        {"listen", "--listen", "HOST:PORT to listen on (port 0: any free port)", &c.listen},
        {"data", "--data", "data directory (database, development certificate)", &c.data_dir},
        {"threads", "--threads", "I/O threads (0: one per core, less the store's)", &c.threads},
        {"log_level", "--log-level", "debug, info, warn or error", &c.log_level},
        {"behind_proxy", "--behind-proxy",
         "a TLS-terminating proxy sits in front: allow plain ws:// on any address",
         &c.behind_proxy},
        {"trusted_proxies", "--trusted-proxies",
         "comma-separated proxy addresses whose X-Forwarded-For is believed (behind_proxy)",
         &c.trusted_proxies},
        {"tls.dev", "--dev-tls", "make a self-signed certificate in DATA/tls on first start",
         &c.dev_tls},
        {"tls.cert", "--tls-cert", "PEM certificate chain", &c.tls_cert},
        {"tls.key", "--tls-key", "PEM private key", &c.tls_key},
        {"store.synchronous", "--synchronous",
         "full (fsync every commit) or normal (faster; a power cut may lose the last commits)",
         &c.synchronous},
        {"store.retention_days", "--retention-days",
         "days after which the ciphertext of messages both partners have is deleted (0: never)",
         &c.retention_days},
        {"pairing.invite_ttl_hours", "--invite-ttl-hours", "hours an invite stays valid",
         &c.invite_ttl_hours},
        {"registration", "--registration",
         "who may create an account: open, invite-only (by a code from toward-server "
         "registration-code) or closed",
         &c.registration},
        {"help.resources_file", "--help-resources-file",
         "plain-text file of professional help resources (default: the installed "
         "share/toward/help-resources.txt, else docs/HELP_RESOURCES.txt)",
         &c.help_resources_file},
        {"metrics.listen", "--metrics-listen",
         "loopback HOST:PORT serving GET /metrics for your monitoring (empty: none)",
         &c.metrics_listen},
        {"limits.max_frame_bytes", "--max-frame-bytes", "largest frame accepted",
         &l.max_frame_bytes},
        {"limits.messages_per_second", "--messages-per-second",
         "frames per second per connection (sustained)", &l.messages_per_second},
        {"limits.message_burst", "--message-burst", "frames per connection in a burst",
         &l.message_burst},
        {"limits.login_attempts_per_minute", "--login-attempts-per-minute",
         "login attempts per user name per minute", &l.login_attempts_per_minute},
        {"limits.login_attempts_per_minute_per_address", "--login-attempts-per-minute-per-address",
         "login attempts per client address per minute", &l.login_attempts_per_minute_per_address},
        {"limits.redeem_attempts_per_minute", "--redeem-attempts-per-minute",
         "invite redemptions per user per minute", &l.redeem_attempts_per_minute},
        {"limits.redeem_attempts_per_minute_per_address",
         "--redeem-attempts-per-minute-per-address",
         "invite redemptions per client address per minute",
         &l.redeem_attempts_per_minute_per_address},
        {"limits.connections_per_address", "--connections-per-address",
         "simultaneous WebSocket connections per client address", &l.connections_per_address},
        {"limits.auth_timeout_s", "--auth-timeout", "seconds to authenticate after connecting",
         &l.auth_timeout_s},
        {"limits.idle_timeout_s", "--idle-timeout",
         "seconds of silence before a peer is pinged and then dropped", &l.idle_timeout_s},
        {"limits.write_queue_bytes", "--write-queue-bytes",
         "bytes queued to a slow reader before it is disconnected", &l.write_queue_bytes},
        {"limits.open_invites_per_user", "--open-invites-per-user",
         "open (unredeemed, unexpired) invites one user may hold", &l.open_invites_per_user},
        {"limits.pair_storage_mb", "--pair-storage-mb",
         "MiB of message ciphertext the server keeps for one pair", &l.pair_storage_mb},
        {"auth.scrypt_log2_n", "--scrypt-log2-n",
         "scrypt cost N=2^n (17 = OWASP minimum; lower only for tests and benchmarks)",
         &a.scrypt_log2_n},
        {"auth.scrypt_r", "--scrypt-r", "scrypt block size r", &a.scrypt_r},
        {"auth.scrypt_p", "--scrypt-p", "scrypt parallelism p", &a.scrypt_p},
        {"auth.hash_threads", "--hash-threads",
         "threads for password hashing (0: half the cores, at least 1)", &a.hash_threads},
        {"auth.hash_queue", "--hash-queue",
         "password hashes waiting or running at once; more are refused as UNAVAILABLE",
         &a.hash_queue},
        {"auth.hash_queue_per_address", "--hash-queue-per-address",
         "places in the hash queue one client address may hold", &a.hash_queue_per_address},
    };
}

void collect_keys(const toml::table& table, const std::string& prefix,
                  std::vector<std::string>& keys) {
    for (const auto& [key, node] : table) {
        const std::string path =
            prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        if (const auto* child = node.as_table()) {
            collect_keys(*child, path, keys);
        } else {
            keys.push_back(path);
        }
    }
}

// Sets one setting from its flag's text (whole numbers are checked).
void apply_flag(setting& s, const std::string& text, bool switched) {
    std::visit(
        [&](auto* field) {
            using value_type = std::remove_pointer_t<decltype(field)>;
            if constexpr (std::is_same_v<value_type, bool>) {
                *field = switched;
            } else if constexpr (std::is_same_v<value_type, std::string>) {
                *field = text;
            } else {
                try {
                    std::size_t used = 0;
                    *field = std::stoll(text, &used);
                    if (used != text.size()) throw std::invalid_argument("");
                } catch (const std::exception&) {
                    throw config_error(s.flag + ": '" + text + "' is not a whole number");
                }
            }
        },
        s.field);
}

}  // namespace

void apply_toml(const std::string& toml_text, const std::string& source, server_config& config) {
    toml::table table;
    try {
        table = toml::parse(toml_text, source);
    } catch (const toml::parse_error& e) {
        std::ostringstream message;
        message << source << ":" << e.source().begin.line << ": " << e.description();
        throw config_error(message.str());
    }
    auto settings = settings_of(config);
    std::map<std::string, setting*> by_key;
    for (auto& s : settings) by_key[s.key] = &s;

    std::vector<std::string> keys;
    collect_keys(table, "", keys);
    for (const auto& key : keys) {
        auto it = by_key.find(key);
        if (it == by_key.end()) throw config_error(source + ": unknown setting '" + key + "'");
        const auto node = table.at_path(key);
        const bool ok = std::visit(
            [&](auto* field) {
                using value_type = std::remove_pointer_t<decltype(field)>;
                // Exact: value<int64_t>() would cast a float such as 9.3e19
                // to an integer, undefined behaviour (tests/fuzz/server_config).
                if (auto value = node.value_exact<value_type>()) {
                    *field = *value;
                    return true;
                }
                return false;
            },
            it->second->field);
        if (!ok) throw config_error(source + ": setting '" + key + "' has the wrong type");
    }
}

namespace {

// The defaults with the settings of the TOML file at `path` applied.
server_config load_config_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw config_error(path + ": cannot read it");
    std::stringstream text;
    text << in.rdbuf();
    server_config config;
    apply_toml(text.str(), path, config);
    return config;
}

}  // namespace

namespace {

// The address of a HOST:PORT setting; `name` is the setting, for the error.
boost::asio::ip::address listen_address(const std::string& listen, const std::string& name) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) throw config_error(name + " must be HOST:PORT");
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    boost::system::error_code ec;
    const auto address =
        boost::asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
    if (ec) throw config_error(name + ": '" + host + "' is not an IP address");
    return address;
}

}  // namespace

void validate(const server_config& c) {
    auto positive = [](std::int64_t value, const char* name) {
        if (value <= 0) throw config_error(std::string(name) + " must be positive");
    };
    positive(c.limits.max_frame_bytes, "limits.max_frame_bytes");
    positive(c.limits.messages_per_second, "limits.messages_per_second");
    positive(c.limits.message_burst, "limits.message_burst");
    positive(c.limits.login_attempts_per_minute, "limits.login_attempts_per_minute");
    positive(c.limits.login_attempts_per_minute_per_address,
             "limits.login_attempts_per_minute_per_address");
    positive(c.limits.redeem_attempts_per_minute, "limits.redeem_attempts_per_minute");
    positive(c.limits.redeem_attempts_per_minute_per_address,
             "limits.redeem_attempts_per_minute_per_address");
    positive(c.limits.connections_per_address, "limits.connections_per_address");
    // Upper bounds too: the server turns these into milliseconds and
    // nanoseconds, which must not overflow (found by tests/fuzz/server_config).
    auto at_most = [](std::int64_t value, std::int64_t most, const char* name) {
        if (value > most)
            throw config_error(std::string(name) + " must be at most " + std::to_string(most));
    };
    constexpr std::int64_t day_s = 24 * 3600;
    positive(c.limits.auth_timeout_s, "limits.auth_timeout_s");
    at_most(c.limits.auth_timeout_s, day_s, "limits.auth_timeout_s");
    positive(c.limits.idle_timeout_s, "limits.idle_timeout_s");
    at_most(c.limits.idle_timeout_s, day_s, "limits.idle_timeout_s");
    positive(c.limits.write_queue_bytes, "limits.write_queue_bytes");
    // Halved rather than doubling max_frame_bytes, which could overflow.
    if (c.limits.write_queue_bytes / 2 < c.limits.max_frame_bytes)
        throw config_error(
            "limits.write_queue_bytes must hold at least two frames of max_frame_bytes");
    positive(c.invite_ttl_hours, "pairing.invite_ttl_hours");
    at_most(c.invite_ttl_hours, 365 * 24, "pairing.invite_ttl_hours");
    if (c.retention_days < 0 || c.retention_days > 100 * 365)
        throw config_error("store.retention_days must be 0 (keep forever) to 36500");
    if (c.auth.hash_threads < 0) throw config_error("auth.hash_threads must be 0 or more");
    positive(c.auth.hash_queue, "auth.hash_queue");
    positive(c.auth.hash_queue_per_address, "auth.hash_queue_per_address");
    if (c.auth.scrypt_log2_n < 1 || c.auth.scrypt_log2_n > 22)
        throw config_error("auth.scrypt_log2_n must be between 1 and 22");
    positive(c.auth.scrypt_r, "auth.scrypt_r");
    positive(c.auth.scrypt_p, "auth.scrypt_p");
    if (c.threads < 0) throw config_error("threads must be 0 (automatic) or more");
    positive(c.limits.open_invites_per_user, "limits.open_invites_per_user");
    positive(c.limits.pair_storage_mb, "limits.pair_storage_mb");
    at_most(c.limits.pair_storage_mb, std::int64_t{1} << 30, "limits.pair_storage_mb");
    if (c.registration != "open" && c.registration != "invite-only" && c.registration != "closed")
        throw config_error("registration must be 'open', 'invite-only' or 'closed'");
    if (c.synchronous != "full" && c.synchronous != "normal")
        throw config_error("store.synchronous must be 'full' or 'normal'");
    if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
        c.log_level != "error")
        throw config_error("log_level must be debug, info, warn or error");
    trusted_proxy_addresses(c);  // throws on a bad entry
    if (c.tls_cert.empty() != c.tls_key.empty())
        throw config_error("tls.cert and tls.key go together: set both or neither");

    const auto address = listen_address(c.listen, "listen");
    if (!c.tls_enabled() && !c.behind_proxy && !address.is_loopback()) {
        throw config_error(
            "refusing to serve plain ws:// on " + c.listen +
            ": give a certificate (--tls-cert/--tls-key or --dev-tls), or --behind-proxy when a "
            "TLS-terminating proxy sits in front");
    }
    if (!c.metrics_listen.empty() &&
        !listen_address(c.metrics_listen, "metrics.listen").is_loopback()) {
        throw config_error("metrics.listen must be a loopback address (" + c.metrics_listen +
                           " is not): the metrics tell when and how much a couple talks; "
                           "scrape them on this machine or through an SSH tunnel");
    }
}

std::set<std::string> trusted_proxy_addresses(const server_config& c) {
    std::set<std::string> addresses;
    std::stringstream list(c.trusted_proxies);
    for (std::string item; std::getline(list, item, ',');) {
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (item.empty()) continue;
        boost::system::error_code ec;
        const auto address = boost::asio::ip::make_address(item, ec);
        if (ec) throw config_error("trusted_proxies: '" + item + "' is not an IP address");
        addresses.insert(address.to_string());
    }
    return addresses;
}

bool parse_command_line(int argc, char** argv, server_command& command, int& exit_code) {
    CLI::App app{"toward-server: relays end-to-end encrypted messages between two partners"};
    app.set_version_flag("--version", "toward-server 0.1.0");
    std::string config_file;
    app.add_option("--config", config_file, "TOML configuration file")->check(CLI::ExistingFile);

    // Flags are read into text first and applied after the file, so they win.
    server_config config;
    auto settings = settings_of(config);
    std::map<std::string, std::string> flag_values;
    std::map<std::string, bool> switch_values;
    std::vector<std::pair<setting*, CLI::Option*>> options;
    for (auto& s : settings) {
        CLI::Option* option = nullptr;
        if (std::holds_alternative<bool*>(s.field)) {
            option = app.add_flag(s.flag, switch_values[s.key], s.help);
        } else {
            option = app.add_option(s.flag, flag_values[s.key], s.help);
        }
        options.emplace_back(&s, option);
    }

    backup_command backup;
    std::string backup_config;
    auto* backup_app = app.add_subcommand(
        "backup", "copy the store into one file, consistently, while the server runs");
    backup_app->add_option("--to", backup.target, "file to write (mode 0600)")->required();
    auto* backup_data = backup_app->add_option("--data", backup.data_dir, "the data directory");
    backup_app
        ->add_option("--config", backup_config, "the server's TOML file, for its data directory")
        ->check(CLI::ExistingFile);

    restore_command restore;
    std::string restore_config;
    auto* restore_app = app.add_subcommand(
        "restore", "make a backup file the store of a data directory (server stopped)");
    restore_app->add_option("--from", restore.source, "the backup file")
        ->required()
        ->check(CLI::ExistingFile);
    auto* restore_data = restore_app->add_option("--data", restore.data_dir, "the data directory");
    restore_app
        ->add_option("--config", restore_config, "the server's TOML file, for its data directory")
        ->check(CLI::ExistingFile);
    restore_app->add_flag("--force", restore.force, "replace a database that holds accounts");

    registration_code_command code;
    std::string code_config;
    auto* code_app = app.add_subcommand(
        "registration-code",
        "print a new code that lets someone register (registration = invite-only; valid 7 days)");
    auto* code_data = code_app->add_option("--data", code.data_dir, "the data directory");
    code_app->add_option("--config", code_config, "the server's TOML file, for its data directory")
        ->check(CLI::ExistingFile);
    code_app->add_option("--uses", code.uses, "how many accounts it may create")
        ->check(CLI::Range(1, 100));
    app.require_subcommand(0, 1);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        exit_code = app.exit(e);
        return false;
    }

    if (!config_file.empty()) config = load_config_file(config_file);
    for (auto& [s, option] : options) {
        if (option->count() == 0) continue;
        apply_flag(*s, flag_values[s->key], switch_values[s->key]);
    }
    // A subcommand's data directory: its own --data, else the `data` of its
    // --config, else what the serving options say.
    auto data_dir_for = [&](CLI::Option* data_flag, const std::string& file,
                            const std::string& given) {
        if (data_flag->count() > 0) return given;
        if (!file.empty()) return load_config_file(file).data_dir;
        return config.data_dir;
    };
    if (*backup_app) {
        backup.data_dir = data_dir_for(backup_data, backup_config, backup.data_dir);
        command = std::move(backup);
    } else if (*restore_app) {
        restore.data_dir = data_dir_for(restore_data, restore_config, restore.data_dir);
        command = std::move(restore);
    } else if (*code_app) {
        code.data_dir = data_dir_for(code_data, code_config, code.data_dir);
        command = std::move(code);
    } else {
        validate(config);
        command = std::move(config);
    }
    return true;
}

bool parse_server_config(int argc, char** argv, server_config& config, int& exit_code) {
    server_command command;
    if (!parse_command_line(argc, argv, command, exit_code)) return false;
    auto* serving = std::get_if<server_config>(&command);
    if (!serving) throw config_error("expected the server's settings, not a subcommand");
    config = std::move(*serving);
    return true;
}

}  // namespace toward::server
