// The SQLite store on its own: schema, sequence numbers, idempotency,
// authorization inside the store, group commit and shutdown.
#include <gtest/gtest.h>

#include <future>

#include "sqlite/database.hpp"
#include "store/sqlite_store.hpp"
#include "store/sqlite_store_impl.hpp"
#include "temp_dir.hpp"

namespace toward::server {
namespace {

template <class T, class Call>
result<T> await(Call call) {
    std::promise<result<T>> promise;
    call([&promise](result<T> r) { promise.set_value(std::move(r)); });
    return promise.get_future().get();
}

class store_test : public ::testing::Test {
  protected:
    std::unique_ptr<sqlite_store> open() {
        return std::make_unique<sqlite_store>(sqlite_store_options(dir_.path() / "t.db"));
    }

    user_id make_user(sqlite_store& st, const std::string& name) {
        auto id = await<user_id>(
            [&](auto done) { st.create_user(name, "hash", "token of " + name, 1000, done); });
        EXPECT_TRUE(id);
        return *id;
    }

    pair_id make_pair(sqlite_store& st, user_id a, user_id b, const std::string& invite) {
        auto created = await<void>([&](auto done) {
            st.create_invite(a, invite, "bundle a", "mac a", 10'000, 1000, done);
        });
        EXPECT_TRUE(created);
        auto paired = await<pairing_outcome>(
            [&](auto done) { st.redeem_invite(b, invite, "bundle b", "mac b", 2000, done); });
        EXPECT_TRUE(paired);
        return paired ? paired->pair : 0;
    }

    static message_draft chat_draft(const std::string& id) {
        message_draft draft;
        draft.client_message_id = id;
        draft.kind = 1;
        draft.ciphertext = "c:" + id;
        return draft;
    }

    static message_draft bid_draft(const std::string& id) {
        auto draft = chat_draft(id);
        draft.kind = 2;
        draft.bid_category = 1;
        return draft;
    }

    // The user's consent to bid tracking, on or off.
    static void set_tracking(sqlite_store& st, user_id user, bool on) {
        setting_change change;
        change.which = setting_change::key::tracking;
        change.tracking = on;
        ASSERT_TRUE(
            await<pair_settings_view>([&](auto done) { st.update_settings(user, change, done); }));
    }

    result<append_outcome> append(sqlite_store& st, user_id sender, const std::string& id) {
        return await<append_outcome>(
            [&](auto done) { st.append_message(sender, chat_draft(id), 5000, done); });
    }

    // Queues every draft before waiting, so that they share group commits;
    // a and b send in turn. The outcomes come back in the drafts' order.
    static std::vector<result<append_outcome>> append_together(
        sqlite_store& st, user_id a, user_id b, const std::vector<message_draft>& drafts) {
        std::vector<std::promise<result<append_outcome>>> promises(drafts.size());
        for (std::size_t i = 0; i < drafts.size(); ++i) {
            st.append_message(
                i % 2 ? a : b, drafts[i], 1,
                [&promises, i](result<append_outcome> r) { promises[i].set_value(std::move(r)); });
        }
        std::vector<result<append_outcome>> outcomes;
        for (auto& p : promises) outcomes.push_back(p.get_future().get());
        return outcomes;
    }

    testing::temp_dir dir_;
};

TEST_F(store_test, a_new_file_gets_the_newest_schema_in_wal_mode) {
    auto st = open();
    st->stop();
    sqlite::database db((dir_.path() / "t.db").string());
    auto& version = db.cached("PRAGMA user_version");
    ASSERT_TRUE(version.step());
    EXPECT_EQ(version.column_int(0), sqlite_store::schema_version());
    auto& mode = db.cached("PRAGMA journal_mode");
    ASSERT_TRUE(mode.step());
    EXPECT_EQ(mode.column_text(0), "wal");
}

TEST_F(store_test, the_summary_queries_use_the_partial_bid_index) {
    // Chat is left out of messages_by_kind_time; a query SQLite cannot match
    // to that partial index would scan every message of the pair instead.
    auto st = open();
    st->stop();
    sqlite::database db((dir_.path() / "t.db").string());
    for (const char* sql : {bids_since_sql, responses_since_sql}) {
        auto plan = db.prepare(std::string("EXPLAIN QUERY PLAN ") + sql);
        std::string steps;
        while (plan.step()) steps += plan.column_text(3) + "\n";
        EXPECT_NE(steps.find("USING COVERING INDEX messages_by_kind_time"), std::string::npos)
            << sql << "\n"
            << steps;
    }
}

TEST_F(store_test, messages_keyed_by_pair_and_seq_survive_the_move_to_arrival_order) {
    {
        // A file as schema 4 left it: messages keyed by (pair_id, seq).
        sqlite::database db((dir_.path() / "t.db").string());
        migrate_schema(db, 4);
        db.exec(R"sql(
            INSERT INTO users(id, name, password_hash, pair_id, tracking, created_ms)
                VALUES (1, 'a', 'h', 1, 1, 0), (2, 'b', 'h', 1, 1, 0);
            INSERT INTO pairs(id, user_a, user_b, a_bundle, a_mac, b_bundle, b_mac, last_seq,
                              created_ms) VALUES (1, 1, 2, 'ba', 'ma', 'bb', 'mb', 3, 0);
            INSERT INTO messages(pair_id, seq, sender_id, client_message_id, kind, bid_category,
                                 ratchet_header, ciphertext, server_ms)
                VALUES (1, 1, 1, 'one', 2, 1, 'h1', 'c1', 100),
                       (1, 3, 1, 'three', 1, 0, 'h3', 'c3', 300),
                       (1, 2, 2, 'two', 1, 0, 'h2', 'c2', 200);
        )sql");
    }
    auto st = open();
    auto kept = await<std::vector<stored_message>>(
        [&](auto done) { st->fetch_messages(2, 0, 100, false, done); });
    ASSERT_TRUE(kept);
    ASSERT_EQ(kept->size(), 3u);
    for (std::size_t i = 0; i < kept->size(); ++i) {
        const auto& message = (*kept)[i];
        EXPECT_EQ(message.seq, i + 1);
        EXPECT_EQ(message.content.ciphertext, "c" + std::to_string(i + 1));
        EXPECT_EQ(message.server_time_ms, 100 * static_cast<std::int64_t>(i + 1));
    }
    EXPECT_EQ((*kept)[0].content.kind, 2);
    EXPECT_EQ((*kept)[1].sender_name, "b");

    auto resent = append(*st, 1, "three");
    ASSERT_TRUE(resent);
    EXPECT_TRUE(resent->duplicate);
    EXPECT_EQ(resent->message.seq, 3u);
    EXPECT_EQ(append(*st, 1, "four")->message.seq, 4u);
    auto week = await<activity_view>([&](auto done) { st->load_activity(2, 0, done); });
    ASSERT_TRUE(week);
    ASSERT_EQ(week->activity.bids.size(), 1u);
    EXPECT_EQ(week->activity.bids[0].seq, 1u);
}

TEST_F(store_test, a_file_from_a_newer_server_is_refused) {
    {
        sqlite::database db((dir_.path() / "t.db").string());
        db.exec("PRAGMA user_version = 99");
    }
    EXPECT_THROW(open(), sqlite::error);
}

TEST_F(store_test, sequence_numbers_increase_per_pair_independently) {
    auto st = open();
    const auto a = make_user(*st, "a"), b = make_user(*st, "b");
    const auto c = make_user(*st, "c"), d = make_user(*st, "d");
    make_pair(*st, a, b, "inv1");
    make_pair(*st, c, d, "inv2");
    EXPECT_EQ(append(*st, a, "1")->message.seq, 1u);
    EXPECT_EQ(append(*st, b, "1")->message.seq, 2u);  // same id, other sender: a new message
    EXPECT_EQ(append(*st, c, "1")->message.seq, 1u);
    EXPECT_EQ(append(*st, a, "2")->message.seq, 3u);
    EXPECT_EQ(append(*st, a, "2")->message.seq, 3u);
    EXPECT_TRUE(append(*st, a, "2")->duplicate);
    auto fetched = await<std::vector<stored_message>>(
        [&](auto done) { st->fetch_messages(a, 0, 100, false, done); });
    ASSERT_TRUE(fetched);
    ASSERT_EQ(fetched->size(), 3u);
    EXPECT_EQ((*fetched)[2].content.ciphertext, "c:2");
    auto partner_only = await<std::vector<stored_message>>(
        [&](auto done) { st->fetch_messages(a, 0, 100, true, done); });
    ASSERT_EQ(partner_only->size(), 1u);
    EXPECT_EQ((*partner_only)[0].sender, b);
}

TEST_F(store_test, concurrent_appends_commit_in_groups_with_dense_unique_seqs) {
    auto st = open();
    const auto a = make_user(*st, "a"), b = make_user(*st, "b");
    make_pair(*st, a, b, "inv");
    constexpr int count = 500;
    std::vector<message_draft> drafts;
    for (int i = 0; i < count; ++i) drafts.push_back(chat_draft("m" + std::to_string(i)));
    std::set<std::uint64_t> seqs;
    for (const auto& r : append_together(*st, a, b, drafts)) {
        ASSERT_TRUE(r);
        seqs.insert(r->message.seq);
    }
    EXPECT_EQ(seqs.size(), static_cast<std::size_t>(count));
    EXPECT_EQ(*seqs.begin(), 1u);
    EXPECT_EQ(*seqs.rbegin(), static_cast<std::uint64_t>(count));
}

TEST_F(store_test, refused_appends_in_a_group_leave_no_trace_and_no_gap) {
    // Appends run without a SAVEPOINT of their own (atomic jobs): one that
    // is refused must not have changed anything before its checks failed.
    auto st = open();
    const auto a = make_user(*st, "a"), b = make_user(*st, "b");
    make_pair(*st, a, b, "inv");
    for (const auto user : {a, b}) {  // responses are only checked when both consent
        setting_change consent;
        consent.which = setting_change::key::tracking;
        consent.tracking = true;
        ASSERT_TRUE(await<pair_settings_view>(
            [&](auto done) { st->update_settings(user, consent, done); }));
    }
    constexpr int count = 300;
    std::vector<message_draft> drafts;
    for (int i = 0; i < count; ++i) {
        drafts.push_back(chat_draft("m" + std::to_string(i)));
        if (i % 3 == 1) {  // answers a bid that does not exist
            drafts.back().kind = 3;
            drafts.back().response_bid_seq = 100000;
            drafts.back().turn = 1;
        }
    }
    const auto outcomes = append_together(*st, a, b, drafts);
    std::vector<std::uint64_t> seqs;
    for (int i = 0; i < count; ++i) {
        const auto& r = outcomes[static_cast<std::size_t>(i)];
        if (i % 3 == 1) {
            ASSERT_FALSE(r);
            EXPECT_EQ(to_errc(r.error()), errc::not_found);
        } else {
            ASSERT_TRUE(r) << r.error().message();
            seqs.push_back(r->message.seq);
        }
    }
    // Accepted ones numbered 1..n in submission order, and only they stored.
    for (std::size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], i + 1);
    auto stored = await<std::vector<stored_message>>(
        [&](auto done) { st->fetch_messages(a, 0, 1000, false, done); });
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->size(), seqs.size());
}

TEST_F(store_test, a_failing_job_rolls_back_alone_within_its_group) {
    auto st = open();
    const auto a = make_user(*st, "a");
    std::promise<result<user_id>> dup, fresh;
    st->create_user("a", "h", "t2", 1, [&](result<user_id> r) { dup.set_value(r); });
    st->create_user("z", "h", "t3", 1, [&](result<user_id> r) { fresh.set_value(r); });
    EXPECT_EQ(to_errc(dup.get_future().get().error()), errc::user_exists);
    EXPECT_TRUE(fresh.get_future().get());
    EXPECT_GT(a, 0);
}

TEST_F(store_test, only_members_reach_a_pair) {
    auto st = open();
    const auto a = make_user(*st, "a"), b = make_user(*st, "b"), m = make_user(*st, "m");
    make_pair(*st, a, b, "inv");
    append(*st, a, "1");
    EXPECT_EQ(to_errc(append(*st, m, "x").error()), errc::not_paired);
    auto read = await<std::vector<stored_message>>(
        [&](auto done) { st->fetch_messages(m, 0, 100, false, done); });
    EXPECT_EQ(to_errc(read.error()), errc::not_paired);
    auto receipt = await<receipt_outcome>(
        [&](auto done) { st->record_receipt(m, receipt_kind::read, 1, done); });
    EXPECT_EQ(to_errc(receipt.error()), errc::not_paired);
}

// The append cache (sqlite_store_impl.hpp) holds each sender's pair and
// consent between appends; every other kind of write must drop it.
TEST_F(store_test, appends_follow_an_unpairing_and_a_new_pair) {
    auto st = open();
    const auto a = make_user(*st, "a"), b = make_user(*st, "b"), c = make_user(*st, "c");
    make_pair(*st, a, b, "inv1");
    EXPECT_EQ(append(*st, a, "1")->message.seq, 1u);
    ASSERT_TRUE(await<unpairing_outcome>([&](auto done) { st->unpair(a, 3000, done); }));
    EXPECT_EQ(to_errc(append(*st, a, "2").error()), errc::not_paired);

    const auto second = make_pair(*st, c, a, "inv2");
    auto sent = append(*st, a, "3");
    ASSERT_TRUE(sent);
    EXPECT_EQ(sent->message.pair, second);
    EXPECT_EQ(sent->message.seq, 1u);
    EXPECT_EQ(sent->recipient, c);
}

TEST_F(store_test, appends_follow_a_change_of_consent) {
    auto st = open();
    const auto a = make_user(*st, "a"), b = make_user(*st, "b");
    make_pair(*st, a, b, "inv");
    auto send_bid = [&](const std::string& id) {
        auto sent = await<append_outcome>(
            [&](auto done) { st->append_message(a, bid_draft(id), 5000, done); });
        EXPECT_TRUE(sent);
        return sent ? sent->message.content.kind : 0;
    };
    set_tracking(*st, a, true);
    set_tracking(*st, b, true);
    EXPECT_EQ(send_bid("1"), 2);
    set_tracking(*st, b, false);
    EXPECT_EQ(send_bid("2"), 1);  // stored as plain chat
    set_tracking(*st, b, true);
    EXPECT_EQ(send_bid("3"), 2);
}

TEST_F(store_test, a_resent_response_stays_a_duplicate_after_its_bid_is_retagged) {
    auto st = open();
    const auto a = make_user(*st, "a"), b = make_user(*st, "b");
    make_pair(*st, a, b, "inv");
    set_tracking(*st, a, true);
    set_tracking(*st, b, true);
    ASSERT_TRUE(await<append_outcome>(
        [&](auto done) { st->append_message(b, bid_draft("bid"), 5000, done); }));
    auto response = chat_draft("response");
    response.kind = 3;
    response.response_bid_seq = 1;
    response.turn = 1;
    auto first =
        await<append_outcome>([&](auto done) { st->append_message(a, response, 5000, done); });
    ASSERT_TRUE(first);
    EXPECT_EQ(first->message.seq, 2u);

    retag_draft as_chat;
    as_chat.seq = 1;
    as_chat.kind = 1;
    ASSERT_TRUE(await<retag_outcome>([&](auto done) { st->retag_message(b, as_chat, done); }));
    auto again =
        await<append_outcome>([&](auto done) { st->append_message(a, response, 6000, done); });
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->duplicate);
    EXPECT_EQ(again->message.seq, 2u);
    EXPECT_EQ(again->message.server_time_ms, 5000);
}

