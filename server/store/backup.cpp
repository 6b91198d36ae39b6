#include "store/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <system_error>
#include <vector>

#include "store/data_dir_lock.hpp"
#include "store/sqlite_store.hpp"
#include "store/sqlite_store_impl.hpp"

namespace toward::server {
namespace {

namespace fs = std::filesystem;

struct connection_closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using connection = std::unique_ptr<sqlite3, connection_closer>;

// Opens `path` without ever creating it unless `flags` says so; the error
// text is left in `error`.
connection open_database(const fs::path& path, int flags, std::string& error) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    connection db(raw);
    if (rc != SQLITE_OK) {
        error = "cannot open " + path.string() + ": " +
                (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
        return nullptr;
    }
    sqlite3_extended_result_codes(db.get(), 1);
    return db;
}

// Runs `sql`; returns SQLite's result code and leaves its message in `error`.
int run(sqlite3* db, const char* sql, std::string& error) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) error = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return rc;
}

// Every row of the first column of `sql`, as text; false with `error` set
// when the query fails.
bool query_column(sqlite3* db, const char* sql, std::vector<std::string>& rows,
                  std::string& error) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(raw, &sqlite3_finalize);
    if (rc == SQLITE_OK) {
        while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0));
            rows.emplace_back(text ? text : "");
        }
    }
    if (rc == SQLITE_DONE) return true;
    error = sqlite3_errmsg(db);
    return false;
}

bool query_number(sqlite3* db, const char* sql, std::uint64_t& value, std::string& error) {
    std::vector<std::string> rows;
    if (!query_column(db, sql, rows, error)) return false;
    value = rows.empty() ? 0 : std::stoull(rows.front());
    return true;
}

// Checks that `db` is an intact toward database; fills in its schema
// version and counts. Returns the reason when it is not.
std::string inspect(sqlite3* db, backup_outcome& out) {
    std::string error;
    std::vector<std::string> verdict;
    if (!query_column(db, "PRAGMA integrity_check", verdict, error)) return error;
    if (verdict.size() != 1 || verdict.front() != "ok")
        return "integrity check failed: " + (verdict.empty() ? "no answer" : verdict.front());
    std::uint64_t version = 0;
    std::uint64_t tables = 0;
    if (!query_number(db, "PRAGMA user_version", version, error)) return error;
    if (!query_number(db,
                      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                      "AND name IN ('users', 'pairs', 'messages')",
                      tables, error))
        return error;
    if (version == 0 || tables != 3) return "not a toward-server database";
    out.schema_version = static_cast<int>(version);
    if (!query_number(db, "SELECT count(*) FROM users", out.users, error)) return error;
    if (!query_number(db, "SELECT count(*) FROM messages", out.messages, error)) return error;
    return {};
}

bool sync_path(const fs::path& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// Copies the database open in `source` into the new file `target` (mode
// 0600) as one consistent snapshot, runs `adjust` (SQL, if any) on the copy,
// makes it a self-contained rollback-journal database, checks it and syncs
// it to disk. Returns the reason on failure and leaves no file behind.
std::string copy_database(sqlite3* source, const fs::path& target, backup_outcome& out,
                          const std::string& adjust = {}) {
    std::error_code ignored;
    fs::remove(target, ignored);  // a leftover of an interrupted run
    const int fd = ::open(target.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) return "cannot create " + target.string() + ": " + std::strerror(errno);
    ::fchmod(fd, 0600);
    ::close(fd);

    auto failed = [&](std::string why) {
        fs::remove(target, ignored);
        fs::remove(target.string() + "-journal", ignored);
        return why;
    };
    std::string error;
    {
        connection dest = open_database(target, SQLITE_OPEN_READWRITE, error);
        if (!dest) return failed(error);
        sqlite3_backup* backup = sqlite3_backup_init(dest.get(), "main", source, "main");
        if (!backup) return failed(std::string("backup: ") + sqlite3_errmsg(dest.get()));
        int rc = SQLITE_OK;
        // All pages in one step: one read transaction, so one snapshot. The
        // server's writers go on meanwhile (WAL); a lock held for a moment by
        // a checkpoint is waited out.
        for (int attempt = 0; attempt < 200; ++attempt) {
            rc = sqlite3_backup_step(backup, -1);
            if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
            sqlite3_sleep(50);
        }
        sqlite3_backup_finish(backup);
        if (rc != SQLITE_DONE) {
            return failed(std::string("backup: ") + sqlite3_errstr(rc) + ": " +
                          sqlite3_errmsg(dest.get()));
        }
        if (!adjust.empty() && run(dest.get(), adjust.c_str(), error) != SQLITE_OK)
            return failed("restore: " + error);
        // The copy inherits the source's WAL flag; one file is easier to keep.
        if (run(dest.get(), "PRAGMA journal_mode=DELETE", error) != SQLITE_OK)
            return failed("backup: " + error);
        error = inspect(dest.get(), out);
        if (!error.empty()) return failed("the copy: " + error);
    }
    if (!sync_path(target, O_RDONLY)) return failed("cannot sync " + target.string());
    out.bytes = fs::file_size(target, ignored);
    return {};
}

// The directory entry of a rename is durable only once its directory is.
void sync_directory(const fs::path& file) {
    const auto dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    sync_path(dir, O_RDONLY | O_DIRECTORY);
}

// Whether the database at `path` may be replaced: not open in a server, and
// (unless forced) without accounts. Returns the reason when it may not.
std::string check_replaceable(const fs::path& path, bool force) {
    std::error_code ec;
    if (!fs::exists(path, ec) || fs::file_size(path, ec) == 0) return {};
    std::string error;
    connection db = open_database(path, SQLITE_OPEN_READWRITE, error);
    if (!db) return force ? std::string() : error + " (--force replaces it)";
    // Every connection to a WAL database holds a shared lock on it, so an
    // exclusive lock fails at once while a server has it open.
    sqlite3_busy_timeout(db.get(), 0);
    run(db.get(), "PRAGMA locking_mode=EXCLUSIVE", error);
    const int rc = run(db.get(), "BEGIN EXCLUSIVE", error);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        return path.string() + " is in use: stop toward-server before restoring";
    if (rc == SQLITE_OK) run(db.get(), "COMMIT", error);
    if (force) return {};
    std::uint64_t users = 0;
    if (rc != SQLITE_OK || !query_number(db.get(), "SELECT count(*) FROM users", users, error))
        return path.string() + " exists and cannot be read (" + error + "); --force replaces it";
    if (users > 0)
        return path.string() + " already holds " + std::to_string(users) +
               " accounts; --force replaces it";
    return {};
}

}  // namespace

