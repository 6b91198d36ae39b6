// toward-server: parse the configuration, serve until SIGTERM, exit 0.
#include <sys/stat.h>

#include <cstdio>
#include <exception>

#include "config.hpp"
#include "server.hpp"
#include "util/log.hpp"

int main(int argc, char** argv) {
    using namespace toward::server;
    ::umask(0077);  // the database, its WAL and the TLS key are for this user only
    server_config config;
    int exit_code = 0;
    try {
        if (!parse_server_config(argc, argv, config, exit_code)) return exit_code;
        server instance(config);
        instance.run_until_signal();
        return 0;
    } catch (const std::exception& e) {
        toward::log::error("toward-server: ", e.what());
        return 1;
    }
}
