// A program running on a real pseudo-terminal, driven like a person at a
// keyboard: keystrokes go in, everything it writes to the screen comes back.
// Waits are on the output itself (with a timeout), never on the clock alone,
// in the manner of expect: each wait_for consumes the output up to its match.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toward::testing {

class pty_process {
  public:
    // Starts `binary` with `args` on a new terminal of `columns` x `rows`,
    // with exactly `env` ("NAME=value") as its environment.
    pty_process(const std::string& binary, std::vector<std::string> args,
                std::vector<std::string> env, unsigned short columns = 80,
                unsigned short rows = 24);
    ~pty_process();
    pty_process(const pty_process&) = delete;
    pty_process& operator=(const pty_process&) = delete;

    // Writes keys as if typed (bytes as they are: "\x7f" is Backspace).
    void type(std::string_view keys);

    // Waits until `text` appears in output not consumed by an earlier wait;
    // consumes the output up to the end of the match. False after `timeout`.
    bool wait_for(std::string_view text,
                  std::chrono::milliseconds timeout = std::chrono::seconds(15));

    // Waits for the program to exit; its wait status, or nullopt after `timeout`.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(15));

    // Everything the program wrote so far, escape sequences included.
    const std::string& output() const { return output_; }
    // What no wait_for has consumed yet.
    std::string unconsumed() const { return output_.substr(consumed_); }

  private:
    // Reads what is there within `timeout`; false once the terminal is closed.
    bool read_some(std::chrono::milliseconds timeout);

    pid_t pid_ = -1;
    int master_fd_ = -1;
    bool closed_ = false;
    std::optional<int> status_;
    std::string output_;
    std::size_t consumed_ = 0;
};

// Describes a wait status for assertion messages ("exit 0", "signal 9").
std::string describe_status(int status);

}  // namespace toward::testing
