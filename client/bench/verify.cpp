// `verify`: after a crash test (deploy/bench.sh crash, docs/BENCHMARKS.md
// §3.7), checks the server's store against the acked log a `throughput` or
// `latency` run wrote with --acked-log, for the pairs cached in --data.
//
// For each cached pair it resumes both partners, fetches the pair's whole
// history (fetch, page by page), and collects the catch-up each partner is
// pushed after its AuthOk. It reports, over all pairs:
//   - every acked message found, exactly once, under the seq its ack gave
//     (`lost`, `seq_mismatches` and `duplicates` must be 0);
//   - the history in order: seqs strictly increasing from 1 with none missing
//     (`out_of_order`, `missing_seqs`);
//   - the catch-up: each partner gets every message of the other with a seq
//     above its delivered_seq, in seq order, once (`catch_up_wrong`);
//   - what became of the sends that were never acked (`unacked_stored`: the
//     server had committed them when it died; either outcome is allowed).
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>

#include "accounts.hpp"
#include "acked_log.hpp"
#include "async_batch.hpp"
#include "bench_options.hpp"
#include "io_threads.hpp"

namespace toward::bench {
namespace {

constexpr auto catch_up_timeout = std::chrono::seconds(30);

struct stored_message {
    std::uint64_t seq = 0;
    std::string sender;
    std::string client_message_id;
};

// Deliver pushes of one connection, collected on its strand.
struct delivered_messages {
    std::mutex mutex;
    std::vector<stored_message> messages;
};

// What one partner's connection saw.
struct partner_view {
    std::shared_ptr<protocol_client> client;
    std::shared_ptr<delivered_messages> delivered = std::make_shared<delivered_messages>();
    v1::AuthOk auth;
};

struct pair_check {
    pair_accounts accounts;
    std::uint64_t pair_id = 0;
    std::vector<stored_message> history;  // as fetched, in reply order
    std::vector<stored_message> catch_up[2];
    std::uint64_t delivered_seq[2] = {0, 0};
    bool catch_up_complete[2] = {false, false};
};

struct totals {
    std::uint64_t acked = 0, acked_found = 0, lost = 0, seq_mismatches = 0;
    std::uint64_t unacked = 0, unacked_stored = 0, unacked_missing = 0;
    std::uint64_t stored = 0, stored_unlogged = 0, duplicates = 0;
    std::uint64_t out_of_order = 0, missing_seqs = 0;
    std::uint64_t catch_up_delivered = 0, catch_up_wrong = 0;
    std::uint64_t unknown_pair_records = 0;
    std::string first_problem;

    void problem(const std::string& text) {
        if (first_problem.empty()) first_problem = text;
    }
};

class verifier {
  public:
    explicit verifier(const bench_options& options) : options_(options) {
        if (options.data_dir.empty()) throw std::runtime_error("verify needs --data DIR");
        if (options.acked_log.empty()) throw std::runtime_error("verify needs --acked-log FILE");
        target_ = make_ws_target(options.server_url, options.ca_file, tls_);
        target_.subprotocol = "toward.v1";
    }

    report run() {
        records_ = read_acked_log(options_.acked_log);
        const auto cached = load_cached_pairs(options_.data_dir);
        if (cached.empty()) {
            throw std::runtime_error("no cached pairs in " + options_.data_dir + "/pairs.json");
        }
        pairs_.resize(cached.size());
        for (std::size_t i = 0; i < cached.size(); ++i) pairs_[i].accounts = cached[i];

        std::exception_ptr failure;
        batch_outcome outcome;
        net::co_spawn(
            net::make_strand(ioc_),
            [this, &outcome]() -> net::awaitable<void> {
                outcome = co_await run_bounded(pairs_.size(), options_.concurrency,
                                               [this](std::size_t i) { return check(pairs_[i]); });
            },
            [&](std::exception_ptr e) {
                failure = e;
                for (const auto& client : clients_) client->close();
                ioc_.stop();
            });
        run_io(ioc_, options_.threads);
        if (failure) std::rethrow_exception(failure);
        if (outcome.failed > 0) {
            throw std::runtime_error(
                std::to_string(outcome.failed) + " of " + std::to_string(pairs_.size()) +
                " pairs could not be read; first error: " + outcome.first_error);
        }
        return make_report();
    }

