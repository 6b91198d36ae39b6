// send, sync.
#include <ostream>

#include "commands/commands.hpp"
#include "message_format.hpp"
#include "outgoing.hpp"
#include "sealed_content.hpp"

namespace toward::app {

app_status run_send(command_context& ctx, const send_request& request) {
    if (request.text.empty()) return fail("nothing to send");
    if (request.text.size() > max_text_bytes) return fail("the message is longer than 32 KiB");
    if (auto plain = check_plain_text(request.text); !plain) return plain;
    auto user = ctx.user_name();
    if (!user) return user.error();
    ctx.finish_pending_pairing();
    if (auto partner = sendable_partner(ctx.store()); !partner) return partner.error();
    const bool automatic = !request.chat && untagged(request.tags);
    if (!automatic) {
        // The names only: whether a reply's bid is the partner's is checked
        // once connecting brought the partner's retags (choose_meta).
        if (auto checked = meta_from_tag_names(request.tags); !checked) return checked.error();
    }

    // Connect first, so that a key change the server reports stops the send
    // before anything is encrypted; an unreachable server does not stop it.
    auto client = ctx.connect_and_resume();
    auto partner = sendable_partner(ctx.store());
    if (!partner) return partner.error();
    std::optional<v1::PairSettings> settings;
    if (client) settings = (*client)->pair_settings();
    auto chosen = choose_meta(ctx.store(), request.text, request.tags, automatic, settings);
    if (!chosen) return chosen.error();
    if (!chosen->notice.empty()) ctx.show({false, chosen->notice});
    auto queued = queue_message(ctx.store(), *user, *partner, chosen->meta, request.text);
    if (!queued) return queued.error();
    const std::string kept =
        "; the message is queued and will be sent by the next command that connects";
    if (!client) return fail(client.error().message + kept);

    auto report = (*client)->flush_outbox();
    if (!report) return fail(report.error().message + kept);
    for (const auto& [message, reason] : report->refused) {
        if (message.id == queued->id) return fail("the server refused the message: " + reason);
        ctx.show(
            {true, "the server refused an earlier message (\"" + message.text + "\"): " + reason});
    }
    for (const auto& message : report->acknowledged) {
        if (message.id != queued->id) continue;
        if (request.json) {
            auto json = message_json(message);
            json["rule"] =
                chosen->rule.empty() ? nlohmann::json(nullptr) : nlohmann::json(chosen->rule);
            ctx.print_json(json);
        } else {
            ctx.out() << "sent #" << *message.seq << " (" << describe_choice(*chosen) << ")\n";
        }
        return {};
    }
    return fail("the server did not acknowledge the message" + kept);
}

app_status run_sync(command_context& ctx, bool json) {
    auto client = ctx.connect_and_resume();
    if (!client) return client.error();
    auto report = (*client)->flush_outbox();
    if (!report) ctx.show({true, "queued messages not sent: " + report.error().message});
    auto received = (*client)->fetch_new();
    if (!received) return received.error();

    if (json) {
        nlohmann::json out{{"received", nlohmann::json::array()},
                           {"sent", nlohmann::json::array()},
                           {"refused", nlohmann::json::array()}};
        for (const auto& entry : *received) out["received"].push_back(message_json(entry));
        if (report) {
            for (const auto& entry : report->acknowledged) {
                if (!entry.sealed) out["sent"].push_back(message_json(entry));
            }
            for (const auto& [entry, reason] : report->refused) {
                out["refused"].push_back({{"message", message_json(entry)}, {"reason", reason}});
            }
        }
        ctx.print_json(out);
        return {};
    }
    if (report) {
        for (const auto& entry : report->acknowledged) {
            if (entry.sealed) continue;  // check-in answers, triggers: not messages
            ctx.out() << "sent (was queued): " << format_message_line(entry) << '\n';
        }
        for (const auto& [entry, reason] : report->refused) {
            ctx.show({true, "the server refused \"" + entry.text + "\": " + reason});
        }
    }
    for (const auto& entry : *received) ctx.out() << format_message_line(entry) << '\n';
    if (received->empty()) ctx.err() << "no new messages\n";
    return {};
}

}  // namespace toward::app
