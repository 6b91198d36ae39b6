// The keyboard while `toward breathe` runs: `q` stops without Enter, and
// Ctrl-C asks to stop instead of killing the client, so the partner is told.
// On a terminal, echo and line buffering are off until this object goes away;
// the terminal settings and the SIGINT handler are restored on every exit
// path (the destructor). Other input (a pipe) is read as it comes; its end
// is not a request to stop. One at a time; not thread-safe.
#pragma once

#include <signal.h>
#include <termios.h>

#include <chrono>

namespace toward::app {

class breathe_keys {
  public:
    explicit breathe_keys(int input_fd);
    ~breathe_keys();
    breathe_keys(const breathe_keys&) = delete;
    breathe_keys& operator=(const breathe_keys&) = delete;

    // Waits up to `timeout` for a key; true after `q`, `Q` or Ctrl-C.
    bool wants_stop(std::chrono::milliseconds timeout);
    // Whether input_fd is a terminal (and now in single-key mode).
    bool terminal() const { return terminal_; }

  private:
    int fd_;
    bool terminal_ = false;
    bool input_ended_ = false;
    termios saved_{};
    struct ::sigaction saved_sigint_ {};
};

}  // namespace toward::app
