// `toward`, the console client: everything happens in run_command.
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return toward::app::run_command(args, std::cout, std::cerr);
}
