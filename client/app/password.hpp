// Where the password for register and login comes from.
#pragma once

#include <string>

#include "app_result.hpp"
#include "home.hpp"

namespace toward::app {

// $TOWARD_PASSWORD when set (read through env), else a prompt on the
// controlling terminal with echo off. Fails when neither is available or the
// prompt is interrupted.
app_result<std::string> read_password(const env_reader& env, const std::string& prompt);

}  // namespace toward::app
