// Pairing through invites, and a third user who cannot reach into the pair.
#include <gtest/gtest.h>

#include "protocol.hpp"
#include "test_server.hpp"
#include "util/clock.hpp"

namespace toward::testing {
namespace {

v1::ClientFrame get_partner_frame() {
    v1::ClientFrame frame;
    frame.mutable_get_partner();
    return frame;
}

TEST(pairing, an_invite_pairs_two_users_and_each_receives_the_others_bundle) {
    test_server srv;
    auto alice = srv.connect_as("alice");
    auto bob = srv.connect_as("bob");

    auto invite = alice->request(create_invite_frame("alice bundle"));
    ASSERT_TRUE(invite);
    ASSERT_EQ(invite->status(), v1::STATUS_OK) << invite->error();
    EXPECT_FALSE(invite->invite_created().invite_id().empty());

    auto paired = bob->request(redeem_frame(invite->invite_created().invite_id(), "bob bundle"));
    ASSERT_TRUE(paired);
    ASSERT_EQ(paired->status(), v1::STATUS_OK) << paired->error();
    EXPECT_EQ(paired->paired().partner().user_name(), "alice");
    EXPECT_EQ(paired->paired().partner().key_bundle(), "alice bundle");
    EXPECT_EQ(paired->paired().partner().key_bundle_mac(), "mac of alice bundle");
    EXPECT_TRUE(paired->paired().partner().online());

    auto pushed = alice->wait_for([](const v1::ServerFrame& f) { return f.has_paired(); });
    ASSERT_TRUE(pushed);
    EXPECT_EQ(pushed->request_id(), 0u);
    EXPECT_EQ(pushed->paired().partner().user_name(), "bob");
    EXPECT_EQ(pushed->paired().partner().key_bundle(), "bob bundle");
    EXPECT_EQ(pushed->paired().partner().pair_id(), paired->paired().partner().pair_id());

    // A later login shows the partner in the auth reply.
    auto later = srv.connect();
    auto login = later->request(login_frame("alice"));
    ASSERT_TRUE(login);
    EXPECT_EQ(login->auth().partner().user_name(), "bob");
}

TEST(pairing, an_invite_is_single_use) {
    test_server srv;
    auto alice = srv.connect_as("alice");
    auto bob = srv.connect_as("bob");
    auto carol = srv.connect_as("carol");
    auto invite = alice->request(create_invite_frame("alice bundle"));
    ASSERT_TRUE(invite);
    const auto id = invite->invite_created().invite_id();
    ASSERT_EQ(bob->request(redeem_frame(id, "bob bundle"))->status(), v1::STATUS_OK);
    auto again = carol->request(redeem_frame(id, "carol bundle"));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status(), v1::STATUS_INVITE_INVALID);
}

TEST(pairing, an_expired_invite_is_refused) {
    manual_clock time(1'800'000'000'000);
    test_server srv([](server::server_config& config) { config.invite_ttl_hours = 24; }, time);
    auto alice = srv.connect_as("alice");
    auto bob = srv.connect_as("bob");
    auto invite = alice->request(create_invite_frame("alice bundle"));
    ASSERT_TRUE(invite);
    EXPECT_EQ(invite->invite_created().expires_at_ms(), 1'800'000'000'000 + 24 * 3600 * 1000);
    time.advance_ms(24 * 3600 * 1000 + 1);
    auto late = bob->request(redeem_frame(invite->invite_created().invite_id(), "bob bundle"));
    ASSERT_TRUE(late);
    EXPECT_EQ(late->status(), v1::STATUS_INVITE_EXPIRED);
}

TEST(pairing, nobody_redeems_their_own_invite_or_pairs_twice) {
    test_server srv;
    auto alice = srv.connect_as("alice");
    auto bob = srv.connect_as("bob");
    auto invite = alice->request(create_invite_frame("alice bundle"));
    ASSERT_TRUE(invite);
    auto own = alice->request(redeem_frame(invite->invite_created().invite_id(), "alice bundle"));
    ASSERT_TRUE(own);
    EXPECT_EQ(own->status(), v1::STATUS_INVITE_INVALID);

    pair_users(*alice, *bob);
    auto second_invite = alice->request(create_invite_frame("alice bundle"));
    ASSERT_TRUE(second_invite);
    EXPECT_EQ(second_invite->status(), v1::STATUS_ALREADY_PAIRED);
}

TEST(pairing, a_third_user_cannot_pair_into_read_from_or_send_into_a_pair) {
    test_server srv;
    auto alice = srv.connect_as("alice");
    auto bob = srv.connect_as("bob");
    auto mallory = srv.connect_as("mallory");

    auto invite = alice->request(create_invite_frame("alice bundle"));
    ASSERT_TRUE(invite);
    const auto invite_id = invite->invite_created().invite_id();
    ASSERT_EQ(bob->request(redeem_frame(invite_id, "bob bundle"))->status(), v1::STATUS_OK);
    alice->wait_for([](const v1::ServerFrame& f) { return f.has_paired(); });
    const auto ack = send_message(*alice, "m1", "secret ciphertext");
    ASSERT_EQ(ack.seq(), 1u);

    // Cannot join: the invite is used, and guessing others fails the same way.
    EXPECT_EQ(mallory->request(redeem_frame(invite_id, "mallory bundle"))->status(),
              v1::STATUS_INVITE_INVALID);
    EXPECT_EQ(mallory->request(redeem_frame("0123456789abcdef01", "mallory bundle"))->status(),
              v1::STATUS_INVITE_INVALID);
    // Cannot read: every read is scoped to the caller's own pair, and she has none.
    auto fetched = mallory->request(fetch_frame(0));
    ASSERT_TRUE(fetched);
    EXPECT_EQ(fetched->status(), v1::STATUS_NOT_PAIRED);
    EXPECT_EQ(mallory->request(get_partner_frame())->status(), v1::STATUS_NOT_PAIRED);
    // Cannot write: sends, receipts and typing need a pair of one's own.
    EXPECT_EQ(mallory->request(send_frame("x1", "intrusion"))->status(), v1::STATUS_NOT_PAIRED);
    EXPECT_EQ(mallory->request(receipt_frame(v1::RECEIPT_READ, 1))->status(),
              v1::STATUS_NOT_PAIRED);

    // The pair saw nothing of it: bob's history holds alice's message only.
    auto history = bob->request(fetch_frame(0));
    ASSERT_TRUE(history);
    ASSERT_EQ(history->fetch_result().messages_size(), 1);
    EXPECT_EQ(history->fetch_result().messages(0).ciphertext(), "secret ciphertext");
}

TEST(pairing, unpairing_tells_the_partner_and_ends_access) {
    test_server srv;
    auto alice = srv.connect_as("alice");
    auto bob = srv.connect_as("bob");
    pair_users(*alice, *bob);
    v1::ClientFrame unpair;
    unpair.mutable_unpair();
    auto reply = alice->request(unpair);
    ASSERT_TRUE(reply);
    ASSERT_EQ(reply->status(), v1::STATUS_OK) << reply->error();
    EXPECT_EQ(reply->unpaired().partner_user_name(), "bob");
    auto pushed = bob->wait_for([](const v1::ServerFrame& f) { return f.has_unpaired(); });
    ASSERT_TRUE(pushed);
    EXPECT_EQ(pushed->unpaired().partner_user_name(), "alice");
    EXPECT_EQ(bob->request(send_frame("late", "after the end"))->status(), v1::STATUS_NOT_PAIRED);
}

}  // namespace
}  // namespace toward::testing
