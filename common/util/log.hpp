// One line per event on stderr: "2026-11-27T14:20:01.123Z info  listening on ...".
// Thread-safe; lines from different threads never interleave.
#pragma once

#include <sstream>
#include <string>
#include <string_view>

namespace toward::log {

enum class level { debug = 0, info = 1, warn = 2, error = 3 };

// Lines below this level are dropped (default: info).
void set_min_level(level minimum);
bool enabled(level at);
void write_line(level at, std::string_view text);

template <class... Parts>
void emit(level at, const Parts&... parts) {
    if (!enabled(at)) return;
    std::ostringstream line;
    (line << ... << parts);
    write_line(at, line.str());
}

template <class... Parts>
void debug(const Parts&... parts) {
    emit(level::debug, parts...);
}
template <class... Parts>
void info(const Parts&... parts) {
    emit(level::info, parts...);
}
template <class... Parts>
void warn(const Parts&... parts) {
    emit(level::warn, parts...);
}
template <class... Parts>
void error(const Parts&... parts) {
    emit(level::error, parts...);
}

}  // namespace toward::log
