// Error values shared by server and client: one code per wire status, so an
// error travels from the store to the reply frame without translation tables.
#pragma once

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>
#include <string>

namespace toward {

// Mirrors toward.v1.Status (proto/toward/v1/toward.proto); the numbers match.
enum class errc {
    ok = 0,
    malformed_frame = 1,
    unknown_frame = 2,
    frame_too_large = 3,
    not_authenticated = 4,
    already_authenticated = 5,
    invalid_argument = 6,
    user_exists = 7,
    bad_credentials = 8,
    bad_token = 9,
    rate_limited = 10,
    login_throttled = 11,
    redeem_throttled = 12,
    too_many_connections = 13,
    auth_timeout = 14,
    not_paired = 15,
    already_paired = 16,
    invite_invalid = 17,
    invite_expired = 18,
    not_found = 19,
    slow_consumer = 20,
    unavailable = 21,
    internal = 22,
    registration_closed = 23,
    registration_code_invalid = 24,
    too_many_invites = 25,
    quota_exceeded = 26,
};

// The error category of toward::errc; its message() is the readable default text.
const boost::system::error_category& toward_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), toward_category()};
}

// Converts an error code of any category to the nearest toward::errc
// (codes of other categories become errc::internal).
errc to_errc(const boost::system::error_code& ec) noexcept;

template <class T>
using result = boost::system::result<T>;

}  // namespace toward

template <>
struct boost::system::is_error_code_enum<toward::errc> : std::true_type {};
