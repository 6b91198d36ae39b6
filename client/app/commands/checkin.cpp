// checkin and checkin --history (SPEC §7, docs/CHECKIN.md): the week's
// summary, the essay's reflective questions, a mood, one appreciation and one
// need; stored here and shared end to end; the partner's answers shown once
// both have answered.
#include <ostream>

#include "checkin_due.hpp"
#include "checkin_format.hpp"
#include "checkin_questions.hpp"
#include "commands/commands.hpp"
#include "commands/share_now.hpp"
#include "line_input.hpp"
#include "outgoing.hpp"
#include "sealed_content.hpp"
#include "summary_format.hpp"
#include "terminal_text.hpp"

namespace toward::app {
namespace {

constexpr std::size_t max_answer_bytes = 2000;

bool asks_questions(const checkin_request& request) {
    return !request.mood && !request.appreciation && !request.need && request.reflections.empty();
}

// The answers given as flags, checked; nothing is stored when one is wrong.
app_result<v1::CheckinAnswers> answers_from_flags(const checkin_request& request) {
    v1::CheckinAnswers answers;
    if (!request.mood) return fail("--mood N (1 to 5) goes with the other answers");
    if (*request.mood < 1 || *request.mood > 5) return fail("the mood is a number from 1 to 5");
    answers.set_mood(*request.mood);
    answers.set_appreciation(request.appreciation.value_or(""));
    answers.set_need(request.need.value_or(""));
    for (const auto& given : request.reflections) {
        const auto equals = given.find('=');
        const auto id = given.substr(0, equals);
        if (equals == std::string::npos || !find_checkin_question(id)) {
            std::string ids;
            for (const auto& question : checkin_questions) {
                ids += (ids.empty() ? "" : ", ") + std::string(question.id);
            }
            return fail("--reflection is ID=TEXT with ID one of " + ids);
        }
        for (const auto& earlier : answers.reflections()) {
            if (earlier.question_id() == id) return fail("--reflection " + id + " is given twice");
        }
        auto* reflection = answers.add_reflections();
        reflection->set_question_id(id);
        reflection->set_answer(given.substr(equals + 1));
    }
    return answers;
}

app_status check_answers(const v1::CheckinAnswers& answers) {
    if (auto ok = check_shared_text(answers.appreciation(), "the appreciation", max_answer_bytes);
        !ok)
        return ok;
    if (auto ok = check_shared_text(answers.need(), "the need", max_answer_bytes); !ok) return ok;
    for (const auto& reflection : answers.reflections()) {
        if (auto ok = check_shared_text(reflection.answer(), "an answer", max_answer_bytes); !ok)
            return ok;
    }
    return {};
}

// Asks the questions on the input, one line each.
class checkin_questionnaire {
  public:
    checkin_questionnaire(const command_context& ctx, std::ostream& prompts, std::string partner)
        : prompts_(prompts), input_(ctx.run().input_fd), partner_(std::move(partner)) {}

    app_result<v1::CheckinAnswers> ask() {
        v1::CheckinAnswers answers;
        prompts_ << "A few questions to reflect on (press Enter to skip one):\n";
        int number = 0;
        for (const auto& question : checkin_questions) {
            prompts_ << '\n'
                     << ++number << '/' << checkin_questions.size() << ' ' << question.text
                     << "\n> " << std::flush;
            auto line = read();
            if (!line) return line.error();
            if (line->empty()) continue;
            auto* reflection = answers.add_reflections();
            reflection->set_question_id(std::string(question.id));
            reflection->set_answer(*line);
        }
        for (;;) {
            prompts_ << "\nHow do you feel about the two of you right now, from 1 (it's hard) to "
                        "5 (wonderful)?\n> "
                     << std::flush;
            auto line = read();
            if (!line) return line.error();
            if (line->size() == 1 && (*line)[0] >= '1' && (*line)[0] <= '5') {
                answers.set_mood(static_cast<unsigned>((*line)[0] - '0'));
                break;
            }
            prompts_ << "A number from 1 to 5, please.\n";
        }
        prompts_ << "\nOne thing you appreciated about " << partner_ << " lately:\n> "
                 << std::flush;
        auto appreciation = read();
        if (!appreciation) return appreciation.error();
        answers.set_appreciation(*appreciation);
        prompts_ << "\nOne thing you need from " << partner_ << " in the days ahead:\n> "
                 << std::flush;
        auto need = read();
        if (!need) return need.error();
        answers.set_need(*need);
        prompts_ << '\n';
        return answers;
    }

  private:
    app_result<std::string> read() {
        auto line = input_.next();
        if (!line) {
            return fail(
                "the input ended before the check-in was finished: nothing was saved or "
                "sent; run `toward checkin` again whenever you like");
        }
        return *line;
    }

