#include "breathe_keys.hpp"

#include <poll.h>
#include <unistd.h>

#include <csignal>

namespace toward::app {
namespace {

volatile std::sig_atomic_t interrupted = 0;

extern "C" void on_interrupt(int) {
    interrupted = 1;
}

}  // namespace

breathe_keys::breathe_keys(int input_fd) : fd_(input_fd) {
    interrupted = 0;
    struct ::sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &saved_sigint_);
    if (isatty(fd_) == 1 && ::tcgetattr(fd_, &saved_) == 0) {
        termios keys = saved_;
        keys.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);  // ISIG stays: Ctrl-C still signals
        keys.c_cc[VMIN] = 1;
        keys.c_cc[VTIME] = 0;
        terminal_ = ::tcsetattr(fd_, TCSANOW, &keys) == 0;
    }
}

breathe_keys::~breathe_keys() {
    if (terminal_) ::tcsetattr(fd_, TCSANOW, &saved_);
    ::sigaction(SIGINT, &saved_sigint_, nullptr);
}

bool breathe_keys::wants_stop(std::chrono::milliseconds timeout) {
    if (interrupted) return true;
    if (input_ended_) {
        ::poll(nullptr, 0, static_cast<int>(timeout.count()));
        return interrupted != 0;
    }
    pollfd watched{fd_, POLLIN, 0};
    const int ready = ::poll(&watched, 1, static_cast<int>(timeout.count()));
    if (interrupted) return true;
    if (ready <= 0) return false;
    char buffer[256];
    const auto n = ::read(fd_, buffer, sizeof buffer);
    if (n <= 0) {
        input_ended_ = true;
        return false;
    }
    for (ssize_t i = 0; i < n; ++i) {
        if (buffer[i] == 'q' || buffer[i] == 'Q') return true;
    }
    return false;
}

}  // namespace toward::app
