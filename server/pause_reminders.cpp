#include "pause_reminders.hpp"

#include <boost/asio/post.hpp>
#include <utility>

namespace toward::server {

void pause_reminders::replace(user_id user, timer_ptr timer) {
    timer_ptr previous;
    {
        std::lock_guard lock(mutex_);
        previous = std::exchange(by_user_[user], std::move(timer));
    }
    if (previous) {
        auto& executor_of_previous = *previous;
        boost::asio::post(executor_of_previous.get_executor(),
                          [previous = std::move(previous)] { previous->cancel(); });
    }
}

void pause_reminders::forget(user_id user, const boost::asio::steady_timer* timer) {
    std::lock_guard lock(mutex_);
    auto it = by_user_.find(user);
    if (it != by_user_.end() && it->second.get() == timer) by_user_.erase(it);
}

void pause_reminders::clear() {
    std::lock_guard lock(mutex_);
    by_user_.clear();
}

std::size_t pause_reminders::armed() const {
    std::lock_guard lock(mutex_);
    return by_user_.size();
}

}  // namespace toward::server
