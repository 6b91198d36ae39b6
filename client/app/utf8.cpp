#include "utf8.hpp"

namespace toward::app {

int utf8_sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return lead >= 0xC2 ? 2 : 0;  // C0, C1: overlong
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return lead <= 0xF4 ? 4 : 0;  // beyond U+10FFFF
    return 0;
}

wchar_t decode_utf8_sequence(std::string_view bytes) {
    const auto length = bytes.empty() ? 0 : utf8_sequence_length(bytes[0]);
    if (length == 0 || bytes.size() != static_cast<std::size_t>(length)) {
        return replacement_character;
    }
    if (length == 1) return static_cast<wchar_t>(bytes[0]);
    constexpr unsigned char lead_bits[] = {0, 0, 0x1F, 0x0F, 0x07};
    char32_t code = static_cast<unsigned char>(bytes[0]) & lead_bits[length];
    for (std::size_t i = 1; i < bytes.size(); ++i) {
        const auto byte = static_cast<unsigned char>(bytes[i]);
        if ((byte & 0xC0) != 0x80) return replacement_character;
        code = (code << 6) | (byte & 0x3F);
    }
    constexpr char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return replacement_character;
    }
    return static_cast<wchar_t>(code);
}

std::wstring decode_utf8(std::string_view text) {
    std::wstring decoded;
    while (!text.empty()) {
        auto length = static_cast<std::size_t>(utf8_sequence_length(text[0]));
        if (length == 0 || length > text.size()) length = 1;
        decoded += decode_utf8_sequence(text.substr(0, length));
        text.remove_prefix(length);
    }
    return decoded;
}

std::string encode_utf8(std::wstring_view text) {
    std::string encoded;
    for (const wchar_t wide : text) {
        auto code = static_cast<char32_t>(wide);
        if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) code = replacement_character;
        if (code < 0x80) {
            encoded += static_cast<char>(code);
        } else if (code < 0x800) {
            encoded += static_cast<char>(0xC0 | (code >> 6));
            encoded += static_cast<char>(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            encoded += static_cast<char>(0xE0 | (code >> 12));
            encoded += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            encoded += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            encoded += static_cast<char>(0xF0 | (code >> 18));
            encoded += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
            encoded += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            encoded += static_cast<char>(0x80 | (code & 0x3F));
        }
    }
    return encoded;
}

}  // namespace toward::app
