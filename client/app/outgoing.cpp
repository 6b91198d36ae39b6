#include "outgoing.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "crypto/hex.hpp"
#include "crypto/random.hpp"
#include "key_bundle_codec.hpp"
#include "message_format.hpp"
#include "partner_sync.hpp"
#include "sealed_content.hpp"

namespace toward::app {
namespace {

app_result<std::string> new_client_message_id() {
    auto random = crypto::random_bytes(16);
    if (!random) return fail("no randomness for a message id: " + random.error().message());
    return crypto::to_hex(*random);
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

app_result<partner_record> sendable_partner(local_store& store) {
    auto partner = store.partner();
    if (!partner) return partner.error();
    if (!*partner) return fail("not paired: run `toward invite` or `toward pair CODE` first");
    if ((*partner)->trust == partner_trust::rejected) return fail((*partner)->problem);
    if (!(*partner)->pending_bundle.empty())
        return fail(key_changed_message((*partner)->user_name));
    return std::move(**partner);
}

app_result<message_meta> meta_from_tag_names(const message_tags& tags) {
    message_meta meta;
    if (tags.bid) {
        meta.kind = v1::KIND_BID;
        const auto name = tags.bid_category.empty() ? std::string("attention") : tags.bid_category;
        auto category = parse_category(name);
        if (!category)
            return fail("unknown bid category '" + name + "': one of " + category_names());
        meta.bid_category = *category;
        return meta;
    }
    if (!tags.reply_to) {
        if (!tags.turn.empty()) return fail("--turn goes with --reply-to SEQ");
        return meta;
    }
    meta.kind = v1::KIND_RESPONSE;
    meta.reply_to = *tags.reply_to;
    const auto name = tags.turn.empty() ? std::string("toward") : tags.turn;
    auto turn = parse_turn(name);
    if (!turn) return fail("unknown turn '" + name + "': toward, away or against");
    meta.turn = *turn;
    return meta;
}

app_result<message_meta> meta_from_tags(local_store& store, const message_tags& tags) {
    auto named = meta_from_tag_names(tags);
    if (!named) return named;
    auto meta = *named;
    if (meta.kind != v1::KIND_RESPONSE) return meta;
    auto partner = store.partner();
    if (!partner) return partner.error();
    auto history = store.history(0);
    if (!history) return history.error();
    for (const auto& entry : *history) {
        if (*partner && entry.pair_id == (*partner)->pair_id && entry.seq == *tags.reply_to &&
            !entry.outgoing && entry.kind == v1::KIND_BID) {
            return meta;
        }
    }
    return fail("#" + std::to_string(*tags.reply_to) +
                " is not a bid from your partner in this history (run `toward sync`)");
}

app_result<std::vector<history_entry>> open_partner_bids(local_store& store,
                                                         std::uint32_t window_minutes) {
    auto partner = store.partner();
    if (!partner) return partner.error();
    if (!*partner) return std::vector<history_entry>{};
    auto history = store.history(0);
    if (!history) return history.error();
    const auto pair = (*partner)->pair_id;
    // Answering a bid closes it and every older one (they were one turn of
    // the conversation); the bids after it stay open.
    std::uint64_t closed_up_to = 0;
    for (const auto& entry : *history) {
        if (entry.pair_id == pair && entry.outgoing && entry.kind == v1::KIND_RESPONSE &&
            entry.status != message_status::rejected)
            closed_up_to = std::max(closed_up_to, entry.reply_to);
    }
    const auto oldest = now_ms() - static_cast<std::int64_t>(window_minutes) * 60 * 1000;
    std::vector<history_entry> open;
    for (const auto& bid : *history) {
        if (bid.pair_id != pair || bid.outgoing || bid.kind != v1::KIND_BID || !bid.seq ||
            bid.status != message_status::received || *bid.seq <= closed_up_to ||
            bid.time_ms < oldest) {
            continue;
        }
        open.push_back(bid);
    }
    std::sort(open.begin(), open.end(),
              [](const auto& a, const auto& b) { return *a.seq < *b.seq; });
    return open;
}

app_result<std::optional<history_entry>> open_partner_bid(local_store& store,
                                                          std::uint32_t window_minutes) {
    auto open = open_partner_bids(store, window_minutes);
    if (!open) return open.error();
    if (open->empty()) return std::optional<history_entry>{};
    return std::optional<history_entry>{open->back()};
}

namespace {

std::optional<bids::bid_category> category_of(v1::BidCategory category) {
    return bids::bid_category_from_proto(static_cast<int>(category));
}

// The sender's own last message, when it is a bid moments ago with nothing
// from the partner since: the next line usually continues it.
app_result<bids::message_context> context_of_new_message(local_store& store) {
    bids::message_context context;
    auto partner = store.partner();
    if (!partner) return partner.error();
    if (!*partner) return context;
    auto history = store.history(0);
    if (!history) return history.error();
    for (auto it = history->rbegin(); it != history->rend(); ++it) {
        if (it->pair_id != (*partner)->pair_id || it->sealed) continue;
        constexpr std::int64_t follow_up_ms = 10 * 60 * 1000;
        if (it->outgoing && it->kind == v1::KIND_BID && now_ms() - it->time_ms <= follow_up_ms) {
            context.follows_own_bid = true;
            context.previous_category = category_of(it->bid_category);
        }
        break;
    }
    return context;
}

}  // namespace

app_result<auto_tagging> auto_tags(local_store& store, const std::string& text,
                                   std::uint32_t window_minutes) {
    auto open = open_partner_bids(store, window_minutes);
    if (!open) return open.error();
    auto_tagging result;
    if (!open->empty()) {
        std::vector<bids::open_bid> candidates;
        for (const auto& bid : *open)
            candidates.push_back({bid.text, category_of(bid.bid_category)});
        const auto& answered = (*open)[bids::pick_answered_bid(text, candidates)];
        bids::answer_context context;
        context.bid_text = answered.text;
        context.category = category_of(answered.bid_category);
        context.minutes_since_bid = std::max<std::int64_t>(0, now_ms() - answered.time_ms) / 60000;
        result.decision = bids::classify_answer(text, context);
        result.tags.reply_to = *answered.seq;
        result.tags.turn = std::string(
            bids::to_string(result.decision.response_turn.value_or(bids::turn::toward)));
        return result;
    }
    auto context = context_of_new_message(store);
    if (!context) return context.error();
    result.decision = bids::classify_message(text, *context);
    if (result.decision.kind == bids::message_kind::bid) {
        result.tags.bid = true;
        result.tags.bid_category = std::string(
            bids::to_string(result.decision.category.value_or(bids::bid_category::attention)));
    }
    return result;
}

std::string describe_meta(const message_meta& meta) {
    if (meta.kind == v1::KIND_BID) return std::string("bid: ") + category_name(meta.bid_category);
    if (meta.kind == v1::KIND_RESPONSE) {
        return "response to #" + std::to_string(meta.reply_to) + ": " + turn_name(meta.turn);
    }
    return "chat";
}

app_result<chosen_meta> choose_meta(local_store& store, const std::string& text,
                                    const message_tags& tags, bool automatic,
                                    const std::optional<v1::PairSettings>& settings) {
    chosen_meta chosen;
    message_tags used = tags;
    if (automatic) {
        const auto window = settings && settings->response_window_minutes() != 0
                                ? settings->response_window_minutes()
                                : default_response_window_minutes;
        auto proposed = auto_tags(store, text, window);
        if (!proposed) return proposed.error();
        used = proposed->tags;
        chosen.rule = proposed->decision.rule;
    }
    auto meta = meta_from_tags(store, used);
    if (!meta) return meta.error();
    chosen.meta = *meta;
    if (settings && !settings->tracking() && chosen.meta.kind != v1::KIND_CHAT) {
        auto note = untag_without_tracking(chosen.meta);
        chosen.untracked = true;
        if (!automatic) chosen.notice = note;
    }
    return chosen;
}

std::string describe_choice(const chosen_meta& chosen) {
    std::string text = describe_meta(chosen.meta);
    text += chosen.rule.empty() ? " — as you chose" : " — rule " + chosen.rule;
    if (chosen.untracked) text += "; not tracked: bid tracking is off";
    return text;
}

std::string untag_without_tracking(message_meta& meta) {
    if (meta.kind == v1::KIND_CHAT) return {};
    meta = message_meta{};
    return "bid tracking is off for this pair (both partners must turn it on): sent as chat";
}

namespace {

// What goes into the encryption (plaintext) and into the local history row
// (shown: the text itself, or the label of sealed content).
struct prepared_text {
    std::string plaintext;
    std::string shown;
};

// What queue_message and queue_sealed share. prepare runs inside the
// transaction, so the local change it makes commits with the outbox row.
app_result<history_entry> queue_plaintext(
    local_store& store, const std::string& user_name, const partner_record& partner,
    message_meta meta, bool sealed, const std::function<app_result<prepared_text>()>& prepare) {
    auto keys = store.keys();
    if (!keys) return keys.error();
    if (!*keys) return fail("this home has no keys");
    auto bundle = decode_key_bundle(partner.bundle, partner.user_name + "'s");
    if (!bundle) return bundle.error();
    auto id = new_client_message_id();
    if (!id) return id.error();
    meta.client_message_id = *id;

    history_entry entry;
    entry.pair_id = partner.pair_id;
    entry.sender = user_name;
    entry.outgoing = true;
    entry.kind = meta.kind;
    entry.bid_category = meta.bid_category;
    entry.reply_to = meta.reply_to;
    entry.turn = meta.turn;
    entry.sealed = sealed;
    entry.time_ms = now_ms();
    entry.client_message_id = meta.client_message_id;
    entry.status = message_status::pending;
    auto queued = store.transaction([&]() -> app_status {
        auto text = prepare();
        if (!text) return text.error();
        entry.text = text->shown;
        auto encrypted = seal_message(store, **keys, *bundle, meta, text->plaintext);
        if (!encrypted) return encrypted.error();
        auto row = store.add_message(entry);
        if (!row) return row.error();
        entry.id = *row;
        return store.add_outbox(entry.id, encrypted->ratchet_header, encrypted->ciphertext);
    });
    if (!queued) return queued.error();
    return entry;
}

}  // namespace

app_result<history_entry> queue_message(local_store& store, const std::string& user_name,
                                        const partner_record& partner, message_meta meta,
                                        const std::string& text) {
    if (text.empty()) return fail("nothing to send");
    if (text.size() > max_text_bytes) return fail("the message is longer than 32 KiB");
    if (auto plain = check_plain_text(text); !plain) return plain.error();
    return queue_plaintext(store, user_name, partner, meta, false,
                           [&]() -> app_result<prepared_text> {
                               return prepared_text{text, text};
                           });
}

app_result<history_entry> queue_sealed(
    local_store& store, const std::string& user_name, const partner_record& partner,
    const std::function<app_result<v1::SealedContent>()>& make_content) {
    return queue_plaintext(store, user_name, partner, message_meta{}, true,
                           [&]() -> app_result<prepared_text> {
                               auto content = make_content();
                               if (!content) return content.error();
                               auto plaintext = wrap_sealed(*content);
                               if (plaintext.size() > max_text_bytes)
                                   return fail("this is longer than 32 KiB");
                               return prepared_text{std::move(plaintext), sealed_label(*content)};
                           });
}

}  // namespace toward::app
