// toward-server: serve until SIGTERM and exit 0 (SIGHUP reloads the TLS
// certificate), or `backup` / `restore` the store, or print a registration
// code, and exit.
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdio>
#include <exception>
#include <future>
#include <iostream>
#include <variant>

#include "auth/registration_code.hpp"

#include "config.hpp"
#include "server.hpp"
#include "store/backup.hpp"
#include "store/sqlite_store.hpp"
#include "util/clock.hpp"
#include "util/log.hpp"

namespace {

using namespace toward::server;

int serve(const server_config& config) {
    server instance(config);
    instance.run_until_signal();
    return 0;
}

std::string describe(const backup_outcome& done) {
    return std::to_string(done.users) + " accounts, " + std::to_string(done.messages) +
           " messages, schema " + std::to_string(done.schema_version) + ", " +
           std::to_string(done.bytes) + " bytes";
}

int backup(const backup_command& command) {
    const auto database = std::filesystem::path(command.data_dir) / "toward.db";
    const auto done = backup_database(database, command.target);
    if (!done) {
        toward::log::error("backup failed: ", done.error);
        return 1;
    }
    toward::log::info("backup of ", database.string(), " written to ", command.target, " (",
                      describe(done), ")");
    return 0;
}

int restore(const restore_command& command) {
    const auto done = restore_database(command.source, command.data_dir, command.force);
    if (!done) {
        toward::log::error("restore refused: ", done.error);
        return 1;
    }
    toward::log::info("restored ", command.source, " into ", command.data_dir, "/toward.db (",
                      describe(done), "); start toward-server to use it");
    return 0;
}

// The code goes to stdout alone, for scripts; the store may be in use by a
// running server (SQLite's own locking keeps them apart).
int registration_code(const registration_code_command& command) {
    const auto database = std::filesystem::path(command.data_dir) / "toward.db";
    if (!std::filesystem::exists(database)) {
        toward::log::error("no store at ", database.string(), ": start toward-server once first");
        return 1;
    }
    const auto code = make_registration_code();
    if (!code) {
        toward::log::error("the system's random source failed");
        return 1;
    }
    sqlite_store store{sqlite_store_options(database)};
    const auto now = toward::system_clock().now_ms();
    const auto expires = now + std::int64_t{registration_code_days} * 24 * 3600 * 1000;
    std::promise<toward::result<code_stored>> stored;
    store.add_registration_code(registration_code_hash(*code), command.uses, expires, now, false,
                                [&](toward::result<code_stored> r) { stored.set_value(r); });
    const auto outcome = stored.get_future().get();
    if (!outcome) {
        toward::log::error("cannot store the code: ", outcome.error().message());
        return 1;
    }
    std::cout << *code << "\n";
    toward::log::info("a registration code for ", command.uses,
                      command.uses == 1 ? " account" : " accounts", ", valid ",
                      registration_code_days, " days: toward register NAME --code ", *code);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    ::umask(0077);  // the database, its WAL, backups and the TLS key are for this user only
    // SQLite's memory statistics take a global lock on every allocation, for
    // figures nothing reads; this must come before SQLite's first use.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    server_command command;
    int exit_code = 0;
    try {
        if (!parse_command_line(argc, argv, command, exit_code)) return exit_code;
        return std::visit(
            [](const auto& what) {
                using kind = std::decay_t<decltype(what)>;
                if constexpr (std::is_same_v<kind, server_config>) {
                    return serve(what);
                } else if constexpr (std::is_same_v<kind, backup_command>) {
                    return backup(what);
                } else if constexpr (std::is_same_v<kind, restore_command>) {
                    return restore(what);
                } else {
                    return registration_code(what);
                }
            },
            command);
    } catch (const std::exception& e) {
        toward::log::error("toward-server: ", e.what());
        return 1;
    }
}
