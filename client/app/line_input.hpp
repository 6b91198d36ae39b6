// Lines read from a file descriptor (a terminal in canonical mode, or a pipe
// when scripted), for the commands that ask questions (`checkin`).
#pragma once

#include <optional>
#include <string>

namespace toward::app {

class line_input {
  public:
    explicit line_input(int fd) : fd_(fd) {}

    // The next line without its end ("\n" or "\r\n"); nullopt at the end of
    // input (a last line without "\n" is still returned).
    std::optional<std::string> next();

  private:
    int fd_;
    std::string buffer_;
    bool ended_ = false;
};

}  // namespace toward::app
