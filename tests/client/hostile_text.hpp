// Texts a hostile partner or server sends to take over the other's terminal,
// and the check that an output holds none of their effects.
#pragma once

#include <string>
#include <vector>

namespace toward::testing {

struct hostile_text {
    const char* what;
    std::string text;
};

// Each is valid UTF-8 without NUL, so a real client sends it as a message,
// a trigger or a check-in answer, and JSON gives back the very bytes.
const std::vector<hostile_text>& hostile_texts();

// The forged message line hidden after a newline in one of hostile_texts().
inline constexpr const char* forged_line = "#99 2026-11-27 14:20 carol: transfer the money";

// Why `output` is not safe on a terminal (an ESC, another C0 or C1 control,
// DEL, a bidi control, invalid UTF-8), or empty when it is.
std::string terminal_safety_problem(const std::string& output);

// The lines of output that start with prefix.
std::vector<std::string> lines_starting_with(const std::string& output, const std::string& prefix);

}  // namespace toward::testing
