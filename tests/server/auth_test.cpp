// Accounts over a real TLS WebSocket: register, login, resume, logout.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "protocol.hpp"
#include "test_server.hpp"

namespace toward::testing {
namespace {

// The port of a test server's URL, wss://127.0.0.1:PORT/v1/ws.
std::uint16_t port_of(const std::string& url) {
    return static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
}

TEST(auth, register_returns_a_token_of_256_bits_and_the_user_name) {
    test_server srv;
    auto conn = srv.connect();
    auto reply = conn->request(register_frame("alice"));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status(), v1::STATUS_OK) << reply->error();
    EXPECT_EQ(reply->auth().user_name(), "alice");
    EXPECT_EQ(reply->auth().session_token().size(), 43u);  // 32 bytes in base64url
    EXPECT_FALSE(reply->auth().has_partner());
}

TEST(auth, a_taken_user_name_is_refused) {
    test_server srv;
    auto first = srv.connect();
    register_user(*first, "alice");
    auto second = srv.connect();
    auto reply = second->request(register_frame("alice", "another password"));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status(), v1::STATUS_USER_EXISTS);
    EXPECT_FALSE(reply->error().empty());
}

TEST(auth, user_names_and_passwords_are_checked_before_anything_is_stored) {
    test_server srv;
    auto conn = srv.connect();
    for (const auto& name : {std::string(), std::string("Alice"), std::string(33, 'a'),
                             std::string("-alice"), std::string("al ice")}) {
        auto reply = conn->request(register_frame(name));
        ASSERT_TRUE(reply);
        EXPECT_EQ(reply->status(), v1::STATUS_INVALID_ARGUMENT) << "name '" << name << "'";
    }
    auto short_password = conn->request(register_frame("alice", "short"));
    ASSERT_TRUE(short_password);
    EXPECT_EQ(short_password->status(), v1::STATUS_INVALID_ARGUMENT);
    // Nothing was stored: the name is still free.
    register_user(*conn, "alice");
}

TEST(auth, login_with_the_right_password_returns_a_fresh_token) {
    test_server srv;
    auto first = srv.connect();
    const auto registered_token = register_user(*first, "alice");
    auto second = srv.connect();
    auto reply = second->request(login_frame("alice"));
    ASSERT_TRUE(reply);
    ASSERT_EQ(reply->status(), v1::STATUS_OK) << reply->error();
    EXPECT_EQ(reply->auth().user_name(), "alice");
    EXPECT_EQ(reply->auth().session_token().size(), 43u);
    EXPECT_NE(reply->auth().session_token(), registered_token);
}

TEST(auth, login_with_a_wrong_password_or_unknown_user_is_refused_alike) {
    test_server srv;
    auto conn = srv.connect();
    register_user(*conn, "alice");
    auto other = srv.connect();
    auto wrong_password = other->request(login_frame("alice", "not the password"));
    auto unknown_user = other->request(login_frame("nobody"));
    ASSERT_TRUE(wrong_password && unknown_user);
    EXPECT_EQ(wrong_password->status(), v1::STATUS_BAD_CREDENTIALS);
    EXPECT_EQ(unknown_user->status(), v1::STATUS_BAD_CREDENTIALS);
    EXPECT_EQ(wrong_password->error(), unknown_user->error());
    // The connection is still usable: a right password now works.
    auto right = other->request(login_frame("alice"));
    ASSERT_TRUE(right);
    EXPECT_EQ(right->status(), v1::STATUS_OK);
}

TEST(auth, a_session_token_resumes_on_a_new_connection) {
    test_server srv;
    auto first = srv.connect();
    const auto token = register_user(*first, "alice");
    auto second = srv.connect();
    auto reply = second->request(resume_frame(token));
    ASSERT_TRUE(reply);
    ASSERT_EQ(reply->status(), v1::STATUS_OK) << reply->error();
    EXPECT_EQ(reply->auth().user_name(), "alice");
    EXPECT_TRUE(reply->auth().session_token().empty());
}

TEST(auth, a_token_is_refused_after_logout) {
    test_server srv;
    auto conn = srv.connect();
    const auto token = register_user(*conn, "alice");
    v1::ClientFrame logout;
    logout.mutable_logout();
    auto reply = conn->request(logout);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status(), v1::STATUS_OK);
    EXPECT_TRUE(conn->wait_closed());
    EXPECT_EQ(conn->close_reason(), "logged out");

    auto again = srv.connect();
    auto resumed = again->request(resume_frame(token));
    ASSERT_TRUE(resumed);
    EXPECT_EQ(resumed->status(), v1::STATUS_BAD_TOKEN);
}

