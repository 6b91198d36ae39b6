#include "breathe_format.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace toward::app {
namespace {

// Whole seconds left, counted up: 3.2 s left shows as 4, as a person counts.
std::int64_t seconds_left(std::int64_t ms) {
    return (ms + 999) / 1000;
}

std::string pad(std::string text, std::size_t width) {
    if (text.size() < width) text.append(width - text.size(), ' ');
    return text;
}

}  // namespace

together::breath_pattern pattern_of(v1::BreathPattern pattern) {
    return pattern == v1::BREATH_4_7_8 ? together::breath_pattern::four_seven_eight
                                       : together::breath_pattern::box;
}

v1::BreathPattern wire_pattern(together::breath_pattern pattern) {
    return pattern == together::breath_pattern::four_seven_eight ? v1::BREATH_4_7_8
                                                                 : v1::BREATH_BOX;
}

std::string phase_words(together::breath_step step) {
    switch (step) {
        case together::breath_step::in:
            return "Breathe in";
        case together::breath_step::hold:
            return "Hold";
        case together::breath_step::out:
            return "Breathe out";
    }
    return "Breathe in";
}

std::string describe_pattern(together::breath_pattern pattern) {
    std::string text(together::pattern_name(pattern));
    text += " (";
    bool first = true;
    for (const auto& phase : together::phases_of(pattern)) {
        if (!first) text += ", ";
        first = false;
        text += std::string(together::step_name(phase.step)) + " " +
                std::to_string(phase.length_ms / 1000);
    }
    return text + ")";
}

std::string format_breath_bar(const together::breath_moment& moment, bool utf8, std::size_t width) {
    using together::session_state;
    if (moment.state == session_state::not_started) {
        return std::string(utf8 ? "Get ready…" : "Get ready...") + "  " +
               std::to_string(seconds_left(-moment.into_ms));
    }
    if (moment.state == session_state::finished) return "Well done.";
    const auto filled = std::min(
        width, static_cast<std::size_t>(std::lround(moment.fraction * static_cast<double>(width))));
    std::string bar;
    for (std::size_t i = 0; i < width; ++i) {
        bar += i < filled ? (utf8 ? "▓" : "#") : (utf8 ? "░" : "-");
    }
    return pad(phase_words(moment.step), 12) + bar + "  " +
           std::to_string(seconds_left(moment.length_ms - moment.into_ms));
}

std::string format_phase_line(const together::breath_moment& moment) {
    return phase_words(moment.step) + " (" + std::to_string(moment.length_ms / 1000) + " s)";
}

nlohmann::json session_json(const v1::BreatheSession& session, bool joined,
                            std::int64_t clock_offset_ms, std::int64_t round_trip_ms) {
    return {{"event", "session"},
            {"session_id", session.session_id()},
            {"started_by", session.started_by()},
            {"pattern", together::pattern_name(pattern_of(session.pattern()))},
            {"minutes", session.minutes()},
            {"start_at_ms", session.start_at_ms()},
            {"joined", joined},
            {"clock_offset_ms", clock_offset_ms},
            {"round_trip_ms", round_trip_ms}};
}

nlohmann::json phase_json(const together::breath_moment& moment) {
    return {{"event", "phase"},
            {"phase", together::step_name(moment.step)},
            {"seconds", moment.length_ms / 1000},
            {"cycle", moment.cycle + 1}};
}

bool locale_is_utf8(const env_reader& env) {
    for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
        auto value = env(name);
        if (!value) continue;
        std::string lower;
        for (char c : *value) {
            lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return lower.find("utf-8") != std::string::npos || lower.find("utf8") != std::string::npos;
    }
    return false;
}

}  // namespace toward::app
