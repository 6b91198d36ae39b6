// Measures the classifier (rules and learned models together) on the
// conversation corpus of tests/data/bids/ (docs/BIDS.md, "Measured
// accuracy"): train is what the models learned from, dev what the features
// and settings were chosen on, and test was written after the models were
// frozen, by writers who never saw them. Definitions:
// - bid detection: over lines labelled bid or chat, a bid is a positive;
//   precision, recall, F1; macro-F1 is the mean of the bid F1 and the chat F1;
// - category accuracy: over the true positives, the share of right categories;
// - turn accuracy: over the responses, with the answered bid as context;
//   against recall: the share of `against` responses found;
// - linking: over responses sent while two or more bids were open, the share
//   for which pick_answered_bid names the bid the labels say it answers.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "bids/bid_classifier.hpp"
#include "conversation_corpus.hpp"
#include "temp_dir.hpp"

namespace toward::bids {
namespace {

struct figures {
    int messages = 0, tp = 0, fp = 0, fn = 0, tn = 0, category_right = 0;
    int responses = 0, turn_right = 0, against = 0, against_found = 0;
    int links = 0, links_right = 0;

    double precision() const { return tp + fp ? double(tp) / (tp + fp) : 0; }
    double recall() const { return tp + fn ? double(tp) / (tp + fn) : 0; }
    double f1() const {
        const double p = precision(), r = recall();
        return p + r > 0 ? 2 * p * r / (p + r) : 0;
    }
    double chat_f1() const {
        const double p = tn + fn ? double(tn) / (tn + fn) : 0;
        const double r = tn + fp ? double(tn) / (tn + fp) : 0;
        return p + r > 0 ? 2 * p * r / (p + r) : 0;
    }
    double macro_f1() const { return (f1() + chat_f1()) / 2; }
    double category() const { return tp ? double(category_right) / tp : 0; }
    double turns() const { return responses ? double(turn_right) / responses : 0; }
    double against_recall() const { return against ? double(against_found) / against : 0; }
    double linking() const { return links ? double(links_right) / links : 0; }
};

figures measure(const std::string& file) {
    const auto lines = corpus::read_conversations({file});
    const auto ex = corpus::examples_of(lines);
    figures f;
    for (const auto& m : ex.messages) {
        const auto got = classify_message(m.line->text, m.context);
        const bool bid = m.line->kind == message_kind::bid;
        const bool said_bid = got.kind == message_kind::bid;
        ++f.messages;
        f.tp += bid && said_bid;
        f.fp += !bid && said_bid;
        f.fn += bid && !said_bid;
        f.tn += !bid && !said_bid;
        f.category_right += bid && said_bid && got.category == m.line->category;
    }
    for (const auto& a : ex.answers) {
        const auto got = classify_answer(a.line->text, a.context);
        ++f.responses;
        f.turn_right += got.response_turn == a.line->expected_turn;
        if (a.line->expected_turn == turn::against) {
            ++f.against;
            f.against_found += got.response_turn == turn::against;
        }
    }
    for (const auto& l : ex.links) {
        std::vector<open_bid> bids;
        for (const auto* b : l.open_bids) bids.push_back({b->text, b->category});
        ++f.links;
        f.links_right += pick_answered_bid(l.line->text, bids) == l.answered;
    }
    return f;
}

void print(const char* split, const figures& f) {
    std::printf(
        "%-5s  %4d messages: bid P %.3f R %.3f F1 %.3f, macro-F1 %.3f, category %.3f | "
        "%4d responses: turn %.3f, against recall %.3f | linking %.3f (%d)\n",
        split, f.messages, f.precision(), f.recall(), f.f1(), f.macro_f1(), f.category(),
        f.responses, f.turns(), f.against_recall(), f.linking(), f.links);
}

const std::string data_dir = TOWARD_BIDS_DATA;

TEST(learned_classifier, keeps_its_figures_on_text_it_did_not_learn_from) {
    const auto train = measure(data_dir + "/train.tsv");
    const auto dev = measure(data_dir + "/dev.tsv");
    print("train", train);
    print("dev", dev);
    // Floors a little below the dev figures when the model was frozen (bid
    // F1 0.856, macro-F1 0.847, turn 0.834, against recall 0.618): a change
    // that loses accuracy fails here. docs/BIDS.md compares them with the
    // targets (0.85, 0.85, 0.80, 0.60).
    EXPECT_GE(dev.f1(), 0.84);
    EXPECT_GE(dev.macro_f1(), 0.83);
    EXPECT_GE(dev.turns(), 0.81);
    EXPECT_GE(dev.against_recall(), 0.58);
}

// The frozen test split: written after the models were, measured once for
// docs/BIDS.md. The floors below are that measurement less a margin, so a
// change that loses accuracy on unseen text fails here; they are not the
// targets, which docs/BIDS.md reports against.
constexpr struct {
    double f1, macro_f1, turn, against;
} test_floor{0.72, 0.73, 0.76, 0.48};  // measured: 0.743, 0.753, 0.788, 0.520

TEST(learned_classifier, test_split) {
    const auto test = measure(data_dir + "/test.tsv");
    print("test", test);
    EXPECT_GE(test.f1(), test_floor.f1);
    EXPECT_GE(test.macro_f1(), test_floor.macro_f1);
    EXPECT_GE(test.turns(), test_floor.turn);
    EXPECT_GE(test.against_recall(), test_floor.against);
}

TEST(learned_classifier, the_same_words_turn_differently_by_the_bid_they_answer) {
    answer_context news{"I GOT THE JOB!!!", bid_category::conversation, 1};
    answer_context errand{"can you grab milk on the way home?", bid_category::help, 1};
    EXPECT_EQ(classify_answer("ok", errand).response_turn, turn::toward);
    EXPECT_EQ(classify_answer("ok", news).response_turn, turn::away);
}

TEST(learned_classifier, explains_and_marks_what_it_is_unsure_of) {
    const auto c = classify_message("saw a dog in a tiny raincoat on the way home");
    EXPECT_FALSE(c.reasons.empty());
    EXPECT_FALSE(c.explanation.empty());
    EXPECT_GT(c.confidence, 0.0);
    EXPECT_LE(c.confidence, 1.0);
    EXPECT_EQ(c.uncertain, c.confidence < uncertain_below);
    // The same text and context, the same answer.
    const auto again = classify_message("saw a dog in a tiny raincoat on the way home");
    EXPECT_EQ(again.kind, c.kind);
    EXPECT_EQ(again.rule, c.rule);
    EXPECT_EQ(again.confidence, c.confidence);
}

TEST(learned_classifier, a_reply_answers_the_bid_whose_words_it_takes_up) {
    const std::vector<open_bid> open{{"how was your day?", bid_category::interest},
                                     {"look at this cat 😂", bid_category::humor}};
    EXPECT_EQ(pick_answered_bid("it was long but good, thanks for asking about my day", open), 0u);
    EXPECT_EQ(pick_answered_bid("omg that cat", open), 1u);
    EXPECT_EQ(pick_answered_bid("haha", open), 1u);  // nothing taken up: the newest
    EXPECT_EQ(pick_answered_bid("anything", {}), 0u);
}

TEST(trained_weights, training_again_gives_the_committed_tables) {
    testing::temp_dir dir;
    const auto out = (dir.path() / "weights.cpp").string();
    const std::string command = std::string(TOWARD_TRAIN_BIDS_BINARY) + " --out " + out + " " +
                                data_dir + "/train.tsv " + data_dir + "/earlier.tsv 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0);
    auto read = [](const std::string& path) {
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    };
    EXPECT_TRUE(read(out) == read(TOWARD_TRAINED_WEIGHTS))
        << "common/bids/trained_weights.cpp is not what tools/bids/train_bids.cpp makes from "
           "tests/data/bids/train.tsv and earlier.tsv: train again (docs/BIDS.md)";
}

}  // namespace
}  // namespace toward::bids
