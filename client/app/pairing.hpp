// The invite MACs that authenticate the partners' key bundles during pairing
// (CRYPTO.md, "Pairing"). Pure computation: no I/O, no store.
//
// The inviter MACs its bundle in CreateInvite, before the server names the
// invite, so the auth key is derived with an empty invite id (the secret is
// fresh for every invite, so nothing is lost). The joiner looks the invite up
// first (LookupInvite), checks the inviter's bundle, and binds its own MAC to
// that bundle; the inviter checks the joiner's MAC against its own bundle.
// The server never sees the secret, so a substituted key is detected by both.
#pragma once

#include <string>
#include <string_view>

#include "app_result.hpp"
#include "crypto/identity.hpp"
#include "crypto/invite_auth.hpp"
#include "crypto/secret_bytes.hpp"

namespace toward::app {

// What both sides say when a MAC does not match.
inline constexpr const char* substituted_keys_message =
    "the invite does not match: the server may have substituted keys";

// What an inviter sends with CreateInvite, and keeps the secret of.
struct invite_offer {
    crypto::secret_bytes secret;
    std::string key_bundle;      // wire bytes of the inviter's bundle
    std::string key_bundle_mac;  // inviter MAC over its canonical bundle
};

// A fresh secret and the inviter's MACed bundle.
app_result<invite_offer> make_invite_offer(const crypto::public_bundle& own);

// What a joiner sends with RedeemInvite.
struct redeem_answer {
    std::string key_bundle;
    std::string key_bundle_mac;
};

// The joiner's MACed bundle for the invite `code`, bound to the inviter's
// (already verified) bundle.
app_result<redeem_answer> make_redeem_answer(const crypto::invite_code& code,
                                             const crypto::public_bundle& own,
                                             const crypto::public_bundle& inviter);

// The joiner's check of the inviter's bundle (from InviteInfo). Returns
// the verified bundle, or substituted_keys_message when the MAC does not match
// or the bundle is unreadable.
app_result<crypto::public_bundle> verify_inviter_bundle(const crypto::invite_code& code,
                                                        std::string_view bundle_wire,
                                                        std::string_view mac);

// The inviter's check of the joiner's bundle (from Paired or AuthOk.partner)
// with the secret of one of its invites and the bundle it sent with it
// (wire bytes). Same results as above.
app_result<crypto::public_bundle> verify_joiner_bundle(const crypto::secret_bytes& secret,
                                                       std::string_view own_bundle_wire,
                                                       std::string_view bundle_wire,
                                                       std::string_view mac);

}  // namespace toward::app
