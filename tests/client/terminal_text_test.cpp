// safe_for_terminal on its own: what each hostile text becomes.
#include "terminal_text.hpp"

#include <gtest/gtest.h>

#include "hostile_text.hpp"

namespace toward::testing {
namespace {

using app::safe_for_terminal;
using app::safe_terminal_lines;

TEST(terminal_text, escape_sequences_are_shown_in_caret_notation) {
    EXPECT_EQ(safe_for_terminal("hi \x1b]0;pwned\x07"), "hi ^[]0;pwned^G");
    EXPECT_EQ(safe_for_terminal("\x1b]52;c;Y2F0\x07"), "^[]52;c;Y2F0^G");
    EXPECT_EQ(safe_for_terminal("\x1b]8;;https://evil.example/\x1b\\x\x1b]8;;\x1b\\"),
              "^[]8;;https://evil.example/^[\\x^[]8;;^[\\");
    EXPECT_EQ(safe_for_terminal("\x1b[2J\x1b[0m"), "^[[2J^[[0m");
    EXPECT_EQ(safe_for_terminal(std::string("a\0b", 3)), "a^@b");
    EXPECT_EQ(safe_for_terminal("\x01\x08\x1f\x7f"), "^A^H^_^?");
}

TEST(terminal_text, c1_controls_and_bidi_controls_are_shown_as_code_points) {
    EXPECT_EQ(safe_for_terminal("\xc2\x9b"
                                "2J"),
              "<U+009B>2J");
    EXPECT_EQ(safe_for_terminal("\xc2\x80\xc2\x85\xc2\x9f"), "<U+0080><U+0085><U+009F>");
    EXPECT_EQ(safe_for_terminal("a\u202e"
                                "cba\u202c"),
              "a<U+202E>cba<U+202C>");
    EXPECT_EQ(safe_for_terminal("\u2066\u2067\u2068\u2069\u200e\u200f\u061c"),
              "<U+2066><U+2067><U+2068><U+2069><U+200E><U+200F><U+061C>");
    EXPECT_EQ(safe_for_terminal("one\u2028two\u2029"), "one<U+2028>two<U+2029>");
}

TEST(terminal_text, invalid_utf8_becomes_replacement_characters) {
    const std::string fffd = "\xef\xbf\xbd";
    EXPECT_EQ(safe_for_terminal("\x9b"
                                "2J"),
              fffd + "2J");  // a raw 8-bit CSI
    EXPECT_EQ(safe_for_terminal("a\xff\xfe"
                                "b"),
              "a" + fffd + fffd + "b");
    EXPECT_EQ(safe_for_terminal("\xe2\x82"), fffd);         // truncated: one maximal part
    EXPECT_EQ(safe_for_terminal("\xc0\xaf"), fffd + fffd);  // overlong '/'
    EXPECT_EQ(safe_for_terminal("\xed\xa0\x80"), fffd + fffd + fffd);             // a surrogate
    EXPECT_EQ(safe_for_terminal("\xf4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // > U+10FFFF
    EXPECT_EQ(safe_for_terminal("\xe2\x82"
                                "x"),
              fffd + "x");
}

TEST(terminal_text, line_breaks_are_indented_so_no_line_passes_for_a_message) {
    EXPECT_EQ(safe_for_terminal(std::string("hi\n") + forged_line),
              std::string("hi\n    ") + forged_line);
    EXPECT_EQ(safe_for_terminal("a\r\nb"), "a\n    b");
    EXPECT_EQ(safe_for_terminal(std::string("hi\r") + forged_line),
              std::string("hi^M") + forged_line);
    EXPECT_EQ(safe_for_terminal("a\nb", "  "), "a\n  b");
    EXPECT_EQ(safe_terminal_lines("line one\r\nline two\n\x1b[2J"), "line one\nline two\n^[[2J");
}

TEST(terminal_text, ordinary_text_tabs_and_other_scripts_are_kept) {
    for (const std::string text :
         {"hello, love ❤️", "Grüße aus Köln", "مرحبا", "שלום", "你好",
          "👩‍❤️‍👨 family", "tab\there", "", "\xef\xbf\xbd"}) {
        EXPECT_EQ(safe_for_terminal(text), text);
        EXPECT_EQ(safe_terminal_lines(text), text);
    }
}

TEST(terminal_text, every_hostile_text_comes_out_safe_and_stays_as_it_is_when_shown_again) {
    for (const auto& [what, text] : hostile_texts()) {
        const auto safe = safe_for_terminal(text);
        EXPECT_EQ(terminal_safety_problem(safe), "") << what << ": " << safe;
        EXPECT_TRUE(!terminal_safety_problem(text).empty() ||
                    !lines_starting_with(text, "#").empty())
            << what << " is not hostile";
        EXPECT_EQ(safe_terminal_lines(safe), safe) << what;
        EXPECT_TRUE(lines_starting_with(safe, "#").empty()) << what << ": " << safe;
    }
}

}  // namespace
}  // namespace toward::testing
