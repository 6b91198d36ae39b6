// The bid classifier on typical messages: it runs on every message a user
// sends, before encryption. The rules alone beside the rules with the
// learned model (docs/BIDS.md, 2.4), in one run, so their ratio is the cost
// of the model.
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

void BM_classify_answer_in_context(benchmark::State& state) {
    const toward::bids::answer_context context{"how was your day, love?",
                                               toward::bids::bid_category::interest, 12};
    std::size_t i = 0;
    for (auto _ : state) {
        auto result = toward::bids::classify_answer(messages[i++ % messages.size()], context);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_classify_answer_in_context);

void BM_rule_classify_message(benchmark::State& state) {
    std::size_t i = 0;
    for (auto _ : state) {
        auto result = toward::bids::rule_classify_message(messages[i++ % messages.size()]);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_rule_classify_message);

void BM_rule_classify_answer(benchmark::State& state) {
    std::size_t i = 0;
    for (auto _ : state) {
        auto result = toward::bids::rule_classify_answer(messages[i++ % messages.size()]);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_rule_classify_answer);

}  // namespace
