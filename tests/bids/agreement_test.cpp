// Inter-labeller agreement on the corpus (docs/BIDS.md, "The corpus"): each
// batch of tests/data/bids/agreement/ was labelled by its writer (-first)
// and again by a second labeller who saw only the text (-second); the
// disagreements were resolved by the guide (-decisions) into train and dev.
// Prints Cohen's kappa per batch and overall, for kind, bid or chat, the
// category (where both said bid) and the turn (where both said response).
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "conversation_corpus.hpp"

namespace toward::bids {
namespace {

struct kappa_count {
    std::map<std::pair<std::string, std::string>, int> pairs;
    int total = 0;
    void add(const std::string& a, const std::string& b) {
        ++pairs[{a, b}];
        ++total;
    }
    double kappa() const {
        std::map<std::string, int> first, second;
        int agree = 0;
        for (const auto& [labels, n] : pairs) {
            first[labels.first] += n;
            second[labels.second] += n;
            if (labels.first == labels.second) agree += n;
        }
        const double observed = double(agree) / total;
        double chance = 0;
        for (const auto& [label, n] : first)
            chance += double(n) * (second.count(label) ? second.at(label) : 0) / total / total;
        return chance < 1 ? (observed - chance) / (1 - chance) : 1;
    }
};

struct agreement {
    kappa_count kind, bid_or_chat, category, turn;
};

void compare(const std::string& batch, agreement& overall) {
    const std::string dir = std::string(TOWARD_BIDS_DATA) + "/agreement/";
    const auto first = corpus::read_conversations({dir + batch + "-first.tsv"});
    const auto second = corpus::read_conversations({dir + batch + "-second.tsv"});
    ASSERT_EQ(first.size(), second.size()) << batch;
    agreement here;
    for (std::size_t i = 0; i < first.size(); ++i) {
        const auto& a = first[i];
        const auto& b = second[i];
        ASSERT_EQ(a.text, b.text) << batch << " row " << i;
        for (auto* k : {&here, &overall}) {
            k->kind.add(std::string(to_string(a.kind)), std::string(to_string(b.kind)));
            if (a.kind != message_kind::response && b.kind != message_kind::response)
                k->bid_or_chat.add(std::string(to_string(a.kind)), std::string(to_string(b.kind)));
            if (a.category && b.category)
                k->category.add(std::string(to_string(*a.category)),
                                std::string(to_string(*b.category)));
            if (a.expected_turn && b.expected_turn)
                k->turn.add(std::string(to_string(*a.expected_turn)),
                            std::string(to_string(*b.expected_turn)));
        }
    }
    std::printf("%-7s %4d lines: kind %.3f, bid/chat %.3f, category %.3f, turn %.3f\n",
                batch.c_str(), here.kind.total, here.kind.kappa(), here.bid_or_chat.kappa(),
                here.category.kappa(), here.turn.kappa());
}

TEST(corpus_agreement, two_labellers_agree_well_beyond_chance) {
    agreement overall;
    for (const char* batch : {"w1", "w2", "w3", "w4", "w5"}) compare(batch, overall);
    std::printf("overall %4d lines: kind %.3f, bid/chat %.3f, category %.3f, turn %.3f\n",
                overall.kind.total, overall.kind.kappa(), overall.bid_or_chat.kappa(),
                overall.category.kappa(), overall.turn.kappa());
    // Landis and Koch: above 0.6 is substantial agreement. Below it the guide
    // would not be doing its job.
    EXPECT_GT(overall.kind.kappa(), 0.6);
    EXPECT_GT(overall.category.kappa(), 0.6);
    EXPECT_GT(overall.turn.kappa(), 0.6);
}

TEST(corpus, is_large_and_split_by_conversation) {
    const std::string dir = TOWARD_BIDS_DATA;
    const auto train = corpus::read_conversations({dir + "/train.tsv"});
    const auto dev = corpus::read_conversations({dir + "/dev.tsv"});
    std::set<std::string> train_ids, dev_ids;
    for (const auto& l : train) train_ids.insert(l.conversation);
    for (const auto& l : dev) dev_ids.insert(l.conversation);
    for (const auto& id : dev_ids) EXPECT_EQ(train_ids.count(id), 0u) << id;
    EXPECT_GE(train.size() + dev.size(), 2800u);
    EXPECT_GE(train_ids.size() + dev_ids.size(), 500u);
}

}  // namespace
}  // namespace toward::bids
