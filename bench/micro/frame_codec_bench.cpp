// The wire codec on the hot path: a client's send frame as the server parses
// it, and the Deliver frame the server builds for the partner.
#include <benchmark/benchmark.h>

#include <string>

#include "toward/v1/toward.pb.h"

namespace {

using namespace toward;

v1::ClientFrame send_frame(std::size_t ciphertext_bytes) {
    v1::ClientFrame frame;
    frame.set_request_id(123456);
    auto* send = frame.mutable_send();
    send->set_client_message_id("0f8e3c52-4c1d-4b8e-9a55-3b1f0d6f2a7c");
    send->set_kind(v1::KIND_CHAT);
    send->set_ratchet_header(std::string(40, 'h'));
    send->set_ciphertext(std::string(ciphertext_bytes, 'c'));
    return frame;
}

v1::ServerFrame deliver_frame(std::size_t ciphertext_bytes) {
    v1::ServerFrame frame;
    auto* envelope = frame.mutable_deliver()->mutable_message();
    envelope->set_seq(987654);
    envelope->set_sender("partner-name");
    envelope->set_client_message_id("0f8e3c52-4c1d-4b8e-9a55-3b1f0d6f2a7c");
    envelope->set_kind(v1::KIND_CHAT);
    envelope->set_ratchet_header(std::string(40, 'h'));
    envelope->set_ciphertext(std::string(ciphertext_bytes, 'c'));
    envelope->set_server_time_ms(1767225601234);
    return frame;
}

void BM_send_frame_encode(benchmark::State& state) {
    const auto frame = send_frame(static_cast<std::size_t>(state.range(0)));
    std::string out;
    for (auto _ : state) {
        frame.SerializeToString(&out);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
}
BENCHMARK(BM_send_frame_encode)->Arg(200)->Arg(4096);

void BM_send_frame_decode(benchmark::State& state) {
    const auto bytes = send_frame(static_cast<std::size_t>(state.range(0))).SerializeAsString();
    for (auto _ : state) {
        v1::ClientFrame frame;  // a fresh frame per message, as the server parses
        benchmark::DoNotOptimize(frame.ParseFromString(bytes));
        benchmark::DoNotOptimize(frame.send().ciphertext().data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_send_frame_decode)->Arg(200)->Arg(4096);

void BM_deliver_frame_encode(benchmark::State& state) {
    const auto ciphertext_bytes = static_cast<std::size_t>(state.range(0));
    const std::string ciphertext(ciphertext_bytes, 'c');
    std::size_t size = 0;
    for (auto _ : state) {
        // What the server does per relayed message: build and serialize.
        auto frame = deliver_frame(0);
        frame.mutable_deliver()->mutable_message()->set_ciphertext(ciphertext);
        auto bytes = frame.SerializeAsString();
        size = bytes.size();
        benchmark::DoNotOptimize(bytes.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}
BENCHMARK(BM_deliver_frame_encode)->Arg(200)->Arg(4096);

}  // namespace
