// What the user types at a prompt: the password for register and login, and
// the confirmation of a command that cannot be undone.
#pragma once

#include <string>

#include "app_result.hpp"
#include "home.hpp"

namespace toward::app {

// $TOWARD_PASSWORD when set (read through env), else a prompt on the
// controlling terminal with echo off. Fails when neither is available or the
// prompt is interrupted.
app_result<std::string> read_password(const env_reader& env, const std::string& prompt);

// Shows `prompt` on the controlling terminal and reads one line, echoed.
// Fails when there is no terminal (scripts confirm with a flag instead).
app_result<std::string> read_confirmation(const std::string& prompt);

}  // namespace toward::app
