#include "commands/refresh.hpp"

namespace toward::app {

bool refresh_from_server(command_context& ctx) {
    auto offline = [&](const std::string& why) {
        ctx.show({false, "offline (" + why +
                             "): this shows what this device has; `toward sync` brings it up to "
                             "date once the server can be reached"});
        return false;
    };
    auto client = ctx.connect_and_resume();
    if (!client) return offline(client.error().message);
    // Connecting reconciled the pair (a pairing finished, an unpairing
    // learnt): without a partner there is nothing of theirs to fetch.
    auto partner = ctx.store().partner();
    if (!partner || !*partner) return true;
    // Our own answers or list still queued go first, as with sync.
    if (auto report = (*client)->flush_outbox(); !report) {
        ctx.show({true, "queued messages not sent: " + report.error().message});
    } else {
        for (const auto& [entry, reason] : report->refused) {
            ctx.show({true, "the server refused \"" + entry.text + "\": " + reason});
        }
    }
    auto received = (*client)->fetch_new();
    if (!received) return offline(received.error().message);
    if (!received->empty()) {
        const auto count = received->size();
        ctx.show({false, std::to_string(count) + (count == 1 ? " new message" : " new messages") +
                             " arrived meanwhile: `toward history` shows " +
                             (count == 1 ? "it" : "them")});
    }
    return true;
}

}  // namespace toward::app
