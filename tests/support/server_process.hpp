// toward-server as a real child process, for tests that kill and restart it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "net/connection.hpp"

namespace toward::testing {

// Runs `binary` with `args` as a separate process, waits for it and returns
// its exit code (-1 when it could not start or did not exit normally).
int run_tool(const std::string& binary, std::vector<std::string> args);

// The same, with what it wrote to stdout.
struct tool_output {
    int exit_code = -1;
    std::string stdout_text;
};
tool_output run_tool_output(const std::string& binary, std::vector<std::string> args);

class server_process;

// A connection to the process's URL, trusting the development certificate
// of its data directory `data`; a test failure (and null) when it fails.
std::unique_ptr<client::connection> connect_to(const server_process& proc,
                                               const std::filesystem::path& data);

// A tool running beside the test (toward-bench, say), its stdout and stderr
// going to files. Killed with SIGKILL if still running when destroyed.
class background_tool {
  public:
    // Starts `binary` with `args`. Throws std::runtime_error when it cannot.
    background_tool(const std::string& binary, std::vector<std::string> args,
                    const std::filesystem::path& stdout_file,
                    const std::filesystem::path& stderr_file);
    ~background_tool();
    background_tool(const background_tool&) = delete;
    background_tool& operator=(const background_tool&) = delete;

    pid_t pid() const { return pid_; }
    // A descriptor that poll() reports readable once the tool has exited.
    int exit_fd() const { return pidfd_; }
    // Waits up to `timeout` for the tool to exit. Its exit code, 128 + the
    // signal when a signal ended it, nullopt while it still runs.
    std::optional<int> wait(std::chrono::milliseconds timeout);

  private:
    pid_t pid_ = -1;
    int pidfd_ = -1;
    std::optional<int> exit_code_;
};

class server_process {
  public:
    // Starts `binary` with `args`; waits (up to 30 s) for its "listening on"
    // line and records the URL. Throws std::runtime_error when it does not come.
    server_process(const std::string& binary, std::vector<std::string> args);
    ~server_process();
    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    const std::string& url() const { return url_; }
    pid_t pid() const { return pid_; }
    // Sends `signal_number` and waits for the process; returns its wait status.
    int kill_and_wait(int signal_number);
    // Everything the process wrote to stderr so far (complete once it exited).
    std::string log() const;

  private:
    pid_t pid_ = -1;
    int stderr_fd_ = -1;
    std::string url_;
    std::thread drain_;
    mutable std::mutex log_mutex_;
    std::string log_;
};

}  // namespace toward::testing
