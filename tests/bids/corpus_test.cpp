// Measures the classifier on the labelled corpus (docs/BIDS.md, "Measured
// accuracy"). Definitions:
// - bid detection: over the lines labelled bid or chat (messages that do not
//   answer an open bid, so classify_message is what the client would call),
//   a bid is a positive. precision = TP / (TP + FP), recall = TP / (TP + FN),
//   F1 = 2 * precision * recall / (precision + recall);
// - category accuracy: over the true positives (labelled bid, detected as a
//   bid), the share whose category is the labelled one;
// - turn accuracy: over the lines labelled response, the share whose turn from
//   classify_answer is the labelled one.
// The test fails below F1 0.85 or turn accuracy 0.80 over the whole corpus.
// Conversations whose id starts with 'h' were written after the rules were
// frozen (held out); the figures are also printed for them and for the rest.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdio>
#include <map>
#include <string>

#include "bids/bid_classifier.hpp"
#include "corpus.hpp"

namespace toward::bids {
namespace {

using testing::corpus_line;
using testing::read_corpus;

const std::string corpus_path = TOWARD_BIDS_CORPUS;

double ratio(std::size_t a, std::size_t b) {
    return b == 0 ? 0.0 : double(a) / double(b);
}

struct figures {
    std::size_t tp = 0, fp = 0, fn = 0, tn = 0;
    std::size_t category_right = 0;
    std::size_t responses = 0, turn_right = 0;
    // [expected][predicted]
    std::array<std::array<std::size_t, 9>, 9> categories{};
    std::array<std::array<std::size_t, 3>, 3> turns{};
    std::map<std::string, std::size_t> rule_hits;
    std::vector<std::string> misses;

