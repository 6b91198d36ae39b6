#include "together/breathing.hpp"

#include <array>

namespace toward::together {
namespace {

constexpr std::array box_phases{
    breath_phase{breath_step::in, 4000}, breath_phase{breath_step::hold, 4000},
    breath_phase{breath_step::out, 4000}, breath_phase{breath_step::hold, 4000}};
constexpr std::array four_seven_eight_phases{breath_phase{breath_step::in, 4000},
                                             breath_phase{breath_step::hold, 7000},
                                             breath_phase{breath_step::out, 8000}};

}  // namespace

std::span<const breath_phase> phases_of(breath_pattern pattern) {
    if (pattern == breath_pattern::four_seven_eight) return four_seven_eight_phases;
    return box_phases;
}

std::int64_t cycle_ms(breath_pattern pattern) {
    std::int64_t total = 0;
    for (const auto& phase : phases_of(pattern)) total += phase.length_ms;
    return total;
}

breath_moment phase_at(breath_pattern pattern, std::uint32_t minutes, std::int64_t elapsed_ms) {
    breath_moment moment;
    const auto phases = phases_of(pattern);
    if (elapsed_ms < 0) {
        moment.state = session_state::not_started;
        moment.step = phases.front().step;
        moment.length_ms = phases.front().length_ms;
        moment.into_ms = elapsed_ms;
        return moment;
    }
    if (elapsed_ms >= static_cast<std::int64_t>(minutes) * 60'000) {
        moment.state = session_state::finished;
        return moment;
    }
    moment.state = session_state::running;
    const auto cycle = cycle_ms(pattern);
    moment.cycle = elapsed_ms / cycle;
    auto into_cycle = elapsed_ms % cycle;
    for (std::size_t i = 0; i < phases.size(); ++i) {
        if (into_cycle < phases[i].length_ms) {
            moment.step = phases[i].step;
            moment.index = i;
            moment.length_ms = phases[i].length_ms;
            moment.into_ms = into_cycle;
            moment.fraction =
                static_cast<double>(into_cycle) / static_cast<double>(phases[i].length_ms);
            break;
        }
        into_cycle -= phases[i].length_ms;
    }
    return moment;
}

std::string_view pattern_name(breath_pattern pattern) {
    return pattern == breath_pattern::four_seven_eight ? "4-7-8" : "box";
}

std::optional<breath_pattern> parse_pattern(std::string_view name) {
    if (name == "box") return breath_pattern::box;
    if (name == "4-7-8") return breath_pattern::four_seven_eight;
    return std::nullopt;
}

std::string_view step_name(breath_step step) {
    switch (step) {
        case breath_step::in:
            return "in";
        case breath_step::hold:
            return "hold";
        case breath_step::out:
            return "out";
    }
    return "in";
}

}  // namespace toward::together
