// toward-train-bids: trains the classifier's learned models on the corpus
// and writes them as C++ tables (common/bids/trained_weights.cpp).
// Deterministic: the same corpus gives the same file, byte for byte, which
// tests/bids/trained_weights_test.cpp checks.
//
//   toward-train-bids --out common/bids/trained_weights.cpp
//       tests/data/bids/train.tsv tests/data/bids/earlier.tsv
//       [--dev tests/data/bids/dev.tsv [--errors]]
// (one command line). The settings (training_options) were chosen on dev.
//
// Multinomial logistic regression with L2, full-batch AdaGrad; features
// seen fewer than min_count times in training are dropped.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bids/learned_features.hpp"
#include "bids/linear_model.hpp"
#include "conversation_corpus.hpp"

namespace {

using namespace toward::bids;

struct training_options {
    int min_count = 2;
    double l2 = 0.003;
    double learning_rate = 0.3;
    int iterations = 300;
    // Each class weighs as much as the others in the loss, whatever its
    // count: `against` answers are few, and the ones most worth finding.
    bool balanced = true;
    // The turn model weighs `against` this much more again.
    double against_emphasis = 1.6;
};

struct example {
    std::vector<int> features;  // indexes into the vocabulary
    int label = 0;
};

struct trained {
    int classes = 0;
    std::vector<std::string> vocabulary;
    std::vector<double> bias;
    std::vector<double> weights;  // vocabulary.size() × classes
};

struct dataset {
    std::vector<std::vector<std::string>> features;
    std::vector<int> labels;
};

trained train(const dataset& data, int classes, const training_options& options) {
    std::map<std::string, int> counts;
    for (const auto& fs : data.features)
        for (const auto& f : fs) ++counts[f];
    trained model;
    model.classes = classes;
    std::map<std::string, int> index;
    for (const auto& [name, count] : counts) {
        if (count < options.min_count) continue;
        index[name] = static_cast<int>(model.vocabulary.size());
        model.vocabulary.push_back(name);
    }
    std::vector<example> examples;
    for (std::size_t i = 0; i < data.features.size(); ++i) {
        example e;
        e.label = data.labels[i];
        for (const auto& f : data.features[i])
            if (auto it = index.find(f); it != index.end()) e.features.push_back(it->second);
        examples.push_back(std::move(e));
    }
    const auto width = static_cast<std::size_t>(classes);
    const auto rows = model.vocabulary.size();
    model.bias.assign(width, 0);
    model.weights.assign(rows * width, 0);
    std::vector<double> grad_bias(width), grad(rows * width);
    std::vector<double> sq_bias(width, 1e-8), sq(rows * width, 1e-8);
    const double n = static_cast<double>(examples.size());
    std::vector<double> class_weight(width, 1.0);
    if (options.balanced) {
        std::vector<double> count(width, 0);
        for (const auto& e : examples) ++count[static_cast<std::size_t>(e.label)];
        for (std::size_t c = 0; c < width; ++c)
            class_weight[c] = count[c] > 0 ? n / (static_cast<double>(width) * count[c]) : 0;
    }
    if (width == 3) class_weight[2] *= options.against_emphasis;
    std::vector<double> p(width);
    for (int it = 0; it < options.iterations; ++it) {
        std::fill(grad_bias.begin(), grad_bias.end(), 0);
        for (std::size_t k = 0; k < grad.size(); ++k) grad[k] = options.l2 * model.weights[k];
        for (const auto& e : examples) {
            for (std::size_t c = 0; c < width; ++c) p[c] = model.bias[c];
            for (const int f : e.features)
                for (std::size_t c = 0; c < width; ++c)
                    p[c] += model.weights[static_cast<std::size_t>(f) * width + c];
            const double top = *std::max_element(p.begin(), p.end());
            double total = 0;
            for (auto& v : p) total += (v = std::exp(v - top));
            for (std::size_t c = 0; c < width; ++c) {
                const double g = class_weight[static_cast<std::size_t>(e.label)] *
                                 (p[c] / total - (static_cast<int>(c) == e.label ? 1.0 : 0.0)) / n;
                grad_bias[c] += g;
                for (const int f : e.features) grad[static_cast<std::size_t>(f) * width + c] += g;
            }
        }
        for (std::size_t c = 0; c < width; ++c) {
            sq_bias[c] += grad_bias[c] * grad_bias[c];
            model.bias[c] -= options.learning_rate * grad_bias[c] / std::sqrt(sq_bias[c]);
        }
        for (std::size_t k = 0; k < grad.size(); ++k) {
            sq[k] += grad[k] * grad[k];
            model.weights[k] -= options.learning_rate * grad[k] / std::sqrt(sq[k]);
        }
    }
    return model;
}

// Rounded as they are written, so the trainer's own figures are the
// library's.
float stored(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", value);
    return std::strtof(text, nullptr);
}

int predict(const trained& model, const std::vector<std::string>& features) {
    std::vector<double> score(model.bias.begin(), model.bias.end());
    for (const auto& f : features) {
        const auto it = std::lower_bound(model.vocabulary.begin(), model.vocabulary.end(), f);
        if (it == model.vocabulary.end() || *it != f) continue;
        const auto row = static_cast<std::size_t>(it - model.vocabulary.begin());
        for (int c = 0; c < model.classes; ++c)
            score[static_cast<std::size_t>(c)] +=
                stored(model.weights[row * static_cast<std::size_t>(model.classes) +
                                     static_cast<std::size_t>(c)]);
    }
    return static_cast<int>(std::max_element(score.begin(), score.end()) - score.begin());
}

struct datasets {
    dataset detector, category, turn;
};

datasets datasets_of(const corpus::examples& ex) {
    datasets d;
    for (const auto& m : ex.messages) {
        auto features =
            message_features(m.line->text, m.context, rule_classify_message(m.line->text));
        const bool bid = m.line->kind == message_kind::bid;
        d.detector.features.push_back(features);
        d.detector.labels.push_back(bid ? 1 : 0);
        if (bid) {
            d.category.features.push_back(std::move(features));
            d.category.labels.push_back(to_proto(*m.line->category) - 1);
        }
    }
    for (const auto& a : ex.answers) {
        d.turn.features.push_back(answer_features(a.line->text, a.context,
                                                  rule_classify_answer(a.line->text),
                                                  rule_classify_message(a.line->text)));
        d.turn.labels.push_back(to_proto(*a.line->expected_turn) - 1);
    }
    return d;
}

double accuracy(const trained& model, const dataset& data) {
    int right = 0;
    for (std::size_t i = 0; i < data.features.size(); ++i)
        if (predict(model, data.features[i]) == data.labels[i]) ++right;
    return data.features.empty() ? 0 : static_cast<double>(right) / data.features.size();
}

void report_detector(const trained& model, const dataset& data, const char* name) {
    int tp = 0, fp = 0, fn = 0;
    for (std::size_t i = 0; i < data.features.size(); ++i) {
        const int got = predict(model, data.features[i]);
        tp += got == 1 && data.labels[i] == 1;
        fp += got == 1 && data.labels[i] == 0;
        fn += got == 0 && data.labels[i] == 1;
    }
    const double precision = tp + fp ? static_cast<double>(tp) / (tp + fp) : 0;
    const double recall = tp + fn ? static_cast<double>(tp) / (tp + fn) : 0;
    std::cerr << name << ": bid P " << precision << " R " << recall << " F1 "
              << (precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0)
              << " (" << data.features.size() << " messages)\n";
}

// The hand-written rules alone on the same examples, for comparison.
void report_rules(const std::vector<corpus::labelled_line>& lines, const char* name) {
    const auto ex = corpus::examples_of(lines);
    int tp = 0, fp = 0, fn = 0, turn_right = 0;
    for (const auto& m : ex.messages) {
        const bool said = rule_classify_message(m.line->text).kind == message_kind::bid;
        const bool bid = m.line->kind == message_kind::bid;
        tp += said && bid;
        fp += said && !bid;
        fn += !said && bid;
    }
    for (const auto& a : ex.answers)
        turn_right += rule_classify_answer(a.line->text).response_turn == a.line->expected_turn;
    const double p = tp + fp ? double(tp) / (tp + fp) : 0, r = tp + fn ? double(tp) / (tp + fn) : 0;
    std::cerr << name << ": bid P " << p << " R " << r << " F1 " << 2 * p * r / (p + r) << ", turn "
              << double(turn_right) / static_cast<double>(ex.answers.size()) << "\n";
}

// The dev examples the models get wrong, for whoever tunes the features.
void print_errors(const trained& detector, const dataset& messages, const trained& turns,
                  const dataset& answers, const std::vector<corpus::labelled_line>& lines) {
    const auto ex = corpus::examples_of(lines);
    for (std::size_t i = 0; i < messages.features.size(); ++i)
        if (predict(detector, messages.features[i]) != messages.labels[i])
            std::cerr << "kind " << (messages.labels[i] ? "bid " : "chat") << " | "
                      << ex.messages[i].line->text << "\n";
    const char* names[] = {"toward", "away", "against"};
    for (std::size_t i = 0; i < answers.features.size(); ++i) {
        const int got = predict(turns, answers.features[i]);
        if (got != answers.labels[i])
            std::cerr << "turn " << names[answers.labels[i]] << " (said " << names[got] << ") | "
                      << ex.answers[i].bid->text << " -> " << ex.answers[i].line->text << "\n";
    }
}

void write_model(std::ostream& out, const trained& model, const std::string& name) {
    std::vector<std::pair<std::uint64_t, std::size_t>> rows;
    std::set<std::uint64_t> seen;
    const auto width = static_cast<std::size_t>(model.classes);
    for (std::size_t r = 0; r < model.vocabulary.size(); ++r) {
        bool weighs = false;
        for (std::size_t c = 0; c < width; ++c)
            weighs = weighs || stored(model.weights[r * width + c]) != 0.0f;
        if (!weighs) continue;
        const auto hash = feature_hash(model.vocabulary[r]);
        if (!seen.insert(hash).second) throw std::runtime_error("feature hash collision");
        rows.emplace_back(hash, r);
    }
    std::sort(rows.begin(), rows.end());
    out << "constexpr float " << name << "_bias[] = {";
    for (std::size_t c = 0; c < width; ++c) out << (c ? ", " : "") << stored(model.bias[c]) << "f";
    out << "};\n";
    out << "// " << rows.size() << " features\n";
    out << "constexpr std::uint64_t " << name << "_hashes[] = {\n";
    for (const auto& [hash, r] : rows) out << "    " << hash << "u,\n";
    out << "};\n";
    out << "constexpr float " << name << "_weights[] = {\n";
    for (const auto& [hash, r] : rows) {
        out << "   ";
        for (std::size_t c = 0; c < width; ++c)
            out << " " << stored(model.weights[r * width + c]) << "f,";
        // The name, for people reading the table; a backslash or a control
        // character could end or continue the comment.
        std::string name_shown = model.vocabulary[r];
        for (auto& ch : name_shown)
            if (ch == '\\' || (static_cast<unsigned char>(ch) < 0x20)) ch = '?';
        out << "  // " << name_shown << "\n";
    }
    out << "};\n\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> train_files, dev_files;
    std::string out_path;
    training_options options;
    bool show_errors = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--l2" && i + 1 < argc) {
            options.l2 = std::stod(argv[++i]);
        } else if (arg == "--min-count" && i + 1 < argc) {
            options.min_count = std::stoi(argv[++i]);
        } else if (arg == "--iterations" && i + 1 < argc) {
            options.iterations = std::stoi(argv[++i]);
        } else if (arg == "--against-emphasis" && i + 1 < argc) {
            options.against_emphasis = std::stod(argv[++i]);
        } else if (arg == "--unbalanced") {
            options.balanced = false;
        } else if (arg == "--errors") {
            show_errors = true;
        } else if (arg == "--out" && i + 1 < argc) {
            out_path = argv[++i];
        } else if (arg == "--dev" && i + 1 < argc) {
            dev_files.push_back(argv[++i]);
        } else {
            train_files.push_back(arg);
        }
    }
    if (out_path.empty() || train_files.empty()) {
        std::cerr << "usage: toward-train-bids --out FILE.cpp TRAIN.tsv... [--dev DEV.tsv]\n";
        return 2;
    }
    try {
        const auto lines = corpus::read_conversations(train_files);
        const auto data = datasets_of(corpus::examples_of(lines));
        const auto detector = train(data.detector, 2, options);
        const auto category = train(data.category, 9, options);
        const auto turns = train(data.turn, 3, options);
        report_detector(detector, data.detector, "train");
        std::cerr << "train: category " << accuracy(category, data.category) << ", turn "
                  << accuracy(turns, data.turn) << "\n";
        if (!dev_files.empty()) {
            const auto dev_lines = corpus::read_conversations(dev_files);
            const auto dev = datasets_of(corpus::examples_of(dev_lines));
            report_detector(detector, dev.detector, "dev");
            report_rules(dev_lines, "dev, rules alone");
            if (show_errors) print_errors(detector, dev.detector, turns, dev.turn, dev_lines);
            std::cerr << "dev: category " << accuracy(category, dev.category) << ", turn "
                      << accuracy(turns, dev.turn) << " (" << dev.turn.features.size()
                      << " responses), recall by turn";
            for (int t = 0; t < 3; ++t) {
                int total = 0, right = 0;
                for (std::size_t i = 0; i < dev.turn.labels.size(); ++i) {
                    if (dev.turn.labels[i] != t) continue;
                    ++total;
                    right += predict(turns, dev.turn.features[i]) == t;
                }
                std::cerr << " " << (total ? double(right) / total : 0);
            }
            std::cerr << "\n";
        }
        std::ofstream out(out_path);
        out << "// The learned models of the bid classifier: written by tools/bids/train_bids.cpp\n"
               "// from tests/data/bids/train.tsv and earlier.tsv; do not edit. docs/BIDS.md says "
               "how to\n"
               "// train again. Each row is one feature's weights per class.\n"
               "// clang-format off\n"
               "#include <cstdint>\n\n"
               "#include \"bids/linear_model.hpp\"\n\n"
               "namespace toward::bids {\nnamespace {\n\n";
        write_model(out, detector, "detector");
        write_model(out, category, "category");
        write_model(out, turns, "turn");
        out << "}  // namespace\n\n"
               "const linear_model bid_detector{2, detector_bias, detector_hashes, "
               "detector_weights};\n"
               "const linear_model category_model{9, category_bias, category_hashes, "
               "category_weights};\n"
               "const linear_model turn_model{3, turn_bias, turn_hashes, turn_weights};\n\n"
               "}  // namespace toward::bids\n";
        if (!out) throw std::runtime_error(out_path + ": cannot write it");
    } catch (const std::exception& e) {
        std::cerr << "toward-train-bids: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