    double precision() const { return ratio(tp, tp + fp); }
    double recall() const { return ratio(tp, tp + fn); }
    double f1() const {
        const double p = precision(), r = recall();
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }
    double category_accuracy() const { return ratio(category_right, tp); }
    double turn_accuracy() const { return ratio(turn_right, responses); }
};

std::string miss(const corpus_line& line, std::string_view expected, std::string_view got,
                 const classification& c) {
    return "  line " + std::to_string(line.line_number) + ": \"" + line.text + "\" expected " +
           std::string(expected) + ", got " + std::string(got) + " [" + c.rule + "]";
}

figures measure(const std::vector<corpus_line>& lines) {
    figures f;
    for (const auto& line : lines) {
        if (line.kind == message_kind::response) {
            const auto c = rule_classify_answer(line.text);
            ++f.rule_hits["answer " + c.rule];
            const auto expected = *line.expected_turn, got = *c.response_turn;
            ++f.responses;
            ++f.turns[std::size_t(expected)][std::size_t(got)];
            if (expected == got)
                ++f.turn_right;
            else
                f.misses.push_back(miss(line, to_string(expected), to_string(got), c));
            continue;
        }
        const auto c = rule_classify_message(line.text);
        ++f.rule_hits["message " + c.rule];
        const bool expected_bid = line.kind == message_kind::bid;
        const bool got_bid = c.kind == message_kind::bid;
        const auto expected_name = expected_bid ? to_string(*line.category) : "chat";
        const auto got_name = got_bid ? to_string(*c.category) : "chat";
        if (expected_bid && got_bid) {
            ++f.tp;
            ++f.categories[std::size_t(*line.category)][std::size_t(*c.category)];
            if (*line.category == *c.category)
                ++f.category_right;
            else
                f.misses.push_back(miss(line, expected_name, got_name, c));
        } else if (expected_bid) {
            ++f.fn;
            f.misses.push_back(miss(line, expected_name, got_name, c));
        } else if (got_bid) {
            ++f.fp;
            f.misses.push_back(miss(line, expected_name, got_name, c));
        } else {
            ++f.tn;
        }
    }
    return f;
}

bool held_out(const corpus_line& line) {
    return line.conversation.starts_with("h");
}

std::vector<corpus_line> subset(const std::vector<corpus_line>& lines, bool want_held_out) {
    std::vector<corpus_line> out;
    for (const auto& line : lines)
        if (held_out(line) == want_held_out) out.push_back(line);
    return out;
}

void print_summary(const char* name, const figures& f) {
    std::printf(
        "%-12s bid/chat %3zu  P %.3f  R %.3f  F1 %.3f  category %.3f  |"
        "  responses %3zu  turn %.3f\n",
        name, f.tp + f.fp + f.fn + f.tn, f.precision(), f.recall(), f.f1(), f.category_accuracy(),
        f.responses, f.turn_accuracy());
}

void print(const figures& f, std::size_t corpus_size) {
    std::printf("bid corpus: %zu messages (%zu bid/chat, %zu responses)\n", corpus_size,
                f.tp + f.fp + f.fn + f.tn, f.responses);
    std::printf("bid detection: precision %.3f  recall %.3f  F1 %.3f\n", f.precision(), f.recall(),
                f.f1());
    std::printf("  confusion: TP %zu  FP %zu  FN %zu  TN %zu\n", f.tp, f.fp, f.fn, f.tn);
    std::printf("category accuracy (detected bids): %.3f (%zu/%zu)\n", f.category_accuracy(),
                f.category_right, f.tp);
    std::printf("turn accuracy (responses): %.3f (%zu/%zu)\n", f.turn_accuracy(), f.turn_right,
                f.responses);
    std::printf("category confusion (rows expected, columns classified):\n%14s", "");
    for (const auto c : all_bid_categories) std::printf(" %5.5s", to_string(c).data());
    std::printf("\n");
    for (const auto e : all_bid_categories) {
        std::printf("%14s", to_string(e).data());
        for (const auto g : all_bid_categories)
            std::printf(" %5zu", f.categories[std::size_t(e)][std::size_t(g)]);
        std::printf("\n");
    }
    std::printf("turn confusion (rows expected, columns classified):\n%10s", "");
    for (const auto t : all_turns) std::printf(" %8s", to_string(t).data());
    std::printf("\n");
    for (const auto e : all_turns) {
        std::printf("%10s", to_string(e).data());
        for (const auto g : all_turns)
            std::printf(" %8zu", f.turns[std::size_t(e)][std::size_t(g)]);
        std::printf("\n");
    }
    std::printf("rules that decided:\n");
    for (const auto& [rule, hits] : f.rule_hits) std::printf("  %-34s %zu\n", rule.c_str(), hits);
    std::printf("disagreements with the labels:\n");
    for (const auto& m : f.misses) std::printf("%s\n", m.c_str());
}

TEST(bids_corpus, is_large_and_covers_every_category_and_turn) {
    const auto lines = read_corpus(corpus_path);
    EXPECT_GE(lines.size(), 300u);
    std::map<bid_category, int> categories;
    std::map<turn, int> turns;
    int chats = 0;
    for (const auto& line : lines) {
        if (line.category) ++categories[*line.category];
        if (line.expected_turn) ++turns[*line.expected_turn];
        if (line.kind == message_kind::chat) ++chats;
    }
    for (const auto c : all_bid_categories) EXPECT_GE(categories[c], 5) << to_string(c);
    for (const auto t : all_turns) EXPECT_GE(turns[t], 15) << to_string(t);
    EXPECT_GE(chats, 50);
}

TEST(bids_corpus, labels_follow_the_open_bid_convention) {
    const auto breaks = testing::convention_breaks(read_corpus(corpus_path));
    for (const auto& b : breaks) ADD_FAILURE() << b;
}

TEST(bids_corpus, classifier_meets_the_accuracy_targets) {
    const auto lines = read_corpus(corpus_path);
    const auto f = measure(lines);
    print(f, lines.size());
    print_summary("development", measure(subset(lines, false)));
    print_summary("held out", measure(subset(lines, true)));
    print_summary("all", f);
    EXPECT_GE(f.f1(), 0.85) << "bid detection F1 below target";
    EXPECT_GE(f.turn_accuracy(), 0.80) << "turn accuracy below target";
}

}  // namespace
}  // namespace toward::bids
