#include "commands/share_now.hpp"

namespace toward::app {

app_result<bool> share_now(command_context& ctx, std::unique_ptr<session_client>& client,
                           std::int64_t message_id, const std::string& partner_name) {
    const std::string later =
        "saved here; it will reach " + partner_name + " with the next command that connects (";
    if (!client) {
        auto connected = ctx.connect_and_resume();
        if (!connected) {
            ctx.show({false, later + connected.error().message + ")"});
            return false;
        }
        client = std::move(*connected);
    }
    auto report = client->flush_outbox();
    if (!report) {
        ctx.show({false, later + report.error().message + ")"});
        return false;
    }
    for (const auto& [message, reason] : report->refused) {
        if (message.id == message_id) return fail("the server refused it: " + reason);
        ctx.show(
            {true, "the server refused an earlier message (\"" + message.text + "\"): " + reason});
    }
    for (const auto& message : report->acknowledged) {
        if (message.id == message_id) return true;
    }
    ctx.show({false, later + "the server did not acknowledge it)"});
    return false;
}

}  // namespace toward::app
