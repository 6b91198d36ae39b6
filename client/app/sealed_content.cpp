#include "sealed_content.hpp"

#include <cstdint>

namespace toward::app {
namespace {

constexpr char sealed_marker = '\0';

// Well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
bool valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t value = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            length = 2;
            value = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3;
            value = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4;
            value = c & 0x07;
        } else {
            return false;
        }
        if (i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            value = (value << 6) | (next & 0x3F);
        }
        constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (value < smallest[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

}  // namespace

std::string wrap_sealed(const v1::SealedContent& content) {
    return std::string(1, sealed_marker) + content.SerializeAsString();
}

bool is_sealed(std::string_view plaintext) {
    return !plaintext.empty() && plaintext.front() == sealed_marker;
}

std::optional<v1::SealedContent> unwrap_sealed(std::string_view plaintext) {
    if (!is_sealed(plaintext)) return std::nullopt;
    v1::SealedContent content;
    plaintext.remove_prefix(1);
    if (!content.ParseFromArray(plaintext.data(), static_cast<int>(plaintext.size()))) {
        return std::nullopt;
    }
    return content;
}

app_status check_plain_text(std::string_view text) {
    if (text.find(sealed_marker) != std::string_view::npos) {
        return fail("a message cannot contain a NUL byte (\\0)");
    }
    return {};
}

app_status check_shared_text(std::string_view text, std::string_view what, std::size_t max_bytes) {
    if (text.size() > max_bytes) {
        return fail(std::string(what) + " is longer than " + std::to_string(max_bytes) +
                    " bytes: a shorter version says it just as well");
    }
    if (text.find(sealed_marker) != std::string_view::npos) {
        return fail(std::string(what) + " cannot contain a NUL byte (\\0)");
    }
    if (!valid_utf8(text)) return fail(std::string(what) + " is not valid UTF-8 text");
    return {};
}

std::string sealed_label(const v1::SealedContent& content) {
    switch (content.body_case()) {
        case v1::SealedContent::kCheckin:
            return "check-in answers for " + content.checkin().occurrence();
        case v1::SealedContent::kTriggers:
            return "trigger list";
        case v1::SealedContent::BODY_NOT_SET:
            break;
    }
    return "content from a newer version of toward";
}

}  // namespace toward::app
