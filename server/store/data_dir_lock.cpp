#include "store/data_dir_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace toward::server {

std::optional<data_dir_lock> data_dir_lock::take(const std::filesystem::path& data_dir,
                                                 std::string& error) {
    // flock, not fcntl: an fcntl lock would vanish when any descriptor of the
    // file closes, the very trap SQLite's own locks fall into.
    const auto path = data_dir / "toward.lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = "cannot open " + path.string() + ": " + std::strerror(errno);
        return std::nullopt;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int why = errno;
        ::close(fd);
        error = why == EWOULDBLOCK
                    ? data_dir.string() + " is in use by a running toward-server: stop it first"
                    : "cannot lock " + path.string() + ": " + std::strerror(why);
        return std::nullopt;
    }
    return data_dir_lock(fd);
}

data_dir_lock::data_dir_lock(data_dir_lock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

data_dir_lock& data_dir_lock::operator=(data_dir_lock&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
}

data_dir_lock::~data_dir_lock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace toward::server
