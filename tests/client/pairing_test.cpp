// Pairing authenticated by the invite: a server that substitutes a key
// bundle is caught by the joiner and by the inviter; a later key change
// blocks sending until accept-key.
#include <gtest/gtest.h>

#include "client_harness.hpp"
#include "crypto/identity.hpp"
#include "key_bundle_codec.hpp"
#include "pairing.hpp"

namespace toward::testing {
namespace {

// A valid, well-signed bundle of someone else: what a lying server would send.
std::string attacker_bundle() {
    auto identity = crypto::generate_identity_keys();
    auto prekey = crypto::generate_signed_prekey(*identity);
    return app::encode_key_bundle(crypto::make_public_bundle(*identity, *prekey));
}

crypto::public_bundle fresh_bundle() {
    auto identity = crypto::generate_identity_keys();
    auto prekey = crypto::generate_signed_prekey(*identity);
    return crypto::make_public_bundle(*identity, *prekey);
}

TEST(client_pairing, each_side_accepts_the_bundle_the_other_maced) {
    const auto inviter = fresh_bundle();
    const auto joiner = fresh_bundle();
    auto offer = app::make_invite_offer(inviter);
    ASSERT_TRUE(offer);
    auto code_text = crypto::format_invite_code("0123abcd", offer->secret);
    auto code = crypto::parse_invite_code(*code_text);
    ASSERT_TRUE(code);

    auto seen_by_joiner =
        app::verify_inviter_bundle(*code, offer->key_bundle, offer->key_bundle_mac);
    ASSERT_TRUE(seen_by_joiner) << seen_by_joiner.error().message;
    EXPECT_EQ(app::identity_of(*seen_by_joiner), app::identity_of(inviter));

    auto answer = app::make_redeem_answer(*code, joiner, *seen_by_joiner);
    ASSERT_TRUE(answer);
    auto seen_by_inviter = app::verify_joiner_bundle(offer->secret, offer->key_bundle,
                                                     answer->key_bundle, answer->key_bundle_mac);
    ASSERT_TRUE(seen_by_inviter) << seen_by_inviter.error().message;
    EXPECT_EQ(app::identity_of(*seen_by_inviter), app::identity_of(joiner));
}

TEST(client_pairing, a_swapped_bundle_fails_the_mac_check_on_both_sides) {
    const auto inviter = fresh_bundle();
    auto offer = app::make_invite_offer(inviter);
    ASSERT_TRUE(offer);
    auto code = crypto::parse_invite_code(*crypto::format_invite_code("0123abcd", offer->secret));
    auto answer = app::make_redeem_answer(*code, fresh_bundle(), inviter);
    ASSERT_TRUE(answer);
    const auto swapped = attacker_bundle();

    auto joiner_check = app::verify_inviter_bundle(*code, swapped, offer->key_bundle_mac);
    ASSERT_FALSE(joiner_check);
    EXPECT_EQ(joiner_check.error().message, app::substituted_keys_message);
    auto inviter_check = app::verify_joiner_bundle(offer->secret, offer->key_bundle, swapped,
                                                   answer->key_bundle_mac);
    ASSERT_FALSE(inviter_check);
    EXPECT_EQ(inviter_check.error().message, app::substituted_keys_message);

    // The joiner's MAC is bound to the inviter's bundle: shown another
    // inviter bundle, the joiner's MAC does not verify.
    EXPECT_FALSE(app::verify_joiner_bundle(offer->secret, swapped, answer->key_bundle,
                                           answer->key_bundle_mac));
    // A secret from another invite does not verify either.
    auto other = app::make_invite_offer(fresh_bundle());
    EXPECT_FALSE(app::verify_joiner_bundle(other->secret, offer->key_bundle, answer->key_bundle,
                                           answer->key_bundle_mac));
}

TEST(client_pairing, the_joiner_detects_a_server_that_swaps_the_inviters_keys) {
    test_server srv;
    client_home alice(srv, "alice");
    client_home bob(srv, "bob");
    alice.register_user();
    bob.register_user();
    const auto code = alice.invite();

    const auto fake = attacker_bundle();
    bob.set_inbound_hook([fake](v1::ServerFrame& frame) {
        if (frame.has_paired()) frame.mutable_paired()->mutable_partner()->set_key_bundle(fake);
    });
    auto paired = bob.run({"pair", code});
    EXPECT_EQ(paired.exit_code, 1);
    EXPECT_EQ(paired.err, std::string("toward: ") + app::substituted_keys_message + "\n");

    bob.set_inbound_hook({});
    auto send = bob.run({"send", "are you there?"});
    EXPECT_NE(send.exit_code, 0);
    EXPECT_NE(send.err.find(app::substituted_keys_message), std::string::npos) << send;
}

TEST(client_pairing, the_joiner_refuses_to_redeem_when_the_looked_up_keys_are_swapped) {
    test_server srv;
    client_home alice(srv, "alice");
    client_home bob(srv, "bob");
    alice.register_user();
    bob.register_user();
    const auto code = alice.invite();

    const auto fake = attacker_bundle();
    bob.set_inbound_hook([fake](v1::ServerFrame& frame) {
        if (frame.has_invite_info()) frame.mutable_invite_info()->set_key_bundle(fake);
    });
    auto paired = bob.run({"pair", code});
    EXPECT_EQ(paired.exit_code, 1);
    EXPECT_EQ(paired.err, std::string("toward: ") + app::substituted_keys_message + "\n");

    // Nothing was redeemed: the invite still works once the server behaves.
    bob.set_inbound_hook({});
    auto honest = bob.run({"pair", code});
    EXPECT_TRUE(honest.ok()) << honest;
}

TEST(client_pairing, the_inviter_detects_a_server_that_swaps_the_joiners_keys) {
    test_server srv;
    client_home alice(srv, "alice");
    client_home bob(srv, "bob");
    alice.register_user();
    bob.register_user();
    const auto code = alice.invite();
    auto paired = bob.run({"pair", code});
    ASSERT_TRUE(paired.ok()) << paired;

    const auto fake = attacker_bundle();
    alice.set_inbound_hook([fake](v1::ServerFrame& frame) {
        if (frame.has_auth() && frame.auth().has_partner()) {
            frame.mutable_auth()->mutable_partner()->set_key_bundle(fake);
        }
    });
    auto synced = alice.run({"sync"});
    EXPECT_NE(synced.err.find(app::substituted_keys_message), std::string::npos) << synced;

    alice.set_inbound_hook({});
    auto send = alice.run({"send", "hello?"});
    EXPECT_EQ(send.exit_code, 1);
    EXPECT_EQ(send.err, std::string("toward: ") + app::substituted_keys_message + "\n");
}

TEST(client_pairing, a_changed_partner_key_blocks_sending_until_accept_key) {
    test_server srv;
    client_home alice(srv, "alice");
    client_home bob(srv, "bob");
    pair_clients(alice, bob);
    ASSERT_TRUE(alice.run({"send", "before the change"}).ok());

    const auto before = alice.run({"safety-number", "--json"});
    ASSERT_TRUE(before.ok()) << before;
    const auto fake = attacker_bundle();
    alice.set_inbound_hook([fake](v1::ServerFrame& frame) {
        if (frame.has_auth() && frame.auth().has_partner()) {
            frame.mutable_auth()->mutable_partner()->set_key_bundle(fake);
        }
    });
    auto warned = alice.run({"sync"});
    EXPECT_NE(warned.err.find("WARNING: bob's identity key has changed"), std::string::npos)
        << warned;

    auto refused = alice.run({"send", "after the change"});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("run `toward accept-key`"), std::string::npos) << refused;

