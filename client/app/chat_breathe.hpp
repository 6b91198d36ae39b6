// chat's /breathe [box|4-7-8] [MINUTES]: starts or joins the pair's breathing
// session and follows it inside the chat, one line per phase above the input
// line, until it finishes, the partner stops it, or the user types q (or
// /stop). Pushes about other things are handed to `other` meanwhile.
#pragma once

#include <functional>
#include <string>

#include "app_result.hpp"
#include "chat_terminal.hpp"
#include "session_client.hpp"

namespace toward::app {

app_status breathe_in_chat(session_client& client, const std::string& user_name,
                           const std::string& args, chat_terminal& terminal,
                           const std::function<void(const push_event&)>& other);

// The chat line for a pushed breathing event; empty when there is nothing to say.
std::string describe_breathe_event(const v1::BreatheSession& session, const std::string& user_name);

}  // namespace toward::app
