// How `toward breathe` shows a session: the words of each phase, the animated
// bar of a terminal, one line per phase for pipes, and the JSON objects of
// --json (one per line, each with an "event"):
//   {"event": "session", "session_id", "started_by", "pattern": "box"|"4-7-8",
//    "minutes", "start_at_ms", "joined": bool, "clock_offset_ms", "round_trip_ms"}
//   {"event": "phase", "phase": "in"|"hold"|"out", "seconds", "cycle"}  (cycle from 1)
//   {"event": "end", "reason": "finished"|"stopped", "by": "alice"|null}
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "home.hpp"
#include "together/breathing.hpp"
#include "toward/v1/toward.pb.h"

namespace toward::app {

together::breath_pattern pattern_of(v1::BreathPattern pattern);
v1::BreathPattern wire_pattern(together::breath_pattern pattern);

// "Breathe in", "Hold", "Breathe out".
std::string phase_words(together::breath_step step);
// "box (in 4, hold 4, out 4, hold 4)".
std::string describe_pattern(together::breath_pattern pattern);

// One terminal line, redrawn as time goes: "Breathe in   ▓▓▓▓▓░░░░░  3" (the
// bar fills through the phase, the number counts the seconds left in it);
// before the start "Get ready…  3". ASCII (#, -) unless utf8.
std::string format_breath_bar(const together::breath_moment& moment, bool utf8,
                              std::size_t width = 20);
// One line per phase, for pipes: "Breathe in (4 s)".
std::string format_phase_line(const together::breath_moment& moment);

nlohmann::json session_json(const v1::BreatheSession& session, bool joined,
                            std::int64_t clock_offset_ms, std::int64_t round_trip_ms);
nlohmann::json phase_json(const together::breath_moment& moment);

// Whether the locale's character set is UTF-8 (LC_ALL, else LC_CTYPE, else LANG).
bool locale_is_utf8(const env_reader& env);

}  // namespace toward::app
