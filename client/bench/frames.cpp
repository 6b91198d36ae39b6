#include "frames.hpp"

#include <charconv>
#include <cstring>
#include <random>

namespace toward::bench {

v1::ClientFrame register_frame(const std::string& user_name) {
    v1::ClientFrame frame;
    frame.mutable_register_()->set_user_name(user_name);
    frame.mutable_register_()->set_password(bench_password);
    return frame;
}

v1::ClientFrame resume_frame(const std::string& session_token) {
    v1::ClientFrame frame;
    frame.mutable_resume()->set_session_token(session_token);
    return frame;
}

v1::ClientFrame create_invite_frame() {
    v1::ClientFrame frame;
    frame.mutable_create_invite()->set_key_bundle(std::string(200, 'i'));
    frame.mutable_create_invite()->set_key_bundle_mac(std::string(32, 'm'));
    return frame;
}

v1::ClientFrame redeem_frame(const std::string& invite_id) {
    v1::ClientFrame frame;
    frame.mutable_redeem_invite()->set_invite_id(invite_id);
    frame.mutable_redeem_invite()->set_key_bundle(std::string(200, 'j'));
    frame.mutable_redeem_invite()->set_key_bundle_mac(std::string(32, 'm'));
    return frame;
}

v1::ClientFrame delivered_receipt_frame(std::uint64_t up_to_seq) {
    v1::ClientFrame frame;
    frame.mutable_receipt()->set_kind(v1::RECEIPT_DELIVERED);
    frame.mutable_receipt()->set_up_to_seq(up_to_seq);
    return frame;
}

void write_stamp(std::string& payload, const stamp& s) {
    std::memcpy(payload.data(), &s.scheduled_ns, 8);
    std::memcpy(payload.data() + 8, &s.run_id, 8);
}

std::optional<stamp> read_stamp(std::string_view payload) {
    if (payload.size() < stamp_bytes) return std::nullopt;
    stamp s;
    std::memcpy(&s.scheduled_ns, payload.data(), 8);
    std::memcpy(&s.run_id, payload.data() + 8, 8);
    return s;
}

std::uint64_t random_u64() {
    static thread_local std::mt19937_64 engine{std::random_device{}()};
    return engine();
}

std::string hex16(std::uint64_t value) {
    std::string text(16, '0');
    char digits[16];
    auto [end, ec] = std::to_chars(digits, digits + 16, value, 16);
    const auto n = static_cast<std::size_t>(end - digits);
    std::memcpy(text.data() + 16 - n, digits, n);
    return text;
}

send_frame_template::send_frame_template(std::size_t payload_bytes, std::uint64_t run_id,
                                         std::string id_prefix)
    : run_id_(run_id), id_prefix_(std::move(id_prefix)) {
    auto* send = frame_.mutable_send();
    send->set_kind(v1::KIND_CHAT);
    send->set_ratchet_header(std::string(40, 'h'));  // a Double Ratchet header's size
    std::string payload(std::max(payload_bytes, stamp_bytes), 'p');
    send->set_ciphertext(std::move(payload));
}

std::string send_frame_template::make(std::uint64_t request_id, std::uint64_t n,
                                      std::int64_t scheduled_ns) {
    frame_.set_request_id(request_id);
    auto* send = frame_.mutable_send();
    std::string* id = send->mutable_client_message_id();
    id->assign(id_prefix_);
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
    id->append(digits, end);
    write_stamp(*send->mutable_ciphertext(), {scheduled_ns, run_id_});
    return frame_.SerializeAsString();
}

}  // namespace toward::bench
