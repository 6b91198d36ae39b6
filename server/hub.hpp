// Who is online: the live sessions of each user, so a stored message, a
// receipt or a pairing event reaches the partner's open connections.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "store/store.hpp"

namespace toward::server {

class protocol_session;

// Thread-safe. Holds sessions weakly: a closed session simply disappears.
class hub {
  public:
    // Adds a session of `user`; returns true when it is the user's first.
    bool attach(user_id user, const std::shared_ptr<protocol_session>& session);
    // Removes it; returns true when the user has no session left.
    bool detach(user_id user, const protocol_session* session);
    bool is_online(user_id user) const;
    // Calls `visit` for each live session of `user`, outside the hub's lock.
    void for_each_session(
        user_id user,
        const std::function<void(const std::shared_ptr<protocol_session>&)>& visit) const;
    std::size_t online_users() const;

  private:
    mutable std::mutex mutex_;
    std::unordered_map<user_id, std::vector<std::weak_ptr<protocol_session>>> sessions_;
};

}  // namespace toward::server
