#include "sqlite_db.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <utility>

namespace toward::app {
namespace {

[[noreturn]] void throw_error(sqlite3* db, std::string_view what) {
    throw sqlite_error(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

sqlite_statement::sqlite_statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
        SQLITE_OK) {
        throw_error(db, "local store: cannot prepare statement");
    }
}

sqlite_statement::~sqlite_statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

sqlite_statement::sqlite_statement(sqlite_statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

sqlite_statement& sqlite_statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) throw_error(db_, "bind");
    return *this;
}

sqlite_statement& sqlite_statement::bind_text(int index, std::string_view text) {
    if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK)
        throw_error(db_, "bind");
    return *this;
}

sqlite_statement& sqlite_statement::bind_blob(int index, std::span<const std::uint8_t> bytes) {
    // A zero-length blob needs a non-null pointer, or SQLite stores NULL.
    static const std::uint8_t empty = 0;
    const void* data = bytes.empty() ? &empty : bytes.data();
    if (sqlite3_bind_blob(stmt_, index, data, static_cast<int>(bytes.size()), SQLITE_TRANSIENT) !=
        SQLITE_OK)
        throw_error(db_, "bind");
    return *this;
}

sqlite_statement& sqlite_statement::bind_blob(int index, std::string_view bytes) {
    return bind_blob(index, std::span<const std::uint8_t>(
                                reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

sqlite_statement& sqlite_statement::bind_null(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) throw_error(db_, "bind");
    return *this;
}

bool sqlite_statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_error(db_, "local store");
}

void sqlite_statement::run() {
    while (step()) {
    }
}

std::int64_t sqlite_statement::column_int(int index) const {
    return sqlite3_column_int64(stmt_, index);
}

std::string sqlite_statement::column_text(int index) const {
    const auto* text = sqlite3_column_text(stmt_, index);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
}

std::string sqlite_statement::column_blob(int index) const {
    const auto* data = sqlite3_column_blob(stmt_, index);
    if (!data) return {};
    return std::string(static_cast<const char*>(data),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
}

crypto::secret_bytes sqlite_statement::column_secret(int index) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, index));
    if (!data) return {};
    return crypto::secret_bytes(
        data, data + static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
}

bool sqlite_statement::column_is_null(int index) const {
    return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

sqlite_db::sqlite_db(const std::filesystem::path& path) {
    // Create the file ourselves so it is never readable by others, even for
    // the moment before SQLite would apply its own mode.
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) throw sqlite_error("cannot create " + path.string());
    ::close(fd);
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        std::string message =
            "cannot open " + path.string() + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
        sqlite3_close(db_);
        db_ = nullptr;
        throw sqlite_error(message);
    }
    sqlite3_busy_timeout(db_, 5000);
}

sqlite_db::~sqlite_db() {
    sqlite3_close(db_);
}

void sqlite_db::exec(std::string_view sql) {
    const std::string text(sql);
    char* message = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string error = message ? message : "unknown error";
        sqlite3_free(message);
        throw sqlite_error("local store: " + error);
    }
}

sqlite_statement sqlite_db::prepare(std::string_view sql) {
    return sqlite_statement(db_, sql);
}

int sqlite_db::changes() const {
    return sqlite3_changes(db_);
}

std::int64_t sqlite_db::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}

}  // namespace toward::app
