// The command line of `toward` (SPEC §8): parses the arguments, runs one
// command, and turns every failure into one line "toward: <reason>" on err
// and a non-zero exit status. The CLI's outermost layer: the only place that
// catches exceptions.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "commands/command_context.hpp"

namespace toward::app {

// Exit statuses.
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;  // the command failed
inline constexpr int exit_usage = 2;    // the command line is wrong

// Runs `toward args...` (args without the program name) in this process.
// Returns the exit status. Thread-compatible: one command at a time per home.
int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                const run_options& run = {});

}  // namespace toward::app
