#include "trigger_sharing.hpp"

#include "outgoing.hpp"

namespace toward::app {

app_result<v1::SealedContent> own_trigger_list(local_store& store, std::int64_t now_ms) {
    auto own = store.own_triggers();
    if (!own) return own.error();
    v1::SealedContent content;
    auto* list = content.mutable_triggers();
    for (auto& trigger : *own) *list->add_triggers() = std::move(trigger);
    list->set_updated_at_ms(now_ms);
    return content;
}

app_result<bool> share_triggers_with_new_partner(local_store& store, const std::string& user_name,
                                                 std::int64_t now_ms) {
    auto own = store.own_triggers();
    if (!own) return own.error();
    if (own->empty()) return false;
    auto partner = sendable_partner(store);
    if (!partner) return false;  // not verified: nothing leaves until it is
    auto queued =
        queue_sealed(store, user_name, *partner, [&] { return own_trigger_list(store, now_ms); });
    if (!queued) return queued.error();
    return true;
}

}  // namespace toward::app
