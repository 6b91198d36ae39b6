#include "server_process.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/syscall.h>

#include <chrono>
#include <stdexcept>

extern char** environ;

namespace toward::testing {

int run_tool(const std::string& binary, std::vector<std::string> args) {
    args.insert(args.begin(), binary);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (::posix_spawn(&pid, binary.c_str(), nullptr, nullptr, argv.data(), environ) != 0) return -1;
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::unique_ptr<client::connection> connect_to(const server_process& proc,
                                               const std::filesystem::path& data) {
    std::string error;
    auto conn = client::connection::open({proc.url(), (data / "tls" / "cert.pem").string()}, error);
    EXPECT_TRUE(conn) << error;
    return conn;
}

tool_output run_tool_output(const std::string& binary, std::vector<std::string> args) {
    args.insert(args.begin(), binary);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return {-1, {}};
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    ::posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    pid_t pid = 0;
    const int spawned =
        ::posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
    ::posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    tool_output out;
    char buffer[4096];
    for (ssize_t n; spawned == 0 && (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
        out.stdout_text.append(buffer, static_cast<std::size_t>(n));
    ::close(pipe_fds[0]);
    if (spawned != 0) return {-1, {}};
    int status = 0;
    ::waitpid(pid, &status, 0);
    out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

background_tool::background_tool(const std::string& binary, std::vector<std::string> args,
                                 const std::filesystem::path& stdout_file,
                                 const std::filesystem::path& stderr_file) {
    args.insert(args.begin(), binary);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_file.c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file.c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int failed =
        ::posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
    ::posix_spawn_file_actions_destroy(&actions);
    if (failed != 0) throw std::runtime_error("cannot start " + binary);
    // Debian 12's <sys/pidfd.h> declares pidfd_open without extern "C".
    pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
    if (pidfd_ < 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        throw std::runtime_error("pidfd_open failed");
    }
}

std::optional<int> background_tool::wait(std::chrono::milliseconds timeout) {
    if (exit_code_) return exit_code_;
    pollfd pfd{pidfd_, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
    int status = 0;
    if (::waitpid(pid_, &status, 0) != pid_) return std::nullopt;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exit_code_;
}

background_tool::~background_tool() {
    if (!exit_code_) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    ::close(pidfd_);
}

server_process::server_process(const std::string& binary, std::vector<std::string> args) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
    args.insert(args.begin(), binary);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);

    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        ::dup2(pipe_fds[1], STDERR_FILENO);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        ::execv(binary.c_str(), argv.data());
        ::_exit(127);
    }
    ::close(pipe_fds[1]);
    stderr_fd_ = pipe_fds[0];

    // Read the log until the server says where it listens.
    std::string seen;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    const std::string marker = "listening on ";
    while (url_.empty()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd pfd{stderr_fd_, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) break;
        char buffer[4096];
        const auto n = ::read(stderr_fd_, buffer, sizeof buffer);
        if (n <= 0) break;
        seen.append(buffer, static_cast<std::size_t>(n));
        const auto at = seen.find(marker);
        if (at != std::string::npos) {
            const auto end = seen.find_first_of(" \n", at + marker.size());
            if (end != std::string::npos)
                url_ = seen.substr(at + marker.size(), end - at - marker.size());
        }
    }
    if (url_.empty()) {
        kill_and_wait(SIGKILL);
        throw std::runtime_error("toward-server did not start; it said:\n" + seen);
    }
    log_ = seen;
    // Keep the pipe drained so the server never blocks on its log.
    drain_ = std::thread([this] {
        char buffer[4096];
        for (;;) {
            const auto n = ::read(stderr_fd_, buffer, sizeof buffer);
            if (n <= 0) return;
            std::lock_guard lock(log_mutex_);
            log_.append(buffer, static_cast<std::size_t>(n));
        }
    });
}

int server_process::kill_and_wait(int signal_number) {
    if (pid_ <= 0) return 0;
    ::kill(pid_, signal_number);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    if (drain_.joinable()) drain_.join();  // the pipe is at its end: the log is complete
    return status;
}

std::string server_process::log() const {
    std::lock_guard lock(log_mutex_);
    return log_;
}

server_process::~server_process() {
    kill_and_wait(SIGKILL);
    if (drain_.joinable()) drain_.join();
    if (stderr_fd_ >= 0) ::close(stderr_fd_);
}

}  // namespace toward::testing
