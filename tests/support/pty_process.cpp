#include "pty_process.hpp"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace toward::testing {
namespace {

using steady = std::chrono::steady_clock;

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (auto& text : strings) pointers.push_back(text.data());
    pointers.push_back(nullptr);
    return pointers;
}

std::chrono::milliseconds left_until(steady::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
    return std::max(left, std::chrono::milliseconds(0));
}

}  // namespace

pty_process::pty_process(const std::string& binary, std::vector<std::string> args,
                         std::vector<std::string> env, unsigned short columns,
                         unsigned short rows) {
    args.insert(args.begin(), binary);
    // The sanitizers' settings follow the child, so a sanitized test run
    // checks it the same way (and with the same suppressions).
    for (const char* name : {"ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"}) {
        if (const char* value = std::getenv(name)) env.push_back(std::string(name) + "=" + value);
    }
    // Prepared before forking: the child only calls async-signal-safe functions.
    auto argv = pointers_to(args);
    auto envp = pointers_to(env);
    winsize size{};
    size.ws_col = columns;
    size.ws_row = rows;
    pid_ = ::forkpty(&master_fd_, nullptr, nullptr, &size);
    if (pid_ < 0) throw std::runtime_error("forkpty failed");
    if (pid_ == 0) {
        ::execve(binary.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
}

pty_process::~pty_process() {
    if (!status_ && pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    if (master_fd_ >= 0) ::close(master_fd_);
}

void pty_process::type(std::string_view keys) {
    while (!keys.empty()) {
        const auto n = ::write(master_fd_, keys.data(), keys.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error("cannot type: the terminal is closed");
        keys.remove_prefix(static_cast<std::size_t>(n));
    }
}

bool pty_process::read_some(std::chrono::milliseconds timeout) {
    if (closed_) return false;
    pollfd watched{master_fd_, POLLIN, 0};
    const int ready = ::poll(&watched, 1, static_cast<int>(timeout.count()));
    if (ready < 0 && errno == EINTR) return true;
    if (ready <= 0) return ready == 0;
    char buffer[4096];
    const auto n = ::read(master_fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) return true;
    if (n <= 0) {  // EIO: every copy of the terminal's other side is closed
        closed_ = true;
        return false;
    }
    output_.append(buffer, static_cast<std::size_t>(n));
    return true;
}

bool pty_process::wait_for(std::string_view text, std::chrono::milliseconds timeout) {
    const auto deadline = steady::now() + timeout;
    for (;;) {
        if (const auto at = output_.find(text, consumed_); at != std::string::npos) {
            consumed_ = at + text.size();
            return true;
        }
        const auto left = left_until(deadline);
        if (left.count() == 0 || !read_some(left)) return false;
    }
}

std::optional<int> pty_process::wait_exit(std::chrono::milliseconds timeout) {
    if (status_) return status_;
    const auto deadline = steady::now() + timeout;
    // The terminal closes when the program exits; read what it wrote up to then.
    while (read_some(left_until(deadline))) {
        if (left_until(deadline).count() == 0) return std::nullopt;
    }
    if (!closed_) return std::nullopt;
    int status = 0;
    if (::waitpid(pid_, &status, 0) != pid_) return std::nullopt;
    status_ = status;
    return status_;
}

std::string describe_status(int status) {
    if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
    return "status " + std::to_string(status);
}

}  // namespace toward::testing
