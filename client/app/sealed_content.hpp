// The two shapes of a message's plaintext (proto/toward/v1/content.proto):
// plain UTF-8 text, which never holds a NUL byte, or one NUL byte followed by
// a serialized SealedContent (check-in answers, a trigger list). Only this
// file knows the format.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "app_result.hpp"
#include "toward/v1/content.pb.h"

namespace toward::app {

// The plaintext that carries content.
std::string wrap_sealed(const v1::SealedContent& content);

// Whether plaintext carries sealed content rather than text.
bool is_sealed(std::string_view plaintext);

// The content inside a sealed plaintext; nullopt when it does not parse.
// A body this version does not know parses with body_case() == BODY_NOT_SET.
std::optional<v1::SealedContent> unwrap_sealed(std::string_view plaintext);

// Fails, saying why, when text cannot travel as a plain message (a NUL byte
// would make it read as sealed content).
app_status check_plain_text(std::string_view text);

// Fails, saying why, when a text shared inside sealed content (an answer, a
// trigger) is not UTF-8, holds a NUL byte, or is longer than max_bytes.
// `what` names it in the message: "the appreciation".
app_status check_shared_text(std::string_view text, std::string_view what, std::size_t max_bytes);

// A short label for the local record of a sealed message: "check-in answers".
std::string sealed_label(const v1::SealedContent& content);

}  // namespace toward::app
