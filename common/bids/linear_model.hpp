// Internal to the classifier. A multinomial logistic regression over named
// binary features, with its weights in static tables (trained_weights.cpp,
// written by tools/bids/train_bids.cpp): a feature's name is hashed, found
// by binary search, and its row of per-class weights added to the bias.
// Features the training never saw weigh nothing.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace toward::bids {

struct linear_model {
    int classes = 0;
    std::span<const float> bias;            // one per class
    std::span<const std::uint64_t> hashes;  // sorted, one per feature row
    std::span<const float> weights;         // hashes.size() rows of `classes`
};

// FNV-1a, 64 bits: stable across builds and machines, so weights stay valid.
std::uint64_t feature_hash(std::string_view name);

// The probability of each class for a message with these features.
std::vector<double> class_probabilities(const linear_model& model,
                                        std::span<const std::string> features);

// A feature's push toward one class over the others: its weight for that
// class less its mean weight.
struct feature_push {
    std::string feature;
    double push = 0;
};

// The features that pushed hardest toward `chosen` (largest first), at most `count`.
std::vector<feature_push> strongest_pushes(const linear_model& model,
                                           std::span<const std::string> features, int chosen,
                                           std::size_t count);

// The models of trained_weights.cpp.
extern const linear_model bid_detector;    // classes: chat, bid
extern const linear_model category_model;  // classes: the categories in wire order
extern const linear_model turn_model;      // classes: toward, away, against

}  // namespace toward::bids