    auto numbers = alice.run({"safety-number", "--json"});
    ASSERT_TRUE(numbers.ok()) << numbers;
    EXPECT_EQ(numbers.json()["safety_number"], before.json()["safety_number"]);
    EXPECT_TRUE(numbers.json()["pending_safety_number"].is_string());
    EXPECT_NE(numbers.json()["pending_safety_number"], numbers.json()["safety_number"]);

    auto accepted = alice.run({"accept-key"});
    ASSERT_TRUE(accepted.ok()) << accepted;
    auto after = alice.run({"send", "after accepting"});
    EXPECT_TRUE(after.ok()) << after;
    EXPECT_NE(alice.run({"safety-number", "--json"}).json()["safety_number"],
              before.json()["safety_number"]);
}

TEST(client_pairing, both_partners_see_the_same_safety_number) {
    test_server srv;
    client_home alice(srv, "alice");
    client_home bob(srv, "bob");
    pair_clients(alice, bob);
    auto at_alice = alice.run({"safety-number", "--json"});
    auto at_bob = bob.run({"safety-number", "--json"});
    ASSERT_TRUE(at_alice.ok()) << at_alice;
    ASSERT_TRUE(at_bob.ok()) << at_bob;
    const auto number = at_alice.json()["safety_number"].get<std::string>();
    EXPECT_EQ(number.size(), 60u);
    EXPECT_EQ(number, at_bob.json()["safety_number"]);
    EXPECT_EQ(at_alice.json()["groups"].size(), 12u);
    EXPECT_TRUE(at_alice.json()["pending_safety_number"].is_null());
}

// Issue 14.4: the inviter's first command after the partner paired must not
// say "not paired": it finishes the pairing first.
TEST(client_pairing, the_inviters_first_send_or_safety_number_finishes_the_pairing) {
    for (const char* first : {"send", "safety-number"}) {
        test_server srv;
        client_home alice(srv, "alice");
        client_home bob(srv, "bob");
        alice.register_user();
        bob.register_user();
        auto paired = bob.run({"pair", alice.invite()});
        ASSERT_TRUE(paired.ok()) << paired;
        auto done = std::string(first) == "send" ? alice.run({"send", "hello, new partner"})
                                                 : alice.run({"safety-number"});
        ASSERT_TRUE(done.ok()) << first << ": " << done;
        EXPECT_NE(done.err.find("paired with bob"), std::string::npos) << done;
        if (std::string(first) == "send") {
            auto got = bob.run({"sync"});
            ASSERT_TRUE(got.ok()) << got;
            EXPECT_NE(got.out.find("hello, new partner"), std::string::npos) << got;
        }
    }
}

}  // namespace
}  // namespace toward::testing
