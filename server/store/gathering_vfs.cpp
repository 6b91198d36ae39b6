#include "store/gathering_vfs.hpp"

#include <sqlite3.h>

#include <atomic>
#include <cstddef>
#include <new>
#include <stdexcept>
#include <string>

namespace toward::server {
namespace {

// Passed on in writes of at most this: the unix VFS writes under 128 KiB
// per call (larger ones come back short, as SQLITE_FULL).
constexpr std::size_t gather_limit = 64 * 1024;

sqlite3_vfs* base_vfs = nullptr;  // the default VFS, set before registering
std::atomic<std::uint64_t> writes_received{0};
std::atomic<std::uint64_t> writes_passed_on{0};

int pass_on(sqlite3_file* file, const sqlite3_io_methods& base, const void* data, int amount,
            sqlite3_int64 offset) {
    writes_passed_on.fetch_add(1, std::memory_order_relaxed);
    return base.xWrite(file, data, amount, offset);
}

// What a WAL file keeps after the default VFS's own file object, which comes
// first so that the default VFS's methods work on it unchanged.
struct gathered_writes {
    const sqlite3_io_methods* base = nullptr;  // the default VFS's methods
    std::string bytes;
    sqlite3_int64 offset = 0;  // where `bytes` go in the file
};

std::size_t base_file_size() {
    const auto size = static_cast<std::size_t>(base_vfs->szOsFile);
    constexpr auto align = alignof(gathered_writes);
    return (size + align - 1) / align * align;
}

gathered_writes& gathered(sqlite3_file* file) {
    return *std::launder(
        reinterpret_cast<gathered_writes*>(reinterpret_cast<char*>(file) + base_file_size()));
}

const sqlite3_io_methods& base_of(sqlite3_file* file) {
    return *gathered(file).base;
}

int flush(sqlite3_file* file) {
    auto& pending = gathered(file);
    if (pending.bytes.empty()) return SQLITE_OK;
    const int rc = pass_on(file, *pending.base, pending.bytes.data(),
                           static_cast<int>(pending.bytes.size()), pending.offset);
    pending.bytes.clear();  // keeps its memory: the next commit needs as much
    return rc;
}

// The WAL file's methods: writes gather, everything else sends them first.

int gather_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    writes_received.fetch_add(1, std::memory_order_relaxed);
    auto& pending = gathered(file);
    const auto size = static_cast<std::size_t>(amount);
    const bool follows =
        offset == pending.offset + static_cast<sqlite3_int64>(pending.bytes.size());
    if (pending.bytes.empty() || !follows || pending.bytes.size() + size > gather_limit) {
        if (const int rc = flush(file); rc != SQLITE_OK) return rc;
        if (size > gather_limit) return pass_on(file, *pending.base, data, amount, offset);
        pending.offset = offset;
    }
    pending.bytes.append(static_cast<const char*>(data), size);
    return SQLITE_OK;
}

int gather_close(sqlite3_file* file) {
    const int flushed = flush(file);
    auto& pending = gathered(file);
    const sqlite3_io_methods* base = pending.base;
    pending.~gathered_writes();
    const int closed = base->xClose(file);
    return flushed != SQLITE_OK ? flushed : closed;
}

int gather_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
    if (const int rc = flush(file); rc != SQLITE_OK) return rc;
    return base_of(file).xRead(file, out, amount, offset);
}

int gather_truncate(sqlite3_file* file, sqlite3_int64 size) {
    if (const int rc = flush(file); rc != SQLITE_OK) return rc;
    return base_of(file).xTruncate(file, size);
}

int gather_sync(sqlite3_file* file, int flags) {
    if (const int rc = flush(file); rc != SQLITE_OK) return rc;
    return base_of(file).xSync(file, flags);
}

int gather_file_size(sqlite3_file* file, sqlite3_int64* size) {
    if (const int rc = flush(file); rc != SQLITE_OK) return rc;
    return base_of(file).xFileSize(file, size);
}

int gather_lock(sqlite3_file* file, int level) {
    if (const int rc = flush(file); rc != SQLITE_OK) return rc;
    return base_of(file).xLock(file, level);
}

int gather_unlock(sqlite3_file* file, int level) {
    if (const int rc = flush(file); rc != SQLITE_OK) return rc;
    return base_of(file).xUnlock(file, level);
}

int gather_check_reserved_lock(sqlite3_file* file, int* out) {
    return base_of(file).xCheckReservedLock(file, out);
}

int gather_file_control(sqlite3_file* file, int op, void* arg) {
    if (const int rc = flush(file); rc != SQLITE_OK) return rc;
    return base_of(file).xFileControl(file, op, arg);
}

int gather_sector_size(sqlite3_file* file) {
    return base_of(file).xSectorSize(file);
}

int gather_device_characteristics(sqlite3_file* file) {
    return base_of(file).xDeviceCharacteristics(file);
}

// SQLite maps shared memory through the database file, never the WAL; these
// only complete the table.
int gather_shm_map(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
    if (const int rc = flush(file); rc != SQLITE_OK) return rc;
    return base_of(file).xShmMap(file, region, size, extend, out);
}

