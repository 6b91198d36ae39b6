#include "terminal_text.hpp"

#include <cstdint>
#include <cstdio>

namespace toward::app {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

struct decoded {
    std::uint32_t code_point = 0;
    std::size_t length = 0;  // bytes taken from the text
    bool valid = false;      // false: `length` bytes of ill-formed UTF-8
};

// The second byte's range for each lead byte (Unicode table 3-7): it rules
// out overlong forms, surrogates and values past U+10FFFF.
bool second_byte_fits(unsigned char lead, unsigned char second) {
    if (lead == 0xE0) return second >= 0xA0 && second <= 0xBF;
    if (lead == 0xED) return second >= 0x80 && second <= 0x9F;
    if (lead == 0xF0) return second >= 0x90 && second <= 0xBF;
    if (lead == 0xF4) return second >= 0x80 && second <= 0x8F;
    return second >= 0x80 && second <= 0xBF;
}

// The character at text[at]; an ill-formed sequence is reported as its
// maximal subpart, which becomes one U+FFFD.
decoded decode_at(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    if (lead < 0x80) return {lead, 1, true};
    std::size_t length = 0;
    std::uint32_t value = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        value = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        value = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        value = lead & 0x07;
    } else {
        return {0, 1, false};  // a stray continuation byte (0x80-0xBF) or C0, C1, F5-FF
    }
    for (std::size_t k = 1; k < length; ++k) {
        if (at + k >= text.size()) return {0, k, false};
        const auto next = static_cast<unsigned char>(text[at + k]);
        const bool fits = k == 1 ? second_byte_fits(lead, next) : (next & 0xC0) == 0x80;
        if (!fits) return {0, k, false};
        value = (value << 6) | (next & 0x3F);
    }
    return {value, length, true};
}

bool is_bidi_control(std::uint32_t c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
           c == 0x200F || c == 0x061C;
}

// Shown as <U+XXXX> rather than acted upon.
bool shown_as_code_point(std::uint32_t c) {
    return (c >= 0x80 && c <= 0x9F) || is_bidi_control(c) || c == 0x2028 || c == 0x2029;
}

std::string code_point_name(std::uint32_t c) {
    char name[16];
    std::snprintf(name, sizeof name, "<U+%04X>", static_cast<unsigned>(c));
    return name;
}

std::string make_safe(std::string_view text, std::string_view line_break) {
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    while (at < text.size()) {
        const auto next = decode_at(text, at);
        const auto c = next.code_point;
        if (!next.valid) {
            out += replacement;
        } else if (c == '\n' || (c == '\r' && at + 1 < text.size() && text[at + 1] == '\n')) {
            out += line_break;
            if (c == '\r') ++at;  // CR LF is one line break
        } else if (c == '\t') {
            out += '\t';
        } else if (c < 0x20 || c == 0x7F) {
            out += '^';
            out += static_cast<char>(c ^ 0x40);  // ESC -> ^[, NUL -> ^@, DEL -> ^?
        } else if (shown_as_code_point(c)) {
            out += code_point_name(c);
        } else {
            out += text.substr(at, next.length);
        }
        at += next.length;
    }
    return out;
}

}  // namespace

std::string safe_for_terminal(std::string_view text, std::string_view continuation) {
    return make_safe(text, "\n" + std::string(continuation));
}

std::string safe_terminal_lines(std::string_view text) {
    return make_safe(text, "\n");
}

}  // namespace toward::app