  private:
    net::awaitable<partner_view> open_partner(account acct) {
        if (acct.session_token.empty()) {
            throw std::runtime_error("no session token cached for " + acct.user_name);
        }
        partner_view view;
        view.client = protocol_client::create(ioc_, target_);
        clients_.push_back(view.client);
        co_await view.client->async_connect(net::use_awaitable);
        // The handler is in place before the resume goes out (both on the
        // client's strand, in this order), so no catch-up push is missed.
        net::dispatch(
            view.client->get_executor(), [client = view.client, delivered = view.delivered] {
                client->set_frame_handler([delivered](const v1::ServerFrame& frame) {
                    if (!frame.has_deliver()) return;
                    const auto& m = frame.deliver().message();
                    std::lock_guard lock(delivered->mutex);
                    delivered->messages.push_back({m.seq(), m.sender(), m.client_message_id()});
                });
            });
        view.auth = co_await authenticate(*view.client, acct);
        co_return view;
    }

    net::awaitable<std::vector<stored_message>> fetch_history(protocol_client& client) {
        std::vector<stored_message> history;
        std::uint64_t after = 0;
        for (;;) {
            v1::ClientFrame frame;
            frame.mutable_fetch()->set_after_seq(after);
            frame.mutable_fetch()->set_limit(500);
            auto reply = co_await client.async_request(std::move(frame), net::use_awaitable);
            if (reply.status() != v1::STATUS_OK) {
                throw protocol_error(reply.status(), "fetch: " + v1::Status_Name(reply.status()) +
                                                         " " + reply.error());
            }
            for (const auto& m : reply.fetch_result().messages()) {
                history.push_back({m.seq(), m.sender(), m.client_message_id()});
                after = std::max(after, m.seq());
            }
            if (!reply.fetch_result().more() || reply.fetch_result().messages().empty()) break;
        }
        co_return history;
    }

    net::awaitable<void> check(pair_check& pair) {
        auto inviter = co_await open_partner(pair.accounts.inviter);
        auto joiner = co_await open_partner(pair.accounts.joiner);
        if (!inviter.auth.has_partner() ||
            inviter.auth.partner().user_name() != pair.accounts.joiner.user_name) {
            throw std::runtime_error("cached users " + pair.accounts.inviter.user_name + " and " +
                                     pair.accounts.joiner.user_name + " are not paired");
        }
        pair.pair_id = inviter.auth.partner().pair_id();
        pair.history = co_await fetch_history(*inviter.client);

        // Each partner's catch-up: the other's messages above its delivered_seq.
        partner_view* views[2] = {&inviter, &joiner};
        std::size_t expected[2] = {0, 0};
        for (int side = 0; side < 2; ++side) {
            pair.delivered_seq[side] = views[side]->auth.delivered_seq();
            for (const auto& m : pair.history) {
                if (m.sender != views[side]->auth.user_name() && m.seq > pair.delivered_seq[side])
                    ++expected[side];
            }
        }
        const auto deadline = bench_clock::now() + catch_up_timeout;
        for (;;) {
            bool complete = true;
            for (int side = 0; side < 2; ++side) {
                std::lock_guard lock(views[side]->delivered->mutex);
                if (views[side]->delivered->messages.size() < expected[side]) complete = false;
            }
            if (complete || bench_clock::now() >= deadline) break;
            co_await sleep_until(bench_clock::now() + std::chrono::milliseconds(10));
        }
        for (int side = 0; side < 2; ++side) {
            std::lock_guard lock(views[side]->delivered->mutex);
            pair.catch_up[side] = views[side]->delivered->messages;
            pair.catch_up_complete[side] = pair.catch_up[side].size() >= expected[side];
        }
        inviter.client->close();
        joiner.client->close();
    }

