#include "crypto/crypto_error.hpp"

#include <string>

namespace toward::crypto {
namespace {

class crypto_error_category final : public std::error_category {
  public:
    const char* name() const noexcept override { return "toward.crypto"; }

    std::string message(int value) const override {
        switch (static_cast<crypto_errc>(value)) {
            case crypto_errc::openssl_failure:
                return "OpenSSL operation failed";
            case crypto_errc::random_failure:
                return "random number generator failed";
            case crypto_errc::invalid_length:
                return "input has the wrong length";
            case crypto_errc::invalid_peer_key:
                return "peer public key is invalid (small-order X25519 point)";
            case crypto_errc::bad_signature:
                return "signature does not verify";
            case crypto_errc::authentication_failed:
                return "authentication failed (wrong key or tampered data)";
            case crypto_errc::malformed_invite:
                return "malformed invite code (expected <invite-id>-<secret>)";
            case crypto_errc::malformed_bundle:
                return "malformed public key bundle";
            case crypto_errc::malformed_message:
                return "malformed encrypted message";
            case crypto_errc::malformed_state:
                return "malformed serialized key or session state";
            case crypto_errc::unsupported_version:
                return "unsupported format version";
            case crypto_errc::identity_mismatch:
                return "message comes from an unexpected identity key";
            case crypto_errc::unknown_prekey:
                return "message uses a signed prekey that is not ours";
            case crypto_errc::too_many_skipped:
                return "message would skip too many message keys";
            case crypto_errc::duplicate_message:
                return "message was already decrypted";
            case crypto_errc::no_sending_chain:
                return "session cannot send before it has received a message";
            case crypto_errc::counter_exhausted:
                return "message counter exhausted";
        }
        return "unknown crypto error";
    }
};

}  // namespace

const std::error_category& crypto_category() noexcept {
    static const crypto_error_category category;
    return category;
}

std::error_code make_error_code(crypto_errc e) noexcept {
    return {static_cast<int>(e), crypto_category()};
}

}  // namespace toward::crypto
