// ClientFrames as two clients of one server send them over their WebSockets,
// through the server's real protocol sessions and a real SQLite store
// (session_rig.hpp). Each input gets a fresh server.
//
// Input: records of op (1 byte) ‖ length (2 bytes, big-endian) ‖ that many
// bytes, one WebSocket message. Bit 0 of op picks the connection; with bit 1
// set, that connection is closed and opened again before the message.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "session_rig.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    toward::fuzz::session_rig rig;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    while (input.size() >= 3) {
        const auto op = static_cast<std::uint8_t>(input[0]);
        const std::size_t length =
            (static_cast<std::uint8_t>(input[1]) << 8) | static_cast<std::uint8_t>(input[2]);
        input.remove_prefix(3);
        const auto frame = input.substr(0, length);
        input.remove_prefix(frame.size());
        const int which = op & 1;
        if (op & 2) rig.reconnect(which);
        rig.receive(which, frame);
    }
    return 0;
}
