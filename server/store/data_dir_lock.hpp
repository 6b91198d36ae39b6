// One toward-server per data directory, and no restore under a running one.
// The server keeps its in-memory view of each pair's newest seq, so a second
// server on the same store would hand out seqs twice; a restore would swap
// the file under a live server. Both take this lock first.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace toward::server {

class data_dir_lock {
  public:
    // Takes the lock on `data_dir`/toward.lock (created 0600) without
    // waiting; nullopt with `error` set when another process holds it.
    static std::optional<data_dir_lock> take(const std::filesystem::path& data_dir,
                                             std::string& error);
    ~data_dir_lock();
    data_dir_lock(data_dir_lock&& other) noexcept;
    data_dir_lock& operator=(data_dir_lock&& other) noexcept;
    data_dir_lock(const data_dir_lock&) = delete;

  private:
    explicit data_dir_lock(int fd) : fd_(fd) {}
    int fd_ = -1;  // an flock(2) lock: it belongs to this descriptor alone
};

}  // namespace toward::server
