#include "bids/emoji.hpp"

#include <span>

namespace toward::bids {
namespace {

// Base code points only: "❤" also finds "❤️" (U+2764 U+FE0F), "👍" also finds
// "👍🏽". The source file is UTF-8, and so are these literals.
constexpr std::string_view warm_emoji[] = {"❤",    "♥",    "💕", "💖", "💗",    "💓",    "💞",    "💘",
                                           "💝",    "💜",    "💙", "💚", "🧡", "💛",    "🤍", "🤎",
                                           "😍",    "🥰", "😘", "😚", "😙",    "🤗", "😊",    "☺",
                                           "🥹", "🫶", "💋", "😻", "🌷",    "🌹",    "💐",    "🌸"};
constexpr std::string_view laughing_emoji[] = {"😂", "🤣", "😆", "😹", "💀", "😅", "😁", "😄", "😃", "😸"};
constexpr std::string_view acknowledging_emoji[] = {"👍", "👌", "✅", "✔", "🙏", "🆗"};
constexpr std::string_view sad_emoji[] = {"😢", "😭", "😔",    "😞", "😩", "😫", "🤒", "🤕", "😰",
                                          "😥", "😓", "🥲", "😿", "💔", "😟", "😣",    "😖",    "🤧"};
// 🙃 is listed here because, in answer to a bid, it marks sarcasm far more
// often than it marks silliness.
constexpr std::string_view scornful_emoji[] = {"🙄", "😒", "🙃", "🖕", "😤",
                                               "🤬", "😠", "😡",    "💩",    "🤮"};

bool contains_any(std::string_view text, std::span<const std::string_view> table) {
    for (const auto e : table)
        if (text.find(e) != std::string_view::npos) return true;
    return false;
}

}  // namespace

emoji_summary scan_emoji(std::string_view text) {
    emoji_summary s;
    for (const char c : text)
        if (static_cast<unsigned char>(c) >= 0x80) s.any = true;
    if (!s.any) return s;
    s.warm = contains_any(text, warm_emoji);
    s.laughing = contains_any(text, laughing_emoji);
    s.acknowledging = contains_any(text, acknowledging_emoji);
    s.sad = contains_any(text, sad_emoji);
    s.scornful = contains_any(text, scornful_emoji);
    return s;
}

}  // namespace toward::bids
