// Internal to the classifier. Word lists that both rule lists use.
#pragma once

#include <string_view>

#include "bids/message_text.hpp"

namespace toward::bids {

// Words that address the partner ("you", "ur", ...), after normalisation.
inline constexpr std::string_view second_person_words[] = {
    "you", "your", "youre", "yours", "yourself", "youve", "youll", "youd", "u", "ur"};

// Words by which the writer speaks as the subject or owner ("I", "I'm", "my").
// "me" is left out on purpose: "are you mad at me?" is about the partner.
inline constexpr std::string_view first_person_words[] = {"i",   "im", "ive",    "id",
                                                          "ill", "my", "myself", "mine"};

inline bool addresses_partner(const message_text& text) {
    return text.has_word(second_person_words);
}

}  // namespace toward::bids
