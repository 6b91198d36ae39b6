// The store's append path as the server drives it: append_message through
// the asynchronous interface, waited on, into a fresh SQLite file in WAL mode
// with synchronous FULL (the default: fsync per commit) or NORMAL.
//
// The file lives under $TMPDIR (or /tmp): put it on the disk the server
// would use, since FULL's cost is that disk's fsync.
#include <benchmark/benchmark.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <memory>
#include <random>
#include <string>

#include "store/sqlite_store.hpp"
#include "util/log.hpp"
#include "wait_for_store.hpp"

namespace {

using namespace toward;
using namespace toward::server;

using toward::bench::wait_for;

// A store in a temporary directory holding one pair, removed afterwards.
class paired_store {
  public:
    explicit paired_store(bool synchronous_full) {
        log::set_min_level(log::level::warn);  // no migration lines between the results
        std::random_device random;
        dir_ = std::filesystem::temp_directory_path() /
               std::filesystem::path(std::string("toward-micro-")
                                         .append(std::to_string(random()))
                                         .append(std::to_string(random())));
        std::filesystem::create_directories(dir_);
        sqlite_store_options options;
        options.path = dir_ / "toward.db";
        options.synchronous_full = synchronous_full;
        store_ = std::make_unique<sqlite_store>(std::move(options));
        sender_ = make_user("alice");
        const auto bob = make_user("bob");
        const std::int64_t now = 1767225600000;
        wait_for<void>([&](auto done) {
            store_->create_invite(sender_, "invite", "alice bundle", "mac", now + 3600000, now,
                                  std::move(done));
        }).value();
        wait_for<pairing_outcome>([&](auto done) {
            store_->redeem_invite(bob, "invite", "bob bundle", "mac", now, std::move(done));
        }).value();
    }

    ~paired_store() {
        store_.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    sqlite_store& store() { return *store_; }
    user_id sender() const { return sender_; }

    // A chat message with a fresh client message id.
    message_draft draft(std::size_t ciphertext_bytes) {
        message_draft d;
        d.client_message_id = std::to_string(next_id_++);  // unique per sender
        d.kind = 1;                                        // KIND_CHAT
        d.ratchet_header = std::string(40, 'h');
        d.ciphertext = std::string(ciphertext_bytes, 'c');
        return d;
    }

  private:
    user_id make_user(const std::string& name) {
        return wait_for<user_id>([&](auto done) {
                   store_->create_user(name, "password hash", name + " token hash", 0,
                                       std::move(done));
               })
            .value();
    }

    std::filesystem::path dir_;
    std::unique_ptr<sqlite_store> store_;
    user_id sender_ = 0;
    std::uint64_t next_id_ = 1;
};

// One message at a time: every append is a transaction of its own.
void BM_store_append(benchmark::State& state) {
    paired_store s(state.range(0) != 0);
    for (auto _ : state) {
        auto stored = wait_for<append_outcome>([&](auto done) {
            s.store().append_message(s.sender(), s.draft(200), 1767225600000, std::move(done));
        });
        if (!stored) {
            state.SkipWithError("append failed");
            break;
        }
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_store_append)->ArgName("full")->Arg(1)->Arg(0)->UseRealTime();

// `range(1)` appends queued at once and waited for together: the group
// commit puts them in a few transactions, as under load.
void BM_store_append_batch(benchmark::State& state) {
    paired_store s(state.range(0) != 0);
    const auto batch = static_cast<std::size_t>(state.range(1));
    for (auto _ : state) {
        std::promise<void> all_done;
        auto future = all_done.get_future();
        std::atomic<std::size_t> remaining{batch};
        std::atomic<bool> failed{false};
        for (std::size_t i = 0; i < batch; ++i) {
            s.store().append_message(s.sender(), s.draft(200), 1767225600000,
                                     [&](result<append_outcome> stored) {
                                         if (!stored) failed = true;
                                         if (--remaining == 0) all_done.set_value();
                                     });
        }
        future.wait();
        if (failed) {
            state.SkipWithError("append failed");
            break;
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch));
}
BENCHMARK(BM_store_append_batch)
    ->ArgNames({"full", "batch"})
    ->Args({1, 64})
    ->Args({0, 64})
    ->UseRealTime();

}  // namespace
