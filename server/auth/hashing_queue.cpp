#include "auth/hashing_queue.hpp"

#include <boost/asio/post.hpp>
#include <thread>

namespace toward::server {
namespace {

std::size_t threads_for(std::size_t asked) {
    if (asked > 0) return asked;
    const unsigned cores = std::thread::hardware_concurrency();  // 0 when unknown
    return cores > 2 ? cores / 2 : 1;
}

}  // namespace

hashing_queue::hashing_queue(std::size_t threads, std::size_t capacity, std::size_t per_address)
    : capacity_(capacity), per_address_(per_address), pool_(threads_for(threads)) {}

std::shared_ptr<hashing_queue::place> hashing_queue::reserve(const std::string& address) {
    {
        std::lock_guard lock(mutex_);
        if (in_use_ >= capacity_) return nullptr;
        auto& held = by_address_[address];
        if (held >= per_address_) return nullptr;
        ++held;
        ++in_use_;
    }
    return std::make_shared<place>(*this, address);
}

void hashing_queue::release(const std::string& address) {
    std::lock_guard lock(mutex_);
    --in_use_;
    auto it = by_address_.find(address);
    if (it != by_address_.end() && --it->second == 0) by_address_.erase(it);
}

void hashing_queue::run(std::function<void()> job) {
    boost::asio::post(pool_, std::move(job));
}

std::size_t hashing_queue::in_use() const {
    std::lock_guard lock(mutex_);
    return in_use_;
}

void hashing_queue::stop() {
    pool_.stop();
}

void hashing_queue::join() {
    pool_.join();
}

}  // namespace toward::server
