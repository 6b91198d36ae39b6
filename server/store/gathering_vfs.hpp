// A SQLite VFS that gathers the writes of a WAL commit into one pwrite().
//
// SQLite writes each WAL frame as two pwrite() calls (its 24-byte header,
// then the page), and a busy store's commit holds hundreds of frames: the
// calls cost the store thread, the relay's bottleneck, a fifth of its time
// (docs/BENCHMARKS.md §3.1). This VFS wraps the default one; for WAL files
// only, it keeps contiguous writes in memory and passes them on as one write
// before anything else touches the file: a read, a size, a lock, a
// shared-memory barrier, and above all the sync.
//
// Use it only with synchronous=FULL, where every commit syncs the WAL before
// SQLite publishes the new frames to readers: a failed write then fails the
// commit, exactly as it would have unbuffered. (With NORMAL the last frames
// would reach the file at the shared-memory barrier, which cannot report an
// error.) Other files go straight to the default VFS, untouched.
#pragma once

#include <cstdint>

namespace toward::server {

// Registers the VFS on first use (thread-safe) and returns its name, for
// sqlite3_open_v2. Throws std::runtime_error if SQLite refuses it.
const char* gathering_vfs_name();

// WAL writes SQLite made through the VFS, and writes it passed on to the
// default VFS, since the process started.
struct gathering_counts {
    std::uint64_t received = 0;
    std::uint64_t passed_on = 0;
};
gathering_counts gathering_vfs_counts();

}  // namespace toward::server
