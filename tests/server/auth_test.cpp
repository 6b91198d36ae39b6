// Accounts over a real TLS WebSocket: register, login, resume, logout.
#include <gtest/gtest.h>

#include "protocol.hpp"
#include "test_server.hpp"

namespace toward::testing {
namespace {

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

}  // namespace
}  // namespace toward::testing
