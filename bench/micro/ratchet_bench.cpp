// The Double Ratchet as a client runs it per message (common/crypto).
#include <benchmark/benchmark.h>

#include <vector>

#include "crypto/double_ratchet.hpp"
#include "crypto/identity.hpp"
#include "crypto/x3dh.hpp"

namespace {

using namespace toward::crypto;

// Alice initiates, Bob responds, as two paired clients do
// (tests/crypto/double_ratchet_test.cpp).
struct conversation {
    ratchet_session alice;
    ratchet_session bob;
};

conversation start_conversation() {
    const auto alice_identity = generate_identity_keys().value();
    const auto alice_prekey = generate_signed_prekey(alice_identity).value();
    const auto bob_identity = generate_identity_keys().value();
    const auto bob_prekey = generate_signed_prekey(bob_identity).value();
    const auto alice_bundle = make_public_bundle(alice_identity, alice_prekey);
    const auto bob_bundle = make_public_bundle(bob_identity, bob_prekey);
    auto initiation = x3dh_initiate(alice_identity, bob_bundle).value();
    auto alice =
        ratchet_session::initiate(initiation.keys, bob_bundle.signed_prekey, initiation.initial)
            .value();
    auto bob_keys =
        x3dh_respond(bob_identity, bob_prekey, alice_bundle, initiation.initial).value();
    auto bob = ratchet_session::respond(bob_keys, bob_prekey.key).value();
    return {std::move(alice), std::move(bob)};
}

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
