// Where one user-perceived character begins and ends in a line of code
// points, so that Backspace, Ctrl-D and the arrows take "é" written as e +
// combining accent, "👍🏽" (a skin tone), "❤️" (a presentation selector),
// "👩‍❤️‍👨" (joined by ZWJ) or a flag as one character. A simplification of
// Unicode's grapheme clusters (UAX #29) that covers what people type.
#pragma once

#include <cstddef>
#include <string_view>

namespace toward::app {

// The start of the character that ends at `position` (0 stays 0).
std::size_t previous_character_start(std::wstring_view line, std::size_t position);

// The end of the character that starts at `position` (the end stays there).
std::size_t next_character_end(std::wstring_view line, std::size_t position);

}  // namespace toward::app
