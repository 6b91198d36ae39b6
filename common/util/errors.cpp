#include "util/errors.hpp"

namespace toward {
namespace {

class category final : public boost::system::error_category {
  public:
    const char* name() const noexcept override { return "toward"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
            case errc::ok:
                return "ok";
            case errc::malformed_frame:
                return "the frame is not a valid ClientFrame";
            case errc::unknown_frame:
                return "unknown frame kind";
            case errc::frame_too_large:
                return "the frame is larger than the server accepts";
            case errc::not_authenticated:
                return "log in first";
            case errc::already_authenticated:
                return "this connection is already logged in";
            case errc::invalid_argument:
                return "invalid argument";
            case errc::user_exists:
                return "that user name is taken";
            case errc::bad_credentials:
                return "wrong user name or password";
            case errc::bad_token:
                return "the session token is unknown or revoked; log in again";
            case errc::rate_limited:
                return "too many frames per second on this connection";
            case errc::login_throttled:
                return "too many login attempts; wait a minute";
            case errc::redeem_throttled:
                return "too many invite attempts; wait a minute";
            case errc::too_many_connections:
                return "too many connections from this address";
            case errc::auth_timeout:
                return "did not authenticate in time";
            case errc::not_paired:
                return "you are not paired with a partner yet";
            case errc::already_paired:
                return "already paired: a user belongs to one pair";
            case errc::invite_invalid:
                return "the invite is unknown or already used";
            case errc::invite_expired:
                return "the invite has expired";
            case errc::not_found:
                return "not found";
            case errc::slow_consumer:
                return "the connection fell too far behind";
            case errc::unavailable:
                return "the server is unavailable";
            case errc::internal:
                return "internal server error";
            case errc::registration_closed:
                return "this server registers no new accounts";
            case errc::registration_code_invalid:
                return "this server registers new accounts by code only, and the code is "
                       "missing, unknown, used up or expired: ask the server's operator for one";
            case errc::too_many_invites:
                return "you already have as many open invites as the server allows: use one, or "
                       "wait until they expire";
            case errc::quota_exceeded:
                return "the server holds as much for this pair as its operator allows";
        }
        return "unknown error";
    }
};

}  // namespace

const boost::system::error_category& toward_category() noexcept {
    static const category instance;
    return instance;
}

errc to_errc(const boost::system::error_code& ec) noexcept {
    if (!ec) return errc::ok;
    if (ec.category() == toward_category()) return static_cast<errc>(ec.value());
    return errc::internal;
}

}  // namespace toward
