// A small RAII wrapper over one SQLite connection and its prepared statements.
// Used only inside the store; nothing outside server/store includes it.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace toward::server {

// Thrown for any SQLite failure; the store turns it into an error value.
class sqlite_error : public std::runtime_error {
  public:
    sqlite_error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const noexcept { return code_; }

  private:
    int code_;
};

// A prepared statement, reset on every use. Bind indexes start at 1, column
// indexes at 0. Owned by its sqlite_db.
class statement {
  public:
    statement(sqlite3* db, std::string_view sql);
    ~statement();
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;

    statement& reset();
    // Ends a pending step without clearing bindings.
    void finish();
    statement& bind(int index, std::int64_t value);
    statement& bind(int index, std::string_view text);
    statement& bind_blob(int index, std::string_view bytes);
    statement& bind_null(int index);

    // Steps once: true when a row is available, false when done.
    bool step();
    // Steps to completion, for statements that return no rows.
    void run();

    std::int64_t column_int(int index) const;
    std::string column_text(int index) const;
    std::string column_blob(int index) const;
    bool column_is_null(int index) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// One connection. Not thread-safe: used by the store's own thread only.
class sqlite_db {
  public:
    // Opens (creating if needed) the database file at `path`.
    explicit sqlite_db(const std::string& path);
    ~sqlite_db();
    sqlite_db(const sqlite_db&) = delete;
    sqlite_db& operator=(const sqlite_db&) = delete;

    // Runs one or more statements that return no rows.
    void exec(const std::string& sql);
    // A cached prepared statement for `sql`, reset and ready to bind.
    statement& prepare(const std::string& sql);
    // Resets every cached statement, so none keeps a read snapshot open.
    void reset_all();
    // Rows changed by the last INSERT/UPDATE/DELETE.
    int changes() const;
    std::int64_t last_insert_rowid() const;
    sqlite3* handle() const { return db_; }

  private:
    sqlite3* db_ = nullptr;
    std::map<std::string, std::unique_ptr<statement>, std::less<>> statements_;
};

}  // namespace toward::server
