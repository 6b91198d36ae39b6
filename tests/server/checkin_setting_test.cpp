// The pair's check-in schedule as a setting: checked, shared with the
// partner, anchored at the server's clock, and kept across a restart.
#include <gtest/gtest.h>

#include "protocol.hpp"
#include "test_server.hpp"
#include "util/clock.hpp"

namespace toward::testing {
namespace {

constexpr std::int64_t wednesday_w47_noon_utc = 1795003200000;  // 2026-11-18 12:00 UTC

v1::PairSettings settings_of(client::connection& conn) {
    v1::ClientFrame get;
    get.mutable_get_settings();
    auto reply = conn.request(get);
    EXPECT_TRUE(reply && reply->status() == v1::STATUS_OK);
    return reply ? reply->settings() : v1::PairSettings{};
}

TEST(checkin_setting, is_off_until_set_and_then_shared_with_the_partner) {
    manual_clock time(wednesday_w47_noon_utc);
    test_server srv({}, time);
    auto alice = srv.connect_as("alice");
    auto bob = srv.connect_as("bob");
    pair_users(*alice, *bob);
    EXPECT_FALSE(settings_of(*alice).has_checkin());

    auto set = set_setting(*alice, "check-in", "Sunday 19:30 biweekly");
    ASSERT_EQ(set.status(), v1::STATUS_OK) << set.error();
    const auto& mine = set.settings().checkin();
    EXPECT_EQ(mine.every_weeks(), 2u);
    EXPECT_EQ(mine.weekday(), 7u);
    EXPECT_EQ(mine.minute_of_day(), 19u * 60 + 30);
    EXPECT_EQ(mine.anchor_ms(), wednesday_w47_noon_utc);

    auto pushed = bob->wait_for(
        [](const v1::ServerFrame& f) { return f.has_settings() && f.settings().has_checkin(); });
    ASSERT_TRUE(pushed);
    EXPECT_EQ(pushed->settings().checkin().SerializeAsString(), mine.SerializeAsString());

    ASSERT_EQ(set_setting(*bob, "check-in", "off").status(), v1::STATUS_OK);
    EXPECT_FALSE(settings_of(*alice).has_checkin());
}

TEST(checkin_setting, a_bad_value_is_refused_with_a_reason_and_changes_nothing) {
    test_server srv;
    auto alice = srv.connect_as("alice");
    auto bob = srv.connect_as("bob");
    pair_users(*alice, *bob);
    ASSERT_EQ(set_setting(*alice, "check-in", "sun 19:00").status(), v1::STATUS_OK);
    for (const char* bad : {"", "sunday", "someday 19:00", "sun 25:00", "sun 19:00 monthly",
                            "sun 19:00 weekly twice"}) {
        auto refused = set_setting(*alice, "check-in", bad);
        EXPECT_EQ(refused.status(), v1::STATUS_INVALID_ARGUMENT) << bad;
        EXPECT_FALSE(refused.error().empty()) << bad;
    }
    const auto kept = settings_of(*bob).checkin();
    EXPECT_EQ(kept.every_weeks(), 1u);
    EXPECT_EQ(kept.weekday(), 7u);
    EXPECT_EQ(kept.minute_of_day(), 19u * 60);
}

TEST(checkin_setting, needs_a_pair) {
    test_server srv;
    auto alone = srv.connect_as("alone");
    EXPECT_EQ(set_setting(*alone, "check-in", "sun 19:00").status(), v1::STATUS_NOT_PAIRED);
}

TEST(checkin_setting, survives_a_restart) {
    manual_clock time(wednesday_w47_noon_utc);
    test_server srv({}, time);
    {
        auto alice = srv.connect_as("alice");
        auto bob = srv.connect_as("bob");
        pair_users(*alice, *bob);
        ASSERT_EQ(set_setting(*alice, "check-in", "mon 08:15").status(), v1::STATUS_OK);
    }
    srv.restart();
    auto alice = srv.connect();
    auto logged_in = alice->request(login_frame("alice"));
    ASSERT_TRUE(logged_in && logged_in->status() == v1::STATUS_OK);
    const auto kept = settings_of(*alice).checkin();
    EXPECT_EQ(kept.every_weeks(), 1u);
    EXPECT_EQ(kept.weekday(), 1u);
    EXPECT_EQ(kept.minute_of_day(), 8u * 60 + 15);
    EXPECT_EQ(kept.anchor_ms(), wednesday_w47_noon_utc);
}

}  // namespace
}  // namespace toward::testing
