// The bid classifier on typical messages: it runs on every message a user
// sends, before encryption.
#include <benchmark/benchmark.h>

#include <array>
#include <string_view>

#include "bids/bid_classifier.hpp"

namespace {

constexpr std::array<std::string_view, 6> messages = {
    "how was your day, love?",
    "did you pay the electricity bill",
    "I got the job!!! 🎉",
    "want to go hiking on saturday?",
    "I feel so drained today, everything went wrong at work and I just want to lie down",
    "ok",
};

void BM_classify_message(benchmark::State& state) {
    std::size_t i = 0;
    for (auto _ : state) {
        auto result = toward::bids::classify_message(messages[i++ % messages.size()]);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_classify_message);

void BM_classify_answer(benchmark::State& state) {
    std::size_t i = 0;
    for (auto _ : state) {
        auto result = toward::bids::classify_answer(messages[i++ % messages.size()]);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_classify_answer);

}  // namespace
