// Online backup and offline restore of the SQLite store, for the
// `toward-server backup` and `toward-server restore` commands. Both work on
// files only and may run in another process than the server.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace toward::server {

// How far a restore moves each pair's next seq: more messages than a pair
// could exchange between a backup and its restore.
inline constexpr std::uint64_t restore_seq_jump = 1'000'000;
// The schema that numbers each pair's retags (pairs.last_retag_seq); a
// restore moves those numbers by the same jump.
inline constexpr int first_schema_with_retag_numbers = 7;

// What a backup or a restore did, or why it did not.
struct backup_outcome {
    std::string error;           // one readable line; empty when it worked
    int schema_version = 0;      // of the database copied
    std::uintmax_t bytes = 0;    // size of the file written
    std::uint64_t users = 0;     // accounts in the copy
    std::uint64_t messages = 0;  // messages in the copy

    explicit operator bool() const { return error.empty(); }
};

// Copies the database at `database` into `target` while a server may be
// writing to it: one consistent snapshot (SQLite's online backup API on a
// read transaction; writers are not blocked), checked with PRAGMA
// integrity_check, written to `target`.tmp with mode 0600, synced, then
// renamed over `target`. The copy is one self-contained file (rollback
// journal mode, no -wal beside it). On failure nothing is left at `target`.tmp
// and an existing `target` is untouched.
backup_outcome backup_database(const std::filesystem::path& database,
                               const std::filesystem::path& target);

// Makes the backup at `source` the database `data_dir`/toward.db (mode 0600;
// the directory is created 0700 if missing). Refuses, changing nothing, when
// the file is not an intact toward database, when its schema is newer than
// this build knows (an older one is migrated when the server starts), when
// the database there is open in a running server, and, unless `force`, when
// it already holds accounts. Removes the stale -wal and -shm of the database
// it replaces.
//
// Clients remember the seqs they have seen, and those may go past the
// backup: every pair's next seq is moved restore_seq_jump further, so new
// messages never reuse a number a client already holds (a client would drop
// them as seen). The numbers skipped are simply never used.
backup_outcome restore_database(const std::filesystem::path& source,
                                const std::filesystem::path& data_dir, bool force);

}  // namespace toward::server
