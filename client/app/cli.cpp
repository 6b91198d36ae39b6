#include "cli.hpp"

#include <CLI/CLI.hpp>
#include <ostream>
#include <sstream>

#include "commands/commands.hpp"
#include "terminal_text.hpp"

namespace toward::app {
namespace {

// What the parsed command line asks for.
struct parsed_command {
    global_options globals;
    std::string user_name;
    std::string registration_code;  // register --code
    std::string code;
    send_request send;
    std::vector<std::string> words;
    std::size_t limit = 50;
    bool json = false;
    bool chat_tag = false;
    std::string week;
    std::string key;
    std::string value;
    bool answering = false;
    std::string answering_bid;  // classify --to
    bool explain = false;       // classify --explain
    std::uint32_t minutes = 0;
    std::uint64_t seq = 0;
    std::string emoji;
    export_request export_to;
    bool yes = false;
    checkin_request checkin;
    bool history = false;
    std::string helps;
    breathe_request breathe;
};

// `--bid` alone must not swallow the message text as its category, so only
// the attached form `--bid=CATEGORY` carries one: it becomes --bid plus a
// hidden --bid-category before CLI11 sees it.
std::vector<std::string> expand_bid(const std::vector<std::string>& args) {
    std::vector<std::string> out;
    bool after_separator = false;
    for (const auto& arg : args) {
        if (!after_separator && arg.rfind("--bid=", 0) == 0) {
            out.emplace_back("--bid");
            out.push_back("--bid-category=" + arg.substr(6));
            continue;
        }
        after_separator = after_separator || arg == "--";
        out.push_back(arg);
    }
    return out;
}

std::string join(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& word : words) {
        if (!text.empty()) text += ' ';
        text += word;
    }
    return text;
}

}  // namespace

