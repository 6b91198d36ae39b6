// One SQLite connection and its prepared statements: the one wrapper over
// SQLite that the server's store and the client's local store both use.
// Not thread-safe: a connection belongs to one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace toward::sqlite {

// Any SQLite failure; code is SQLite's (extended) result code, or 0 for a
// failure the caller found in the data.
class error : public std::runtime_error {
  public:
    error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const noexcept { return code_; }

  private:
    int code_;
};

// A prepared statement. Bind indexes start at 1, column indexes at 0.
class statement {
  public:
    // persistent: the statement will be kept and reused (a hint to SQLite).
    statement(sqlite3* db, std::string_view sql, bool persistent = false);
    ~statement();
    statement(statement&& other) noexcept;
    statement& operator=(statement&&) = delete;
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;

    // Ready for a new use: no pending rows, no bindings.
    statement& reset();
    // Ends a pending step without clearing bindings.
    void finish();
    statement& bind(int index, std::int64_t value);
    // An unsigned number from outside (a seq, a limit): values past
    // INT64_MAX bind as INT64_MAX, never wrapping round to a negative one,
    // so `seq > ?` with 2^64-1 matches nothing instead of everything.
    statement& bind_unsigned(int index, std::uint64_t value);
    statement& bind_text(int index, std::string_view text);
    statement& bind_blob(int index, std::string_view bytes);
    statement& bind_blob(int index, std::span<const std::uint8_t> bytes);
    statement& bind_null(int index);

    // Steps once: true when a row is available, false when done.
    bool step();
    // Steps to completion, for statements that return no rows.
    void run();

    std::int64_t column_int(int index) const;
    std::string column_text(int index) const;
    // A BLOB (or TEXT) column's bytes as a std::string.
    std::string column_blob(int index) const;
    // The same bytes in place, valid until the next step or reset.
    std::span<const std::uint8_t> column_bytes(int index) const;
    bool column_is_null(int index) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class database {
  public:
    // Opens the file at path, creating it readable by its owner only,
    // through the named VFS (null: SQLite's default).
    explicit database(const std::filesystem::path& path, const char* vfs = nullptr);
    ~database();
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    // Runs one or more statements that return no rows.
    void exec(std::string_view sql);
    // False outside BEGIN … COMMIT, and once SQLite has rolled a transaction
    // back on its own (after an I/O error, say).
    bool in_transaction() const noexcept;
    // A new statement, finalized when it goes.
    statement prepare(std::string_view sql);
    // A statement kept for the connection's life, reset and ready to bind:
    // for the hot paths, where parsing each time would cost.
    statement& cached(std::string_view sql);
    // Resets every cached statement, so none keeps a read snapshot open.
    void reset_all();
    // Rows changed by the last INSERT/UPDATE/DELETE.
    int changes() const;
    std::int64_t last_insert_rowid() const;
    sqlite3* handle() const { return db_; }

  private:
    struct cached_statement {
        std::unique_ptr<statement> stmt;
        bool used = false;  // handed out since the last reset_all
    };

    sqlite3* db_ = nullptr;
    std::map<std::string, cached_statement, std::less<>> cached_;
    // Only these need resetting: the server has some fifty cached statements
    // and a message uses a few.
    std::vector<cached_statement*> used_;
};

}  // namespace toward::sqlite
