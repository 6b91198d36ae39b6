#include "text_clusters.hpp"

#include <wchar.h>

namespace toward::app {
namespace {

constexpr wchar_t zero_width_joiner = 0x200D;

bool in(wchar_t c, wchar_t first, wchar_t last) {
    return c >= first && c <= last;
}

// Code points that belong to the character before them.
bool extends(wchar_t c) {
    return in(c, 0x0300, 0x036F)       // combining diacritical marks
           || in(c, 0x1AB0, 0x1AFF)    // ... extended
           || in(c, 0x1DC0, 0x1DFF)    // ... supplement
           || in(c, 0x20D0, 0x20FF)    // ... for symbols (the keycap too)
           || in(c, 0xFE20, 0xFE2F)    // combining half marks
           || in(c, 0xFE00, 0xFE0F)    // variation selectors (❤ + FE0F = ❤️)
           || in(c, 0xE0100, 0xE01EF)  // ... supplement
           || in(c, 0x1F3FB, 0x1F3FF)  // skin tones
           || in(c, 0xE0020, 0xE007F)  // tags (subdivision flags)
           || c == 0x200C || c == zero_width_joiner ||
           // Other scripts' combining marks (Devanagari, Thai...) have no width.
           (c > 0x7F && ::wcwidth(c) == 0);
}

bool regional_indicator(wchar_t c) {
    return in(c, 0x1F1E6, 0x1F1FF);
}

}  // namespace

std::size_t previous_character_start(std::wstring_view line, std::size_t position) {
    if (position == 0) return 0;
    if (position > line.size()) position = line.size();
    std::size_t start = position - 1;
    for (;;) {
        while (start > 0 && extends(line[start])) --start;
        // A ZWJ joins this one to the character before it.
        if (start >= 2 && line[start - 1] == zero_width_joiner) {
            start -= 2;
            continue;
        }
        break;
    }
    if (regional_indicator(line[start])) {
        // Flags are pairs of regional indicators, counted from the first.
        std::size_t before = 0;
        while (before < start && regional_indicator(line[start - before - 1])) ++before;
        if (before % 2 == 1) --start;
    }
    return start;
}

std::size_t next_character_end(std::wstring_view line, std::size_t position) {
    if (position >= line.size()) return line.size();
    std::size_t end = position + 1;
    if (regional_indicator(line[position]) && end < line.size() && regional_indicator(line[end])) {
        ++end;
    }
    while (end < line.size() && extends(line[end])) {
        const bool joins = line[end] == zero_width_joiner;
        ++end;
        if (joins && end < line.size()) ++end;  // the joined character
    }
    return end;
}

}  // namespace toward::app
