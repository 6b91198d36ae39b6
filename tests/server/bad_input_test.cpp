// Bad input gets a clear error and changes nothing else; other connections
// carry on as before.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "protocol.hpp"
#include "test_server.hpp"
#include "util/clock.hpp"

namespace toward::testing {
namespace {

// A ClientFrame with request_id and one field the schema does not know.
std::string frame_with_unknown_field(std::uint64_t request_id, int field_number) {
    v1::ClientFrame frame;
    frame.set_request_id(request_id);
    std::string bytes = frame.SerializeAsString();
    std::uint32_t tag = static_cast<std::uint32_t>(field_number << 3) | 2;  // length-delimited
    while (tag >= 0x80) {
        bytes.push_back(static_cast<char>((tag & 0x7f) | 0x80));
        tag >>= 7;
    }
    bytes.push_back(static_cast<char>(tag));
    bytes += "\x03xyz";
    return bytes;
}

// Proves a connection is alive and served: a request gets its answer.
void expect_served(client::connection& conn, const std::string& name) {
    auto reply = conn.request(register_frame(name));
    ASSERT_TRUE(reply) << name << " got no reply";
    EXPECT_EQ(reply->status(), v1::STATUS_OK) << reply->error();
}

TEST(bad_input, a_malformed_frame_gets_an_error_and_the_connection_carries_on) {
    test_server srv;
    auto bystander = srv.connect();
    auto conn = srv.connect();
    ASSERT_TRUE(conn->send_raw("\xff\xff\xff\xff garbage"));
    auto reply = conn->next_frame();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status(), v1::STATUS_MALFORMED_FRAME);
    EXPECT_EQ(reply->request_id(), 0u);
    EXPECT_FALSE(reply->error().empty());
    expect_served(*conn, "alice");
    expect_served(*bystander, "bob");
}

TEST(bad_input, an_unknown_frame_kind_is_answered_with_its_request_id) {
    test_server srv;
    auto conn = srv.connect();
    ASSERT_TRUE(conn->send_raw(frame_with_unknown_field(42, 99)));
    auto reply = conn->next_frame();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status(), v1::STATUS_UNKNOWN_FRAME);
    EXPECT_EQ(reply->request_id(), 42u);
    expect_served(*conn, "alice");
}

TEST(bad_input, unknown_fields_inside_a_known_frame_are_ignored) {
    test_server srv;
    auto conn = srv.connect();
    std::string bytes = register_frame("alice").SerializeAsString();
    bytes += frame_with_unknown_field(7, 1000);  // merges request_id 7 and an unknown field
    ASSERT_TRUE(conn->send_raw(bytes));
    auto reply = conn->next_frame();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->request_id(), 7u);
    EXPECT_EQ(reply->status(), v1::STATUS_OK) << reply->error();
    EXPECT_EQ(reply->auth().user_name(), "alice");
}

TEST(bad_input, an_oversized_frame_gets_an_error_and_the_connection_carries_on) {
    test_server srv([](server::server_config& config) { config.limits.max_frame_bytes = 1024; });
    auto bystander = srv.connect();
    auto conn = srv.connect();
    auto big = register_frame("alice", std::string(1000, 'p'));
    big.set_request_id(5);
    big.mutable_register_()->set_user_name(std::string(200, 'a'));
    ASSERT_GT(big.ByteSizeLong(), 1024u);
    ASSERT_TRUE(conn->send(big));
    auto reply = conn->next_frame();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status(), v1::STATUS_FRAME_TOO_LARGE);
    EXPECT_NE(reply->error().find("1024"), std::string::npos) << reply->error();
    expect_served(*conn, "alice");
    expect_served(*bystander, "bob");
}

TEST(bad_input, frames_before_authentication_are_refused_and_change_nothing) {
    test_server srv;
    auto conn = srv.connect();
    for (auto frame : {send_frame("m1", "sneaky"), fetch_frame(0), create_invite_frame("bundle"),
                       receipt_frame(v1::RECEIPT_READ, 1)}) {
        auto reply = conn->request(frame);
        ASSERT_TRUE(reply);
        EXPECT_EQ(reply->status(), v1::STATUS_NOT_AUTHENTICATED);
    }
    expect_served(*conn, "alice");
    auto fetched = conn->request(fetch_frame(0));
    ASSERT_TRUE(fetched);
    EXPECT_EQ(fetched->status(), v1::STATUS_NOT_PAIRED);  // authenticated now, nothing stored
}

