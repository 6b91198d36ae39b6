// The terminal side of `toward chat`: reads what the user types without
// blocking the network, and prints incoming lines above the line being typed
// without breaking it.
//
// On a terminal (input_fd is standard input and a tty), line editing and
// history come from libedit's native interface in unbuffered mode: each
// keystroke is handed over as it comes, so the caller can poll the network
// in between. chat_terminal reads the keys itself (UTF-8, whatever the
// locale) and binds its own Backspace, Ctrl-D, arrows and bracketed paste
// (chat_terminal_keys.cpp). Any other input (a pipe in tests, a file) is
// read line by line. Not thread-safe.
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

struct editline;
struct history;

namespace toward::app {

class chat_terminal {
  public:
    // out must be standard output when input_fd is a terminal (libedit
    // echoes there).
    chat_terminal(int input_fd, std::ostream& out, std::string prompt);
    ~chat_terminal();
    chat_terminal(const chat_terminal&) = delete;
    chat_terminal& operator=(const chat_terminal&) = delete;

    // What one wait produced.
    struct input {
        // Complete lines, in order; a bracketed paste is one line that may
        // hold newlines.
        std::vector<std::string> lines;
        bool end = false;         // the input ended (Ctrl-D on an empty line, end of the pipe)
        bool keystrokes = false;  // something was typed
    };

    // Waits up to timeout for input and returns what was completed.
    input wait(std::chrono::milliseconds timeout);

    // Prints text (may hold several lines) above the input line and redraws
    // the prompt with what was typed so far.
    void print(const std::string& text);

    // Changes the prompt (e.g. to show that the partner is typing).
    void set_prompt(const std::string& prompt);

    // True while the line being typed is not empty (terminals only).
    bool has_partial_input() const;

    bool interactive() const { return editor_ != nullptr; }

  private:
    friend struct chat_terminal_keys;

    static const char* prompt_of(editline* editor);
    void read_keystroke(input& collected);
    void read_lines(input& collected);
    // Erases the prompt and the draft (all its rows, as laid out after
    // shown_prompt), prints `text` there, and lets libedit draw them again
    // below.
    void print_above_draft(const std::string& text, const std::string& shown_prompt);
    // One UTF-8 character from the terminal (libedit's EL_GETCFN): 1, or 0
    // at the end of input.
    int read_character(wchar_t* character);

    int fd_;
    std::ostream& out_;
    std::string prompt_;
    editline* editor_ = nullptr;
    struct history* history_ = nullptr;
    std::string pending_;        // non-interactive: bytes after the last newline
    bool leave_ = false;         // Ctrl-D on an empty line
    bool input_closed_ = false;  // the terminal went away
};

}  // namespace toward::app