TEST(auth, logout_closes_every_connection_of_that_token_and_no_other) {
    test_server srv;
    auto registered = srv.connect();
    const auto token = register_user(*registered, "alice");
    auto bob = srv.connect_as("bob");
    pair_users(*registered, *bob);
    std::vector<std::unique_ptr<client::connection>> resumed;
    for (int i = 0; i < 2; ++i) {
        resumed.push_back(srv.connect());
        auto reply = resumed.back()->request(resume_frame(token));
        ASSERT_TRUE(reply);
        ASSERT_EQ(reply->status(), v1::STATUS_OK) << reply->error();
    }
    auto other_token = srv.connect();
    auto logged_in = other_token->request(login_frame("alice"));
    ASSERT_TRUE(logged_in && logged_in->status() == v1::STATUS_OK);

    v1::ClientFrame logout;
    logout.mutable_logout();
    auto reply = resumed[0]->request(logout);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status(), v1::STATUS_OK);
    EXPECT_TRUE(resumed[0]->wait_closed());
    EXPECT_EQ(resumed[0]->close_reason(), "logged out");
    // The other connection resumed with the token, and the one that made
    // it, are told why and closed.
    for (auto* conn : {resumed[1].get(), registered.get()}) {
        auto told = conn->wait_for(
            [](const v1::ServerFrame& f) { return f.status() == v1::STATUS_BAD_TOKEN; });
        ASSERT_TRUE(told);
        EXPECT_EQ(told->request_id(), 0u);
        EXPECT_EQ(told->error(), "this session was logged out from another connection");
        EXPECT_TRUE(conn->wait_closed());
        EXPECT_EQ(conn->close_reason(), "this session was logged out from another connection");
    }

    // A message from the partner reaches only the connection of another token.
    send_message(*bob, "after-logout", "ciphertext after logout");
    auto delivered = next_delivery(*other_token);
    ASSERT_TRUE(delivered);
    EXPECT_EQ(delivered->client_message_id(), "after-logout");
    for (auto* conn : {resumed[1].get(), registered.get()}) {
        while (auto frame = conn->next_frame(std::chrono::milliseconds(0))) {
            EXPECT_FALSE(frame->has_deliver()) << frame->ShortDebugString();
        }
    }
}

TEST(auth, an_unknown_token_is_refused) {
    test_server srv;
    auto conn = srv.connect();
    auto reply = conn->request(resume_frame("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status(), v1::STATUS_BAD_TOKEN);
}

TEST(auth, a_second_authentication_on_one_connection_is_refused) {
    test_server srv;
    auto conn = srv.connect();
    register_user(*conn, "alice");
    auto reply = conn->request(login_frame("alice"));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status(), v1::STATUS_ALREADY_AUTHENTICATED);
}

TEST(auth, a_connection_that_does_not_authenticate_in_time_is_closed_with_a_reason) {
    test_server srv([](server::server_config& config) { config.limits.auth_timeout_s = 1; });
    auto idle = srv.connect();
    auto busy = srv.connect();
    register_user(*busy, "alice");
    auto frame = idle->next_frame(std::chrono::seconds(10));
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->status(), v1::STATUS_AUTH_TIMEOUT);
    EXPECT_TRUE(idle->wait_closed());
    // The connection that authenticated in time, opened as early, still answers.
    v1::ClientFrame get_partner;
    get_partner.mutable_get_partner();
    auto reply = busy->request(get_partner);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status(), v1::STATUS_NOT_PAIRED);
}

TEST(auth, a_client_that_stalls_its_tls_handshake_is_dropped_at_the_auth_timeout) {
    test_server srv([](server::server_config& config) { config.limits.auth_timeout_s = 1; });
    // Nothing at all, then the first bytes of a ClientHello and no more.
    for (const std::string& sent : {std::string(), std::string("\x16\x03\x01\x02\x00", 5)}) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        ASSERT_GE(fd, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port_of(srv.url()));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        if (!sent.empty()) {
            ASSERT_EQ(::send(fd, sent.data(), sent.size(), 0), static_cast<ssize_t>(sent.size()));
        }
        // Far beyond the 1 s deadline: only a server that never lets go fails.
        timeval patience{10, 0};
        ASSERT_EQ(::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience), 0);
        char byte = 0;
        const auto got = ::recv(fd, &byte, 1, 0);
        const int error = errno;
        EXPECT_TRUE(got == 0 || (got < 0 && error == ECONNRESET))
            << "sent " << sent.size() << " bytes; recv " << got << ": " << std::strerror(error);
        ::close(fd);
    }
    // Others are served as before.
    auto conn = srv.connect();
    register_user(*conn, "alice");
}

}  // namespace
}  // namespace toward::testing
