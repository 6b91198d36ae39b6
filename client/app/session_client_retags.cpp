// The retag side of session_client: the partner's retags, pushed live or
// fetched after the last retag number this home applied (docs/PROTOCOL.md
// §3.16a), stored in the local history.
#include <algorithm>
#include <charconv>

#include "message_format.hpp"
#include "session_client.hpp"

namespace toward::app {

app_result<std::uint64_t> session_client::applied_retag_seq() {
    auto text = store_.setting(setting::retag_seq);
    if (!text) return text.error();
    std::uint64_t number = 0;
    if (*text) std::from_chars((*text)->data(), (*text)->data() + (*text)->size(), number);
    return number;
}

app_result<retag_effect> session_client::store_retag(const v1::RetagUpdate& update) {
    auto partner = store_.partner();
    if (!partner) return partner.error();
    if (!*partner) return retag_effect::none;
    const auto kind = update.kind() == v1::KIND_UNSPECIFIED ? v1::KIND_CHAT : update.kind();
    const bool response = kind == v1::KIND_RESPONSE && update.has_response();
    return store_.retag_message((*partner)->pair_id, update.seq(), kind,
                                kind == v1::KIND_BID ? update.bid_category() : v1::BID_UNSPECIFIED,
                                response ? update.response().bid_seq() : 0,
                                response ? update.response().turn() : v1::TURN_UNSPECIFIED);
}

notice session_client::retag_notice(const v1::RetagUpdate& update, retag_effect effect) const {
    const auto kind = update.kind() == v1::KIND_UNSPECIFIED ? v1::KIND_CHAT : update.kind();
    std::string tag = kind_name(kind);
    if (kind == v1::KIND_BID) tag += std::string(": ") + category_name(update.bid_category());
    if (kind == v1::KIND_RESPONSE) {
        tag += " to #" + std::to_string(update.response().bid_seq()) + ": " +
               turn_name(update.response().turn());
    }
    auto partner = store_.partner();
    const std::string who = effect == retag_effect::own_message ? std::string("you")
                            : partner && *partner               ? (*partner)->user_name
                                                                : std::string("your partner");
    return notice{false, who + " retagged #" + std::to_string(update.seq()) + " as " + tag};
}

app_status session_client::catch_up_retags(std::uint64_t server_newest) {
    auto applied = applied_retag_seq();
    if (!applied) return applied.error();
    std::uint64_t after = *applied <= server_newest ? *applied : 0;
    for (;;) {
        v1::ClientFrame frame;
        frame.mutable_fetch_retags()->set_after_retag_seq(after);
        auto reply = request(std::move(frame));
        if (!reply) return reply.error();
        if (!reply->has_retag_list()) return fail("the server sent no retags");
        const auto& list = reply->retag_list();
        std::vector<notice> told;
        auto stored = store_.transaction([&]() -> app_status {
            for (const auto& update : list.retags()) {
                auto effect = store_retag(update);
                if (!effect) return effect.error();
                if (*effect != retag_effect::none) told.push_back(retag_notice(update, *effect));
                after = std::max(after, update.retag_seq());
            }
            // The last page holds every retag up to the server's newest
            // when asked, even one numbered above what was found (a restore
            // jumps ahead): there is nothing to fetch below it any more.
            if (!list.more()) after = std::max(after, server_newest);
            return store_.set_setting(setting::retag_seq, std::to_string(after));
        });
        if (!stored) return stored;
        if (notices_) {
            for (const auto& note : told) notices_(note);
        }
        if (!list.more() || list.retags().empty()) return {};
    }
}

app_result<retag_effect> session_client::apply_retag_update(const v1::RetagUpdate& update) {
    auto applied = applied_retag_seq();
    if (!applied) return applied.error();
    if (update.retag_seq() > *applied + 1) {
        // Some were missed (made while this connection was being set up):
        // fetched with this one, from the number applied here.
        auto before = store_retag(update);
        if (!before) return before.error();
        if (auto caught = catch_up_retags(update.retag_seq()); !caught) return caught.error();
        return *before;
    }
    retag_effect effect = retag_effect::none;
    auto stored = store_.transaction([&]() -> app_status {
        auto changed = store_retag(update);
        if (!changed) return changed.error();
        effect = *changed;
        if (update.retag_seq() != *applied + 1) return {};
        return store_.set_setting(setting::retag_seq, std::to_string(update.retag_seq()));
    });
    if (!stored) return stored.error();
    return effect;
}

app_result<std::optional<push_event>> session_client::apply_retag(const v1::RetagUpdate& update) {
    auto effect = apply_retag_update(update);
    if (!effect) return effect.error();
    if (*effect == retag_effect::none) return std::optional<push_event>{};
    return std::optional<push_event>(retag_notice(update, *effect));
}

}  // namespace toward::app
