// Breathing together and help resources through real clients and a real
// server: the phase agreement of two clients whose clocks disagree, the
// breathe command's ways to end, and the help text.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "breathe_format.hpp"
#include "breathe_run.hpp"
#include "client_harness.hpp"
#include "summary_format.hpp"

namespace toward::testing {
namespace {

using namespace std::chrono_literals;

// The real time, `skew_ms` off: a machine whose clock is wrong.
class skewed_clock final : public toward::clock {
  public:
    explicit skewed_clock(std::int64_t skew_ms) : skew_ms_(skew_ms) {}
    std::int64_t now_ms() const override { return real_.now_ms() + skew_ms_; }

  private:
    toward::system_clock real_;
    std::int64_t skew_ms_;
};

// A pipe standing in for the keyboard of a command run in another thread.
class keyboard {
  public:
    keyboard() {
        if (::pipe(fds_) != 0) ADD_FAILURE() << "pipe failed";
    }
    ~keyboard() {
        ::close(fds_[0]);
        if (fds_[1] >= 0) ::close(fds_[1]);
    }
    int input_fd() const { return fds_[0]; }
    void type(const std::string& text) {
        ASSERT_EQ(::write(fds_[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
    }

  private:
    int fds_[2] = {-1, -1};
};

// Polls `client` until a breathing push arrives (at most `attempts` frames or seconds).
std::optional<v1::BreatheSession> next_breathe_event(app::session_client& client) {
    for (int i = 0; i < 50; ++i) {
        auto event = client.poll(1s);
        if (!event) {
            ADD_FAILURE() << event.error().message;
            return std::nullopt;
        }
        if (!*event) continue;
        if (const auto* breathe = std::get_if<app::breathe_event>(&**event)) {
            return breathe->session;
        }
    }
    return std::nullopt;
}

// Breathing sessions of a paired couple (the fixture pairs alice and bob).
struct breathe_together : paired_couple {};

// Alice at a keyboard, and bob connected as a session that sees the pushes.
struct breathe_at_the_keyboard : breathe_together {
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(breathe_together::SetUp());
        at_bob = bob.connect_session();
        ASSERT_TRUE(at_bob.client);
        alice.options().input_fd = keys.input_fd();
    }

    live_session at_bob;
    keyboard keys;
    watched_output out;
};

TEST_F(breathe_together,
       two_clients_agree_on_the_phase_within_100_ms_though_one_clock_is_seconds_off) {
    skewed_clock bobs_clock(7'300);  // bob's machine runs 7.3 s ahead
    bob.options().hooks.time = &bobs_clock;

    auto at_alice = alice.connect_session();
    auto at_bob = bob.connect_session();
    ASSERT_TRUE(at_alice.client && at_bob.client);
    auto started =
        app::start_breathing(*at_alice.client, "alice", together::breath_pattern::box, 3);
    ASSERT_TRUE(started) << started.error().message;
    EXPECT_FALSE(started->joined);

    auto pushed = next_breathe_event(*at_bob.client);
    ASSERT_TRUE(pushed);
    EXPECT_EQ(pushed->session_id(), started->session.session_id());
    auto joined =
        app::start_breathing(*at_bob.client, "bob", together::breath_pattern::four_seven_eight, 10);
    ASSERT_TRUE(joined) << joined.error().message;
    EXPECT_TRUE(joined->joined);
    EXPECT_EQ(joined->session.session_id(), started->session.session_id());
    EXPECT_EQ(joined->session.pattern(), v1::BREATH_BOX);
    // Bob's estimate sees his clock's error.
    EXPECT_NEAR(static_cast<double>(joined->clock.offset_ms), -7300.0, 100.0);

    const auto start_at = started->session.start_at_ms();
    for (int i = 0; i < 5; ++i) {
        // The same real instant, as each client computes it from its own clock.
        const auto alice_elapsed = at_alice.client->now_ms() + started->clock.offset_ms - start_at;
        const auto bob_elapsed = at_bob.client->now_ms() + joined->clock.offset_ms - start_at;
        EXPECT_LT(std::llabs(alice_elapsed - bob_elapsed), 100)
            << "alice " << alice_elapsed << " ms, bob " << bob_elapsed << " ms";
        // Ignoring the offset would put bob's phase seconds away.
        EXPECT_GT(std::llabs(at_bob.client->now_ms() - start_at - alice_elapsed), 7000);
    }
}

TEST_F(breathe_at_the_keyboard, q_on_the_keyboard_stops_the_session_for_both) {
    command_result result;
    std::thread breathing([&] {
        result =
            alice.run_watched({"breathe", "--pattern", "4-7-8", "--minutes", "2", "--json"}, out);
    });
    auto started = next_breathe_event(*at_bob.client);
    EXPECT_TRUE(started && !started->ended());
    EXPECT_TRUE(out.wait_for("\"event\":\"session\""));
    keys.type("q");
    auto stopped = next_breathe_event(*at_bob.client);
    breathing.join();

    ASSERT_TRUE(stopped);
    EXPECT_TRUE(stopped->ended());
    EXPECT_EQ(stopped->ended_by(), "alice");
    ASSERT_TRUE(result.ok()) << result;
    std::istringstream lines(result.out);
    std::string first;
    std::string last;
    for (std::string line; std::getline(lines, line);) {
        if (first.empty()) first = line;
        last = line;
    }
    const auto session = nlohmann::json::parse(first);
    EXPECT_EQ(session["pattern"], "4-7-8");
    EXPECT_EQ(session["minutes"], 2);
    EXPECT_EQ(session["started_by"], "alice");
    EXPECT_EQ(session["joined"], false);
    const auto end = nlohmann::json::parse(last);
    EXPECT_EQ(end["event"], "end");
    EXPECT_EQ(end["reason"], "stopped");
    EXPECT_EQ(end["by"], "alice");
}

TEST_F(breathe_at_the_keyboard, the_partners_stop_ends_the_breathe_command_kindly) {
    command_result result;
    std::thread breathing([&] { result = alice.run_watched({"breathe"}, out); });
    ASSERT_TRUE(next_breathe_event(*at_bob.client));
    v1::ClientFrame stop;
    stop.mutable_breathe_stop();
    auto stopped = at_bob.client->request(stop);
    breathing.join();

    ASSERT_TRUE(stopped) << stopped.error().message;
    ASSERT_TRUE(result.ok()) << result;
    EXPECT_NE(result.out.find("Breathing together: box (in 4, hold 4, out 4, hold 4), 3 min"),
              std::string::npos)
        << result;
    EXPECT_NE(result.out.find("bob ended the session. Thank you for breathing together."),
              std::string::npos)
        << result;
}

TEST_F(breathe_at_the_keyboard, chat_announces_the_partners_start_and_breathe_joins_it) {
    command_result chat;
    std::thread chatting([&] { chat = alice.run_watched({"chat"}, out); });
    EXPECT_TRUE(out.wait_for("connected to"));
    auto started = app::start_breathing(*at_bob.client, "bob", together::breath_pattern::box, 2);
    ASSERT_TRUE(started) << started.error().message;
    EXPECT_TRUE(out.wait_for("* bob started breathing together (box, 2 min) — /breathe to join"))
        << out.text();
    keys.type("/breathe\n");
    EXPECT_TRUE(out.wait_for("Joining bob's breathing: box (in 4, hold 4, out 4, hold 4), 2 min"))
        << out.text();
    keys.type("q\n");
    EXPECT_TRUE(out.wait_for("You ended the breathing session.")) << out.text();
    keys.type("/quit\n");
    chatting.join();
    EXPECT_TRUE(chat.ok()) << chat;
    auto stopped = next_breathe_event(*at_bob.client);
    ASSERT_TRUE(stopped);
    EXPECT_TRUE(stopped->ended());
    EXPECT_EQ(stopped->ended_by(), "alice");
}

TEST_F(breathe_together, bad_options_and_stopping_nothing_fail_with_a_clear_reason) {
    auto pattern = alice.run({"breathe", "--pattern", "5-5"});
    EXPECT_EQ(pattern.exit_code, 1);
    EXPECT_EQ(pattern.err, "toward: the pattern is box or 4-7-8, not '5-5'\n");
    auto minutes = alice.run({"breathe", "--minutes", "31"});
    EXPECT_EQ(minutes.exit_code, 1);
    EXPECT_EQ(minutes.err, "toward: a breathing session lasts 1 to 30 minutes\n");
    auto nothing = alice.run({"breathe", "--stop"});
    EXPECT_EQ(nothing.exit_code, 1);
    EXPECT_EQ(nothing.err, "toward: the server refused: no breathing session is running\n");
}

TEST(breathe_display, the_bar_fills_through_the_phase_and_counts_the_seconds_left) {
    const auto moment = together::phase_at(together::breath_pattern::box, 3, 16'000 + 1'000);
    EXPECT_EQ(app::format_breath_bar(moment, true, 8), "Breathe in  ▓▓░░░░░░  3");
    EXPECT_EQ(app::format_breath_bar(moment, false, 8), "Breathe in  ##------  3");
    const auto waiting = together::phase_at(together::breath_pattern::box, 3, -2'200);
    EXPECT_EQ(app::format_breath_bar(waiting, false), "Get ready...  3");
    EXPECT_EQ(app::format_phase_line(
                  together::phase_at(together::breath_pattern::four_seven_eight, 3, 12'000)),
              "Breathe out (8 s)");
}

TEST(breathe_display, utf8_is_used_only_when_the_locale_says_so) {
    const auto env_with = [](std::map<std::string, std::string> vars) {
        return [vars](const char* name) -> std::optional<std::string> {
            auto it = vars.find(name);
            if (it == vars.end()) return std::nullopt;
            return it->second;
        };
    };
    EXPECT_TRUE(app::locale_is_utf8(env_with({{"LANG", "en_GB.UTF-8"}})));
    EXPECT_TRUE(app::locale_is_utf8(env_with({{"LC_CTYPE", "C.utf8"}, {"LANG", "C"}})));
    EXPECT_FALSE(app::locale_is_utf8(env_with({{"LC_ALL", "C"}, {"LANG", "en_GB.UTF-8"}})));
    EXPECT_FALSE(app::locale_is_utf8(env_with({})));
}

TEST(help_resources, the_command_prints_the_servers_text_and_json) {
    temp_dir dir;
    const auto file = dir.path() / "help.txt";
    std::ofstream(file) << "A counsellor can help.\n";
    test_server srv(
        [&](server::server_config& config) { config.help_resources_file = file.string(); });
    client_home alice(srv, "alice");
    alice.register_user();
    auto text = alice.run({"help-resources"});
    ASSERT_TRUE(text.ok()) << text;
    EXPECT_EQ(text.out, "A counsellor can help.\n");
    auto json = alice.run({"help-resources", "--json"});
    ASSERT_TRUE(json.ok()) << json;
    EXPECT_EQ(json.json()["text"], "A counsellor can help.\n");
}

TEST(help_resources, a_server_without_the_file_says_so) {
    temp_dir dir;
    test_server srv([&](server::server_config& config) {
        config.help_resources_file = (dir.path() / "absent.txt").string();
    });
    client_home alice(srv, "alice");
    alice.register_user();
    auto result = alice.run({"help-resources"});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("no help resources text yet"), std::string::npos) << result;
}

TEST(help_resources, the_summarys_gentle_note_points_to_them) {
    v1::WeeklySummary summary;
    summary.set_week("2026-W48");
    summary.set_time_zone("UTC");
    const auto without = app::format_summary(summary);
    EXPECT_EQ(without.find("toward help-resources"), std::string::npos);
    summary.set_note("Counselling can help couples who want to turn toward each other again.");
    auto with = app::format_summary(summary);
    std::replace(with.begin(), with.end(), '\n', ' ');  // paragraphs wrap
    const auto note = with.find(summary.note());
    ASSERT_NE(note, std::string::npos);
    EXPECT_NE(with.find("toward help-resources", note), std::string::npos) << with;
}

}  // namespace
}  // namespace toward::testing
