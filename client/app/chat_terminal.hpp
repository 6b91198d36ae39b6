// The terminal side of `toward chat`: reads what the user types without
// blocking the network, and prints incoming lines above the line being typed
// without breaking it.
//
// On a terminal (input_fd is standard input and a tty), line editing and
// history come from libedit's native interface in unbuffered mode: each
// keystroke is handed over as it comes, so the caller can poll the network
// in between. Any other input (a pipe in tests, a file) is read line by line.
// Not thread-safe.
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
        std::vector<std::string> lines;  // complete lines, in order
        bool end = false;                // the input ended (Ctrl-D, end of the pipe)
        bool keystrokes = false;         // something was typed
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
    static const char* prompt_of(editline* editor);
    void read_keystroke(input& collected);
    void read_lines(input& collected);

    int fd_;
    std::ostream& out_;
    std::string prompt_;
    editline* editor_ = nullptr;
    history* history_ = nullptr;
    std::string pending_;  // non-interactive: bytes after the last newline
};

}  // namespace toward::app
