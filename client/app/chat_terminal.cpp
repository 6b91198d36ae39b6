#include "chat_terminal.hpp"

#include <histedit.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ostream>
#include <utility>

#include "chat_terminal_keys.hpp"
#include "draft_layout.hpp"
#include "utf8.hpp"

namespace toward::app {

namespace {

constexpr int history_size = 500;
constexpr const char* paste_mode_on = "\033[?2004h";
constexpr const char* paste_mode_off = "\033[?2004l";

chat_terminal& self_of(editline* editor) {
    void* self = nullptr;
    el_get(editor, EL_CLIENTDATA, &self);
    return *static_cast<chat_terminal*>(self);
}

std::wstring_view text_of(const LineInfoW& line) {
    return {line.buffer, static_cast<std::size_t>(line.lastchar - line.buffer)};
}

}  // namespace

chat_terminal::chat_terminal(int input_fd, std::ostream& out, std::string prompt)
    : fd_(input_fd), out_(out), prompt_(std::move(prompt)) {
    if (input_fd != STDIN_FILENO || isatty(input_fd) != 1) return;
    editor_ = el_init("toward", stdin, stdout, stderr);
    if (!editor_) return;
    history_ = history_init();
    HistEvent event;
    ::history(history_, &event, H_SETSIZE, history_size);
    el_set(editor_, EL_CLIENTDATA, this);
    el_set(editor_, EL_EDITOR, "emacs");
    el_set(editor_, EL_PROMPT, &chat_terminal::prompt_of);
    el_set(editor_, EL_HIST, ::history, history_);
    el_set(editor_, EL_SIGNAL, 1);  // restores the terminal on Ctrl-C and friends
    el_set(
        editor_, EL_GETCFN, +[](editline* editor, wchar_t* character) {
            return self_of(editor).read_character(character);
        });
    el_source(editor_, nullptr);  // the user's ~/.editrc, if any
    // After ~/.editrc: the chat relies on these keys.
    chat_terminal_keys::bind(editor_);
    // A paste comes between markers, so that it is one message.
    std::fputs(paste_mode_on, stdout);
    // One keystroke per el_gets, so the network is served while typing.
    el_set(editor_, EL_UNBUFFERED, 1);
    std::fflush(stdout);
}

chat_terminal::~chat_terminal() {
    if (!editor_) return;
    el_end(editor_);
    history_end(history_);
    out_ << paste_mode_off << "\n" << std::flush;
}

const char* chat_terminal::prompt_of(editline* editor) {
    void* self = nullptr;
    el_get(editor, EL_CLIENTDATA, &self);
    return self ? static_cast<chat_terminal*>(self)->prompt_.c_str() : "> ";
}

int chat_terminal::read_character(wchar_t* character) {
    std::string bytes;
    std::size_t length = 1;
    while (bytes.size() < length) {
        char byte = 0;
        const auto n = ::read(fd_, &byte, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n != 1) {
            input_closed_ = true;
            *character = 0;
            return 0;
        }
        if (bytes.empty()) {
            length = static_cast<std::size_t>(utf8_sequence_length(byte));
            if (length == 0) length = 1;  // not UTF-8: decodes as U+FFFD
        } else if ((static_cast<unsigned char>(byte) & 0xC0) != 0x80) {
            break;  // a sequence cut short: U+FFFD, and this byte is lost
        }
        bytes += byte;
    }
    *character = decode_utf8_sequence(bytes);
    return 1;
}

chat_terminal::input chat_terminal::wait(std::chrono::milliseconds timeout) {
    input collected;
    pollfd watched{fd_, POLLIN, 0};
    int ready = ::poll(&watched, 1, static_cast<int>(timeout.count()));
    while (ready > 0 && !collected.end) {
        collected.keystrokes = true;
        if (editor_) {
            read_keystroke(collected);
        } else {
            read_lines(collected);
        }
        watched.revents = 0;
        ready = ::poll(&watched, 1, 0);
    }
    return collected;
}

void chat_terminal::read_keystroke(input& collected) {
    // In unbuffered mode el_gets handles one key and returns the line so
    // far, NULL when it is empty: that is not the end of input.
    int count = 0;
    (void)el_gets(editor_, &count);
    if (leave_ || input_closed_) {
        collected.end = true;
        return;
    }
    // Enter appends "\n"; a paste's line ends are inside, never last.
    const auto line = text_of(*el_wline(editor_));
    if (line.empty() || line.back() != L'\n') return;  // still typing
    auto text = encode_utf8(line.substr(0, line.size() - 1));
    if (!text.empty()) {
        HistEvent event;
        ::history(history_, &event, H_ENTER, text.c_str());
    }
    collected.lines.push_back(std::move(text));
    // Starts the next line at once: an empty buffer and a fresh prompt.
    el_set(editor_, EL_UNBUFFERED, 0);
    el_set(editor_, EL_UNBUFFERED, 1);
    std::fflush(stdout);
}

void chat_terminal::read_lines(input& collected) {
    char buffer[4096];
    const auto n = ::read(fd_, buffer, sizeof buffer);
    if (n <= 0) {
        if (!pending_.empty()) collected.lines.push_back(std::move(pending_));
        pending_.clear();
        collected.end = true;
        return;
    }
    pending_.append(buffer, static_cast<std::size_t>(n));
    for (auto newline = pending_.find('\n'); newline != std::string::npos;
         newline = pending_.find('\n')) {
        collected.lines.push_back(pending_.substr(0, newline));
        pending_.erase(0, newline + 1);
    }
}

void chat_terminal::print_above_draft(const std::string& text, const std::string& shown_prompt) {
    const LineInfoW& line = *el_wline(editor_);
    const auto before =
        decode_utf8(shown_prompt) +
        std::wstring(line.buffer, static_cast<std::size_t>(line.cursor - line.buffer));
    const wchar_t at_cursor = line.cursor < line.lastchar ? *line.cursor : 0;
    int columns = 80;
    el_get(editor_, EL_GETTC, "co", &columns);
    const int row = cursor_row(before, at_cursor, columns);
    std::fflush(stdout);
    // Up to the prompt's row, then clear to the end of the screen.
    if (row > 0) out_ << "\033[" << row << "A";
    out_ << "\r\033[J" << text << std::flush;
    // EL_REFRESH forgets where its cursor was and draws the prompt and the
    // draft from where the cursor is now.
    el_set(editor_, EL_REFRESH);
    std::fflush(stdout);
}

void chat_terminal::print(const std::string& text) {
    if (!editor_) {
        out_ << text << '\n' << std::flush;
        return;
    }
    // The terminal is in raw mode: return the carriage explicitly.
    std::string lines;
    for (char c : text) {
        if (c == '\n') lines += '\r';
        lines += c;
    }
    print_above_draft(lines + "\r\n", prompt_);
}

void chat_terminal::set_prompt(const std::string& prompt) {
    if (prompt == prompt_) return;
    if (!editor_) {
        prompt_ = prompt;
        return;
    }
    // Cleared as the old prompt laid it out, drawn with the new one.
    const std::string shown = std::exchange(prompt_, prompt);
    print_above_draft("", shown);
}

bool chat_terminal::has_partial_input() const {
    if (!editor_) return false;
    const LineInfoW* line = el_wline(editor_);
    return line && line->lastchar > line->buffer;
}

}  // namespace toward::app
