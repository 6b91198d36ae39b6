// Bid tracking through a real server: consent, settings, pauses, retagging,
// and the weekly summary with an injectable clock.
#include <gtest/gtest.h>

#include "protocol.hpp"
#include "test_server.hpp"
#include "util/clock.hpp"

namespace toward::testing {
namespace {

constexpr std::int64_t minute_ms = 60'000;
constexpr std::int64_t hour_ms = 60 * minute_ms;
constexpr std::int64_t monday_w48_0900_utc = 1795392000000 + 9 * hour_ms;  // 2026-11-23

v1::ClientFrame bid_frame(const std::string& id, v1::BidCategory category) {
    auto frame = send_frame(id, "ciphertext of " + id);
    frame.mutable_send()->set_kind(v1::KIND_BID);
    frame.mutable_send()->set_bid_category(category);
    return frame;
}

v1::ClientFrame response_frame(const std::string& id, std::uint64_t bid_seq, v1::Turn turn) {
    auto frame = send_frame(id, "ciphertext of " + id);
    frame.mutable_send()->set_kind(v1::KIND_RESPONSE);
    frame.mutable_send()->mutable_response()->set_bid_seq(bid_seq);
    frame.mutable_send()->mutable_response()->set_turn(turn);
    return frame;
}

std::uint64_t send_ok(client::connection& conn, const v1::ClientFrame& frame) {
    auto reply = conn.request(frame);
    EXPECT_TRUE(reply && reply->status() == v1::STATUS_OK) << (reply ? reply->error() : "no reply");
    return reply ? reply->send_ack().seq() : 0;
}

v1::WeeklySummary summary_of(client::connection& conn, const std::string& week = "") {
    v1::ClientFrame frame;
    frame.mutable_summary()->set_week(week);
    auto reply = conn.request(frame);
    EXPECT_TRUE(reply && reply->status() == v1::STATUS_OK) << (reply ? reply->error() : "no reply");
    return reply ? reply->summary() : v1::WeeklySummary{};
}

TEST(bids, tracking_is_off_until_both_partners_consent) {
    test_server srv;
    auto c = make_couple(srv);
    v1::ClientFrame get;
    get.mutable_get_settings();
    auto initial = c.alice->request(get);
    ASSERT_TRUE(initial);
    EXPECT_FALSE(initial->settings().tracking());
    EXPECT_EQ(initial->settings().response_window_minutes(), 240u);
    EXPECT_EQ(initial->settings().time_zone(), "UTC");

    // Untracked: the bid travels as plain chat.
    send_ok(*c.alice, bid_frame("b0", v1::BID_AFFECTION));
    auto untagged = next_delivery(*c.bob);
    ASSERT_TRUE(untagged);
    EXPECT_EQ(untagged->kind(), v1::KIND_CHAT);
    EXPECT_EQ(untagged->bid_category(), v1::BID_UNSPECIFIED);

    auto half = set_setting(*c.alice, "tracking", "on");
    EXPECT_TRUE(half.settings().my_tracking());
    EXPECT_FALSE(half.settings().tracking());
    auto pushed = c.bob->wait_for([](const v1::ServerFrame& f) { return f.has_settings(); });
    ASSERT_TRUE(pushed);
    EXPECT_TRUE(pushed->settings().partner_tracking());
    EXPECT_FALSE(pushed->settings().my_tracking());

    auto both = set_setting(*c.bob, "tracking", "on");
    EXPECT_TRUE(both.settings().tracking());
    send_ok(*c.alice, bid_frame("b1", v1::BID_AFFECTION));
    auto tagged = next_delivery(*c.bob);
    ASSERT_TRUE(tagged);
    EXPECT_EQ(tagged->kind(), v1::KIND_BID);
    EXPECT_EQ(tagged->bid_category(), v1::BID_AFFECTION);

    // Either partner can turn it off again.
    EXPECT_FALSE(set_setting(*c.bob, "tracking", "off").settings().tracking());
    send_ok(*c.alice, bid_frame("b2", v1::BID_AFFECTION));
    auto off_again = next_delivery(*c.bob);
    ASSERT_TRUE(off_again);
    EXPECT_EQ(off_again->kind(), v1::KIND_CHAT);
}

TEST(bids, settings_are_checked_and_shared_by_the_pair) {
    test_server srv;
    auto c = make_couple(srv);
    EXPECT_EQ(set_setting(*c.alice, "response-window", "90m").settings().response_window_minutes(),
              90u);
    EXPECT_EQ(
        set_setting(*c.alice, "response-window", "1h30m").settings().response_window_minutes(),
        90u);
    EXPECT_EQ(set_setting(*c.bob, "time-zone", "Europe/Berlin").settings().time_zone(),
              "Europe/Berlin");
    for (const auto& [key, value] :
         std::vector<std::pair<std::string, std::string>>{{"response-window", "4"},
                                                          {"response-window", "2m"},
                                                          {"response-window", "30d"},
                                                          {"time-zone", "Mars/Base"},
                                                          {"tracking", "maybe"},
                                                          {"colour", "blue"}}) {
        EXPECT_EQ(set_setting(*c.alice, key, value).status(), v1::STATUS_INVALID_ARGUMENT)
            << key << " = " << value;
    }
    v1::ClientFrame get;
    get.mutable_get_settings();
    auto settings = c.alice->request(get);
    ASSERT_TRUE(settings);
    EXPECT_EQ(settings->settings().response_window_minutes(), 90u);
    EXPECT_EQ(settings->settings().time_zone(), "Europe/Berlin");
}

TEST(bids, the_summary_counts_toward_missed_and_open_bids_by_the_clock) {
    manual_clock time(monday_w48_0900_utc);
    test_server srv({}, time);
    auto c = make_couple(srv);
    enable_tracking(*c.alice, *c.bob);

    const auto first = send_ok(*c.alice, bid_frame("a1", v1::BID_ATTENTION));
    time.advance_ms(10 * minute_ms);
    send_ok(*c.bob, response_frame("r1", first, v1::TURN_TOWARD));
    send_ok(*c.alice, bid_frame("a2", v1::BID_SUPPORT));  // will be missed
    time.advance_ms(5 * hour_ms);
    send_ok(*c.bob, bid_frame("b1", v1::BID_PLAY));  // still open at the end
    time.advance_ms(hour_ms);

    const auto summary = summary_of(*c.alice);
    EXPECT_EQ(summary.week(), "2026-W48");
    EXPECT_EQ(summary.time_zone(), "UTC");
    EXPECT_TRUE(summary.tracking());
    ASSERT_EQ(summary.partners_size(), 2);
    const auto& alice = summary.partners(0);
    const auto& bob = summary.partners(1);
    EXPECT_EQ(alice.user(), "alice");
    EXPECT_EQ(alice.bids_made(), 2u);
    EXPECT_EQ(alice.bids_by_category(0).count(), 1u);  // attention
    EXPECT_EQ(alice.bids_by_category(4).count(), 1u);  // support
    EXPECT_EQ(bob.responded().toward(), 1u);
    EXPECT_EQ(bob.responded().missed(), 1u);
    EXPECT_DOUBLE_EQ(bob.turning_toward_rate(), 0.5);
    EXPECT_EQ(bob.latency_median_s(), 600);
    EXPECT_EQ(alice.responded().open(), 1u);
    EXPECT_FALSE(alice.has_turning_toward_rate());
    EXPECT_DOUBLE_EQ(summary.couple_turning_toward_rate(), 0.5);
    EXPECT_EQ(summary.trend_size(), 4);
    EXPECT_DOUBLE_EQ(summary.reference_rate_together(), 0.86);
    EXPECT_FALSE(summary.has_note());
    // Both partners see the same figures.
    EXPECT_EQ(summary_of(*c.bob).SerializeAsString(), summary.SerializeAsString());

    // A later week has none of it; the trend carries this week's rate.
    const auto next = summary_of(*c.alice, "2026-W49");
    EXPECT_EQ(next.partners(0).bids_made(), 0u);
    EXPECT_DOUBLE_EQ(next.trend(3).couple_turning_toward_rate(), 0.5);
    auto bad_week = c.alice->request([] {
        v1::ClientFrame frame;
        frame.mutable_summary()->set_week("2026-48");
        return frame;
    }());
    EXPECT_EQ(bad_week->status(), v1::STATUS_INVALID_ARGUMENT);
}

TEST(bids, a_pause_keeps_bids_from_being_missed_and_is_shown_to_the_partner) {
    manual_clock time(monday_w48_0900_utc);
    test_server srv({}, time);
    auto c = make_couple(srv);
    enable_tracking(*c.alice, *c.bob);

    v1::ClientFrame pause;
    pause.mutable_pause()->set_minutes(60);
    auto paused = c.bob->request(pause);
    ASSERT_TRUE(paused && paused->status() == v1::STATUS_OK);
    EXPECT_EQ(paused->pause_update().end_ms() - paused->pause_update().start_ms(), hour_ms);
    auto shown = c.alice->wait_for([](const v1::ServerFrame& f) { return f.has_pause_update(); });
    ASSERT_TRUE(shown);
    EXPECT_EQ(shown->pause_update().user_name(), "bob");
    EXPECT_FALSE(shown->pause_update().ended());

    const auto bid = send_ok(*c.alice, bid_frame("a1", v1::BID_SUPPORT));
    time.advance_ms(4 * hour_ms + 30 * minute_ms);  // past 4 h, within 4 h + the pause
    send_ok(*c.bob, response_frame("r1", bid, v1::TURN_TOWARD));
    EXPECT_EQ(summary_of(*c.alice).partners(1).responded().toward(), 1u);

    // Ending a pause early tells both.
    pause.mutable_pause()->set_minutes(0);
    auto ended = c.bob->request(pause);
    ASSERT_TRUE(ended);
    EXPECT_TRUE(ended->pause_update().ended());
    auto told = c.alice->wait_for(
        [](const v1::ServerFrame& f) { return f.has_pause_update() && f.pause_update().ended(); });
    EXPECT_TRUE(told);
    pause.mutable_pause()->set_minutes(24 * 60 + 1);
    EXPECT_EQ(c.bob->request(pause)->status(), v1::STATUS_INVALID_ARGUMENT);
}

TEST(bids, pausing_again_and_again_keeps_one_reminder_per_user) {
    test_server srv;
    auto c = make_couple(srv);
    enable_tracking(*c.alice, *c.bob);
    v1::ClientFrame pause;
    pause.mutable_pause()->set_minutes(24 * 60);
    for (int i = 0; i < 50; ++i) ASSERT_EQ(c.bob->request(pause)->status(), v1::STATUS_OK);
    EXPECT_EQ(srv.instance().pause_reminders_armed(), 1u);
    ASSERT_EQ(c.alice->request(pause)->status(), v1::STATUS_OK);
    EXPECT_EQ(srv.instance().pause_reminders_armed(), 2u);
}

TEST(bids, a_message_can_be_retagged_by_its_author_only) {
    manual_clock time(monday_w48_0900_utc);
    test_server srv({}, time);
    auto c = make_couple(srv);
    enable_tracking(*c.alice, *c.bob);
    const auto chat = send_ok(*c.alice, send_frame("c1", "was a joke"));
    v1::ClientFrame retag;
    retag.mutable_retag()->set_seq(chat);
    retag.mutable_retag()->set_kind(v1::KIND_BID);
    retag.mutable_retag()->set_bid_category(v1::BID_HUMOR);
    auto done = c.alice->request(retag);
    ASSERT_TRUE(done);
    ASSERT_EQ(done->status(), v1::STATUS_OK) << done->error();
    auto told = c.bob->wait_for([](const v1::ServerFrame& f) { return f.has_retag_update(); });
    ASSERT_TRUE(told);
    EXPECT_EQ(told->retag_update().seq(), chat);
    EXPECT_EQ(told->retag_update().bid_category(), v1::BID_HUMOR);
    EXPECT_EQ(summary_of(*c.bob).partners(0).bids_by_category(3).count(), 1u);  // humor

    EXPECT_EQ(c.bob->request(retag)->status(), v1::STATUS_NOT_FOUND);  // not his message
    retag.mutable_retag()->set_bid_category(v1::BID_UNSPECIFIED);
    EXPECT_EQ(c.alice->request(retag)->status(), v1::STATUS_INVALID_ARGUMENT);

    // A reaction to a bid is a toward response.
    auto reaction = response_frame("heart", chat, v1::TURN_TOWARD);
    send_ok(*c.bob, reaction);
    EXPECT_EQ(summary_of(*c.alice).partners(1).responded().toward(), 1u);
}

TEST(bids, a_partner_who_was_offline_learns_the_retags_at_the_next_login) {
    test_server srv;
    auto c = make_couple(srv);
    enable_tracking(*c.alice, *c.bob);
    const auto first = send_ok(*c.alice, send_frame("c1", "see you at eight"));
    const auto second = send_ok(*c.alice, send_frame("c2", "miss you"));
    c.bob->close();  // bob goes offline

    auto retag = [&](std::uint64_t seq, v1::BidCategory category) {
        v1::ClientFrame frame;
        frame.mutable_retag()->set_seq(seq);
        frame.mutable_retag()->set_kind(v1::KIND_BID);
        frame.mutable_retag()->set_bid_category(category);
        auto done = c.alice->request(frame);
        EXPECT_TRUE(done && done->status() == v1::STATUS_OK) << (done ? done->error() : "");
        return done ? done->retag_update().retag_seq() : 0;
    };
    EXPECT_EQ(retag(first, v1::BID_PLAN), 1u);
    EXPECT_EQ(retag(second, v1::BID_AFFECTION), 2u);
    EXPECT_EQ(retag(first, v1::BID_PLAY), 3u);  // retagged again

    auto bob = srv.connect();
    auto logged_in = bob->request(login_frame("bob"));
    ASSERT_TRUE(logged_in);
    ASSERT_EQ(logged_in->status(), v1::STATUS_OK) << logged_in->error();
    EXPECT_EQ(logged_in->auth().retag_seq(), 3u);

    v1::ClientFrame fetch;
    fetch.mutable_fetch_retags()->set_after_retag_seq(0);
    auto all = bob->request(fetch);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->status(), v1::STATUS_OK) << all->error();
    const auto& retags = all->retag_list().retags();
    ASSERT_EQ(retags.size(), 2);  // each message once, as its latest retag left it
    EXPECT_FALSE(all->retag_list().more());
    EXPECT_EQ(retags[0].seq(), second);
    EXPECT_EQ(retags[0].retag_seq(), 2u);
    EXPECT_EQ(retags[0].bid_category(), v1::BID_AFFECTION);
    EXPECT_EQ(retags[1].seq(), first);
    EXPECT_EQ(retags[1].retag_seq(), 3u);
    EXPECT_EQ(retags[1].kind(), v1::KIND_BID);
    EXPECT_EQ(retags[1].bid_category(), v1::BID_PLAY);

