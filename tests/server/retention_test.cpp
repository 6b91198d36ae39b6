// Retention: after store.retention_days, the ciphertext of messages that both
// partners have is emptied; the rows and their bid metadata stay.
#include <gtest/gtest.h>

#include <future>
#include <map>

#include "protocol.hpp"
#include "sqlite/database.hpp"
#include "store/sqlite_store.hpp"
#include "temp_dir.hpp"
#include "test_server.hpp"

namespace toward::testing {
namespace {

constexpr std::int64_t day_ms = 24 * 3600 * 1000;
constexpr std::int64_t start_ms = 1'700'000'000'000;

std::map<std::uint64_t, v1::Envelope> fetch_all(client::connection& conn) {
    std::map<std::uint64_t, v1::Envelope> messages;
    auto page = conn.request(fetch_frame(0, 500));
    EXPECT_TRUE(page && page->status() == v1::STATUS_OK);
    if (!page) return messages;
    for (const auto& message : page->fetch_result().messages()) messages[message.seq()] = message;
    return messages;
}

void acknowledge_delivery(client::connection& conn, std::uint64_t up_to_seq) {
    auto reply = conn.request(receipt_frame(v1::RECEIPT_DELIVERED, up_to_seq));
    ASSERT_TRUE(reply);
    ASSERT_EQ(reply->status(), v1::STATUS_OK) << reply->error();
}

TEST(retention, old_messages_both_partners_have_lose_their_ciphertext_and_the_rest_keep_it) {
    manual_clock time(start_ms);
    test_server srv([](server::server_config& config) { config.retention_days = 1; }, time);
    auto alice = srv.connect();
    auto bob = srv.connect();
    register_user(*alice, "alice");
    register_user(*bob, "bob");
    pair_users(*alice, *bob);

    EXPECT_EQ(send_message(*alice, "a1", "first").seq(), 1u);
    EXPECT_EQ(send_message(*alice, "a2", "second").seq(), 2u);
    EXPECT_EQ(send_message(*alice, "a3", "third").seq(), 3u);
    EXPECT_EQ(send_message(*bob, "b1", "from bob, never delivered").seq(), 4u);
    acknowledge_delivery(*bob, 2);  // bob has 1 and 2, not yet 3

    time.advance_ms(2 * day_ms);
    EXPECT_EQ(send_message(*alice, "a4", "young").seq(), 5u);
    acknowledge_delivery(*bob, 5);  // now bob has 3 (old) and 5 (young) too

    auto purged = srv.instance().purge_expired_messages();
    ASSERT_TRUE(purged);
    EXPECT_EQ(*purged, 3u);  // seqs 1, 2 and 3

    const auto messages = fetch_all(*bob);
    ASSERT_EQ(messages.size(), 5u);
    for (std::uint64_t seq : {1u, 2u, 3u}) {
        const auto& message = messages.at(seq);
        EXPECT_TRUE(message.ciphertext().empty()) << "seq " << seq;
        EXPECT_TRUE(message.ratchet_header().empty()) << "seq " << seq;
        EXPECT_EQ(message.kind(), v1::KIND_CHAT);
        EXPECT_EQ(message.sender(), "alice");
        EXPECT_EQ(message.server_time_ms(), start_ms);
    }
    EXPECT_EQ(messages.at(4).ciphertext(), "from bob, never delivered");  // alice never acked it
    EXPECT_EQ(messages.at(5).ciphertext(), "young");

    // A purge finds nothing more to do; once alice acknowledges, bob's goes too.
    EXPECT_EQ(*srv.instance().purge_expired_messages(), 0u);
    acknowledge_delivery(*alice, 5);
    EXPECT_EQ(*srv.instance().purge_expired_messages(), 1u);
    EXPECT_TRUE(fetch_all(*alice).at(4).ciphertext().empty());
}

TEST(retention, zero_days_keeps_every_ciphertext) {
    manual_clock time(start_ms);
    test_server srv([](server::server_config& config) { config.retention_days = 0; }, time);
    auto alice = srv.connect();
    auto bob = srv.connect();
    register_user(*alice, "alice");
    register_user(*bob, "bob");
    pair_users(*alice, *bob);
    send_message(*alice, "a1", "kept");
    acknowledge_delivery(*bob, 1);
    time.advance_ms(10'000 * day_ms);
    EXPECT_EQ(*srv.instance().purge_expired_messages(), 0u);
    EXPECT_EQ(fetch_all(*bob).at(1).ciphertext(), "kept");
}

// The store on its own: a pair that ended, and a recipient who paired again.
class retention_store : public ::testing::Test {
  protected:
    template <class T, class Call>
    static result<T> await(Call call) {
        std::promise<result<T>> promise;
        call([&promise](result<T> r) { promise.set_value(std::move(r)); });
        return promise.get_future().get();
    }

    server::user_id user(const std::string& name) {
        return *await<server::user_id>(
            [&](auto done) { store_->create_user(name, "hash", "token " + name, 0, done); });
    }

    void pair(server::user_id a, server::user_id b, const std::string& invite) {
        ASSERT_TRUE(await<void>([&](auto done) {
            store_->create_invite(a, invite, "bundle", "mac", start_ms * 2, 0, done);
        }));
        ASSERT_TRUE(await<server::pairing_outcome>(
            [&](auto done) { store_->redeem_invite(b, invite, "bundle", "mac", 0, done); }));
    }

    std::uint64_t append(server::user_id sender, const std::string& id, std::int64_t now_ms) {
        server::message_draft draft;
        draft.client_message_id = id;
        draft.kind = 2;  // a bid: its metadata must survive
        draft.bid_category = 3;
        draft.ratchet_header = "header";
        draft.ciphertext = "secret " + id;
        return await<server::append_outcome>(
                   [&](auto done) { store_->append_message(sender, draft, now_ms, done); })
            ->message.seq;
    }

    std::uint64_t purge(std::int64_t older_than_ms, std::uint32_t limit = 100) {
        return *await<std::uint64_t>(
            [&](auto done) { store_->purge_delivered_ciphertext(older_than_ms, limit, done); });
    }

    // pair id, seq -> ciphertext, kind, bid category, read behind the store's back.
    std::map<std::pair<std::int64_t, std::int64_t>, std::tuple<std::string, int, int>> rows() {
        sqlite::database db(path_.string());
        auto& query = db.cached(
            "SELECT pair_id, seq, ciphertext || ratchet_header, kind, bid_category FROM messages");
        std::map<std::pair<std::int64_t, std::int64_t>, std::tuple<std::string, int, int>> all;
        while (query.step()) {
            all[{query.column_int(0), query.column_int(1)}] = {
                query.column_blob(2), static_cast<int>(query.column_int(3)),
                static_cast<int>(query.column_int(4))};
        }
        return all;
    }

    temp_dir dir_;
    std::filesystem::path path_ = dir_.path() / "t.db";
    std::unique_ptr<server::sqlite_store> store_ =
        std::make_unique<server::sqlite_store>(server::sqlite_store_options(path_));
};

TEST_F(retention_store, an_ended_pair_loses_its_old_ciphertext_delivered_or_not) {
    const auto a = user("a"), b = user("b"), c = user("c");
    pair(a, b, "first");
    append(a, "1", 1000);  // never delivered
    ASSERT_TRUE(
        await<server::unpairing_outcome>([&](auto done) { store_->unpair(b, 2000, done); }));
    // b pairs with c and acknowledges far: that position is about the new pair.
    pair(b, c, "second");
    append(c, "1", 1000);
    append(c, "2", 1000);
    ASSERT_TRUE(await<server::receipt_outcome>(
        [&](auto done) { store_->record_receipt(b, server::receipt_kind::delivered, 1, done); }));

    EXPECT_EQ(purge(500), 0u);  // nothing that old
    const auto before = rows();
    EXPECT_EQ(purge(5000), 2u);
    const auto after = rows();
    ASSERT_EQ(after.size(), 3u);
    EXPECT_EQ(std::get<0>(after.at({1, 1})), "");                // the ended pair's
    EXPECT_EQ(std::get<0>(after.at({2, 1})), "");                // delivered to b
    EXPECT_EQ(std::get<0>(after.at({2, 2})), "secret 2header");  // not yet delivered
    for (const auto& [key, row] : before) {
        EXPECT_EQ(std::get<1>(after.at(key)), std::get<1>(row));  // kind
        EXPECT_EQ(std::get<2>(after.at(key)), std::get<2>(row));  // bid category
    }
}

TEST_F(retention_store, a_purge_stops_at_its_limit_and_the_next_one_goes_on) {
    const auto a = user("a"), b = user("b");
    pair(a, b, "invite");
    for (int i = 0; i < 5; ++i) append(a, std::to_string(i), 1000);
    ASSERT_TRUE(await<server::receipt_outcome>(
        [&](auto done) { store_->record_receipt(b, server::receipt_kind::delivered, 5, done); }));
    EXPECT_EQ(purge(5000, 3), 3u);
    EXPECT_EQ(purge(5000, 3), 2u);
    EXPECT_EQ(purge(5000, 3), 0u);
}

}  // namespace
}  // namespace toward::testing
