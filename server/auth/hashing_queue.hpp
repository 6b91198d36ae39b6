// Where password hashes run: a small pool of threads behind a bounded queue.
// scrypt is the server's most expensive work and a stranger can ask for it
// before logging in, so the queue has a fixed size, one address holds only a
// few of its places, and a job whose connection has gone is skipped.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace toward::server {

class hashing_queue {
  public:
    // `threads` 0: half the cores, at least one (the I/O and store threads
    // need the rest). `capacity`: jobs waiting or running at once;
    // `per_address`: how many of those one client address may hold.
    hashing_queue(std::size_t threads, std::size_t capacity, std::size_t per_address);

    // A place in the queue, held from the moment a request is accepted until
    // its job is done (or dropped); giving it back is the destructor's job.
    class place;
    // A place for a job of `address`, or null when the queue or that
    // address's share is full: the caller answers UNAVAILABLE at once.
    std::shared_ptr<place> reserve(const std::string& address);
    // Runs `job` on a hashing thread; `job` keeps its place alive.
    void run(std::function<void()> job);

    std::size_t in_use() const;
    void stop();
    void join();

  private:
    void release(const std::string& address);

    std::size_t capacity_;
    std::size_t per_address_;
    boost::asio::thread_pool pool_;
    mutable std::mutex mutex_;
    std::size_t in_use_ = 0;
    std::unordered_map<std::string, std::size_t> by_address_;
};

class hashing_queue::place {
  public:
    place(hashing_queue& queue, std::string address)
        : queue_(queue), address_(std::move(address)) {}
    ~place() { queue_.release(address_); }
    place(const place&) = delete;
    place& operator=(const place&) = delete;

  private:
    hashing_queue& queue_;
    std::string address_;
};

}  // namespace toward::server