backup_outcome backup_database(const fs::path& database, const fs::path& target) {
    backup_outcome out;
    std::error_code ec;
    if (!fs::is_regular_file(database, ec)) {
        out.error = database.string() + ": no database there";
        return out;
    }
    connection source = open_database(database, SQLITE_OPEN_READWRITE, out.error);
    if (!source) return out;
    sqlite3_busy_timeout(source.get(), 5000);
    const fs::path partial = target.string() + ".tmp";
    out.error = copy_database(source.get(), partial, out);
    if (!out.error.empty()) return out;
    fs::rename(partial, target, ec);
    if (ec) {
        fs::remove(partial, ec);
        out.error = "cannot rename to " + target.string() + ": " + ec.message();
        return out;
    }
    sync_directory(target);
    return out;
}

backup_outcome restore_database(const fs::path& source_path, const fs::path& data_dir, bool force) {
    backup_outcome out;
    std::error_code ec;
    if (!fs::is_regular_file(source_path, ec)) {
        out.error = source_path.string() + ": no such file";
        return out;
    }
    connection source = open_database(source_path, SQLITE_OPEN_READONLY, out.error);
    if (!source) return out;
    if (auto why = inspect(source.get(), out); !why.empty()) {
        out.error = source_path.string() + ": " + why;
        return out;
    }
    if (out.schema_version > sqlite_store::schema_version()) {
        out.error = source_path.string() + " has schema " + std::to_string(out.schema_version) +
                    ", newer than this toward-server knows (" +
                    std::to_string(sqlite_store::schema_version()) + "): upgrade it first";
        return out;
    }

    const fs::path database = data_dir / "toward.db";
    // Held to the end: no server starts on the data while it is replaced.
    std::optional<data_dir_lock> lock;
    if (fs::exists(data_dir, ec)) {
        lock = data_dir_lock::take(data_dir, out.error);
        if (!lock) return out;
    }
    if (auto why = check_replaceable(database, force); !why.empty()) {
        out.error = why;
        return out;
    }
    if (!fs::exists(data_dir, ec)) {
        fs::create_directories(data_dir, ec);
        fs::permissions(data_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
        if (ec) {
            out.error = "cannot create " + data_dir.string() + ": " + ec.message();
            return out;
        }
        lock = data_dir_lock::take(data_dir, out.error);
        if (!lock) return out;
    }
    const fs::path partial = data_dir / "toward.db.restore.tmp";
    // Clients may hold seqs past the backup: new messages go beyond them,
    // and so do new retags' numbers (schema 7 numbers them).
    const auto jump = std::to_string(restore_seq_jump);
    std::string adjust =
        std::string("UPDATE pairs SET last_seq = ") + newest_seq_sql + " + " + jump;
    if (out.schema_version >= first_schema_with_retag_numbers) {
        adjust += "; UPDATE pairs SET last_retag_seq = last_retag_seq + " + jump;
    }
    out.error = copy_database(source.get(), partial, out, adjust);
    if (!out.error.empty()) return out;
    // A WAL left beside the old file would be replayed into the new one.
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        fs::remove(database.string() + suffix, ec);
        if (ec) {
            fs::remove(partial, ec);
            out.error = "cannot remove " + database.string() + suffix + ": " + ec.message();
            return out;
        }
    }
    fs::rename(partial, database, ec);
    if (ec) {
        fs::remove(partial, ec);
        out.error = "cannot rename to " + database.string() + ": " + ec.message();
        return out;
    }
    sync_directory(database);
    return out;
}

}  // namespace toward::server
