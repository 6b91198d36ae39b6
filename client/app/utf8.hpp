// UTF-8 to and from wide strings (code points: wchar_t is 32 bits here),
// independent of the C locale: what the chat's line editor reads from the
// terminal and what goes out as a message are UTF-8 whatever LANG says.
#pragma once

#include <string>
#include <string_view>

namespace toward::app {

// U+FFFD, in place of bytes that are not UTF-8.
inline constexpr wchar_t replacement_character = 0xFFFD;

// How many bytes the UTF-8 sequence starting with `lead` has (1 to 4); 0
// when `lead` cannot start one.
int utf8_sequence_length(unsigned char lead);

// The code point of one complete sequence; replacement_character when it is
// malformed, overlong or a surrogate.
wchar_t decode_utf8_sequence(std::string_view bytes);

std::wstring decode_utf8(std::string_view text);
std::string encode_utf8(std::wstring_view text);

}  // namespace toward::app
