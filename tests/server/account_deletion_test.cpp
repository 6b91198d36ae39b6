// delete_account: the password again, then nothing of the user or of their
// pairs stays on the server; the partner is told; nothing else is touched.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "protocol.hpp"
#include "sqlite/database.hpp"
#include "test_server.hpp"

namespace toward::testing {
namespace {

v1::ClientFrame delete_account_frame(const std::string& password = test_password) {
    v1::ClientFrame frame;
    frame.mutable_delete_account()->set_password(password);
    return frame;
}

v1::ClientFrame unpair_frame() {
    v1::ClientFrame frame;
    frame.mutable_unpair();
    return frame;
}

v1::ClientFrame pause_frame(std::uint32_t minutes) {
    v1::ClientFrame frame;
    frame.mutable_pause()->set_minutes(minutes);
    return frame;
}

bool is_unpaired(const v1::ServerFrame& frame) {
    return frame.has_unpaired();
}

// The server's database, read beside the running server (WAL allows it).
// Every question starts from a fresh snapshot: no statement is left open.
class database {
  public:
    explicit database(const test_server& srv)
        : db_((srv.data_dir() / "data" / "toward.db").string()) {}

    std::int64_t number(const std::string& sql, std::int64_t bound = 0) {
        db_.reset_all();
        auto& query = db_.cached(sql);
        if (sql.find('?') != std::string::npos) query.bind(1, bound);
        return query.step() ? query.column_int(0) : -1;
    }

    std::int64_t user_id(const std::string& name) {
        db_.reset_all();
        auto& query = db_.cached("SELECT id FROM users WHERE name = ?");
        return query.bind_text(1, name).step() ? query.column_int(0) : 0;
    }

    std::set<std::int64_t> pairs_of(std::int64_t user) {
        db_.reset_all();
        std::set<std::int64_t> pairs;
        auto& query = db_.cached("SELECT id FROM pairs WHERE user_a = ?1 OR user_b = ?1");
        query.bind(1, user);
        while (query.step()) pairs.insert(query.column_int(0));
        return pairs;
    }

    // table.column -> how many rows hold `value` there, for every column of
    // every table whose name says it holds a user id (or a pair id). Tables
    // added later are covered without changing this test.
    std::map<std::string, std::int64_t> rows_naming(std::int64_t value, bool pair) {
        db_.reset_all();
        std::vector<std::pair<std::string, std::string>> columns;
        auto& tables = db_.cached("SELECT name FROM sqlite_schema WHERE type = 'table'");
        std::vector<std::string> names;
        while (tables.step()) names.push_back(tables.column_text(0));
        for (const auto& table : names) {
            auto& info = db_.cached("SELECT name FROM pragma_table_info(?)");
            info.bind_text(1, table);
            while (info.step()) {
                const auto column = info.column_text(0);
                const bool names_pair = column == "pair_id" || (table == "pairs" && column == "id");
                const bool names_user = column == "user_id" || column == "sender_id" ||
                                        column == "inviter_id" || column == "redeemed_by" ||
                                        column == "user_a" || column == "user_b" ||
                                        (table == "users" && column == "id");
                if (pair ? names_pair : names_user) columns.emplace_back(table, column);
            }
        }
        std::map<std::string, std::int64_t> found;
        for (const auto& [table, column] : columns) {
            const auto count =
                number("SELECT count(*) FROM " + table + " WHERE " + column + " = ?", value);
            if (count != 0) found[table + "." + column] = count;
        }
        return found;
    }

    // Rows per table: what "nothing changed" compares.
    std::map<std::string, std::int64_t> row_counts() {
        db_.reset_all();
        std::map<std::string, std::int64_t> counts;
        auto& tables = db_.cached("SELECT name FROM sqlite_schema WHERE type = 'table'");
        std::vector<std::string> names;
        while (tables.step()) names.push_back(tables.column_text(0));
        for (const auto& table : names) counts[table] = number("SELECT count(*) FROM " + table);
        return counts;
    }

