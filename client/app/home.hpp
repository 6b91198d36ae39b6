// The client's home directory: where the local store (keys, session, history)
// lives, so that two clients can run side by side with two homes.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "app_result.hpp"

namespace toward::app {

// Reads an environment variable; nullopt when unset or empty.
using env_reader = std::function<std::optional<std::string>(const char* name)>;

// The process environment (getenv).
std::optional<std::string> process_env(const char* name);

// The home to use: `option` (--home) when given, else $TOWARD_HOME, else
// $XDG_DATA_HOME/toward, else $HOME/.local/share/toward. Fails when none of
// these can be determined.
app_result<std::filesystem::path> resolve_home(const std::optional<std::string>& option,
                                               const env_reader& env);

// Creates home (and its parents) if needed and restricts it to its owner
// (0700). Fails with a readable reason.
app_status prepare_home(const std::filesystem::path& home);

}  // namespace toward::app
