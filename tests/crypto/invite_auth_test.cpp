#include "crypto/invite_auth.hpp"

#include <cctype>

#include <gtest/gtest.h>

#include "crypto/identity.hpp"

namespace toward::crypto {
namespace {

bytes make_bundle() {
    const auto identity = generate_identity_keys().value();
    const auto prekey = generate_signed_prekey(identity).value();
    return serialize_bundle(make_public_bundle(identity, prekey));
}

TEST(invite_auth, invite_secret_has_128_random_bits) {
    auto a = make_invite_secret();
    auto b = make_invite_secret();
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->size(), invite_secret_size);
    EXPECT_NE(*a, *b);
}

TEST(invite_auth, invite_code_round_trips) {
    const auto secret = make_invite_secret().value();
    auto code = format_invite_code("inv42", secret);
    ASSERT_TRUE(code);
    EXPECT_EQ(code->rfind("inv42-", 0), 0u);
    EXPECT_EQ(code->size(), 6u + 26u);  // 128 bits in base32: 26 characters

    auto parsed = parse_invite_code(*code);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->invite_id, "inv42");
    EXPECT_EQ(parsed->secret, secret);
}

TEST(invite_auth, invite_id_may_contain_dashes_and_code_may_be_typed_in_capitals) {
    const auto secret = make_invite_secret().value();
    const std::string id = "5f0c2a9e-1b7d-4c3e-9a2f-0d4e6b8c1a3f";
    auto code = format_invite_code(id, secret).value();
    std::string typed = "  ";
    for (char c : code) typed.push_back(static_cast<char>(std::toupper(c)));
    typed += "\n";
    // Upper-casing also changed the id; only the secret is case-insensitive.
    auto parsed = parse_invite_code(typed);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->secret, secret);

    parsed = parse_invite_code(code);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->invite_id, id);
}

TEST(invite_auth, malformed_invite_codes_are_rejected) {
    const std::string secret_text = "aaaaaaaaaaaaaaaaaaaaaaaaaa";  // 16 zero bytes
    ASSERT_TRUE(parse_invite_code("id-" + secret_text));
    for (const std::string& code : {
             std::string(""),
             std::string("   "),
             std::string("no dash at all"),
             secret_text,
             "-" + secret_text,
             std::string("id-"),
             "id-" + secret_text.substr(1),        // 15.6 bytes
             "id-" + secret_text.substr(2),        // 15 bytes
             "id-" + secret_text + "aaaaaaaa",     // 21 bytes
             "id-" + secret_text + "=",            // padding
             "id-" + secret_text.substr(1) + "1",  // not base32
             "i d-" + secret_text,                 // space inside the id
             "id/1-" + secret_text,
             std::string(max_invite_id_size + 1, 'x') + "-" + secret_text,
         }) {
        auto parsed = parse_invite_code(code);
        EXPECT_FALSE(parsed) << code;
        if (!parsed) {
            EXPECT_EQ(parsed.error(), crypto_errc::malformed_invite) << code;
        }
    }
}

TEST(invite_auth, formatting_refuses_bad_ids_and_secret_sizes) {
    const auto secret = make_invite_secret().value();
    EXPECT_EQ(format_invite_code("", secret).error(), crypto_errc::malformed_invite);
    EXPECT_EQ(format_invite_code("a b", secret).error(), crypto_errc::malformed_invite);
    EXPECT_EQ(format_invite_code("ok", bytes(15, 1)).error(), crypto_errc::invalid_length);
}

TEST(invite_auth, auth_key_depends_on_secret_and_invite_id) {
    const auto secret = make_invite_secret().value();
    const auto other_secret = make_invite_secret().value();
    auto key = derive_invite_auth_key(secret, "inv1");
    ASSERT_TRUE(key);
    EXPECT_EQ(key->size(), 32u);
    EXPECT_EQ(*key, derive_invite_auth_key(secret, "inv1").value());
    EXPECT_NE(*key, derive_invite_auth_key(secret, "inv2").value());
    EXPECT_NE(*key, derive_invite_auth_key(other_secret, "inv1").value());
    EXPECT_EQ(derive_invite_auth_key(bytes(8, 0), "inv1").error(), crypto_errc::invalid_length);
}