int gather_shm_lock(sqlite3_file* file, int offset, int count, int flags) {
    if (const int rc = flush(file); rc != SQLITE_OK) return rc;
    return base_of(file).xShmLock(file, offset, count, flags);
}

void gather_shm_barrier(sqlite3_file* file) {
    flush(file);
    base_of(file).xShmBarrier(file);
}

int gather_shm_unmap(sqlite3_file* file, int delete_flag) {
    if (const int rc = flush(file); rc != SQLITE_OK) return rc;
    return base_of(file).xShmUnmap(file, delete_flag);
}

int gather_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
    if (const int rc = flush(file); rc != SQLITE_OK) return rc;
    return base_of(file).xFetch(file, offset, amount, out);
}

int gather_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
    return base_of(file).xUnfetch(file, offset, page);
}

const sqlite3_io_methods wal_methods = {
    3,
    gather_close,
    gather_read,
    gather_write,
    gather_truncate,
    gather_sync,
    gather_file_size,
    gather_lock,
    gather_unlock,
    gather_check_reserved_lock,
    gather_file_control,
    gather_sector_size,
    gather_device_characteristics,
    gather_shm_map,
    gather_shm_lock,
    gather_shm_barrier,
    gather_shm_unmap,
    gather_fetch,
    gather_unfetch,
};

// The VFS: opens through the default one, then takes over WAL files.

int open_file(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    const int rc = base_vfs->xOpen(base_vfs, name, file, flags, out_flags);
    if (rc != SQLITE_OK || (flags & SQLITE_OPEN_WAL) == 0 || file->pMethods == nullptr) return rc;
    if (file->pMethods->iVersion < 3) return rc;  // not the unix VFS we know: leave it be
    auto* pending = new (reinterpret_cast<char*>(file) + base_file_size()) gathered_writes;
    pending->base = file->pMethods;
    file->pMethods = &wal_methods;
    return rc;
}

int delete_file(sqlite3_vfs*, const char* name, int sync_dir) {
    return base_vfs->xDelete(base_vfs, name, sync_dir);
}

int access_file(sqlite3_vfs*, const char* name, int flags, int* out) {
    return base_vfs->xAccess(base_vfs, name, flags, out);
}

int full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
    return base_vfs->xFullPathname(base_vfs, name, size, out);
}

void* dl_open(sqlite3_vfs*, const char* name) {
    return base_vfs->xDlOpen(base_vfs, name);
}

void dl_error(sqlite3_vfs*, int size, char* out) {
    base_vfs->xDlError(base_vfs, size, out);
}

void (*dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
    return base_vfs->xDlSym(base_vfs, handle, symbol);
}

void dl_close(sqlite3_vfs*, void* handle) {
    base_vfs->xDlClose(base_vfs, handle);
}

int randomness(sqlite3_vfs*, int size, char* out) {
    return base_vfs->xRandomness(base_vfs, size, out);
}

int sleep_for(sqlite3_vfs*, int microseconds) {
    return base_vfs->xSleep(base_vfs, microseconds);
}

int current_time(sqlite3_vfs*, double* out) {
    return base_vfs->xCurrentTime(base_vfs, out);
}

int last_error(sqlite3_vfs*, int size, char* out) {
    return base_vfs->xGetLastError(base_vfs, size, out);
}

int current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
    return base_vfs->xCurrentTimeInt64(base_vfs, out);
}

sqlite3_vfs* make_vfs() {
    base_vfs = sqlite3_vfs_find(nullptr);
    if (base_vfs == nullptr || base_vfs->iVersion < 2)
        throw std::runtime_error("SQLite has no default VFS to wrap");
    static sqlite3_vfs vfs{};
    vfs.iVersion = 2;
    vfs.szOsFile = static_cast<int>(base_file_size() + sizeof(gathered_writes));
    vfs.mxPathname = base_vfs->mxPathname;
    vfs.zName = "toward-gathering";
    vfs.xOpen = open_file;
    vfs.xDelete = delete_file;
    vfs.xAccess = access_file;
    vfs.xFullPathname = full_pathname;
    vfs.xDlOpen = dl_open;
    vfs.xDlError = dl_error;
    vfs.xDlSym = dl_sym;
    vfs.xDlClose = dl_close;
    vfs.xRandomness = randomness;
    vfs.xSleep = sleep_for;
    vfs.xCurrentTime = current_time;
    vfs.xGetLastError = last_error;
    vfs.xCurrentTimeInt64 = current_time_int64;
    if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK)
        throw std::runtime_error("SQLite refused the gathering VFS");
    return &vfs;
}

}  // namespace

const char* gathering_vfs_name() {
    static sqlite3_vfs* const vfs = make_vfs();
    return vfs->zName;
}

gathering_counts gathering_vfs_counts() {
    return {writes_received.load(std::memory_order_relaxed),
            writes_passed_on.load(std::memory_order_relaxed)};
}

}  // namespace toward::server