    void check_pair(const pair_check& pair, const std::vector<const acked_record*>& records,
                    totals& t) const {
        const std::string where = "pair " + std::to_string(pair.pair_id) + ": ";
        // The history: in order, from 1, nothing missing, nothing twice.
        std::map<std::pair<std::string, std::string>, std::uint64_t> seq_of;  // (sender, id)
        std::uint64_t previous = 0;
        for (const auto& m : pair.history) {
            ++t.stored;
            if (m.seq <= previous) {
                ++t.out_of_order;
                t.problem(where + "seq " + std::to_string(m.seq) + " after " +
                          std::to_string(previous));
            } else if (m.seq != previous + 1) {
                t.missing_seqs += m.seq - previous - 1;
                t.problem(where + "seqs " + std::to_string(previous + 1) + " to " +
                          std::to_string(m.seq - 1) + " missing");
            }
            previous = std::max(previous, m.seq);
            if (!seq_of.emplace(std::pair{m.sender, m.client_message_id}, m.seq).second) {
                ++t.duplicates;
                t.problem(where + m.sender + " " + m.client_message_id + " stored twice");
            }
        }
        // Every acked message there, under its seq.
        std::set<std::pair<std::string, std::string>> logged;
        for (const auto* r : records) {
            const auto key = std::pair{r->sender, r->client_message_id};
            logged.insert(key);
            const auto it = seq_of.find(key);
            if (!r->acked) {
                ++t.unacked;
                ++(it == seq_of.end() ? t.unacked_missing : t.unacked_stored);
                continue;
            }
            ++t.acked;
            if (it == seq_of.end()) {
                ++t.lost;
                t.problem(where + "acked " + r->sender + " " + r->client_message_id + " (seq " +
                          std::to_string(r->seq) + ") is not stored");
            } else if (it->second != r->seq) {
                ++t.seq_mismatches;
                t.problem(where + "acked " + r->client_message_id + " with seq " +
                          std::to_string(r->seq) + ", stored as " + std::to_string(it->second));
            } else {
                ++t.acked_found;
            }
        }
        for (const auto& [key, seq] : seq_of) {
            if (!logged.contains(key)) ++t.stored_unlogged;
        }
        // The catch-up of each partner.
        const std::string names[2] = {pair.accounts.inviter.user_name,
                                      pair.accounts.joiner.user_name};
        for (int side = 0; side < 2; ++side) {
            std::vector<const stored_message*> want;
            for (const auto& m : pair.history) {
                if (m.sender != names[side] && m.seq > pair.delivered_seq[side]) want.push_back(&m);
            }
            const auto& got = pair.catch_up[side];
            t.catch_up_delivered += got.size();
            std::size_t wrong = 0;
            for (std::size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
                if (i >= want.size() || i >= got.size() || want[i]->seq != got[i].seq ||
                    want[i]->client_message_id != got[i].client_message_id) {
                    ++wrong;
                }
            }
            if (wrong > 0) {
                t.catch_up_wrong += wrong;
                t.problem(where + names[side] + "'s catch-up: " + std::to_string(got.size()) +
                          " messages, " + std::to_string(want.size()) + " expected in order, " +
                          std::to_string(wrong) + " wrong or missing" +
                          (pair.catch_up_complete[side] ? "" : " (timed out)"));
            }
        }
    }

    report make_report() const {
        totals t;
        std::map<std::uint64_t, std::vector<const acked_record*>> by_pair;
        for (const auto& r : records_) by_pair[r.pair_id].push_back(&r);
        std::set<std::uint64_t> known;
        for (const auto& pair : pairs_) {
            known.insert(pair.pair_id);
            const auto it = by_pair.find(pair.pair_id);
            check_pair(pair, it == by_pair.end() ? std::vector<const acked_record*>{} : it->second,
                       t);
        }
        for (const auto& [pair_id, records] : by_pair) {
            if (known.contains(pair_id)) continue;
            t.unknown_pair_records += records.size();
            t.problem("the log names pair " + std::to_string(pair_id) +
                      ", which is not in the --data cache");
        }
        const bool ok = t.lost == 0 && t.seq_mismatches == 0 && t.duplicates == 0 &&
                        t.out_of_order == 0 && t.missing_seqs == 0 && t.catch_up_wrong == 0 &&
                        t.unknown_pair_records == 0;
        report r;
        r["benchmark"] = "verify";
        r["pairs"] = pairs_.size();
        r["acked"] = t.acked;
        r["acked_found"] = t.acked_found;
        r["lost"] = t.lost;
        r["seq_mismatches"] = t.seq_mismatches;
        r["duplicates"] = t.duplicates;
        r["stored"] = t.stored;
        r["out_of_order"] = t.out_of_order;
        r["missing_seqs"] = t.missing_seqs;
        r["unacked"] = t.unacked;
        r["unacked_stored"] = t.unacked_stored;
        r["unacked_missing"] = t.unacked_missing;
        r["stored_unlogged"] = t.stored_unlogged;
        r["catch_up_delivered"] = t.catch_up_delivered;
        r["catch_up_wrong"] = t.catch_up_wrong;
        r["unknown_pair_records"] = t.unknown_pair_records;
        r["ok"] = ok;
        if (!t.first_problem.empty()) r["first_problem"] = t.first_problem;
        return r;
    }

    const bench_options& options_;
    std::unique_ptr<net::ssl::context> tls_;
    ws_target target_;
    net::io_context ioc_;
    std::vector<acked_record> records_;
    std::vector<pair_check> pairs_;
    std::vector<std::shared_ptr<protocol_client>> clients_;  // closed at the end
};

}  // namespace

report run_verify(const bench_options& options) {
    return verifier(options).run();
}

}  // namespace toward::bench
