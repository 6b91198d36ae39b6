// Writes the binary seeds of the fuzz targets: ClientFrame scripts, real
// ratchet messages, a real key bundle and sealed content. The text targets'
// seeds are written by hand. Usage: toward-fuzz-seeds tests/fuzz
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "crypto/identity.hpp"
#include "crypto/invite_auth.hpp"
#include "crypto_conversation.hpp"
#include "key_bundle_codec.hpp"
#include "sealed_content.hpp"
#include "toward/v1/toward.pb.h"

namespace crypto = toward::crypto;
namespace v1 = toward::v1;

namespace {

std::filesystem::path root;

void write(const std::string& target, const std::string& name, const std::string& bytes) {
    const auto dir = root / target;
    std::filesystem::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary) << bytes;
    std::cout << (dir / name).string() << " (" << bytes.size() << " bytes)\n";
}

std::string text_of(const crypto::bytes& bytes) {
    return {bytes.begin(), bytes.end()};
}

// The record format of fuzz_client_frame.cpp: op ‖ length (u16 BE) ‖ frame.
class script {
  public:
    script& on(int connection, const std::function<void(v1::ClientFrame&)>& fill,
               bool reconnect = false) {
        v1::ClientFrame frame;
        frame.set_request_id(++request_id_);
        fill(frame);
        return raw(connection, frame.SerializeAsString(), reconnect);
    }
    script& raw(int connection, const std::string& bytes, bool reconnect = false) {
        bytes_ += static_cast<char>(connection | (reconnect ? 2 : 0));
        bytes_ += static_cast<char>((bytes.size() >> 8) & 0xff);
        bytes_ += static_cast<char>(bytes.size() & 0xff);
        bytes_ += bytes;
        return *this;
    }
    const std::string& bytes() const { return bytes_; }

  private:
    std::string bytes_;
    std::uint64_t request_id_ = 0;
};

auto registers(const std::string& name) {
    return [name](v1::ClientFrame& f) {
        f.mutable_register_()->set_user_name(name);
        f.mutable_register_()->set_password("correct horse battery");
    };
}

// Both users registered and paired through an invite ("@": the one just made).
script paired(const std::string& bundle) {
    script s;
    s.on(0, registers("alice")).on(1, registers("bob"));
    s.on(0, [&](v1::ClientFrame& f) { f.mutable_publish_keys()->set_key_bundle(bundle); });
    s.on(0, [&](v1::ClientFrame& f) {
        f.mutable_create_invite()->set_key_bundle(bundle);
        f.mutable_create_invite()->set_key_bundle_mac(std::string(32, 'm'));
    });
    s.on(1, [](v1::ClientFrame& f) { f.mutable_lookup_invite()->set_invite_id("@"); });
    s.on(1, [&](v1::ClientFrame& f) {
        f.mutable_redeem_invite()->set_invite_id("@");
        f.mutable_redeem_invite()->set_key_bundle(bundle);
        f.mutable_redeem_invite()->set_key_bundle_mac(std::string(32, 'j'));
    });
    return s;
}

auto sends(const std::string& id, v1::MessageKind kind, v1::BidCategory category = {}) {
    return [id, kind, category](v1::ClientFrame& f) {
        auto* send = f.mutable_send();
        send->set_client_message_id(id);
        send->set_kind(kind);
        send->set_bid_category(category);
        send->set_ratchet_header(std::string(40, 'h'));
        send->set_ciphertext(std::string(48, 'c'));
    };
}

auto sets(const std::string& key, const std::string& value) {
    return [key, value](v1::ClientFrame& f) {
        f.mutable_set_setting()->set_key(key);
        f.mutable_set_setting()->set_value(value);
    };
}

