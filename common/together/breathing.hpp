// Paced breathing (SPEC §7, "breathe together"): where in its pattern a
// session is, given how long ago it started. Both partners' clients call
// phase_at with the same elapsed time and so show the same phase.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace toward::together {

enum class breath_pattern {
    box,               // in 4 s, hold 4 s, out 4 s, hold 4 s
    four_seven_eight,  // in 4 s, hold 7 s, out 8 s
};

// What the breath does during one phase.
enum class breath_step { in, hold, out };

struct breath_phase {
    breath_step step;
    std::int64_t length_ms;
};

// Where a session stands.
enum class session_state { not_started, running, finished };

// The moment of a session: meaningful fields depend on state. While running,
// `step` is the current phase, `into_ms` how far into it (0 ≤ into_ms <
// length_ms), `cycle` the 0-based number of the pattern's round, `index` the
// phase's place in the pattern, and `fraction` = into_ms / length_ms.
// Before the start, `into_ms` is negative: the time left until it starts.
struct breath_moment {
    session_state state = session_state::not_started;
    breath_step step = breath_step::in;
    std::int64_t into_ms = 0;
    std::int64_t length_ms = 0;
    std::int64_t cycle = 0;
    std::size_t index = 0;
    double fraction = 0.0;
};

// The pattern's phases in order (one cycle).
std::span<const breath_phase> phases_of(breath_pattern pattern);
// The length of one cycle of the pattern.
std::int64_t cycle_ms(breath_pattern pattern);

// The moment `elapsed_ms` after the start of a session of `minutes` minutes.
// elapsed < 0: not started; elapsed ≥ minutes: finished.
breath_moment phase_at(breath_pattern pattern, std::uint32_t minutes, std::int64_t elapsed_ms);

// "box" and "4-7-8"; parse_pattern returns nullopt for anything else.
std::string_view pattern_name(breath_pattern pattern);
std::optional<breath_pattern> parse_pattern(std::string_view name);
// "in", "hold", "out".
std::string_view step_name(breath_step step);

}  // namespace toward::together
