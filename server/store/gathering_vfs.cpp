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

// Sends what is gathered, then does what the default VFS does.
template <auto method, class... Args>
int after_flush(sqlite3_file* file, Args... args) {
    if (const int rc = flush(file); rc != SQLITE_OK) return rc;
    return (base_of(file).*method)(file, args...);
}

// Only passes the call on.
template <auto method, class... Args>
auto passed_on(sqlite3_file* file, Args... args) {
    return (base_of(file).*method)(file, args...);
}

void gather_shm_barrier(sqlite3_file* file) {
    flush(file);
    base_of(file).xShmBarrier(file);
}

// SQLite maps shared memory through the database file, never the WAL; the
// xShm entries only complete the table.
using io = sqlite3_io_methods;
const sqlite3_io_methods wal_methods = {
    3,
    gather_close,
    after_flush<&io::xRead, void*, int, sqlite3_int64>,
    gather_write,
    after_flush<&io::xTruncate, sqlite3_int64>,
    after_flush<&io::xSync, int>,
    after_flush<&io::xFileSize, sqlite3_int64*>,
    after_flush<&io::xLock, int>,
    after_flush<&io::xUnlock, int>,
    passed_on<&io::xCheckReservedLock, int*>,
    after_flush<&io::xFileControl, int, void*>,
    passed_on<&io::xSectorSize>,
    passed_on<&io::xDeviceCharacteristics>,
    after_flush<&io::xShmMap, int, int, int, void volatile**>,
    after_flush<&io::xShmLock, int, int, int>,
    gather_shm_barrier,
    after_flush<&io::xShmUnmap, int>,
    after_flush<&io::xFetch, sqlite3_int64, int, void**>,
    passed_on<&io::xUnfetch, sqlite3_int64, void*>,
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

// Everything but opening is the default VFS's own.
template <auto method, class... Args>
auto on_base(sqlite3_vfs*, Args... args) {
    return (base_vfs->*method)(base_vfs, args...);
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
    using v = sqlite3_vfs;
    vfs.xOpen = open_file;
    vfs.xDelete = on_base<&v::xDelete, const char*, int>;
    vfs.xAccess = on_base<&v::xAccess, const char*, int, int*>;
    vfs.xFullPathname = on_base<&v::xFullPathname, const char*, int, char*>;
    vfs.xDlOpen = on_base<&v::xDlOpen, const char*>;
    vfs.xDlError = on_base<&v::xDlError, int, char*>;
    vfs.xDlSym = on_base<&v::xDlSym, void*, const char*>;
    vfs.xDlClose = on_base<&v::xDlClose, void*>;
    vfs.xRandomness = on_base<&v::xRandomness, int, char*>;
    vfs.xSleep = on_base<&v::xSleep, int>;
    vfs.xCurrentTime = on_base<&v::xCurrentTime, double*>;
    vfs.xGetLastError = on_base<&v::xGetLastError, int, char*>;
    vfs.xCurrentTimeInt64 = on_base<&v::xCurrentTimeInt64, sqlite3_int64*>;
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
