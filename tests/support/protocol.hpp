// Frames and short exchanges that many tests need.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "net/connection.hpp"
#include "toward/v1/toward.pb.h"

namespace toward::testing {

inline constexpr const char* test_password = "correct horse battery";

v1::ClientFrame register_frame(const std::string& name,
                               const std::string& password = test_password);
v1::ClientFrame login_frame(const std::string& name, const std::string& password = test_password);
v1::ClientFrame resume_frame(const std::string& token);
v1::ClientFrame send_frame(const std::string& client_message_id, const std::string& ciphertext);
v1::ClientFrame fetch_frame(std::uint64_t after_seq, std::uint32_t limit = 0);
v1::ClientFrame receipt_frame(v1::ReceiptKind kind, std::uint64_t up_to_seq);
v1::ClientFrame create_invite_frame(const std::string& bundle);
v1::ClientFrame redeem_frame(const std::string& invite_id, const std::string& bundle);

// Registers `name` and returns its session token (fails the test otherwise).
std::string register_user(client::connection& conn, const std::string& name);

// Invites with `inviter`, redeems with `joiner`; returns the pair id.
std::uint64_t pair_users(client::connection& inviter, client::connection& joiner);

// Sets a pair setting; returns the reply (fails the test without one).
v1::ServerFrame set_setting(client::connection& conn, const std::string& key,
                            const std::string& value);

// Both partners consent to bid tracking.
void enable_tracking(client::connection& first, client::connection& second);

// Sends one message and returns the server's ack (fails the test without one).
v1::SendAck send_message(client::connection& conn, const std::string& client_message_id,
                         const std::string& ciphertext);

// Every message of the pair that `conn` can fetch, page by page: seq -> ciphertext.
std::map<std::uint64_t, std::string> fetch_all(client::connection& conn);

// The same, as the fetch replies gave them, in their order (duplicates kept).
std::vector<v1::Envelope> fetch_history(client::connection& conn);

// The next pushed message (skipping presence and typing).
std::optional<v1::Envelope> next_delivery(
    client::connection& conn, std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace toward::testing