int run_command(const std::vector<std::string>& raw_args, std::ostream& out, std::ostream& err,
                const run_options& run) {
    parsed_command cmd;
    CLI::App app{"Toward: an end-to-end encrypted messenger for two partners", "toward"};
    // No subcommand prints the usage (below); --version the version.
    app.require_subcommand(0, 1);
    app.set_version_flag("--version", "toward 0.1.0");
    app.fallthrough();
    app.add_option("--home", cmd.globals.home,
                   "home directory (default: $TOWARD_HOME, else $XDG_DATA_HOME/toward)");
    app.add_option("--server", cmd.globals.server, "server URL, wss://HOST:PORT/v1/ws");
    app.add_option("--ca-file", cmd.globals.ca_file,
                   "PEM file of the CA that signed the server's certificate");

    auto* reg = app.add_subcommand("register",
                                   "create an account (password from TOWARD_PASSWORD or a prompt)");
    reg->add_option("user", cmd.user_name, "user name")->required();
    reg->add_option("--code", cmd.registration_code,
                    "registration code, on a server that registers by code");
    auto* login = app.add_subcommand("login", "log in to an existing account");
    login->add_option("user", cmd.user_name, "user name")->required();
    app.add_subcommand("logout", "revoke this home's session");
    auto* delete_account = app.add_subcommand(
        "delete-account", "delete your account from the server and erase this home");
    delete_account->add_flag("--yes", cmd.yes, "do not ask to type the user name (scripts)");
    auto* export_history = app.add_subcommand("export", "write your local history (works offline)");
    export_history->add_option("--format", cmd.export_to.format, "json (default) or markdown")
        ->check(CLI::IsMember({"json", "markdown"}));
    export_history->add_option("--output", cmd.export_to.output,
                               "write to FILE (mode 0600) instead of stdout");
    export_history->add_flag("--force", cmd.export_to.force, "replace FILE if it exists");

    auto* invite = app.add_subcommand("invite", "print an invite code for your partner");
    invite->add_flag("--json", cmd.json, "JSON output");
    auto* pair = app.add_subcommand("pair", "pair with the partner who gave you CODE");
    pair->add_option("code", cmd.code, "the invite code")->required();
    app.add_subcommand("unpair", "end the pair (both partners are told)");

    auto* send = app.add_subcommand("send", "send a message; exits 0 once the server stored it");
    auto* bid = send->add_flag("--bid", cmd.send.tags.bid,
                               "tag as a bid; --bid=CATEGORY names its category");
    send->add_option("--bid-category", cmd.send.tags.bid_category)->group("");
    auto* chat_flag = send->add_flag("--chat", cmd.chat_tag, "tag as plain chat (the default)");
    auto* reply = send->add_option("--reply-to", cmd.send.tags.reply_to,
                                   "answer the partner's bid number SEQ");
    send->add_option("--turn", cmd.send.tags.turn,
                     "with --reply-to: toward (default), away or against");
    send->add_flag("--json", cmd.send.json, "JSON output");
    send->add_option("text", cmd.words, "the message")->required();
    bid->excludes(chat_flag)->excludes(reply);
    chat_flag->excludes(reply);

    auto* sync = app.add_subcommand("sync", "fetch, decrypt, store and print new messages");
    sync->add_flag("--json", cmd.json, "JSON output");
    auto* history = app.add_subcommand("history", "print the local history");
    history->add_option("--limit", cmd.limit, "the last N messages (0: all; default 50)");
    history->add_flag("--json", cmd.json, "JSON output");
    auto* safety = app.add_subcommand("safety-number", "the number to compare with your partner");
    safety->add_flag("--json", cmd.json, "JSON output");
    app.add_subcommand("accept-key", "trust your partner's changed identity key");
    app.add_subcommand("chat", "interactive chat");

    auto* summary = app.add_subcommand("summary", "the weekly summary of bids and answers");
    summary->add_option("--week", cmd.week, "the ISO week YYYY-Www (default: this week)");
    summary->add_flag("--json", cmd.json, "JSON output");
    auto* settings = app.add_subcommand("settings", "show the pair's bid-tracking settings");
    settings->add_flag("--json", cmd.json, "JSON output");
    settings->require_subcommand(0, 1);
    auto* set = settings->add_subcommand(
        "set",
        "change a setting: response-window (4h, 90m), time-zone (IANA), tracking (on/off), "
        "check-in (\"sun 19:00\", \"sun 19:00 biweekly\", off)");
    set->add_option("key", cmd.key, "response-window, time-zone, tracking or check-in")->required();
    set->add_option("value", cmd.value, "the new value")->required();
    set->add_flag("--json", cmd.json, "JSON output");
    auto* pause = app.add_subcommand("pause", "take MINUTES off; bids are not missed meanwhile");
    pause->add_option("minutes", cmd.minutes, "minutes (at most 1440; 0 ends the pause)")
        ->required();
    pause->add_flag("--json", cmd.json, "JSON output");
    auto* retag = app.add_subcommand("retag", "change the tag of one of your messages");
    retag->add_option("seq", cmd.seq, "the message's number")->required();
    auto* retag_bid =
        retag->add_flag("--bid", cmd.send.tags.bid, "a bid; --bid=CATEGORY names its category");
    retag->add_option("--bid-category", cmd.send.tags.bid_category)->group("");
    auto* retag_chat = retag->add_flag("--chat", cmd.chat_tag, "plain chat");
    auto* retag_reply =
        retag->add_option("--reply-to", cmd.send.tags.reply_to, "a response to bid SEQ");
    retag->add_option("--turn", cmd.send.tags.turn, "with --reply-to: toward, away or against");
    retag->add_flag("--json", cmd.json, "JSON output");
    retag_bid->excludes(retag_chat)->excludes(retag_reply);
    retag_chat->excludes(retag_reply);
    auto* react = app.add_subcommand("react", "answer your partner's bid SEQ with an emoji");
    react->add_option("seq", cmd.seq, "the bid's number")->required();
    react->add_option("emoji", cmd.emoji, "the reaction, e.g. ❤️")->required();
    react->add_flag("--json", cmd.json, "JSON output");
    auto* breathe = app.add_subcommand(
        "breathe", "breathe together: both of you see the same phase at the same moment");
    breathe->add_option("--pattern", cmd.breathe.pattern, "box (4-4-4-4, default) or 4-7-8");
    auto* breathe_minutes =
        breathe->add_option("--minutes", cmd.breathe.minutes, "1 to 30 (default 3)");
    breathe->add_flag("--stop", cmd.breathe.stop, "end the running session, for both of you");
    breathe->add_flag("--json", cmd.breathe.json, "one JSON object per line");
    auto* help_resources = app.add_subcommand(
        "help-resources", "kinds of professional help, and how to find a couples counsellor");
    help_resources->add_flag("--json", cmd.json, "JSON output");
    auto* classify =
        app.add_subcommand("classify", "how TEXT would be tagged (sends nothing, needs no server)");
    classify->add_flag("--answering", cmd.answering, "as the answer to the partner's open bid");
    classify->add_option("--to", cmd.answering_bid,
                         "with --answering: the text of the bid it answers (its context)");
    classify->add_flag("--explain", cmd.explain, "list what pushed the decision");
    classify->add_flag("--json", cmd.json, "JSON output");
    classify->add_option("text", cmd.words, "the message")->required();

    auto* checkin = app.add_subcommand(
        "checkin", "the check-in: the week's summary, a few questions, a mood, thanks and a need");
    checkin->add_flag("--history", cmd.history, "past check-ins, newest first");
    checkin->add_flag("--json", cmd.checkin.json, "JSON output");
    checkin->add_option("--occurrence", cmd.checkin.occurrence,
                        "answer the check-in of this date, YYYY-MM-DD (default: the current one)");
    checkin->add_option("--mood", cmd.checkin.mood, "without questions: how you feel, 1 to 5");
    checkin->add_option("--appreciation", cmd.checkin.appreciation,
                        "without questions: one thing you appreciated");
    checkin->add_option("--need", cmd.checkin.need, "without questions: one thing you need");
    checkin->add_option("--reflection", cmd.checkin.reflections,
                        "without questions: ID=TEXT, an answer to a reflective question");
    auto* triggers = app.add_subcommand("triggers", "your and your partner's triggers");
    triggers->require_subcommand(1);
    auto* triggers_add =
        triggers->add_subcommand("add", "name a word or situation that sets off a strong reaction");
    triggers_add->add_option("text", cmd.words, "the trigger")->required();
    triggers_add->add_option("--helps", cmd.helps, "what helps instead");
    triggers_add->add_flag("--json", cmd.json, "JSON output");
    auto* triggers_list = triggers->add_subcommand("list", "yours and your partner's");
    triggers_list->add_flag("--json", cmd.json, "JSON output");
    auto* triggers_remove = triggers->add_subcommand("remove", "remove one of yours");
    triggers_remove->add_option("id", cmd.seq, "its number, as the list shows it")->required();
    triggers_remove->add_flag("--json", cmd.json, "JSON output");

    try {
        const auto args = expand_bid(raw_args);
        std::vector<std::string> reversed(args.rbegin(), args.rend());
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return exit_ok;
    } catch (const CLI::CallForVersion& e) {
        out << e.what() << '\n';
        return exit_ok;
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {
            out << app.help();
            return exit_ok;
        }
        err << "toward: " << safe_for_terminal(e.what()) << " (see `toward --help`)\n";
        return exit_usage;
    }

    if (app.get_subcommands().empty()) {
        err << app.help();
        return exit_usage;
    }
    if (app.get_subcommands().front()->get_name() == "classify") {
        classify_request request{join(cmd.words), cmd.answering, cmd.answering_bid, cmd.explain,
                                 cmd.json};
        if (!request.bid_text.empty() && !request.answering) {
            err << "toward: --to goes with --answering\n";
            return 2;
        }
        return run_classify(request, out);
    }

    try {
        auto ctx = command_context::open(cmd.globals, out, err, run);
        if (!ctx) {
            err << "toward: " << safe_for_terminal(ctx.error().message) << '\n';
            return exit_failure;
        }
        auto& c = **ctx;
        const auto* chosen = app.get_subcommands().front();
        const std::string name = chosen->get_name();
        app_status status;
        if (name == "register")
            status = run_register(c, cmd.user_name, cmd.registration_code);
        else if (name == "login")
            status = run_login(c, cmd.user_name);
        else if (name == "logout")
            status = run_logout(c);
        else if (name == "delete-account")
            status = run_delete_account(c, cmd.yes);
        else if (name == "export")
            status = run_export(c, cmd.export_to);
        else if (name == "invite")
            status = run_invite(c, cmd.json);
        else if (name == "pair")
            status = run_pair(c, cmd.code);
        else if (name == "unpair")
            status = run_unpair(c);
        else if (name == "send") {
            cmd.send.text = join(cmd.words);
            cmd.send.chat = cmd.chat_tag;
            status = run_send(c, cmd.send);
        } else if (name == "sync")
            status = run_sync(c, cmd.json);
        else if (name == "history")
            status = run_history(c, cmd.limit, cmd.json);
        else if (name == "safety-number")
            status = run_safety_number(c, cmd.json);
        else if (name == "accept-key")
            status = run_accept_key(c);
        else if (name == "chat")
            status = run_chat(c);
        else if (name == "summary")
            status = run_summary(c, cmd.week, cmd.json);
        else if (name == "settings") {
            status = chosen->get_subcommands().empty()
                         ? run_settings(c, cmd.json)
                         : run_settings_set(c, cmd.key, cmd.value, cmd.json);
        } else if (name == "pause")
            status = run_pause(c, cmd.minutes, cmd.json);
        else if (name == "retag")
            status = run_retag(c, cmd.seq, cmd.send.tags, cmd.chat_tag, cmd.json);
        else if (name == "react")
            status = run_react(c, cmd.seq, cmd.emoji, cmd.json);
        else if (name == "checkin") {
            status = cmd.history ? run_checkin_history(c, cmd.checkin.json)
                                 : run_checkin(c, cmd.checkin);
        } else if (name == "triggers") {
            const auto action = chosen->get_subcommands().front()->get_name();
            if (action == "add")
                status = run_triggers_add(c, join(cmd.words), cmd.helps, cmd.json);
            else if (action == "list")
                status = run_triggers_list(c, cmd.json);
            else
                status = run_triggers_remove(c, cmd.seq, cmd.json);
        } else if (name == "breathe") {
            // 0 is the request's "not given" (3 minutes); typed, it is as wrong as 31.
            if (breathe_minutes->count() > 0 && cmd.breathe.minutes == 0)
                status = fail("a breathing session lasts 1 to 30 minutes");
            else
                status = run_breathe(c, cmd.breathe);
        } else if (name == "help-resources")
            status = run_help_resources(c, cmd.json);
        if (!status) {
            // Failures often quote the server: one harmless line.
            err << "toward: " << safe_for_terminal(status.error().message) << '\n';
            return exit_failure;
        }
        out.flush();
        return exit_ok;
    } catch (const std::exception& e) {
        err << "toward: " << safe_for_terminal(e.what()) << '\n';
        return exit_failure;
    }
}

}  // namespace toward::app
