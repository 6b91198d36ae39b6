// history.
#include <ostream>

#include "commands/commands.hpp"
#include "message_format.hpp"

namespace toward::app {

app_status run_history(command_context& ctx, std::size_t limit, bool json) {
    auto entries = ctx.store().history(limit);
    if (!entries) return entries.error();
    if (json) {
        nlohmann::json messages = nlohmann::json::array();
        for (const auto& entry : *entries) messages.push_back(message_json(entry));
        ctx.print_json({{"messages", messages}});
        return {};
    }
    for (const auto& entry : *entries) ctx.out() << format_message_line(entry) << '\n';
    if (entries->empty()) ctx.err() << "no messages yet\n";
    return {};
}

}  // namespace toward::app
