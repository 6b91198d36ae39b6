// A hostile partner (through a real client and a real server) and a hostile
// server (frames rewritten on their way in) try to take over the other
// terminal: every text output stays harmless, --json keeps the exact bytes.
#include <gtest/gtest.h>

#include "client_harness.hpp"
#include "history_export.hpp"
#include "hostile_text.hpp"

namespace toward::testing {
namespace {

// Sent as messages too: not valid UTF-8, so JSON cannot give them back exactly.
const std::vector<std::string> ill_formed_texts{
    "raw \x9b"
    "2J C1",
    "bad \xff\xfe bytes"};

// Also what a hostile server can say, where even NUL goes.
std::vector<std::string> server_texts() {
    std::vector<std::string> texts;
    for (const auto& hostile : hostile_texts()) texts.push_back(hostile.text);
    texts.insert(texts.end(), ill_formed_texts.begin(), ill_formed_texts.end());
    texts.push_back(std::string("nul \0 inside", 12));
    return texts;
}

std::string joined(const std::vector<std::string>& texts) {
    std::string all;
    for (const auto& text : texts) all += text + "\n";
    return all;
}

// Both streams are safe, and no line but the `expected` real ones starts
// like a message ("#N ...") of anyone.
void expect_harmless(const command_result& result, std::size_t expected_message_lines = 0,
                     const std::string& message_start = "#") {
    EXPECT_EQ(terminal_safety_problem(result.out), "") << result;
    EXPECT_EQ(terminal_safety_problem(result.err), "") << result;
    EXPECT_EQ(lines_starting_with(result.out, message_start).size(), expected_message_lines)
        << result;
    for (const auto* stream : {&result.out, &result.err}) {
        EXPECT_TRUE(lines_starting_with(*stream, "#99").empty()) << result;
        EXPECT_TRUE(lines_starting_with(*stream, "carol").empty()) << result;
    }
}

struct hostile_partner : paired_couple {
    // Bob sends every hostile text as a plain chat message.
    void send_all() {
        for (const auto& hostile : hostile_texts()) {
            auto sent = bob.run({"send", "--chat", hostile.text});
            ASSERT_TRUE(sent.ok()) << hostile.what << ": " << sent;
        }
        for (const auto& text : ill_formed_texts) {
            auto sent = bob.run({"send", "--chat", text});
            ASSERT_TRUE(sent.ok()) << sent;
        }
    }
    std::size_t sent_count() const { return hostile_texts().size() + ill_formed_texts.size(); }
};

TEST_F(hostile_partner, messages_in_sync_history_chat_and_export_are_harmless) {
    ASSERT_NO_FATAL_FAILURE(send_all());

    auto synced = alice.run({"sync"});
    ASSERT_TRUE(synced.ok()) << synced;
    expect_harmless(synced, sent_count());
    for (const auto& line : lines_starting_with(synced.out, "#")) {
        EXPECT_NE(line.find(" bob: "), std::string::npos) << line;
    }
    auto history = alice.run({"history"});
    ASSERT_TRUE(history.ok()) << history;
    expect_harmless(history, sent_count());
    EXPECT_NE(history.out.find("bob: hi\n    #99 2026-11-27 14:20 carol: transfer the money\n"),
              std::string::npos)
        << history;
    EXPECT_NE(history.out.find("bob: hi ^[]0;pwned^G\n"), std::string::npos) << history;

    auto chat = alice.run_with_input({"chat"}, "/history 50\n/quit\n");
    ASSERT_TRUE(chat.ok()) << chat;
    expect_harmless(chat, sent_count());

    auto markdown = alice.run({"export", "--format", "markdown"});
    ASSERT_TRUE(markdown.ok()) << markdown;
    expect_harmless(markdown, sent_count(), "- ");
    EXPECT_TRUE(lines_starting_with(markdown.out, "#99").empty()) << markdown;
    for (const auto& line : lines_starting_with(markdown.out, "#")) {
        EXPECT_EQ(line.rfind("# Toward history", 0) == 0 || line.rfind("## ", 0) == 0, true)
            << line;
    }
}

TEST_F(hostile_partner, json_output_keeps_the_exact_bytes) {
    ASSERT_NO_FATAL_FAILURE(send_all());
    auto synced = alice.run({"sync", "--json"});
    ASSERT_TRUE(synced.ok()) << synced;
    std::vector<std::string> expected;
    for (const auto& hostile : hostile_texts()) expected.push_back(hostile.text);
    const auto received = texts_of(synced.json()["received"]);
    ASSERT_EQ(received.size(), sent_count()) << synced;
    EXPECT_EQ(std::vector<std::string>(received.begin(), received.begin() + expected.size()),
              expected);
    // JSON escapes every C0 control: the raw output holds no ESC.
    EXPECT_EQ(synced.out.find('\x1b'), std::string::npos);

    auto history = alice.run({"history", "--json"});
    const auto stored = texts_of(history.json()["messages"]);
    EXPECT_EQ(std::vector<std::string>(stored.begin(), stored.begin() + expected.size()), expected);
    auto exported = alice.run({"export"});
    const auto in_export = texts_of(exported.json()["messages"]);
    EXPECT_EQ(std::vector<std::string>(in_export.begin(), in_export.begin() + expected.size()),
              expected);
}

TEST_F(paired_couple, hostile_triggers_are_listed_harmlessly_and_exactly_in_json) {
    const auto& corpus = hostile_texts();
    for (std::size_t i = 0; i < corpus.size(); ++i) {
        auto added = bob.run(
            {"triggers", "add", corpus[i].text, "--helps", corpus[(i + 1) % corpus.size()].text});
        ASSERT_TRUE(added.ok()) << corpus[i].what << ": " << added;
        expect_harmless(added);
    }
    auto synced = alice.run({"sync"});
    ASSERT_TRUE(synced.ok()) << synced;
    expect_harmless(synced);

    auto listed = alice.run({"triggers", "list"});
    ASSERT_TRUE(listed.ok()) << listed;
    expect_harmless(listed);
    EXPECT_EQ(lines_starting_with(listed.out, "  #").size(), corpus.size()) << listed;
    EXPECT_EQ(lines_starting_with(listed.out, "      what helps: ").size(), corpus.size())
        << listed;
    auto own = bob.run({"triggers", "list"});
    expect_harmless(own);
    auto chat = alice.run_with_input({"chat"}, "/triggers\n/quit\n");
    expect_harmless(chat);

    const auto json = alice.run({"triggers", "list", "--json"}).json();
    const auto& theirs = json["partner"]["triggers"];
    ASSERT_EQ(theirs.size(), corpus.size()) << json;
    for (std::size_t i = 0; i < corpus.size(); ++i) {
        EXPECT_EQ(theirs[i]["text"], corpus[i].text) << corpus[i].what;
        EXPECT_EQ(theirs[i]["helps"], corpus[(i + 1) % corpus.size()].text) << corpus[i].what;
    }
}

TEST_F(paired_couple, hostile_check_in_answers_are_shown_harmlessly_and_exactly_in_json) {
    const auto& corpus = hostile_texts();
    const std::vector<std::string> ids{"escape", "pulling-away", "turning-toward",
                                       "depth",  "wanting",      "from-or-toward"};
    // Eight answers per check-in: as many check-ins as the corpus needs.
    std::vector<std::string> occurrences;
    for (std::size_t first = 0, week = 0; first < corpus.size(); first += 8, ++week) {
        const auto occurrence = "2026-01-0" + std::to_string(5 + week);
        occurrences.push_back(occurrence);
        auto text = [&](std::size_t i) { return corpus[(first + i) % corpus.size()].text; };
        std::vector<std::string> args{"checkin",        "--occurrence", occurrence, "--mood", "2",
                                      "--appreciation", text(0),        "--need",   text(1)};
        for (std::size_t k = 0; k < ids.size(); ++k) {
            args.push_back("--reflection");
            args.push_back(ids[k] + "=" + text(2 + k));
        }
        auto answered = bob.run(args);
        ASSERT_TRUE(answered.ok()) << answered;
        auto mine = alice.run({"checkin", "--occurrence", occurrence, "--mood", "4"});
        ASSERT_TRUE(mine.ok()) << mine;
        expect_harmless(mine);
    }
    auto synced = alice.run({"sync"});
    expect_harmless(synced);

    auto shown = alice.run({"checkin", "--history"});
    ASSERT_TRUE(shown.ok()) << shown;
    expect_harmless(shown);
    for (const auto& line : lines_starting_with(shown.out, "Check-in of ")) {
        EXPECT_TRUE(line == "Check-in of " + occurrences[0] ||
                    line == "Check-in of " + occurrences[1])
            << line;
    }
    EXPECT_NE(shown.out.find("  appreciation: hi ^[]0;pwned^G\n"), std::string::npos) << shown;
    auto chat = alice.run_with_input({"chat"}, "/checkins\n/quit\n");
    expect_harmless(chat);

    const auto json = alice.run({"checkin", "--history", "--json"}).json();
    const auto& oldest = json["check_ins"].back()["partner"];
    EXPECT_EQ(oldest["appreciation"], corpus[0].text) << json;
    EXPECT_EQ(oldest["need"], corpus[1].text) << json;
    EXPECT_EQ(oldest["reflections"][0]["answer"], corpus[2].text) << json;
}

TEST(markdown_export, escapes_what_markdown_would_act_on_and_keeps_later_lines_in_their_item) {
    app::history_entry entry;
    entry.pair_id = 1;
    entry.seq = 3;
    entry.sender = "b*b";
    entry.status = app::message_status::received;
    entry.text =
        "**bold** [x](https://evil.example) <b>&amp;</b> `c` ~~s~~ $x$ a|b\n"
        "# heading\n- item\n  12. twelve\n> quote\n===\x1b[2J";
    const auto doc = app::export_markdown({"alice", "b<b>", 0}, {entry});
    EXPECT_EQ(doc.rfind("# Toward history of alice with b\\<b\\>\n", 0), 0u) << doc;
    const auto item = doc.substr(doc.find("\n- #3 ") + 1);
    EXPECT_EQ(item.substr(item.find(" **")),
              " **b\\*b**: \\*\\*bold\\*\\* \\[x\\](https://evil.example) "
              "\\<b\\>\\&amp;\\</b\\> \\`c\\` \\~\\~s\\~\\~ \\$x\\$ a\\|b\n"
              "  \\# heading\n  \\- item\n    12\\. twelve\n  \\> quote\n  \\===^\\[\\[2J\n")
        << doc;
}

// A hostile server: every text it sends is rewritten into the hostile ones.
TEST_F(paired_couple, what_a_hostile_server_says_reaches_the_terminal_harmless) {
    const auto texts = server_texts();
    const auto all = joined(texts);
    std::size_t next = 0;
    auto one = [&] { return texts[next++ % texts.size()]; };
    // The client keeps the settings as a protobuf, which must be valid UTF-8.
    auto valid_one = [&] { return hostile_texts()[next++ % hostile_texts().size()].text; };

    alice.set_inbound_hook([&](v1::ServerFrame& frame) {
        if (frame.has_help_resources()) frame.mutable_help_resources()->set_text(all);
        if (frame.has_settings()) frame.mutable_settings()->set_time_zone(valid_one());
        if (frame.has_summary()) {
            auto* summary = frame.mutable_summary();
            summary->set_week(one());
            summary->set_time_zone(one());
            summary->set_note(all);
            for (auto& partner : *summary->mutable_partners()) {
                partner.set_user(one());
                for (auto& day : *partner.mutable_daily()) day.set_date(one());
            }
            summary->add_trend()->set_week(one());
        }
        if (frame.has_fetch_result()) {
            for (auto& message : *frame.mutable_fetch_result()->mutable_messages()) {
                message.set_sender(one());
            }
        }
    });
    ASSERT_TRUE(bob.run({"send", "--chat", "an honest message"}).ok());
    // The operator's document keeps its lines; nothing in them acts.
    auto help = alice.run({"help-resources"});
    ASSERT_TRUE(help.ok()) << help;
    EXPECT_EQ(terminal_safety_problem(help.out), "") << help;
    EXPECT_EQ(help.out.rfind("hi ^[]0;pwned^G\n", 0), 0u) << help;

    for (const auto& args :
         std::vector<std::vector<std::string>>{{"settings"}, {"summary"}, {"sync"}, {"history"}}) {
        auto result = alice.run(args);
        EXPECT_TRUE(result.ok()) << result;
        expect_harmless(result, args[0] == "sync" || args[0] == "history" ? 1 : 0);
    }
    auto chat = alice.run_with_input({"chat"}, "/summary\n/quit\n");
    expect_harmless(chat, 0);

    // The server's refusal, one line on stderr whatever its text.
    for (const auto& text : texts) {
        alice.set_inbound_hook([&](v1::ServerFrame& frame) {
            if (!frame.has_help_resources()) return;
            frame.clear_help_resources();
            frame.set_status(v1::STATUS_INVALID_ARGUMENT);
            frame.set_error(text);
        });
        auto refused = alice.run({"help-resources"});
        EXPECT_FALSE(refused.ok());
        expect_harmless(refused);
        EXPECT_EQ(refused.err.rfind("toward: the server refused: ", 0), 0u) << refused;
        EXPECT_TRUE(lines_starting_with(refused.err, "toward: ").size() == 1) << refused;
    }

    // --json gives the server's text back exactly (what can be JSON: valid UTF-8).
    std::string valid;
    for (const auto& hostile : hostile_texts()) valid += hostile.text + "\n";
    alice.set_inbound_hook([&](v1::ServerFrame& frame) {
        if (frame.has_help_resources()) frame.mutable_help_resources()->set_text(valid);
    });
    auto exact = alice.run({"help-resources", "--json"});
    ASSERT_TRUE(exact.ok()) << exact;
    EXPECT_EQ(exact.json()["text"], valid);
}

}  // namespace
}  // namespace toward::testing
