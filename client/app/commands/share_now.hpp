// Internal to the commands that share sealed content (checkin, triggers):
// sends what the outbox holds right away, and says so kindly when it has to
// wait for the next command that connects.
#pragma once

#include <memory>
#include <string>

#include "app_result.hpp"
#include "commands/command_context.hpp"

namespace toward::app {

// Flushes the outbox over client (connecting when client is null). True when
// the entry with local id `message_id` reached the server; false (with a
// notice on stderr) when it stays queued. Fails only when the server refused
// it for good.
app_result<bool> share_now(command_context& ctx, std::unique_ptr<session_client>& client,
                           std::int64_t message_id, const std::string& partner_name);

}  // namespace toward::app
