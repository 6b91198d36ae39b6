// The together features through a real server: the clock, the pair's
// breathing session (start, join, stop, pushes, errors), and the operator's
// help resources text.
#include <gtest/gtest.h>

#include <fstream>

#include "protocol.hpp"
#include "test_server.hpp"
#include "util/clock.hpp"

namespace toward::testing {
namespace {

constexpr std::int64_t start_ms = 1'795'392'000'000;  // 2026-11-23

v1::ClientFrame breathe_start_frame(v1::BreathPattern pattern, std::uint32_t minutes) {
    v1::ClientFrame frame;
    frame.mutable_breathe_start()->set_pattern(pattern);
    frame.mutable_breathe_start()->set_minutes(minutes);
    return frame;
}

v1::ClientFrame breathe_stop_frame() {
    v1::ClientFrame frame;
    frame.mutable_breathe_stop();
    return frame;
}

v1::ClientFrame help_frame() {
    v1::ClientFrame frame;
    frame.mutable_get_help_resources();
    return frame;
}

// The reply's status, or MALFORMED_FRAME when there was no reply.
v1::Status status_of(const std::optional<v1::ServerFrame>& reply) {
    return reply ? reply->status() : v1::STATUS_MALFORMED_FRAME;
}

std::optional<v1::BreatheSession> next_breathe_push(client::connection& conn) {
    auto pushed = conn.wait_for([](const v1::ServerFrame& f) { return f.has_breathe(); });
    if (!pushed) return std::nullopt;
    return pushed->breathe();
}

TEST(together, the_clock_reply_carries_the_server_time) {
    manual_clock time(start_ms);
    test_server srv({}, time);
    auto alice = srv.connect_as("alice");
    time.advance_ms(1234);
    v1::ClientFrame frame;
    frame.mutable_clock();
    auto reply = alice->request(frame);
    ASSERT_EQ(status_of(reply), v1::STATUS_OK);
    EXPECT_EQ(reply->clock().server_time_ms(), start_ms + 1234);
}

TEST(together, breathing_needs_a_pair) {
    test_server srv;
    auto alice = srv.connect_as("alice");
    EXPECT_EQ(status_of(alice->request(breathe_start_frame(v1::BREATH_BOX, 3))),
              v1::STATUS_NOT_PAIRED);
    EXPECT_EQ(status_of(alice->request(breathe_stop_frame())), v1::STATUS_NOT_PAIRED);
}

TEST(together, a_start_is_answered_and_pushed_to_the_partner_with_a_shared_start_time) {
    manual_clock time(start_ms);
    test_server srv({}, time);
    auto c = make_couple(srv);
    auto reply = c.alice->request(breathe_start_frame(v1::BREATH_4_7_8, 5));
    ASSERT_EQ(status_of(reply), v1::STATUS_OK) << reply->error();
    const auto& session = reply->breathe();
    EXPECT_NE(session.session_id(), 0u);
    EXPECT_EQ(session.started_by(), "alice");
    EXPECT_EQ(session.pattern(), v1::BREATH_4_7_8);
    EXPECT_EQ(session.minutes(), 5u);
    EXPECT_EQ(session.start_at_ms(), start_ms + 3000);
    EXPECT_EQ(session.server_time_ms(), start_ms);
    EXPECT_FALSE(session.ended());

    auto pushed = next_breathe_push(*c.bob);
    ASSERT_TRUE(pushed);
    EXPECT_EQ(pushed->session_id(), session.session_id());
    EXPECT_EQ(pushed->start_at_ms(), session.start_at_ms());
    EXPECT_EQ(pushed->started_by(), "alice");
}

TEST(together, unspecified_pattern_and_minutes_mean_box_for_three_minutes) {
    test_server srv;
    auto c = make_couple(srv);
    auto reply = c.alice->request(breathe_start_frame(v1::BREATH_UNSPECIFIED, 0));
    ASSERT_EQ(status_of(reply), v1::STATUS_OK);
    EXPECT_EQ(reply->breathe().pattern(), v1::BREATH_BOX);
    EXPECT_EQ(reply->breathe().minutes(), 3u);
}

TEST(together, a_second_start_joins_the_running_session) {
    manual_clock time(start_ms);
    test_server srv({}, time);
    auto c = make_couple(srv);
    auto first = c.alice->request(breathe_start_frame(v1::BREATH_BOX, 3));
    ASSERT_EQ(status_of(first), v1::STATUS_OK);
    time.advance_ms(20'000);
    auto joined = c.bob->request(breathe_start_frame(v1::BREATH_4_7_8, 10));
    ASSERT_EQ(status_of(joined), v1::STATUS_OK);
    EXPECT_EQ(joined->breathe().session_id(), first->breathe().session_id());
    EXPECT_EQ(joined->breathe().started_by(), "alice");
    EXPECT_EQ(joined->breathe().pattern(), v1::BREATH_BOX);
    EXPECT_EQ(joined->breathe().minutes(), 3u);
    EXPECT_EQ(joined->breathe().start_at_ms(), first->breathe().start_at_ms());
}

TEST(together, bad_minutes_and_unknown_patterns_are_refused_and_start_nothing) {
    test_server srv;
    auto c = make_couple(srv);
    auto too_long = c.alice->request(breathe_start_frame(v1::BREATH_BOX, 31));
    EXPECT_EQ(status_of(too_long), v1::STATUS_INVALID_ARGUMENT);
    EXPECT_NE(too_long->error().find("1 to 30 minutes"), std::string::npos);
    auto unknown = c.alice->request(breathe_start_frame(static_cast<v1::BreathPattern>(9), 3));
    EXPECT_EQ(status_of(unknown), v1::STATUS_INVALID_ARGUMENT);
    EXPECT_NE(unknown->error().find("box or 4-7-8"), std::string::npos);
    EXPECT_EQ(status_of(c.alice->request(breathe_stop_frame())), v1::STATUS_NOT_FOUND);
}

TEST(together, a_stop_ends_the_session_for_both) {
    test_server srv;
    auto c = make_couple(srv);
    auto started = c.alice->request(breathe_start_frame(v1::BREATH_BOX, 3));
    ASSERT_EQ(status_of(started), v1::STATUS_OK);
    ASSERT_TRUE(next_breathe_push(*c.bob));

    auto stopped = c.bob->request(breathe_stop_frame());
    ASSERT_EQ(status_of(stopped), v1::STATUS_OK);
    EXPECT_TRUE(stopped->breathe().ended());
    EXPECT_EQ(stopped->breathe().ended_by(), "bob");
    auto pushed = next_breathe_push(*c.alice);
    ASSERT_TRUE(pushed);
    EXPECT_EQ(pushed->session_id(), started->breathe().session_id());
    EXPECT_TRUE(pushed->ended());
    EXPECT_EQ(pushed->ended_by(), "bob");

    auto again = c.alice->request(breathe_stop_frame());
    EXPECT_EQ(status_of(again), v1::STATUS_NOT_FOUND);
    EXPECT_EQ(again->error(), "no breathing session is running");
}

TEST(together, a_finished_session_is_not_joined_nor_stopped) {
    manual_clock time(start_ms);
    test_server srv({}, time);
    auto c = make_couple(srv);
    auto first = c.alice->request(breathe_start_frame(v1::BREATH_BOX, 1));
    ASSERT_EQ(status_of(first), v1::STATUS_OK);
    time.advance_ms(3000 + 60'000);
    auto late_stop = c.bob->request(breathe_stop_frame());
    EXPECT_EQ(status_of(late_stop), v1::STATUS_NOT_FOUND);
    auto second = c.bob->request(breathe_start_frame(v1::BREATH_BOX, 1));
    ASSERT_EQ(status_of(second), v1::STATUS_OK);
    EXPECT_NE(second->breathe().session_id(), first->breathe().session_id());
    EXPECT_EQ(second->breathe().started_by(), "bob");
}

TEST(together, pushes_to_the_partner_never_carry_the_requesters_request_id) {
    test_server srv;
    auto c = make_couple(srv);
    ASSERT_EQ(status_of(c.alice->request(breathe_start_frame(v1::BREATH_BOX, 3))), v1::STATUS_OK);
    auto breathe = c.bob->wait_for([](const v1::ServerFrame& f) { return f.has_breathe(); });
    ASSERT_TRUE(breathe);
    EXPECT_EQ(breathe->request_id(), 0u);
    // The pause push had the same flaw once: the partner's client took it for
    // a stale reply and dropped it.
    v1::ClientFrame pause;
    pause.mutable_pause()->set_minutes(10);
    ASSERT_EQ(status_of(c.alice->request(pause)), v1::STATUS_OK);
    auto paused = c.bob->wait_for([](const v1::ServerFrame& f) { return f.has_pause_update(); });
    ASSERT_TRUE(paused);
    EXPECT_EQ(paused->request_id(), 0u);
}

TEST(together, a_partner_who_logs_in_while_it_runs_is_told) {
    test_server srv;
    auto c = make_couple(srv);
    auto started = c.alice->request(breathe_start_frame(v1::BREATH_BOX, 3));
    ASSERT_EQ(status_of(started), v1::STATUS_OK);

    auto later = srv.connect();
    auto logged_in = later->request(login_frame("bob"));
    ASSERT_EQ(status_of(logged_in), v1::STATUS_OK);
    auto pushed = next_breathe_push(*later);
    ASSERT_TRUE(pushed);
    EXPECT_EQ(pushed->session_id(), started->breathe().session_id());
    EXPECT_FALSE(pushed->ended());
}

TEST(together, help_resources_are_the_text_of_the_operators_file_read_at_each_request) {
    temp_dir dir;
    const auto file = dir.path() / "help.txt";
    std::ofstream(file) << "Talk to someone you trust.\n";
    test_server srv(
        [&](server::server_config& config) { config.help_resources_file = file.string(); });
    auto alice = srv.connect_as("alice");
    auto reply = alice->request(help_frame());
    ASSERT_EQ(status_of(reply), v1::STATUS_OK);
    EXPECT_EQ(reply->help_resources().text(), "Talk to someone you trust.\n");

    std::ofstream(file) << "Edited by the operator.\n";
    auto edited = alice->request(help_frame());
    ASSERT_EQ(status_of(edited), v1::STATUS_OK);
    EXPECT_EQ(edited->help_resources().text(), "Edited by the operator.\n");
}

TEST(together, a_missing_help_resources_file_is_not_found_with_a_clear_reason) {
    temp_dir dir;
    test_server srv([&](server::server_config& config) {
        config.help_resources_file = (dir.path() / "absent.txt").string();
    });
    auto alice = srv.connect_as("alice");
    auto reply = alice->request(help_frame());
    EXPECT_EQ(status_of(reply), v1::STATUS_NOT_FOUND);
    EXPECT_NE(reply->error().find("no help resources"), std::string::npos);
    // The connection carries on.
    v1::ClientFrame clock;
    clock.mutable_clock();
    EXPECT_EQ(status_of(alice->request(clock)), v1::STATUS_OK);
}

TEST(together, the_default_help_resources_are_the_source_trees_file) {
    test_server srv;
    auto alice = srv.connect_as("alice");
    auto reply = alice->request(help_frame());
    ASSERT_EQ(status_of(reply), v1::STATUS_OK);
    std::ifstream in(std::string(TOWARD_SOURCE_DIR) + "/docs/HELP_RESOURCES.txt");
    std::stringstream expected;
    expected << in.rdbuf();
    EXPECT_EQ(reply->help_resources().text(), expected.str());
    EXPECT_NE(reply->help_resources().text().find("couples counsellor"), std::string::npos);
}

TEST(together, a_help_resources_file_over_the_cap_is_cut_at_a_line_end) {
    temp_dir dir;
    const auto file = dir.path() / "long.txt";
    {
        std::ofstream out(file);
        for (int i = 0; i < 3000; ++i) out << "line " << i << " of a long help text\n";
    }
    test_server srv(
        [&](server::server_config& config) { config.help_resources_file = file.string(); });
    auto alice = srv.connect_as("alice");
    auto reply = alice->request(help_frame());
    ASSERT_EQ(status_of(reply), v1::STATUS_OK);
    const auto& text = reply->help_resources().text();
    EXPECT_LE(text.size(), 64u * 1024);
    EXPECT_GT(text.size(), 60u * 1024);
    EXPECT_EQ(text.back(), '\n');
    EXPECT_EQ(text.rfind("line 0 of", 0), 0u);
}

}  // namespace
}  // namespace toward::testing