    std::ostream& prompts_;
    line_input input_;
    std::string partner_;
};

// The week's summary before the questions; the check-in goes on without it.
void show_week(command_context& ctx, session_client& client, const std::string& occurrence) {
    const auto week = together::checkin_summary_week(occurrence);
    if (!week) return;
    v1::ClientFrame frame;
    frame.mutable_summary()->set_week(summary::format_iso_week(*week));
    auto reply = client.request(std::move(frame));
    if (!reply || !reply->has_summary()) {
        ctx.show({false, "(the week's summary is not available right now)"});
        return;
    }
    ctx.out() << format_summary(reply->summary()) << '\n';
}

}  // namespace

app_status run_checkin(command_context& ctx, const checkin_request& request) {
    ctx.quiet_checkin_offer();
    std::optional<v1::CheckinAnswers> given;
    if (!asks_questions(request)) {
        auto answers = answers_from_flags(request);
        if (!answers) return answers.error();
        if (auto ok = check_answers(*answers); !ok) return ok;
        given = std::move(*answers);
    }
    if (!request.occurrence.empty() && !together::checkin_summary_week(request.occurrence)) {
        return fail("--occurrence is the check-in's date, YYYY-MM-DD");
    }
    auto user = ctx.user_name();
    if (!user) return user.error();
    auto partner = sendable_partner(ctx.store());
    if (!partner) return partner.error();

    auto connected = ctx.connect_and_resume();
    if (!connected) return connected.error();
    auto client = std::move(*connected);
    auto settings = client->pair_settings();
    if (!settings) return fail("the server did not send the pair's settings; try again soon");
    const auto now = ctx.now_ms();
    const auto occurrence =
        request.occurrence.empty() ? occurrence_to_answer(*settings, now) : request.occurrence;
    if (occurrence > pair_local_date(*settings, now)) {
        return fail("the check-in of " + occurrence + " has not come round yet");
    }
    auto earlier = ctx.store().find_checkin(partner->pair_id, occurrence, true);
    if (!earlier) return earlier.error();
    if (*earlier) {
        return fail("you have already answered the check-in of " + occurrence +
                    ", thank you: `toward checkin --history` shows it");
    }

    const auto partner_name =
        safe_for_terminal(partner->user_name);  // the server's: shown harmless
    if (!given) {
        ctx.out() << "Check-in of " << occurrence << " with " << partner_name << "\n\n";
        show_week(ctx, *client, occurrence);
        checkin_questionnaire questions(ctx, request.json ? ctx.err() : ctx.out(), partner_name);
        auto answers = questions.ask();
        if (!answers) return answers.error();
        if (auto ok = check_answers(*answers); !ok) return ok;
        given = std::move(*answers);
    }
    given->set_occurrence(occurrence);
    given->set_answered_at_ms(now);

    const auto pair = partner->pair_id;
    auto queued =
        queue_sealed(ctx.store(), *user, *partner, [&]() -> app_result<v1::SealedContent> {
            auto saved = ctx.store().save_checkin({pair, true, *user, *given});
            if (!saved) return saved.error();
            v1::SealedContent content;
            *content.mutable_checkin() = *given;
            return content;
        });
    if (!queued) return queued.error();
    auto shared = share_now(ctx, client, queued->id, partner->user_name);
    if (!shared) return shared.error();

    auto theirs = ctx.store().find_checkin(pair, occurrence, false);
    if (!theirs) return theirs.error();
    checkin_view view{occurrence, *given,
                      *theirs ? std::optional((*theirs)->answers) : std::nullopt};
    if (request.json) {
        auto json = checkin_history_json({view}, partner->user_name)["check_ins"][0];
        json["shared"] = *shared;
        ctx.print_json(json);
        return {};
    }
    ctx.out() << "Thank you for checking in. ";
    if (*shared) {
        ctx.out() << "Your answers are on their way to " << partner_name
                  << ", end to end encrypted.\n";
    } else {
        ctx.out() << "Your answers are saved.\n";
    }
    if (view.partner) {
        ctx.out() << '\n'
                  << partner_name << "'s answers:\n"
                  << format_checkin_answers(*view.partner);
    } else {
        ctx.out() << partner_name << "'s answers will show in `toward checkin --history` once "
                  << partner_name << " has answered too.\n";
    }
    return {};
}

app_status run_checkin_history(command_context& ctx, bool json, shared_view view) {
    bool up_to_date = view == shared_view::as_stored;
    if (view == shared_view::fetch_first) {
        ctx.quiet_checkin_offer();
        up_to_date = refresh_from_server(ctx);
    }
    auto partner = ctx.store().partner();
    if (!partner) return partner.error();
    if (!*partner) return fail("not paired: run `toward invite` or `toward pair CODE` first");
    auto records = ctx.store().checkins((*partner)->pair_id);
    if (!records) return records.error();
    const auto views = group_checkins(*records);
    if (json) {
        auto out = checkin_history_json(views, (*partner)->user_name);
        out["up_to_date"] = up_to_date;
        ctx.print_json(out);
    } else {
        ctx.out() << format_checkin_history(views, (*partner)->user_name);
    }
    return {};
}

}  // namespace toward::app
