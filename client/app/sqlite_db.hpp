// A small RAII wrapper over one SQLite connection and its statements, for the
// client's local store. Nothing outside local_store*.cpp includes it.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "crypto/secret_bytes.hpp"

namespace toward::app {

// Thrown for any SQLite failure inside the store; local_store turns it into an
// app_error at its boundary, so it never crosses a layer.
class sqlite_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// One prepared statement. Bind indexes start at 1, column indexes at 0.
// Move-only; finalized on destruction.
class sqlite_statement {
  public:
    sqlite_statement(sqlite3* db, std::string_view sql);
    ~sqlite_statement();
    sqlite_statement(sqlite_statement&& other) noexcept;
    sqlite_statement& operator=(sqlite_statement&&) = delete;
    sqlite_statement(const sqlite_statement&) = delete;
    sqlite_statement& operator=(const sqlite_statement&) = delete;

    sqlite_statement& bind(int index, std::int64_t value);
    sqlite_statement& bind_text(int index, std::string_view text);
    sqlite_statement& bind_blob(int index, std::span<const std::uint8_t> bytes);
    sqlite_statement& bind_blob(int index, std::string_view bytes);
    sqlite_statement& bind_null(int index);

    // Steps once: true when a row is available, false when done.
    bool step();
    // Steps to completion, for statements that return no rows.
    void run();

    std::int64_t column_int(int index) const;
    std::string column_text(int index) const;
    // A BLOB (or TEXT) column's bytes as a std::string.
    std::string column_blob(int index) const;
    // A BLOB column into wiped-on-free memory, for key material.
    crypto::secret_bytes column_secret(int index) const;
    bool column_is_null(int index) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// One connection to a database file. Not thread-safe.
class sqlite_db {
  public:
    // Opens (creating with mode 0600 if needed) the database at path; throws
    // sqlite_error when it cannot.
    explicit sqlite_db(const std::filesystem::path& path);
    ~sqlite_db();
    sqlite_db(const sqlite_db&) = delete;
    sqlite_db& operator=(const sqlite_db&) = delete;

    // Runs one or more statements that return no rows.
    void exec(std::string_view sql);
    // A new prepared statement for sql.
    sqlite_statement prepare(std::string_view sql);
    int changes() const;
    std::int64_t last_insert_rowid() const;

  private:
    sqlite3* db_ = nullptr;
};

}  // namespace toward::app
