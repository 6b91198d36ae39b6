#include "util/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace toward::log {
namespace {

std::atomic<int> min_level{static_cast<int>(level::info)};
std::mutex write_mutex;

const char* level_name(level at) {
    switch (at) {
        case level::debug:
            return "debug";
        case level::info:
            return "info ";
        case level::warn:
            return "warn ";
        case level::error:
            return "error";
    }
    return "?";
}

}  // namespace

void set_min_level(level minimum) {
    min_level = static_cast<int>(minimum);
}

bool enabled(level at) {
    return static_cast<int>(at) >= min_level.load();
}

void write_line(level at, std::string_view text) {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    const std::time_t seconds = system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    std::lock_guard lock(write_mutex);
    std::fprintf(stderr, "%s.%03dZ %s %.*s\n", stamp, static_cast<int>(ms), level_name(at),
                 static_cast<int>(text.size()), text.data());
    std::fflush(stderr);
}

}  // namespace toward::log
