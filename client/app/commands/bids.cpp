// summary, settings, pause, retag, react, classify: the bid-tracking commands
// (SPEC §5, §6, §8).
#include <cstdio>
#include <ostream>

#include "bids/bid_classifier.hpp"
#include "commands/commands.hpp"
#include "message_format.hpp"
#include "outgoing.hpp"
#include "summary_format.hpp"
#include "terminal_text.hpp"

namespace toward::app {
namespace {

std::string partner_name(command_context& ctx) {
    auto partner = ctx.store().partner();
    if (!partner || !*partner) return {};
    return (*partner)->user_name;
}

app_status print_settings(command_context& ctx, const v1::ServerFrame& reply, bool json) {
    if (!reply.has_settings()) return fail("the server sent no settings");
    if (auto cached = ctx.store().cache_pair_settings(reply.settings()); !cached) return cached;
    if (json) {
        ctx.print_json(settings_json(reply.settings()));
    } else {
        ctx.out() << format_settings(reply.settings(), partner_name(ctx));
    }
    return {};
}

}  // namespace

app_status run_summary(command_context& ctx, const std::string& week, bool json) {
    auto client = ctx.connect_and_resume();
    if (!client) return client.error();
    v1::ClientFrame frame;
    frame.mutable_summary()->set_week(week);
    auto reply = (*client)->request(std::move(frame));
    if (!reply) return reply.error();
    if (!reply->has_summary()) return fail("the server sent no summary");
    if (json) {
        ctx.print_json(summary_json(reply->summary()));
    } else {
        ctx.out() << format_summary(reply->summary());
    }
    return {};
}

app_status run_settings(command_context& ctx, bool json) {
    auto client = ctx.connect_and_resume();
    if (!client) return client.error();
    v1::ClientFrame frame;
    frame.mutable_get_settings();
    auto reply = (*client)->request(std::move(frame));
    if (!reply) return reply.error();
    return print_settings(ctx, *reply, json);
}

app_status run_settings_set(command_context& ctx, const std::string& key, const std::string& value,
                            bool json) {
    if (key != "response-window" && key != "time-zone" && key != "tracking" && key != "check-in") {
        return fail("unknown setting '" + key +
                    "': response-window, time-zone, tracking or check-in");
    }
    auto client = ctx.connect_and_resume();
    if (!client) return client.error();
    v1::ClientFrame frame;
    frame.mutable_set_setting()->set_key(key);
    frame.mutable_set_setting()->set_value(value);
    auto reply = (*client)->request(std::move(frame));
    if (!reply) return reply.error();
    return print_settings(ctx, *reply, json);
}

app_status run_pause(command_context& ctx, std::uint32_t minutes, bool json) {
    if (minutes > 24 * 60) return fail("a pause lasts at most 24 h (1440 minutes)");
    auto client = ctx.connect_and_resume();
    if (!client) return client.error();
    v1::ClientFrame frame;
    frame.mutable_pause()->set_minutes(minutes);
    auto reply = (*client)->request(std::move(frame));
    if (!reply) return reply.error();
    const auto& update = reply->pause_update();
    if (json) {
        ctx.print_json({{"user", update.user_name()},
                        {"start_ms", update.start_ms()},
                        {"end_ms", update.end_ms()},
                        {"ended", update.ended() || minutes == 0}});
    } else if (minutes == 0) {
        ctx.out() << "pause ended: welcome back\n";
    } else {
        ctx.out() << "paused until " << format_time(update.end_ms())
                  << ": your partner's bids are not missed meanwhile\n";
    }
    return {};
}

app_status run_retag(command_context& ctx, std::uint64_t seq, const message_tags& tags, bool chat,
                     bool json) {
    if (!chat && untagged(tags))
        return fail("say how to tag it: --bid[=CATEGORY], --chat or --reply-to SEQ --turn T");
    if (auto named = meta_from_tag_names(tags); !named) return named.error();
    if (auto partner = sendable_partner(ctx.store()); !partner) return partner.error();
    auto client = ctx.connect_and_resume();
    if (!client) return client.error();
    // After connecting: the partner's retags made meanwhile are applied.
    auto meta = meta_from_tags(ctx.store(), tags);
    if (!meta) return meta.error();
    v1::ClientFrame frame;
    auto* retag = frame.mutable_retag();
    retag->set_seq(seq);
    retag->set_kind(meta->kind);
    retag->set_bid_category(meta->bid_category);
    if (meta->kind == v1::KIND_RESPONSE) {
        retag->mutable_response()->set_bid_seq(meta->reply_to);
        retag->mutable_response()->set_turn(meta->turn);
    }
    auto reply = (*client)->request(std::move(frame));
    if (!reply) return reply.error();
    const auto& update = reply->retag_update();
    const auto reply_to = update.has_response() ? update.response().bid_seq() : 0;
    const auto turn = update.has_response() ? update.response().turn() : v1::TURN_UNSPECIFIED;
    if (auto stored = (*client)->apply_retag_update(update); !stored) return stored.error();
    message_meta applied;
    applied.kind = update.kind() == v1::KIND_UNSPECIFIED ? v1::KIND_CHAT : update.kind();
    applied.bid_category = update.bid_category();
    applied.reply_to = reply_to;
    applied.turn = turn;
    if (json) {
        ctx.print_json(
            {{"seq", update.seq()},
             {"kind", kind_name(applied.kind)},
             {"bid_category", applied.kind == v1::KIND_BID
                                  ? nlohmann::json(category_name(applied.bid_category))
                                  : nlohmann::json(nullptr)},
             {"reply_to", applied.kind == v1::KIND_RESPONSE ? nlohmann::json(applied.reply_to)
                                                            : nlohmann::json(nullptr)},
             {"turn", applied.kind == v1::KIND_RESPONSE ? nlohmann::json(turn_name(applied.turn))
                                                        : nlohmann::json(nullptr)}});
    } else {
        ctx.out() << "retagged #" << update.seq() << " as " << describe_meta(applied) << '\n';
    }
    return {};
}

app_status run_react(command_context& ctx, std::uint64_t seq, const std::string& emoji, bool json) {
    send_request request;
    request.text = emoji;
    request.tags.reply_to = seq;
    request.tags.turn = "toward";
    request.json = json;
    return run_send(ctx, request);
}

int run_classify(const classify_request& request, std::ostream& out) {
    bids::answer_context context;
    context.bid_text = request.bid_text;
    if (!request.bid_text.empty()) {
        // Whatever the bid reached for, as send would have tagged it.
        context.category = bids::classify_message(request.bid_text).category;
    }
    const auto decision = request.answering ? bids::classify_answer(request.text, context)
                                            : bids::classify_message(request.text);
    if (request.json) {
        auto json = classification_json(decision);
        if (request.explain) {
            auto reasons = nlohmann::json::array();
            for (const auto& r : decision.reasons)
                reasons.push_back({{"feature", r.feature}, {"weight", r.weight}});
            json["reasons"] = reasons;
        }
        out << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return 0;
    }
    out << describe_classification(decision) << " (rule " << decision.rule << ")"
        << (decision.uncertain ? ", unsure: correct it if it is wrong" : "") << '\n'
        << safe_for_terminal(decision.explanation) << '\n';
    if (request.explain) {
        for (const auto& r : decision.reasons) {
            char weight[16];
            std::snprintf(weight, sizeof weight, "%+.2f", r.weight);
            out << "  " << weight << "  " << safe_for_terminal(r.feature) << '\n';
        }
    }
    return 0;
}

}  // namespace toward::app
