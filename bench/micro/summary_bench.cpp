// The weekly summary of a pair with 1,000,000 stored messages (SPEC §10:
// under 50 ms): the store's load_activity over five weeks, then the
// computation, as the server runs them for `toward summary`.
//
// The messages are written once, straight into the SQLite file in one
// transaction (a third bids, a third responses, a third chat, one every
// 30 s for about a year), then the store opens the file as the server would.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <future>
#include <memory>
#include <random>

#include "sqlite/database.hpp"
#include "store/sqlite_store.hpp"
#include "summary/iso_week.hpp"
#include "summary/weekly_summary.hpp"
#include "util/log.hpp"
#include "wait_for_store.hpp"

namespace {

using namespace toward;
using namespace toward::server;

constexpr std::int64_t message_count = 1'000'000;
constexpr std::int64_t start_ms = 1764547200000;  // 2025-12-01 00:00 UTC
constexpr std::int64_t spacing_ms = 30'000;

using toward::bench::wait_for;

class million_message_pair {
  public:
    million_message_pair() {
        log::set_min_level(log::level::warn);
        std::random_device random;
        // (GCC 12 warns falsely about string + at -O3, so append.)
        dir_ = std::filesystem::temp_directory_path() /
               std::string("toward-summary-bench-").append(std::to_string(random()));
        std::filesystem::create_directories(dir_);
        {
            sqlite_store_options options;
            options.path = dir_ / "toward.db";
            options.synchronous_full = false;
            sqlite_store setup(std::move(options));
            alice_ = make_user(setup, "alice");
            const auto bob = make_user(setup, "bob");
            wait_for<void>([&](auto done) {
                setup.create_invite(alice_, "invite", "a", "m", start_ms + 3600000, start_ms, done);
            }).value();
            pair_ = wait_for<pairing_outcome>([&](auto done) {
                        setup.redeem_invite(bob, "invite", "b", "m", start_ms, done);
                    })
                        .value()
                        .pair;
            setup.stop();
            fill(bob);
        }
        sqlite_store_options options;
        options.path = dir_ / "toward.db";
        store_ = std::make_unique<sqlite_store>(std::move(options));
    }

    ~million_message_pair() {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    sqlite_store& store() { return *store_; }
    user_id alice() const { return alice_; }
    static std::int64_t last_message_ms() { return start_ms + (message_count - 1) * spacing_ms; }

  private:
    user_id make_user(sqlite_store& st, const std::string& name) {
        return wait_for<user_id>([&](auto done) {
                   st.create_user(name, "hash", std::string("token ").append(name), start_ms, done);
               })
            .value();
    }

    void fill(user_id bob) {
        sqlite::database db((dir_ / "toward.db").string());
        db.exec("UPDATE users SET tracking = 1");
        db.exec("BEGIN");
        auto& insert = db.cached(
            "INSERT INTO messages(pair_id, seq, sender_id, client_message_id, kind, bid_category, "
            "response_bid_seq, turn, ratchet_header, ciphertext, server_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, x'00', x'00', ?)");
        for (std::int64_t seq = 1; seq <= message_count; ++seq) {
            const int kind = static_cast<int>(seq % 3);  // 0 chat, 1 bid, 2 response
            const user_id sender = (seq / 3) % 2 ? bob : alice_;
            insert.reset()
                .bind(1, pair_)
                .bind(2, seq)
                .bind(3, kind == 2 ? (sender == bob ? alice_ : bob) : sender)
                .bind_text(4, std::to_string(seq))
                .bind(5, std::int64_t{kind == 0   ? 1
                                      : kind == 1 ? 2
                                                  : 3})
                .bind(6, std::int64_t{kind == 1 ? 1 + seq % 9 : 0})
                .bind(7, kind == 2 ? seq - 1 : 0)
                .bind(8, std::int64_t{kind == 2 ? 1 + seq % 3 : 0})
                .bind(9, start_ms + (seq - 1) * spacing_ms)
                .run();
        }
        db.exec("UPDATE pairs SET last_seq = " + std::to_string(message_count));
        db.exec("COMMIT");
    }

    std::filesystem::path dir_;
    std::unique_ptr<sqlite_store> store_;
    user_id alice_ = 0;
    pair_id pair_ = 0;
};

million_message_pair& fixture() {
    static million_message_pair instance;
    return instance;
}

void BM_weekly_summary_of_a_million_messages(benchmark::State& state) {
    auto& pair = fixture();
    const auto* utc = summary::find_time_zone("UTC");
    const auto now = million_message_pair::last_message_ms();
    const auto week = summary::week_of(now, utc);
    const auto since =
        summary::week_range(summary::oldest_week_needed(week), utc).start_ms - 2 * 24 * 3600 * 1000;
    std::size_t bids = 0;
    for (auto _ : state) {
        auto activity = wait_for<activity_view>([&](auto done) {
                            pair.store().load_activity(pair.alice(), since, done);
                        }).value();
        const auto figures =
            summary::compute_weekly_summary(activity.activity, activity.settings, utc, week, now);
        bids = activity.activity.bids.size();
        benchmark::DoNotOptimize(figures);
    }
    state.counters["bids_loaded"] = static_cast<double>(bids);
}
// Real time: most of the work is the store thread's query.
BENCHMARK(BM_weekly_summary_of_a_million_messages)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
