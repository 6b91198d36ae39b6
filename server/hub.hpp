// Who is online: the live sessions of each user, so a stored message, a
// receipt or a pairing event reaches the partner's open connections; and the
// sessions of each session token, so that revoking a token closes every
// connection that authenticated with it.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
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

    // Records that `session` authenticates (or is about to) with the token
    // whose hash is `token_hash`. A resume tracks its token before the store
    // checks it: a revocation that commits after the check then finds it.
    void track_token(const std::string& token_hash,
                     const std::shared_ptr<protocol_session>& session);
    void untrack_token(const std::string& token_hash, const protocol_session* session);
    // Calls `visit` for each live session tracked with `token_hash`, outside
    // the hub's lock.
    void for_each_session_of_token(
        const std::string& token_hash,
        const std::function<void(const std::shared_ptr<protocol_session>&)>& visit) const;

  private:
    using session_list = std::vector<std::weak_ptr<protocol_session>>;

    mutable std::mutex mutex_;
    std::unordered_map<user_id, session_list> sessions_;
    std::unordered_map<std::string, session_list> by_token_;
};

}  // namespace toward::server
