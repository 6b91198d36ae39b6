#include "password.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

namespace toward::app {
namespace {

// Reads one line from fd; false when the input ended before any of it.
bool read_line(int fd, std::string& line) {
    char c = 0;
    for (;;) {
        const auto n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return !line.empty();
        if (c == '\n' || c == '\r') return true;
        line.push_back(c);
    }
}

// Reads one line from fd with echo off, restoring the terminal afterwards.
app_result<std::string> prompt_without_echo(int fd, const std::string& prompt) {
    termios saved{};
    if (tcgetattr(fd, &saved) != 0) return fail("cannot read the password: no terminal");
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    (void)!::write(fd, prompt.data(), prompt.size());
    if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0) return fail("cannot turn off terminal echo");
    std::string line;
    const bool answered = read_line(fd, line);
    tcsetattr(fd, TCSAFLUSH, &saved);
    if (!answered) return fail("no password given");
    return line;
}

}  // namespace

app_result<std::string> read_confirmation(const std::string& prompt) {
    const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return fail("cannot ask for confirmation: no terminal (--yes confirms in scripts)");
    (void)!::write(fd, prompt.data(), prompt.size());
    std::string line;
    const bool answered = read_line(fd, line);
    ::close(fd);
    if (!answered) return fail("no confirmation given");
    return line;
}

app_result<std::string> read_password(const env_reader& env, const std::string& prompt) {
    if (auto from_env = env("TOWARD_PASSWORD")) return *from_env;
    const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return fail("no password: set TOWARD_PASSWORD or run in a terminal");
    auto password = prompt_without_echo(fd, prompt);
    ::close(fd);
    return password;
}

}  // namespace toward::app
