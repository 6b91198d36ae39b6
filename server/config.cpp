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
        {"threads", "--threads", "I/O threads (0: one per core)", &c.threads},
        {"log_level", "--log-level", "debug, info, warn or error", &c.log_level},
        {"behind_proxy", "--behind-proxy",
         "a TLS-terminating proxy sits in front: allow plain ws:// on any address",
         &c.behind_proxy},
        {"tls.dev", "--dev-tls", "make a self-signed certificate in DATA/tls on first start",
         &c.dev_tls},
        {"tls.cert", "--tls-cert", "PEM certificate chain", &c.tls_cert},
        {"tls.key", "--tls-key", "PEM private key", &c.tls_key},
        {"store.synchronous", "--synchronous",
         "full (fsync every commit) or normal (faster; a power cut may lose the last commits)",
         &c.synchronous},
        {"pairing.invite_ttl_hours", "--invite-ttl-hours", "hours an invite stays valid",
         &c.invite_ttl_hours},
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
        {"auth.scrypt_log2_n", "--scrypt-log2-n",
         "scrypt cost N=2^n (17 = OWASP minimum; lower only for tests and benchmarks)",
         &a.scrypt_log2_n},
        {"auth.scrypt_r", "--scrypt-r", "scrypt block size r", &a.scrypt_r},
        {"auth.scrypt_p", "--scrypt-p", "scrypt parallelism p", &a.scrypt_p},
        {"auth.hash_threads", "--hash-threads", "threads for password hashing", &a.hash_threads},
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
                if (auto value = node.value<value_type>()) {
                    *field = *value;
                    return true;
                }
                return false;
            },
            it->second->field);
        if (!ok) throw config_error(source + ": setting '" + key + "' has the wrong type");
    }
}

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
    positive(c.limits.auth_timeout_s, "limits.auth_timeout_s");
    positive(c.limits.idle_timeout_s, "limits.idle_timeout_s");
    positive(c.limits.write_queue_bytes, "limits.write_queue_bytes");
    if (c.limits.write_queue_bytes < 2 * c.limits.max_frame_bytes)
        throw config_error(
            "limits.write_queue_bytes must hold at least two frames of max_frame_bytes");
    positive(c.invite_ttl_hours, "pairing.invite_ttl_hours");
    positive(c.auth.hash_threads, "auth.hash_threads");
    if (c.auth.scrypt_log2_n < 1 || c.auth.scrypt_log2_n > 22)
        throw config_error("auth.scrypt_log2_n must be between 1 and 22");
    positive(c.auth.scrypt_r, "auth.scrypt_r");
    positive(c.auth.scrypt_p, "auth.scrypt_p");
    if (c.threads < 0) throw config_error("threads must be 0 (one per core) or more");
    if (c.synchronous != "full" && c.synchronous != "normal")
        throw config_error("store.synchronous must be 'full' or 'normal'");
    if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
        c.log_level != "error")
        throw config_error("log_level must be debug, info, warn or error");
    if (c.tls_cert.empty() != c.tls_key.empty())
        throw config_error("tls.cert and tls.key go together: set both or neither");

    const auto colon = c.listen.rfind(':');
    if (colon == std::string::npos) throw config_error("listen must be HOST:PORT");
    std::string host = c.listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    boost::system::error_code ec;
    const auto address =
        boost::asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
    if (ec) throw config_error("listen: '" + host + "' is not an IP address");
    if (!c.tls_enabled() && !c.behind_proxy && !address.is_loopback()) {
        throw config_error(
            "refusing to serve plain ws:// on " + c.listen +
            ": give a certificate (--tls-cert/--tls-key or --dev-tls), or --behind-proxy when a "
            "TLS-terminating proxy sits in front");
    }
}

bool parse_server_config(int argc, char** argv, server_config& config, int& exit_code) {
    CLI::App app{"toward-server: relays end-to-end encrypted messages between two partners"};
    app.set_version_flag("--version", "toward-server 0.1.0");
    std::string config_file;
    app.add_option("--config", config_file, "TOML configuration file")->check(CLI::ExistingFile);

    // Flags are read into text first and applied after the file, so they win.
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
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        exit_code = app.exit(e);
        return false;
    }

    if (!config_file.empty()) {
        std::ifstream in(config_file);
        std::stringstream text;
        text << in.rdbuf();
        apply_toml(text.str(), config_file, config);
    }
    for (auto& [s, option] : options) {
        if (option->count() == 0) continue;
        std::visit(
            [&](auto* field) {
                using value_type = std::remove_pointer_t<decltype(field)>;
                if constexpr (std::is_same_v<value_type, bool>) {
                    *field = switch_values[s->key];
                } else if constexpr (std::is_same_v<value_type, std::string>) {
                    *field = flag_values[s->key];
                } else {
                    try {
                        std::size_t used = 0;
                        *field = std::stoll(flag_values[s->key], &used);
                        if (used != flag_values[s->key].size()) throw std::invalid_argument("");
                    } catch (const std::exception&) {
                        throw config_error(s->flag + ": '" + flag_values[s->key] +
                                           "' is not a whole number");
                    }
                }
            },
            s->field);
    }
    validate(config);
    return true;
}

}  // namespace toward::server
