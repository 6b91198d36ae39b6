#include "e2e.hpp"

#include <algorithm>
#include <optional>

#include "crypto/double_ratchet.hpp"
#include "crypto/ratchet_message.hpp"
#include "crypto/x3dh.hpp"

namespace toward::app {
namespace {

constexpr std::string_view binding_label = "toward message v1";

// label ‖ len(id) ‖ id.
crypto::bytes message_binding(const message_meta& meta) {
    crypto::bytes out(binding_label.begin(), binding_label.end());
    out.push_back(static_cast<std::uint8_t>(meta.client_message_id.size()));
    out.insert(out.end(), meta.client_message_id.begin(), meta.client_message_id.end());
    return out;
}

std::string key_string(const crypto::x25519_public_key& key) {
    return std::string(key.begin(), key.end());
}

app_status save(local_store& store, const crypto::ratchet_session& session, bool current) {
    return store.save_session({key_string(session.base_key()), session.serialize(), current});
}

app_result<crypto::ratchet_session> parse_session(const stored_session& stored) {
    auto session = crypto::ratchet_session::parse(stored.state);
    if (!session) return fail("a stored ratchet session is damaged: " + session.error().message());
    return std::move(*session);
}

// A new initiator session with the partner's bundle.
app_result<crypto::ratchet_session> start_session(const own_keys& own,
                                                  const crypto::public_bundle& partner) {
    auto agreed = crypto::x3dh_initiate(own.identity, partner);
    if (!agreed)
        return fail("cannot start a session with the partner's keys: " + agreed.error().message());
    auto session =
        crypto::ratchet_session::initiate(agreed->keys, partner.signed_prekey, agreed->initial);
    if (!session) return fail("cannot start a session: " + session.error().message());
    return std::move(*session);
}

// Whether a new session made from the partner's base key `incoming` becomes current.
app_result<bool> adopts(const std::vector<stored_session>& sessions,
                        const crypto::x25519_public_key& incoming) {
    const auto current = std::find_if(sessions.begin(), sessions.end(),
                                      [](const stored_session& s) { return s.current; });
    if (current == sessions.end()) return true;
    auto ours = parse_session(*current);
    if (!ours) return ours.error();
    if (!ours->pending_initial()) return true;  // the partner started afresh
    return !(ours->base_key() < incoming);
}

std::string decrypt_failure(std::error_code error) {
    if (error == crypto::crypto_errc::identity_mismatch) {
        return "it was sent with an identity key other than the partner's accepted one";
    }
    if (error == crypto::crypto_errc::duplicate_message) return "it was already decrypted";
    return error.message();
}

}  // namespace

message_meta meta_of(const v1::Envelope& envelope) {
    message_meta meta;
    meta.client_message_id = envelope.client_message_id();
    meta.kind = envelope.kind() == v1::KIND_UNSPECIFIED ? v1::KIND_CHAT : envelope.kind();
    meta.bid_category = envelope.bid_category();
    if (envelope.has_response()) {
        meta.reply_to = envelope.response().bid_seq();
        meta.turn = envelope.response().turn();
    }
    return meta;
}

app_result<sealed_message> seal_message(local_store& store, const own_keys& own,
                                        const crypto::public_bundle& partner,
                                        const message_meta& meta, std::string_view text) {
    auto sessions = store.sessions();
    if (!sessions) return sessions.error();
    std::optional<crypto::ratchet_session> session;
    for (const auto& stored : *sessions) {
        if (!stored.current) continue;
        auto parsed = parse_session(stored);
        if (!parsed) return parsed.error();
        if (parsed->can_send()) session.emplace(std::move(*parsed));
    }
    if (!session) {
        auto started = start_session(own, partner);
        if (!started) return started.error();
        session.emplace(std::move(*started));
    }
    auto encrypted = session->encrypt(crypto::as_bytes(text), message_binding(meta));
    if (!encrypted) return fail("cannot encrypt: " + encrypted.error().message());
    if (auto saved = save(store, *session, true); !saved) return saved.error();

    const auto packed = crypto::pack_message(*encrypted);
    const auto header_size = packed.size() - encrypted->ciphertext.size();
    return sealed_message{
        std::string(packed.begin(), packed.begin() + static_cast<std::ptrdiff_t>(header_size)),
        std::string(encrypted->ciphertext.begin(), encrypted->ciphertext.end())};
}

app_result<std::string> open_message(local_store& store, const own_keys& own,
                                     const crypto::public_bundle& partner,
                                     const v1::Envelope& envelope) {
    const std::string packed = envelope.ratchet_header() + envelope.ciphertext();
    auto message = crypto::unpack_message(crypto::as_bytes(packed));
    if (!message) return fail("the message is garbled: " + message.error().message());
    const auto binding = message_binding(meta_of(envelope));
    auto sessions = store.sessions();
    if (!sessions) return sessions.error();

    auto opened = [&](crypto::ratchet_session& session, bool current,
                      crypto::bytes plaintext) -> app_result<std::string> {
        if (auto saved = save(store, session, current); !saved) return saved.error();
        return std::string(plaintext.begin(), plaintext.end());
    };

    if (message->initial) {
        const auto& base = message->initial->ephemeral_key;
        for (const auto& stored : *sessions) {
            if (stored.base_key != key_string(base)) continue;
            auto session = parse_session(stored);
            if (!session) return session.error();
            auto plaintext = session->decrypt(*message, binding);
            if (!plaintext) return fail("cannot decrypt: " + decrypt_failure(plaintext.error()));
            return opened(*session, false, std::move(*plaintext));
        }
        auto keys = crypto::x3dh_respond(own.identity, own.prekey, partner, *message->initial);
        if (!keys) return fail("cannot decrypt: " + decrypt_failure(keys.error()));
        auto session = crypto::ratchet_session::respond(*keys, own.prekey.key);
        if (!session) return fail("cannot decrypt: " + session.error().message());
        auto plaintext = session->decrypt(*message, binding);
        if (!plaintext) return fail("cannot decrypt: " + decrypt_failure(plaintext.error()));
        auto adopt = adopts(*sessions, base);
        if (!adopt) return adopt.error();
        return opened(*session, *adopt, std::move(*plaintext));
    }

    std::error_code last_error = crypto::crypto_errc::authentication_failed;
    for (const auto& stored : *sessions) {
        auto session = parse_session(stored);
        if (!session) return session.error();
        auto plaintext = session->decrypt(*message, binding);
        if (plaintext) return opened(*session, false, std::move(*plaintext));
        last_error = plaintext.error();
    }
    return fail("cannot decrypt: " + decrypt_failure(last_error));
}

}  // namespace toward::app
