// The server's TOML configuration file (--config), then the checks of its
// values: any text either loads or is refused with a config_error. A config
// that passes must not overflow what the server computes from it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    toward::server::server_config config;
    try {
        toward::server::apply_toml(text, "fuzz.toml", config);
        toward::server::validate(config);
    } catch (const toward::server::config_error&) {
        // Refused with a reason: what a bad file should get. Anything else
        // escaping is a finding (libFuzzer reports an uncaught exception).
        return 0;
    }
    // The same arithmetic as session_pairing.cpp, protocol_session.cpp and
    // ws_session.cpp; UBSan stops at a signed overflow.
    using std::chrono::seconds;
    using std::chrono::steady_clock;
    volatile std::int64_t sink = config.invite_ttl_hours * 3600 * 1000;
    sink = steady_clock::duration(seconds(config.limits.auth_timeout_s)).count();
    sink = steady_clock::duration(seconds(config.limits.idle_timeout_s)).count();
    (void)sink;
    return 0;
}
