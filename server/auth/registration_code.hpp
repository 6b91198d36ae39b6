// Registration codes (registration = "invite-only"): the operator hands one
// to each person who may create an account. The server keeps only their
// SHA-256, like session tokens.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace toward::server {

// A code made at the first start is good for the couple's two accounts, and
// every code for a week.
inline constexpr int first_start_code_uses = 2;
inline constexpr int registration_code_days = 7;

// A new code, 80 random bits as 16 letters and digits in four groups
// ("k7qd-m2xa-..."); nullopt if the system's random source fails.
std::optional<std::string> make_registration_code();

// The hash the store keeps for a code as typed: case, dashes and spaces do
// not matter. Empty for an empty code.
std::string registration_code_hash(std::string_view typed);

}  // namespace toward::server