TEST(invite_auth, honest_pairing_verifies_on_both_sides) {
    const auto secret = make_invite_secret().value();
    const auto auth_key = derive_invite_auth_key(secret, "inv1").value();
    const bytes inviter = make_bundle();
    const bytes joiner = make_bundle();

    const auto inviter_mac = inviter_bundle_mac(auth_key, inviter).value();
    const auto joiner_mac = joiner_bundle_mac(auth_key, inviter, joiner).value();
    EXPECT_TRUE(verify_inviter_bundle_mac(auth_key, inviter, inviter_mac));
    EXPECT_TRUE(verify_joiner_bundle_mac(auth_key, inviter, joiner, joiner_mac));
}

TEST(invite_auth, wrong_secret_fails_verification) {
    const auto auth_key = derive_invite_auth_key(make_invite_secret().value(), "inv1").value();
    const auto guessed_key = derive_invite_auth_key(make_invite_secret().value(), "inv1").value();
    const bytes inviter = make_bundle();
    const bytes joiner = make_bundle();

    const auto inviter_mac = inviter_bundle_mac(auth_key, inviter).value();
    const auto joiner_mac = joiner_bundle_mac(auth_key, inviter, joiner).value();
    EXPECT_EQ(verify_inviter_bundle_mac(guessed_key, inviter, inviter_mac).error(),
              crypto_errc::authentication_failed);
    EXPECT_EQ(verify_joiner_bundle_mac(guessed_key, inviter, joiner, joiner_mac).error(),
              crypto_errc::authentication_failed);
}

TEST(invite_auth, server_substituting_its_own_bundles_is_detected_by_both_sides) {
    const auto auth_key = derive_invite_auth_key(make_invite_secret().value(), "inv1").value();
    const bytes inviter = make_bundle();
    const bytes joiner = make_bundle();
    const bytes server_fake = make_bundle();

    // The server hands the joiner its own bundle in place of the inviter's. Without the
    // secret it can only reuse the real MAC (or MAC its bundle under a key of its own).
    const auto inviter_mac = inviter_bundle_mac(auth_key, inviter).value();
    const auto server_key = derive_invite_auth_key(make_invite_secret().value(), "inv1").value();
    const auto forged_mac = inviter_bundle_mac(server_key, server_fake).value();
    EXPECT_FALSE(verify_inviter_bundle_mac(auth_key, server_fake, inviter_mac));
    EXPECT_FALSE(verify_inviter_bundle_mac(auth_key, server_fake, forged_mac));

    // The server hands the inviter its own bundle in place of the joiner's.
    const auto joiner_mac = joiner_bundle_mac(auth_key, inviter, joiner).value();
    EXPECT_FALSE(verify_joiner_bundle_mac(auth_key, inviter, server_fake, joiner_mac));

    // A joiner that was shown a fake inviter bundle MACs that one: the real inviter
    // sees a MAC over a bundle that is not its own and rejects it.
    const auto misled_mac = joiner_bundle_mac(auth_key, server_fake, joiner).value();
    EXPECT_FALSE(verify_joiner_bundle_mac(auth_key, inviter, joiner, misled_mac));
}

TEST(invite_auth, macs_of_the_wrong_size_or_role_are_rejected) {
    const auto auth_key = derive_invite_auth_key(make_invite_secret().value(), "inv1").value();
    const bytes inviter = make_bundle();
    const bytes joiner = make_bundle();
    const auto mac = inviter_bundle_mac(auth_key, inviter).value();
    EXPECT_FALSE(verify_inviter_bundle_mac(auth_key, inviter, byte_view(mac).first(16)));
    EXPECT_FALSE(verify_inviter_bundle_mac(auth_key, inviter, bytes{}));
    // An inviter MAC cannot pass as a joiner MAC.
    EXPECT_FALSE(verify_joiner_bundle_mac(auth_key, inviter, joiner, mac));
    EXPECT_EQ(joiner_bundle_mac(auth_key, bytes(10, 0), joiner).error(),
              crypto_errc::malformed_bundle);
}

}  // namespace
}  // namespace toward::crypto
