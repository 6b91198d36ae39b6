// `toward`, the console client: everything happens in run_command.
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "terminal_locale.hpp"

int main(int argc, char** argv) {
    toward::app::use_utf8_terminal_locale();
    std::vector<std::string> args(argv + 1, argv + argc);
    return toward::app::run_command(args, std::cout, std::cerr);
}
