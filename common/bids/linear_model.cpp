#include "bids/linear_model.hpp"

#include <algorithm>
#include <cmath>

namespace toward::bids {
namespace {

// The row of a feature's weights, or empty when the model has none.
std::span<const float> row_of(const linear_model& model, std::string_view feature) {
    const auto hash = feature_hash(feature);
    const auto found = std::lower_bound(model.hashes.begin(), model.hashes.end(), hash);
    if (found == model.hashes.end() || *found != hash) return {};
    const auto row = static_cast<std::size_t>(found - model.hashes.begin());
    const auto width = static_cast<std::size_t>(model.classes);
    return model.weights.subspan(row * width, width);
}

}  // namespace

std::uint64_t feature_hash(std::string_view name) {
    std::uint64_t hash = 14695981039346656037ull;
    for (const unsigned char c : name) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

std::vector<double> class_probabilities(const linear_model& model,
                                        std::span<const std::string> features) {
    std::vector<double> scores(model.bias.begin(), model.bias.end());
    for (const auto& f : features) {
        const auto row = row_of(model, f);
        for (std::size_t k = 0; k < row.size(); ++k) scores[k] += row[k];
    }
    const double top = *std::max_element(scores.begin(), scores.end());
    double total = 0;
    for (auto& s : scores) total += (s = std::exp(s - top));
    for (auto& s : scores) s /= total;
    return scores;
}

std::vector<feature_push> strongest_pushes(const linear_model& model,
                                           std::span<const std::string> features, int chosen,
                                           std::size_t count) {
    std::vector<feature_push> pushes;
    for (const auto& f : features) {
        const auto row = row_of(model, f);
        if (row.empty()) continue;
        double mean = 0;
        for (const float w : row) mean += w;
        mean /= static_cast<double>(row.size());
        const double push = row[static_cast<std::size_t>(chosen)] - mean;
        if (push > 0) pushes.push_back({f, push});
    }
    std::stable_sort(pushes.begin(), pushes.end(),
                     [](const auto& a, const auto& b) { return a.push > b.push; });
    if (pushes.size() > count) pushes.resize(count);
    return pushes;
}

}  // namespace toward::bids
