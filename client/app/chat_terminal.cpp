#include "chat_terminal.hpp"

#include <histedit.h>
#include <poll.h>
#include <unistd.h>

#include <cstdio>
#include <ostream>

namespace toward::app {
namespace {

constexpr int history_size = 500;

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
    el_source(editor_, nullptr);    // the user's ~/.editrc, if any
    // One keystroke per el_gets, so the network is served while typing.
    el_set(editor_, EL_UNBUFFERED, 1);
    std::fflush(stdout);
}

chat_terminal::~chat_terminal() {
    if (!editor_) return;
    el_end(editor_);
    history_end(history_);
    out_ << "\n" << std::flush;
}

const char* chat_terminal::prompt_of(editline* editor) {
    void* self = nullptr;
    el_get(editor, EL_CLIENTDATA, &self);
    return self ? static_cast<chat_terminal*>(self)->prompt_.c_str() : "> ";
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
    int count = 0;
    const char* line = el_gets(editor_, &count);
    if (!line || count <= 0) {
        collected.end = true;
        return;
    }
    if (line[count - 1] != '\n') return;  // still typing
    std::string text(line, static_cast<std::size_t>(count - 1));
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
    std::fflush(stdout);
    out_ << "\r\033[K" << lines << "\r\n" << std::flush;
    el_set(editor_, EL_REFRESH);
    std::fflush(stdout);
}

void chat_terminal::set_prompt(const std::string& prompt) {
    if (prompt == prompt_) return;
    prompt_ = prompt;
    if (!editor_) return;
    std::fflush(stdout);
    out_ << "\r\033[K" << std::flush;
    el_set(editor_, EL_REFRESH);
    std::fflush(stdout);
}

bool chat_terminal::has_partial_input() const {
    if (!editor_) return false;
    const LineInfo* line = el_line(editor_);
    return line && line->lastchar > line->buffer;
}

}  // namespace toward::app
