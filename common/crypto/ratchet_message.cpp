#include "crypto/ratchet_message.hpp"

#include "crypto/aead.hpp"
#include "crypto/byte_codec.hpp"

namespace toward::crypto {

bytes serialize_header(const message_header& header) {
    bytes out;
    out.reserve(message_header_size);
    append_bytes(out, header.ratchet_key);
    append_u32_be(out, header.previous_chain_length);
    append_u32_be(out, header.message_number);
    return out;
}

result<message_header> parse_header(byte_view encoded) {
    if (encoded.size() != message_header_size) return crypto_errc::malformed_message;
    byte_reader in(encoded);
    message_header header;
    in.read_into(header.ratchet_key);
    header.previous_chain_length = *in.read_u32_be();
    header.message_number = *in.read_u32_be();
    return header;
}

bytes pack_message(const encrypted_message& message) {
    bytes out;
    out.reserve(2 + initial_message_size + message_header_size + message.ciphertext.size());
    out.push_back(message_version);
    out.push_back(message.initial ? 1 : 0);
    if (message.initial) append_bytes(out, serialize_initial_message(*message.initial));
    append_bytes(out, serialize_header(message.header));
    append_bytes(out, message.ciphertext);
    return out;
}

result<encrypted_message> unpack_message(byte_view packed) {
    byte_reader in(packed);
    const auto version = in.read_u8();
    if (!version) return crypto_errc::malformed_message;
    if (*version != message_version) return crypto_errc::unsupported_version;
    const auto has_initial = in.read_u8();
    if (!has_initial || *has_initial > 1) return crypto_errc::malformed_message;

    encrypted_message message;
    if (*has_initial == 1) {
        const auto initial_bytes = in.read(initial_message_size);
        if (!initial_bytes) return crypto_errc::malformed_message;
        auto initial = parse_initial_message(*initial_bytes);
        if (!initial) return initial.error();
        message.initial = *initial;
    }
    const auto header_bytes = in.read(message_header_size);
    if (!header_bytes) return crypto_errc::malformed_message;
    auto header = parse_header(*header_bytes);
    if (!header) return header.error();
    message.header = *header;
    if (in.rest().size() < aead_tag_size) return crypto_errc::malformed_message;
    message.ciphertext.assign(in.rest().begin(), in.rest().end());
    return message;
}

}  // namespace toward::crypto
