// `toward chat` on a real pseudo-terminal: the real binary, keystrokes in and
// the screen read back, against a real server with a paired couple. What
// arrives is checked at the partner (sync --json), byte for byte.
#include <gtest/gtest.h>

#include <memory>

#include "client_harness.hpp"
#include "pty_process.hpp"

namespace toward::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* backspace = "\x7f";
constexpr const char* ctrl_a = "\x01";
constexpr const char* ctrl_d = "\x04";
constexpr const char* ctrl_e = "\x05";
constexpr const char* ctrl_l = "\x0c";
constexpr const char* ctrl_u = "\x15";
constexpr const char* ctrl_w = "\x17";
constexpr const char* arrows = "\x1b[A\x1b[B\x1b[C\x1b[D";
constexpr const char* home_key = "\x1b[H";

struct chat_on_terminal : paired_couple {
    // alice's `toward chat`, connected and ready for keys (libedit has the
    // terminal in raw mode once the first line is shown).
    std::unique_ptr<pty_process> open_chat(const std::string& lang = "C.UTF-8",
                                           unsigned short columns = 80) {
        const auto home = alice.home().string();
        auto chat = std::make_unique<pty_process>(
            TOWARD_CLIENT_BINARY, std::vector<std::string>{"--home", home, "chat"},
            std::vector<std::string>{"TERM=xterm", "LANG=" + lang, "HOME=" + home}, columns);
        EXPECT_TRUE(chat->wait_for("connected to")) << chat->output();
        return chat;
    }

    // Types a line, Enter included, and waits until the server took it.
    void send_line(pty_process& chat, const std::string& keys) {
        chat.type(keys + "\r");
        EXPECT_TRUE(chat.wait_for("(sent)")) << chat.output();
    }

    std::vector<std::string> received_by_bob() {
        auto synced = bob.run({"sync", "--json"});
        EXPECT_TRUE(synced.ok()) << synced;
        return synced.ok() ? texts_of(synced.json()["received"]) : std::vector<std::string>{};
    }

    void expect_quits_cleanly(pty_process& chat) {
        chat.type("/quit\r");
        const auto status = chat.wait_exit();
        ASSERT_TRUE(status) << chat.output();
        EXPECT_EQ(describe_status(*status), "exit 0") << chat.output();
    }
};

TEST_F(chat_on_terminal, backspace_to_an_empty_line_keeps_the_chat_open) {
    auto chat = open_chat();
    send_line(*chat, std::string("a") + backspace + "hello");
    EXPECT_EQ(received_by_bob(), (std::vector<std::string>{"hello"}));
    expect_quits_cleanly(*chat);
}

TEST_F(chat_on_terminal, editing_keys_on_an_empty_line_keep_the_chat_open) {
    auto chat = open_chat();
    chat->type(std::string(ctrl_u) + ctrl_w + arrows + home_key + ctrl_l);
    chat->type(std::string("x") + ctrl_u + "y" + ctrl_w);  // text typed, then erased
    send_line(*chat, "still here");
    EXPECT_EQ(received_by_bob(), (std::vector<std::string>{"still here"}));
    expect_quits_cleanly(*chat);
}

TEST_F(chat_on_terminal, ctrl_d_on_an_empty_line_leaves) {
    auto chat = open_chat();
    chat->type(ctrl_d);
    const auto status = chat->wait_exit();
    ASSERT_TRUE(status) << chat->output();
    EXPECT_EQ(describe_status(*status), "exit 0") << chat->output();
    EXPECT_TRUE(received_by_bob().empty());
}

TEST_F(chat_on_terminal, ctrl_d_within_a_line_deletes_the_character_under_the_cursor) {
    auto chat = open_chat();
    // At the start: deletes the whole emoji; at the end of the line: nothing.
    send_line(*chat, std::string("👍🏽hello") + ctrl_a + ctrl_d + ctrl_e + ctrl_d);
    EXPECT_EQ(received_by_bob(), (std::vector<std::string>{"hello"}));
    expect_quits_cleanly(*chat);
}

TEST_F(chat_on_terminal, accents_scripts_and_emoji_arrive_byte_exact) {
    // 30 columns: the line wraps while it is typed.
    auto chat = open_chat("C.UTF-8", 30);
    const std::string text =
        "café ❤️ 😀 👩‍❤️‍👨 👍🏽 ok — Grüße, привет, 日本語, "
        "مرحبا";
    send_line(*chat, text);
    EXPECT_EQ(received_by_bob(), (std::vector<std::string>{text}));
    expect_quits_cleanly(*chat);
}

TEST_F(chat_on_terminal, typed_utf8_works_under_the_c_locale_too) {
    auto chat = open_chat("C");
    send_line(*chat, "café ❤️");
    EXPECT_EQ(received_by_bob(), (std::vector<std::string>{"café ❤️"}));
    expect_quits_cleanly(*chat);
}

TEST_F(chat_on_terminal, backspace_removes_a_whole_emoji) {
    auto chat = open_chat();
    // A skin tone, a ZWJ sequence, a presentation selector, an accent
    // written as e + combining acute: each one Backspace.
    send_line(*chat, std::string("ok 👍🏽") + backspace + "👩‍❤️‍👨" + backspace +
                         "❤️" + backspace + "e\u0301" + backspace + "😀" + backspace + "!");
    EXPECT_EQ(received_by_bob(), (std::vector<std::string>{"ok !"}));
    expect_quits_cleanly(*chat);
}

TEST_F(chat_on_terminal, a_bracketed_paste_of_three_lines_is_one_message) {
    auto chat = open_chat();
    EXPECT_NE(chat->output().find("\x1b[?2004h"), std::string::npos) << "paste mode not enabled";
    // Terminals send a pasted line end as Return; the paste lands in the
    // draft, and Enter sends it.
    chat->type("\x1b[200~line one\rline two\rline three\r\x1b[201~");
    send_line(*chat, "");
    EXPECT_EQ(received_by_bob(), (std::vector<std::string>{"line one\nline two\nline three"}));
    expect_quits_cleanly(*chat);
}

}  // namespace
}  // namespace toward::testing
