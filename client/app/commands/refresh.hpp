// Internal to the commands that show what the partner shared (checkin
// --history, triggers list): they bring the home up to date first, as sync
// does, or say plainly that they show what this device already has.
#pragma once

#include "commands/command_context.hpp"

namespace toward::app {

// Where a command that shows shared things gets them from: the CLI fetches
// first; chat's live connection has already stored everything that came.
enum class shared_view { fetch_first, as_stored };

// Connects, resends the outbox and fetches what came meanwhile (the
// partner's check-in answers and trigger lists among it, told as notices),
// and says on stderr how many new messages arrived: `history` shows them.
// When the server cannot be reached (or the session has ended), says on
// stderr that what follows is what this device has, and how to refresh it.
// True when the home is up to date with the server.
bool refresh_from_server(command_context& ctx);

}  // namespace toward::app