TEST_F(store_test, retags_are_numbered_per_pair_and_fetched_after_a_number) {
    auto st = open();
    const auto a = make_user(*st, "a"), b = make_user(*st, "b");
    make_pair(*st, a, b, "inv");
    set_tracking(*st, a, true);
    set_tracking(*st, b, true);
    for (const auto* id : {"one", "two"}) ASSERT_TRUE(append(*st, a, id));
    ASSERT_TRUE(await<append_outcome>(
        [&](auto done) { st->append_message(b, bid_draft("bid"), 5000, done); }));
    auto retag = [&](user_id who, std::uint64_t seq, int kind, int category) {
        retag_draft draft;
        draft.seq = seq;
        draft.kind = kind;
        draft.bid_category = category;
        return await<retag_outcome>([&](auto done) { st->retag_message(who, draft, done); });
    };
    auto first = retag(a, 1, 2, 7);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->retag_seq, 1u);
    EXPECT_EQ(first->partner, b);
    EXPECT_EQ(retag(a, 2, 2, 3)->retag_seq, 2u);
    EXPECT_EQ(retag(b, 3, 1, 0)->retag_seq, 3u);
    EXPECT_EQ(retag(a, 1, 2, 9)->retag_seq, 4u);  // again: the message takes the new number
    EXPECT_FALSE(retag(b, 1, 1, 0));              // not b's message: no number is taken

    auto after = [&](std::uint64_t number, std::uint32_t limit) {
        auto found = await<std::vector<stored_retag>>(
            [&](auto done) { st->fetch_retags(b, number, limit, done); });
        EXPECT_TRUE(found);
        std::vector<std::pair<std::uint64_t, std::uint64_t>> seq_and_number;
        for (const auto& r : found.value()) seq_and_number.emplace_back(r.seq, r.retag_seq);
        return seq_and_number;
    };
    using list = std::vector<std::pair<std::uint64_t, std::uint64_t>>;
    EXPECT_EQ(after(0, 10), (list{{2, 2}, {3, 3}, {1, 4}}));
    EXPECT_EQ(after(2, 10), (list{{3, 3}, {1, 4}}));
    EXPECT_EQ(after(0, 1), (list{{2, 2}}));
    EXPECT_EQ(after(4, 10), list{});
    auto latest =
        await<std::vector<stored_retag>>([&](auto done) { st->fetch_retags(a, 3, 10, done); });
    ASSERT_TRUE(latest);
    ASSERT_EQ(latest->size(), 1u);
    EXPECT_EQ(latest->front().kind, 2);
    EXPECT_EQ(latest->front().bid_category, 9);

    auto account = await<account_view>([&](auto done) { st->load_account(b, done); });
    ASSERT_TRUE(account);
    EXPECT_EQ(account->retag_seq, 4u);
    const auto loner = make_user(*st, "c");
    auto unpaired =
        await<std::vector<stored_retag>>([&](auto done) { st->fetch_retags(loner, 0, 10, done); });
    ASSERT_FALSE(unpaired);
    EXPECT_EQ(to_errc(unpaired.error()), errc::not_paired);
}

