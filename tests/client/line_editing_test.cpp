// The pieces under the chat's line editor: UTF-8 both ways, where a typed
// character begins and ends, and on which row the cursor of a long draft is.
#include <gtest/gtest.h>

#include <clocale>
#include <string>

#include "draft_layout.hpp"
#include "text_clusters.hpp"
#include "utf8.hpp"

namespace toward::app {
namespace {

TEST(utf8, round_trips_every_plane_and_replaces_what_is_not_utf8) {
    const std::string text = "a é ❤️ 😀 👩‍❤️‍👨 日本";
    EXPECT_EQ(encode_utf8(decode_utf8(text)), text);
    EXPECT_EQ(decode_utf8("😀"), std::wstring(1, static_cast<wchar_t>(0x1F600)));
    EXPECT_EQ(decode_utf8("\xff"), std::wstring(1, replacement_character));
    EXPECT_EQ(decode_utf8("\xc0\xaf"), std::wstring(2, replacement_character));  // overlong
    EXPECT_EQ(decode_utf8_sequence("\xed\xa0\x80"), replacement_character);      // a surrogate
}

// Every boundary Backspace stops at, from the end of `text` to its start.
std::vector<std::string> characters_backwards(const std::string& text) {
    const auto line = decode_utf8(text);
    std::vector<std::string> found;
    for (auto end = line.size(); end > 0;) {
        const auto start = previous_character_start(line, end);
        found.push_back(encode_utf8(line.substr(start, end - start)));
        end = start;
    }
    return found;
}

std::vector<std::string> characters_forwards(const std::string& text) {
    const auto line = decode_utf8(text);
    std::vector<std::string> found;
    for (std::size_t start = 0; start < line.size();) {
        const auto end = next_character_end(line, start);
        found.push_back(encode_utf8(line.substr(start, end - start)));
        start = end;
    }
    return found;
}

TEST(text_clusters, emoji_sequences_accents_and_flags_are_one_character) {
    const std::string text = "a👍🏽👩‍❤️‍👨❤️e\u0301🇫🇷🇩🇪1️⃣b";
    const std::vector<std::string> characters = {
        "a", "👍🏽", "👩‍❤️‍👨", "❤️", "e\u0301", "🇫🇷", "🇩🇪", "1️⃣", "b"};
    EXPECT_EQ(characters_forwards(text), characters);
    EXPECT_EQ(characters_backwards(text),
              std::vector<std::string>(characters.rbegin(), characters.rend()));
}

TEST(text_clusters, the_edges_of_the_line_stay_put) {
    const std::wstring line = L"ab";
    EXPECT_EQ(previous_character_start(line, 0), 0u);
    EXPECT_EQ(next_character_end(line, 2), 2u);
    EXPECT_EQ(previous_character_start(L"\u0301x", 1), 0u);  // a mark with nothing before it
}

struct utf8_locale : ::testing::Test {
    std::string before = std::setlocale(LC_CTYPE, nullptr);
    void SetUp() override { ASSERT_TRUE(std::setlocale(LC_CTYPE, "C.UTF-8")); }
    void TearDown() override { std::setlocale(LC_CTYPE, before.c_str()); }
};

TEST_F(utf8_locale, the_cursor_row_follows_wrapping_wide_characters_and_line_ends) {
    EXPECT_EQ(cursor_row(L"> hello", 0, 10), 0);
    EXPECT_EQ(cursor_row(L"> 12345678", 0, 10), 1);  // a full row: the cursor is below
    EXPECT_EQ(cursor_row(L"> one\ntwo\nthree", 0, 80), 2);
    // 9 columns used: a wide emoji does not fit on the row, nor does the cursor on it.
    EXPECT_EQ(cursor_row(L"> 1234567\U0001F600", 0, 10), 1);
    EXPECT_EQ(cursor_row(L"> 1234567", L'\U0001F600', 10), 1);
    EXPECT_EQ(cursor_row(L"> \x01\x01\x01\x01", 0, 10), 1);  // ^A is two cells
}

}  // namespace
}  // namespace toward::app