void client_frame_seeds(const std::string& bundle) {
    script auth;
    auth.on(0, registers("alice"));
    auth.on(0, [](v1::ClientFrame& f) { f.mutable_logout(); });
    auth.on(
        0,
        [](v1::ClientFrame& f) {
            f.mutable_login()->set_user_name("alice");
            f.mutable_login()->set_password("correct horse battery");
        },
        true);
    auth.on(1, [](v1::ClientFrame& f) { f.mutable_resume()->set_session_token("@"); });
    auth.on(1, [](v1::ClientFrame& f) { f.mutable_get_partner(); });
    write("client_frame", "auth", auth.bytes());

    auto messages = paired(bundle);
    messages.on(0, sends("m1", v1::KIND_CHAT));
    messages.on(1, [](v1::ClientFrame& f) { f.mutable_typing()->set_typing(true); });
    messages.on(1, [](v1::ClientFrame& f) {
        f.mutable_receipt()->set_kind(v1::RECEIPT_READ);
        f.mutable_receipt()->set_up_to_seq(1);
    });
    messages.on(0, sends("m1", v1::KIND_CHAT));  // a resend
    messages.on(
        1, [](v1::ClientFrame& f) { f.mutable_fetch()->set_after_seq(0); }, true);
    write("client_frame", "pair_and_send", messages.bytes());

    auto bids = paired(bundle);
    bids.on(0, sets("tracking", "on")).on(1, sets("tracking", "on"));
    bids.on(0, sets("time-zone", "Europe/Berlin")).on(0, sets("response-window", "4h"));
    bids.on(0, sets("check-in", "sun 19:00 biweekly"));
    bids.on(0, sends("b1", v1::KIND_BID, v1::BID_HUMOR));
    bids.on(1, [](v1::ClientFrame& f) {
        sends("r1", v1::KIND_RESPONSE)(f);
        f.mutable_send()->mutable_response()->set_bid_seq(1);
        f.mutable_send()->mutable_response()->set_turn(v1::TURN_TOWARD);
    });
    bids.on(0, [](v1::ClientFrame& f) {
        f.mutable_retag()->set_seq(1);
        f.mutable_retag()->set_kind(v1::KIND_BID);
        f.mutable_retag()->set_bid_category(v1::BID_SUPPORT);
    });
    bids.on(1, [](v1::ClientFrame& f) { f.mutable_fetch_retags()->set_after_retag_seq(0); });
    bids.on(1, [](v1::ClientFrame& f) { f.mutable_pause()->set_minutes(30); });
    bids.on(0, [](v1::ClientFrame& f) { f.mutable_summary()->set_week("2026-W48"); });
    bids.on(1, [](v1::ClientFrame& f) { f.mutable_get_settings(); });
    write("client_frame", "bids_and_summary", bids.bytes());

    auto together = paired(bundle);
    together.on(0, [](v1::ClientFrame& f) { f.mutable_clock(); });
    together.on(0, [](v1::ClientFrame& f) {
        f.mutable_breathe_start()->set_pattern(v1::BREATH_4_7_8);
        f.mutable_breathe_start()->set_minutes(5);
    });
    together.on(1, [](v1::ClientFrame& f) { f.mutable_breathe_start(); });
    together.on(1, [](v1::ClientFrame& f) { f.mutable_breathe_stop(); });
    together.on(1, [](v1::ClientFrame& f) { f.mutable_get_help_resources(); });
    write("client_frame", "together", together.bytes());

    auto leaving = paired(bundle);
    leaving.on(0, sends("m1", v1::KIND_CHAT));
    leaving.on(1, [](v1::ClientFrame& f) { f.mutable_unpair(); });
    leaving.on(0, [](v1::ClientFrame& f) {
        f.mutable_delete_account()->set_password("correct horse battery");
    });
    leaving.on(0, registers("alice"), true);
    write("client_frame", "unpair_and_delete", leaving.bytes());

    script garbage;
    garbage.raw(0, "\xff\xff\xff garbage").raw(0, "");
    garbage.on(0, [](v1::ClientFrame& f) { f.mutable_fetch(); });  // before login
    garbage.raw(1, std::string(9000, 'x'));                        // over the frame limit
    write("client_frame", "garbage", garbage.bytes());
}

void ratchet_seeds(const std::string& bundle) {
    auto talk = crypto::testing::start_conversation();
    const std::string hello = "hello";
    auto first = talk.alice.encrypt(crypto::as_bytes(hello)).value();
    write("ratchet_message", "initial", text_of(crypto::pack_message(first)));
    (void)talk.bob.decrypt(first).value();
    auto reply = talk.bob.encrypt(crypto::as_bytes(hello)).value();
    write("ratchet_message", "reply", text_of(crypto::pack_message(reply)));
    write("ratchet_message", "header", text_of(crypto::serialize_header(reply.header)));
    write("ratchet_message", "initial_prefix",
          text_of(crypto::serialize_initial_message(*first.initial)));

    write("key_bundle", "bundle", bundle);
    write("key_bundle", "truncated", bundle.substr(0, bundle.size() - 1));
}

void sealed_seeds() {
    v1::SealedContent checkin;
    auto* answers = checkin.mutable_checkin();
    answers->set_occurrence("2026-11-29");
    answers->set_mood(4);
    answers->set_appreciation("the tea this morning");
    answers->set_need("a quiet evening");
    auto* reflection = answers->add_reflections();
    reflection->set_question_id("closer");
    reflection->set_answer("the walk on Sunday");
    answers->set_answered_at_ms(1'800'000'000'000);
    write("sealed_content", "checkin", toward::app::wrap_sealed(checkin));

    v1::SealedContent triggers;
    auto* list = triggers.mutable_triggers();
    auto* trigger = list->add_triggers();
    trigger->set_id(1);
    trigger->set_text("being interrupted");
    trigger->set_helps("let me finish, then ask");
    list->set_updated_at_ms(1'800'000'000'000);
    write("sealed_content", "triggers", toward::app::wrap_sealed(triggers));
    write("sealed_content", "plain_text", "see you at eight");
}

void invite_seeds() {
    const auto secret = crypto::make_invite_secret().value();
    const auto code = crypto::format_invite_code("Inv1te_x-9", secret).value();
    write("invite_code", "code", code);
    std::string shouted = code;
    for (auto& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    write("invite_code", "spaced_upper_case", "  " + shouted + " \n");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: toward-fuzz-seeds TESTS_FUZZ_DIR\n";
        return 2;
    }
    root = argv[1];
    const auto identity = crypto::generate_identity_keys().value();
    const auto prekey = crypto::generate_signed_prekey(identity).value();
    const auto bundle =
        toward::app::encode_key_bundle(crypto::make_public_bundle(identity, prekey));
    client_frame_seeds(bundle);
    ratchet_seeds(bundle);
    sealed_seeds();
    invite_seeds();
    return 0;
}
