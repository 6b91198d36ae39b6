#include "hub.hpp"

#include <algorithm>

namespace toward::server {

bool hub::attach(user_id user, const std::shared_ptr<protocol_session>& session) {
    std::lock_guard lock(mutex_);
    auto& list = sessions_[user];
    std::erase_if(list, [](const auto& weak) { return weak.expired(); });
    list.push_back(session);
    return list.size() == 1;
}

bool hub::detach(user_id user, const protocol_session* session) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(user);
    if (it == sessions_.end()) return false;
    auto& list = it->second;
    std::erase_if(list, [session](const auto& weak) {
        auto strong = weak.lock();
        return !strong || strong.get() == session;
    });
    if (!list.empty()) return false;
    sessions_.erase(it);
    return true;
}

bool hub::is_online(user_id user) const {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(user);
    return it != sessions_.end() && std::any_of(it->second.begin(), it->second.end(),
                                                [](const auto& weak) { return !weak.expired(); });
}

void hub::for_each_session(
    user_id user,
    const std::function<void(const std::shared_ptr<protocol_session>&)>& visit) const {
    std::vector<std::shared_ptr<protocol_session>> live;
    {
        std::lock_guard lock(mutex_);
        auto it = sessions_.find(user);
        if (it == sessions_.end()) return;
        for (const auto& weak : it->second) {
            if (auto strong = weak.lock()) live.push_back(std::move(strong));
        }
    }
    for (const auto& session : live) visit(session);
}

void hub::track_token(const std::string& token_hash,
                      const std::shared_ptr<protocol_session>& session) {
    std::lock_guard lock(mutex_);
    auto& list = by_token_[token_hash];
    std::erase_if(list, [](const auto& weak) { return weak.expired(); });
    const bool tracked = std::any_of(list.begin(), list.end(),
                                     [&](const auto& weak) { return weak.lock() == session; });
    if (!tracked) list.push_back(session);
}

void hub::untrack_token(const std::string& token_hash, const protocol_session* session) {
    std::lock_guard lock(mutex_);
    auto it = by_token_.find(token_hash);
    if (it == by_token_.end()) return;
    std::erase_if(it->second, [session](const auto& weak) {
        auto strong = weak.lock();
        return !strong || strong.get() == session;
    });
    if (it->second.empty()) by_token_.erase(it);
}

void hub::for_each_session_of_token(
    const std::string& token_hash,
    const std::function<void(const std::shared_ptr<protocol_session>&)>& visit) const {
    std::vector<std::shared_ptr<protocol_session>> live;
    {
        std::lock_guard lock(mutex_);
        auto it = by_token_.find(token_hash);
        if (it == by_token_.end()) return;
        for (const auto& weak : it->second) {
            if (auto strong = weak.lock()) live.push_back(std::move(strong));
        }
    }
    for (const auto& session : live) visit(session);
}

std::size_t hub::online_users() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

}  // namespace toward::server