TEST_F(store_test, the_retag_query_uses_the_partial_retag_index) {
    auto st = open();
    st->stop();
    sqlite::database db((dir_.path() / "t.db").string());
    auto plan = db.prepare(std::string("EXPLAIN QUERY PLAN ") + retags_after_sql);
    std::string steps;
    while (plan.step()) steps += plan.column_text(3) + "\n";
    EXPECT_NE(steps.find("USING INDEX messages_by_retag"), std::string::npos) << steps;
}

TEST_F(store_test, a_pauses_end_follows_an_early_end_or_a_replacement) {
    // What the pause reminder checks before it says a pause is over.
    auto st = open();
    const auto a = make_user(*st, "a"), b = make_user(*st, "b");
    make_pair(*st, a, b, "inv");
    auto pause = [&](std::int64_t start, std::int64_t end) {
        ASSERT_TRUE(await<pause_outcome>([&](auto done) { st->start_pause(a, start, end, done); }));
    };
    auto end_of = [&](std::int64_t start) {
        return await<std::int64_t>([&](auto done) { st->load_pause_end(a, start, done); });
    };
    pause(10'000, 70'000);
    EXPECT_EQ(end_of(10'000).value(), 70'000);
    pause(20'000, 200'000);  // replaces it
    EXPECT_EQ(end_of(10'000).value(), 20'000);
    EXPECT_EQ(end_of(20'000).value(), 200'000);
    pause(30'000, 30'000);  // ends it early
    EXPECT_EQ(end_of(20'000).value(), 30'000);
    EXPECT_EQ(to_errc(end_of(15'000).error()), errc::not_found);
}

TEST_F(store_test, data_survives_reopening_and_stop_refuses_later_work) {
    user_id a = 0;
    {
        auto st = open();
        a = make_user(*st, "a");
        const auto b = make_user(*st, "b");
        make_pair(*st, a, b, "inv");
        append(*st, a, "1");
        st->stop();
        EXPECT_EQ(to_errc(append(*st, a, "2").error()), errc::unavailable);
    }
    auto st = open();
    auto found = await<user_record>([&](auto done) { st->find_user("a", done); });
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, a);
    auto account = await<account_view>([&](auto done) { st->load_account(a, done); });
    ASSERT_TRUE(account && account->partner);
    EXPECT_EQ(account->partner->partner_name, "b");
    EXPECT_EQ(append(*st, a, "2")->message.seq, 2u);
}

TEST_F(store_test, the_pairs_last_seq_is_a_floor_that_appends_go_beyond) {
    user_id a = 0;
    {
        auto st = open();
        a = make_user(*st, "a");
        make_pair(*st, a, make_user(*st, "b"), "inv");
        EXPECT_EQ(append(*st, a, "1")->message.seq, 1u);
        EXPECT_EQ(append(*st, a, "2")->message.seq, 2u);
    }
    {
        sqlite::database db((dir_.path() / "t.db").string());
        auto floor = db.prepare("SELECT last_seq FROM pairs");
        ASSERT_TRUE(floor.step());
        EXPECT_EQ(floor.column_int(0), 0);          // appends leave it alone
        db.exec("UPDATE pairs SET last_seq = 40");  // as a restore does
    }
    auto st = open();
    EXPECT_EQ(append(*st, a, "3")->message.seq, 41u);
    auto receipt = await<receipt_outcome>(
        [&](auto done) { st->record_receipt(a, receipt_kind::read, 42, done); });
    EXPECT_EQ(to_errc(receipt.error()), errc::invalid_argument);  // past the newest
}

TEST_F(store_test, sessions_are_found_by_token_hash_and_revoked) {
    auto st = open();
    const auto a = make_user(*st, "a");
    auto resumed =
        await<user_record>([&](auto done) { st->resume_session("token of a", 2, done); });
    ASSERT_TRUE(resumed);
    EXPECT_EQ(resumed->id, a);
    EXPECT_TRUE(await<void>([&](auto done) { st->revoke_session("token of a", done); }));
    auto again = await<user_record>([&](auto done) { st->resume_session("token of a", 3, done); });
    EXPECT_EQ(to_errc(again.error()), errc::bad_token);
}

}  // namespace
}  // namespace toward::server
