#include "protocol.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace toward::testing {

v1::ClientFrame register_frame(const std::string& name, const std::string& password) {
    v1::ClientFrame frame;
    frame.mutable_register_()->set_user_name(name);
    frame.mutable_register_()->set_password(password);
    return frame;
}

v1::ClientFrame login_frame(const std::string& name, const std::string& password) {
    v1::ClientFrame frame;
    frame.mutable_login()->set_user_name(name);
    frame.mutable_login()->set_password(password);
    return frame;
}

v1::ClientFrame resume_frame(const std::string& token) {
    v1::ClientFrame frame;
    frame.mutable_resume()->set_session_token(token);
    return frame;
}

v1::ClientFrame send_frame(const std::string& client_message_id, const std::string& ciphertext) {
    v1::ClientFrame frame;
    auto* send = frame.mutable_send();
    send->set_client_message_id(client_message_id);
    send->set_kind(v1::KIND_CHAT);
    send->set_ratchet_header("header");
    send->set_ciphertext(ciphertext);
    return frame;
}

v1::ClientFrame fetch_frame(std::uint64_t after_seq, std::uint32_t limit) {
    v1::ClientFrame frame;
    frame.mutable_fetch()->set_after_seq(after_seq);
    frame.mutable_fetch()->set_limit(limit);
    return frame;
}

v1::ClientFrame receipt_frame(v1::ReceiptKind kind, std::uint64_t up_to_seq) {
    v1::ClientFrame frame;
    frame.mutable_receipt()->set_kind(kind);
    frame.mutable_receipt()->set_up_to_seq(up_to_seq);
    return frame;
}

v1::ClientFrame create_invite_frame(const std::string& bundle) {
    v1::ClientFrame frame;
    frame.mutable_create_invite()->set_key_bundle(bundle);
    frame.mutable_create_invite()->set_key_bundle_mac("mac of " + bundle);
    return frame;
}

v1::ClientFrame redeem_frame(const std::string& invite_id, const std::string& bundle) {
    v1::ClientFrame frame;
    frame.mutable_redeem_invite()->set_invite_id(invite_id);
    frame.mutable_redeem_invite()->set_key_bundle(bundle);
    frame.mutable_redeem_invite()->set_key_bundle_mac("mac of " + bundle);
    return frame;
}

std::string register_user(client::connection& conn, const std::string& name) {
    auto reply = conn.request(register_frame(name));
    EXPECT_TRUE(reply) << "no reply to register " << name;
    if (!reply) return {};
    EXPECT_EQ(reply->status(), v1::STATUS_OK) << reply->error();
    EXPECT_EQ(reply->auth().session_token().size(), 43u);
    return reply->auth().session_token();
}

std::uint64_t pair_users(client::connection& inviter, client::connection& joiner) {
    auto invite = inviter.request(create_invite_frame("inviter bundle"));
    EXPECT_TRUE(invite && invite->status() == v1::STATUS_OK) << (invite ? invite->error() : "");
    if (!invite) return 0;
    auto paired =
        joiner.request(redeem_frame(invite->invite_created().invite_id(), "joiner bundle"));
    EXPECT_TRUE(paired && paired->status() == v1::STATUS_OK) << (paired ? paired->error() : "");
    if (!paired) return 0;
    // The inviter hears of it too.
    auto pushed = inviter.wait_for([](const v1::ServerFrame& f) { return f.has_paired(); });
    EXPECT_TRUE(pushed);
    return paired->paired().partner().pair_id();
}

v1::ServerFrame set_setting(client::connection& conn, const std::string& key,
                            const std::string& value) {
    v1::ClientFrame frame;
    frame.mutable_set_setting()->set_key(key);
    frame.mutable_set_setting()->set_value(value);
    auto reply = conn.request(frame);
    EXPECT_TRUE(reply) << "no reply to set " << key;
    return reply.value_or(v1::ServerFrame{});
}

void enable_tracking(client::connection& first, client::connection& second) {
    EXPECT_EQ(set_setting(first, "tracking", "on").status(), v1::STATUS_OK);
    const auto both = set_setting(second, "tracking", "on");
    EXPECT_EQ(both.status(), v1::STATUS_OK);
    EXPECT_TRUE(both.settings().tracking());
}

v1::SendAck send_message(client::connection& conn, const std::string& client_message_id,
                         const std::string& ciphertext) {
    auto reply = conn.request(send_frame(client_message_id, ciphertext));
    EXPECT_TRUE(reply) << "no ack for " << client_message_id;
    if (!reply) return {};
    EXPECT_EQ(reply->status(), v1::STATUS_OK) << reply->error();
    return reply->send_ack();
}

std::optional<v1::Envelope> next_delivery(client::connection& conn,
                                          std::chrono::milliseconds timeout) {
    auto frame = conn.wait_for([](const v1::ServerFrame& f) { return f.has_deliver(); }, timeout);
    if (!frame) return std::nullopt;
    return frame->deliver().message();
}

std::map<std::uint64_t, std::string> fetch_all(client::connection& conn) {
    std::map<std::uint64_t, std::string> stored;
    for (const auto& message : fetch_history(conn)) stored[message.seq()] = message.ciphertext();
    return stored;
}

std::vector<v1::Envelope> fetch_history(client::connection& conn) {
    std::vector<v1::Envelope> history;
    std::uint64_t after = 0;
    for (;;) {
        auto page = conn.request(fetch_frame(after, 500));
        EXPECT_TRUE(page && page->status() == v1::STATUS_OK);
        if (!page || page->status() != v1::STATUS_OK) return history;
        for (const auto& message : page->fetch_result().messages()) {
            history.push_back(message);
            after = std::max(after, message.seq());
        }
        if (!page->fetch_result().more() || page->fetch_result().messages().empty()) return history;
    }
}

}  // namespace toward::testing