  private:
    sqlite::database db_;
};

TEST(account_deletion, removes_every_row_of_the_user_and_of_their_pairs_and_tells_the_partner) {
    test_server srv;
    auto alice = srv.connect();
    auto bob = srv.connect();
    auto erin = srv.connect();
    auto carol = srv.connect();
    auto dave = srv.connect();
    register_user(*alice, "alice");
    register_user(*bob, "bob");
    register_user(*erin, "erin");
    register_user(*carol, "carol");
    register_user(*dave, "dave");
    auto alice_again = srv.connect();  // a second device of alice's
    ASSERT_EQ(alice_again->request(login_frame("alice"))->status(), v1::STATUS_OK);

    // An earlier pair of alice's that has ended.
    pair_users(*erin, *alice);
    send_message(*alice, "old", "to erin");
    ASSERT_EQ(alice->request(unpair_frame())->status(), v1::STATUS_OK);
    ASSERT_TRUE(erin->wait_for(is_unpaired));
    // Her current pair, with messages both ways, bids, a pause and settings.
    pair_users(*alice, *bob);
    enable_tracking(*alice, *bob);
    send_message(*alice, "a1", "hello bob");
    send_message(*bob, "b1", "hello alice");
    ASSERT_EQ(set_setting(*bob, "response-window", "2h").status(), v1::STATUS_OK);
    ASSERT_EQ(alice->request(pause_frame(30))->status(), v1::STATUS_OK);
    // Another pair, which must not be touched.
    pair_users(*carol, *dave);
    send_message(*carol, "c1", "carol's words");

    database db(srv);
    const auto alice_id = db.user_id("alice");
    const auto alice_pairs = db.pairs_of(alice_id);
    ASSERT_EQ(alice_pairs.size(), 2u);
    const auto before = db.row_counts();

    auto deleted = alice->request(delete_account_frame());
    ASSERT_TRUE(deleted);
    ASSERT_EQ(deleted->status(), v1::STATUS_OK) << deleted->error();
    EXPECT_TRUE(deleted->has_ok());
    EXPECT_TRUE(alice->wait_closed());
    EXPECT_TRUE(alice_again->wait_closed());
    EXPECT_NE(alice_again->close_reason().find("deleted"), std::string::npos)
        << alice_again->close_reason();

    auto told = bob->wait_for(is_unpaired);
    ASSERT_TRUE(told);
    EXPECT_EQ(told->request_id(), 0u);
    EXPECT_EQ(told->unpaired().partner_user_name(), "alice");
    EXPECT_TRUE(told->unpaired().account_deleted());
    EXPECT_FALSE(erin->wait_for(is_unpaired, std::chrono::milliseconds(0)));

    EXPECT_EQ(db.rows_naming(alice_id, false), (std::map<std::string, std::int64_t>{}));
    for (const auto pair : alice_pairs) {
        EXPECT_EQ(db.rows_naming(pair, true), (std::map<std::string, std::int64_t>{}))
            << "pair " << pair;
    }
    EXPECT_EQ(db.user_id("alice"), 0);

    // Carol and dave's pair, and bob and erin themselves, are as they were.
    const auto after = db.row_counts();
    EXPECT_EQ(after.at("users"), before.at("users") - 1);
    EXPECT_EQ(after.at("pairs"), before.at("pairs") - 2);
    EXPECT_EQ(after.at("messages"), 1);
    EXPECT_EQ(db.number("SELECT count(*) FROM users WHERE name IN ('bob', 'erin', 'carol', "
                        "'dave')"),
              4);
    auto page = carol->request(fetch_frame(0));
    ASSERT_TRUE(page);
    ASSERT_EQ(page->fetch_result().messages_size(), 1);
    EXPECT_EQ(page->fetch_result().messages(0).ciphertext(), "carol's words");
    // Bob is free to pair again.
    auto invite = bob->request(create_invite_frame("bob bundle"));
    ASSERT_TRUE(invite);
    EXPECT_EQ(invite->status(), v1::STATUS_OK) << invite->error();
}

TEST(account_deletion, an_offline_partner_finds_the_pair_gone_at_the_next_login) {
    test_server srv;
    auto [alice, bob] = make_couple(srv);
    bob->close();

    ASSERT_EQ(alice->request(delete_account_frame())->status(), v1::STATUS_OK);

    auto later = srv.connect();
    auto login = later->request(login_frame("bob"));
    ASSERT_TRUE(login);
    ASSERT_EQ(login->status(), v1::STATUS_OK) << login->error();
    EXPECT_FALSE(login->auth().has_partner());
    EXPECT_EQ(later->request(send_frame("b1", "anyone?"))->status(), v1::STATUS_NOT_PAIRED);
}

TEST(account_deletion, a_wrong_or_missing_password_changes_nothing) {
    test_server srv;
    auto [alice, bob] = make_couple(srv);
    send_message(*alice, "a1", "still here");
    database db(srv);
    const auto before = db.row_counts();

    auto wrong = alice->request(delete_account_frame("not the password"));
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status(), v1::STATUS_BAD_CREDENTIALS);
    EXPECT_NE(wrong->error().find("not deleted"), std::string::npos) << wrong->error();
    auto missing = alice->request(delete_account_frame(""));
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status(), v1::STATUS_INVALID_ARGUMENT);
    auto too_long = alice->request(delete_account_frame(std::string(1025, 'x')));
    ASSERT_TRUE(too_long);
    EXPECT_EQ(too_long->status(), v1::STATUS_INVALID_ARGUMENT);