    fetch.mutable_fetch_retags()->set_after_retag_seq(2);
    fetch.mutable_fetch_retags()->set_limit(1);
    auto later = bob->request(fetch);
    ASSERT_TRUE(later && later->status() == v1::STATUS_OK);
    ASSERT_EQ(later->retag_list().retags_size(), 1);
    EXPECT_EQ(later->retag_list().retags(0).retag_seq(), 3u);
    EXPECT_FALSE(later->retag_list().more());
    fetch.mutable_fetch_retags()->set_after_retag_seq(0);
    auto paged = bob->request(fetch);
    ASSERT_TRUE(paged && paged->status() == v1::STATUS_OK);
    EXPECT_EQ(paged->retag_list().retags_size(), 1);
    EXPECT_TRUE(paged->retag_list().more());

    // A live retag carries its number too.
    EXPECT_EQ(retag(second, v1::BID_SUPPORT), 4u);
    auto told = bob->wait_for([](const v1::ServerFrame& f) { return f.has_retag_update(); });
    ASSERT_TRUE(told);
    EXPECT_EQ(told->retag_update().retag_seq(), 4u);
    EXPECT_EQ(told->retag_update().seq(), second);
}

TEST(bids, fetch_retags_needs_a_pair) {
    test_server srv;
    auto alone = srv.connect_as("alice");
    v1::ClientFrame fetch;
    fetch.mutable_fetch_retags();
    auto reply = alone->request(fetch);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status(), v1::STATUS_NOT_PAIRED);
}

}  // namespace
}  // namespace toward::testing
