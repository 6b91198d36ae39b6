// The "pause is over" reminders: one timer per user at most. A pause that
// replaces another cancels the earlier reminder, so a user who pauses again
// and again holds one timer, not one per request.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "store/store.hpp"

namespace toward::server {

class pause_reminders {
  public:
    using timer_ptr = std::shared_ptr<boost::asio::steady_timer>;

    // Makes `timer` the user's reminder; the one it replaces is cancelled
    // (on its own executor, where its wait runs).
    void replace(user_id user, timer_ptr timer);
    // Forgets `timer` if it is still the user's (it has fired).
    void forget(user_id user, const boost::asio::steady_timer* timer);
    std::size_t armed() const;
    // Drops every timer; for the server's shutdown, before its io_context goes.
    void clear();

  private:
    mutable std::mutex mutex_;
    std::unordered_map<user_id, timer_ptr> by_user_;
};

}  // namespace toward::server