    // The pair still works, and bob heard nothing before this message.
    send_message(*alice, "a2", "and still");
    ASSERT_TRUE(next_delivery(*bob));
    EXPECT_FALSE(bob->wait_for(is_unpaired, std::chrono::milliseconds(0)));
    EXPECT_FALSE(alice->closed());
    EXPECT_EQ(db.row_counts().at("users"), before.at("users"));
    EXPECT_EQ(db.row_counts().at("pairs"), before.at("pairs"));
    EXPECT_EQ(db.row_counts().at("messages"), before.at("messages") + 1);
}

TEST(account_deletion, wrong_passwords_are_throttled_like_logins) {
    test_server srv(
        [](server::server_config& config) { config.limits.login_attempts_per_minute = 2; });
    auto alice = srv.connect();
    register_user(*alice, "alice");
    EXPECT_EQ(alice->request(delete_account_frame("guess one"))->status(),
              v1::STATUS_BAD_CREDENTIALS);
    EXPECT_EQ(alice->request(delete_account_frame("guess two"))->status(),
              v1::STATUS_BAD_CREDENTIALS);
    auto throttled = alice->request(delete_account_frame());
    ASSERT_TRUE(throttled);
    EXPECT_EQ(throttled->status(), v1::STATUS_LOGIN_THROTTLED);
    EXPECT_FALSE(alice->closed());
}

TEST(account_deletion, a_user_without_a_pair_can_delete_and_the_name_is_free_again) {
    test_server srv;
    auto alice = srv.connect();
    const auto token = register_user(*alice, "alice");
    auto invite = alice->request(create_invite_frame("alice bundle"));
    ASSERT_EQ(invite->status(), v1::STATUS_OK);

    ASSERT_EQ(alice->request(delete_account_frame())->status(), v1::STATUS_OK);
    EXPECT_TRUE(alice->wait_closed());

    auto old_token = srv.connect();
    auto resumed = old_token->request(resume_frame(token));
    ASSERT_TRUE(resumed);
    EXPECT_EQ(resumed->status(), v1::STATUS_BAD_TOKEN);
    auto bob = srv.connect_as("bob");
    auto redeemed = bob->request(redeem_frame(invite->invite_created().invite_id(), "bob bundle"));
    ASSERT_TRUE(redeemed);
    EXPECT_EQ(redeemed->status(), v1::STATUS_INVITE_INVALID);  // her invite went with her
    auto login = srv.connect()->request(login_frame("alice"));
    ASSERT_TRUE(login);
    EXPECT_EQ(login->status(), v1::STATUS_BAD_CREDENTIALS);

    auto again = srv.connect();
    auto registered = again->request(register_frame("alice", "a new password"));
    ASSERT_TRUE(registered);
    EXPECT_EQ(registered->status(), v1::STATUS_OK) << registered->error();
}

// The partner's client keys its history on (pair_id, seq): a pair id handed
// out again would make the new pair's first message look already seen.
TEST(account_deletion, ids_of_deleted_users_and_pairs_are_never_handed_out_again) {
    test_server srv;
    auto alice = srv.connect_as("alice");
    auto bob = srv.connect_as("bob");
    const auto first_pair = pair_users(*alice, *bob);
    send_message(*alice, "a1", "before");
    database db(srv);
    const auto first_bob = db.user_id("bob");
    ASSERT_EQ(bob->request(delete_account_frame())->status(), v1::STATUS_OK);
    ASSERT_TRUE(alice->wait_for(is_unpaired));

    // The newest user and pair are gone: a plain rowid would reuse both ids.
    auto bob_again = srv.connect_as("bob");
    EXPECT_GT(db.user_id("bob"), first_bob);
    const auto second_pair = pair_users(*alice, *bob_again);
    EXPECT_GT(second_pair, first_pair);
    const auto ack = send_message(*alice, "a1", "after");
    EXPECT_EQ(ack.seq(), 1u);
    EXPECT_FALSE(ack.duplicate());
    ASSERT_EQ(bob_again->request(delete_account_frame())->status(), v1::STATUS_OK);
    srv.restart();  // the counters are in the file, not in memory
    auto carol = srv.connect_as("carol");
    auto dave = srv.connect_as("dave");
    EXPECT_GT(pair_users(*carol, *dave), second_pair);
}

}  // namespace
}  // namespace toward::testing
