// The Double Ratchet as a client runs it per message (common/crypto).
#include <benchmark/benchmark.h>

#include <vector>

#include "crypto_conversation.hpp"

namespace {

using namespace toward::crypto;

using testing::start_conversation;

void BM_ratchet_encrypt(benchmark::State& state) {
    auto c = start_conversation();
    const bytes plaintext(static_cast<std::size_t>(state.range(0)), 0x42);
    for (auto _ : state) {
        auto message = c.alice.encrypt(plaintext);
        if (!message) {
            state.SkipWithError("encrypt failed");
            break;
        }
        benchmark::DoNotOptimize(message);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * plaintext.size()));
}
BENCHMARK(BM_ratchet_encrypt)->Arg(200)->Arg(4096);

// Decrypting messages of one chain in order (a partner typing several
// messages in a row); they are encrypted outside the timing, in batches.
void BM_ratchet_decrypt(benchmark::State& state) {
    auto c = start_conversation();
    const bytes plaintext(static_cast<std::size_t>(state.range(0)), 0x42);
    std::vector<encrypted_message> batch;
    std::size_t next = 0;
    for (auto _ : state) {
        if (next == batch.size()) {
            state.PauseTiming();
            batch.clear();
            for (int i = 0; i < 1000; ++i) batch.push_back(c.alice.encrypt(plaintext).value());
            next = 0;
            state.ResumeTiming();
        }
        auto opened = c.bob.decrypt(batch[next++]);
        if (!opened) {
            state.SkipWithError("decrypt failed");
            break;
        }
        benchmark::DoNotOptimize(opened);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * plaintext.size()));
}
BENCHMARK(BM_ratchet_decrypt)->Arg(200)->Arg(4096);

// A conversation turn by turn: every message answers the previous one, so
// each decrypt performs a DH ratchet step (the costliest case).
void BM_ratchet_turn(benchmark::State& state) {
    auto c = start_conversation();
    const bytes plaintext(static_cast<std::size_t>(state.range(0)), 0x42);
    bool alice_speaks = true;
    for (auto _ : state) {
        auto& sender = alice_speaks ? c.alice : c.bob;
        auto& receiver = alice_speaks ? c.bob : c.alice;
        auto message = sender.encrypt(plaintext);
        if (!message) {
            state.SkipWithError("encrypt failed");
            break;
        }
        auto opened = receiver.decrypt(*message);
        if (!opened) {
            state.SkipWithError("decrypt failed");
            break;
        }
        benchmark::DoNotOptimize(opened);
        alice_speaks = !alice_speaks;
    }
}
BENCHMARK(BM_ratchet_turn)->Arg(200);

}  // namespace
