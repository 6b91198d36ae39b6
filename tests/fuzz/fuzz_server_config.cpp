// The server's TOML configuration file (--config), then the checks of its
// values: any text either loads or is refused with a config_error.
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
    }
    return 0;
}