TEST(bad_input, a_connection_over_its_frame_rate_is_refused_while_others_are_served) {
    manual_clock frozen(1'800'000'000'000);  // no time passes: the bucket never refills
    test_server srv(
        [](server::server_config& config) {
            config.limits.messages_per_second = 1;
            config.limits.message_burst = 4;
        },
        frozen);
    auto bystander = srv.connect();
    auto flooder = srv.connect();
    expect_served(*flooder, "alice");  // takes one token
    std::vector<std::optional<v1::ServerFrame>> replies;
    for (int i = 0; i < 6; ++i) replies.push_back(flooder->request(fetch_frame(0)));
    for (int i = 0; i < 6; ++i) {
        ASSERT_TRUE(replies[static_cast<std::size_t>(i)]);
        EXPECT_EQ(replies[static_cast<std::size_t>(i)]->status(),
                  i < 3 ? v1::STATUS_NOT_PAIRED : v1::STATUS_RATE_LIMITED)
            << "request " << i;
    }
    expect_served(*bystander, "bob");
    frozen.advance_ms(1000);  // one token back
    auto later = flooder->request(fetch_frame(0));
    ASSERT_TRUE(later);
    EXPECT_EQ(later->status(), v1::STATUS_NOT_PAIRED);
}

TEST(bad_input, logins_over_the_per_user_budget_are_throttled_for_that_user_only) {
    test_server srv(
        [](server::server_config& config) { config.limits.login_attempts_per_minute = 2; });
    auto setup = srv.connect();
    expect_served(*setup, "alice");
    auto setup_bob = srv.connect();
    expect_served(*setup_bob, "bob");
    auto attacker = srv.connect();
    EXPECT_EQ(attacker->request(login_frame("alice", "guess one"))->status(),
              v1::STATUS_BAD_CREDENTIALS);
    EXPECT_EQ(attacker->request(login_frame("alice", "guess two"))->status(),
              v1::STATUS_BAD_CREDENTIALS);
    EXPECT_EQ(attacker->request(login_frame("alice", "guess three"))->status(),
              v1::STATUS_LOGIN_THROTTLED);
    auto bob = srv.connect();
    EXPECT_EQ(bob->request(login_frame("bob"))->status(), v1::STATUS_OK);
}

TEST(bad_input, connections_over_the_per_address_limit_get_an_error_and_are_closed) {
    test_server srv(
        [](server::server_config& config) { config.limits.connections_per_address = 2; });
    auto first = srv.connect();
    auto second = srv.connect();
    expect_served(*first, "alice");
    // Refused before the 101, with the reason and when to come back.
    std::string error;
    auto third = client::connection::open({srv.url(), srv.ca_file()}, error);
    EXPECT_FALSE(third);
    EXPECT_NE(error.find("429: too many connections from this address"), std::string::npos)
        << error;
    EXPECT_NE(error.find("try again in 10 s"), std::string::npos) << error;
    expect_served(*second, "bob");
    first->close();
    ASSERT_TRUE(first->wait_closed());
    // A closed connection gives its place back. Poll: the server frees it
    // when it has seen the close, a moment after the client.
    std::unique_ptr<client::connection> fourth;
    for (int attempt = 0; attempt < 100 && !fourth; ++attempt) {
        fourth = client::connection::open({srv.url(), srv.ca_file()}, error);
        if (!fourth) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_TRUE(fourth) << error;
    expect_served(*fourth, "carol");
}

TEST(bad_input, garbage_is_charged_to_the_rate_and_a_stream_of_it_closes_the_connection) {
    manual_clock frozen(1'800'000'000'000);  // no time passes: the bucket never refills
    test_server srv(
        [](server::server_config& config) {
            config.limits.messages_per_second = 1;
            config.limits.message_burst = 3;
        },
        frozen);
    auto conn = srv.connect();
    std::vector<v1::Status> answers;
    for (int i = 0; i < 9; ++i) {
        ASSERT_TRUE(conn->send_raw("\xff\xff\xff\xff garbage"));
        auto reply = conn->next_frame();
        ASSERT_TRUE(reply) << "garbage frame " << i;
        answers.push_back(reply->status());
    }
    // Three tokens: three garbage frames answered, then only "slow down".
    for (std::size_t i = 0; i < answers.size(); ++i) {
        EXPECT_EQ(answers[i], i < 3 ? v1::STATUS_MALFORMED_FRAME : v1::STATUS_RATE_LIMITED)
            << "answer " << i;
    }
    auto later = conn->request(register_frame("alice"));
    ASSERT_TRUE(later);
    EXPECT_EQ(later->status(), v1::STATUS_RATE_LIMITED);  // the garbage spent the budget
    ASSERT_TRUE(conn->send_raw("\xff\xff\xff\xff the tenth"));
    EXPECT_TRUE(conn->wait_closed());
    EXPECT_NE(conn->close_reason().find("too many malformed"), std::string::npos)
        << conn->close_reason();
}

TEST(bad_input, a_websocket_without_the_toward_subprotocol_is_refused) {
    test_server srv;
    std::string error;
    auto url = srv.url();
    // The client always offers toward.v1, so check the server's HTTP answer
    // on a wrong path instead: it must not upgrade.
    auto conn =
        client::connection::open({url.substr(0, url.rfind('/')) + "/v2/ws", srv.ca_file()}, error);
    EXPECT_FALSE(conn);
    EXPECT_NE(error.find("refused the connection (404: the WebSocket endpoint is /v1/ws)"),
              std::string::npos)
        << error;
}

}  // namespace
}  // namespace toward::testing
