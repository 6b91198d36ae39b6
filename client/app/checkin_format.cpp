#include "checkin_format.hpp"

#include <sstream>

#include "checkin_questions.hpp"
#include "message_format.hpp"
#include "terminal_text.hpp"

namespace toward::app {
namespace {

std::string question_text(const std::string& id) {
    const auto* question = find_checkin_question(id);
    return question ? std::string(question->text) : id;
}

}  // namespace

nlohmann::json checkin_answers_json(const v1::CheckinAnswers& answers) {
    auto reflections = nlohmann::json::array();
    for (const auto& reflection : answers.reflections()) {
        reflections.push_back({{"id", reflection.question_id()},
                               {"question", question_text(reflection.question_id())},
                               {"answer", reflection.answer()}});
    }
    return {{"mood", answers.mood()},
            {"appreciation", answers.appreciation()},
            {"need", answers.need()},
            {"reflections", reflections},
            {"answered_at_ms", answers.answered_at_ms()}};
}

std::string format_checkin_answers(const v1::CheckinAnswers& answers) {
    // The partner's texts (an unknown question id too), made harmless; an
    // answer's later lines sit under it.
    std::ostringstream os;
    os << "  mood: " << answers.mood() << " of 5\n";
    if (!answers.appreciation().empty()) {
        os << "  appreciation: " << safe_for_terminal(answers.appreciation()) << '\n';
    }
    if (!answers.need().empty()) os << "  need: " << safe_for_terminal(answers.need()) << '\n';
    for (const auto& reflection : answers.reflections()) {
        os << "  " << safe_for_terminal(question_text(reflection.question_id())) << "\n    "
           << safe_for_terminal(reflection.answer(), "      ") << '\n';
    }
    return os.str();
}

std::vector<checkin_view> group_checkins(const std::vector<checkin_record>& records) {
    std::vector<checkin_view> views;
    for (const auto& record : records) {
        if (views.empty() || views.back().occurrence != record.answers.occurrence()) {
            views.push_back({record.answers.occurrence(), std::nullopt, std::nullopt});
        }
        (record.outgoing ? views.back().mine : views.back().partner) = record.answers;
    }
    return views;
}

nlohmann::json checkin_history_json(const std::vector<checkin_view>& views,
                                    const std::string& partner_name) {
    auto list = nlohmann::json::array();
    for (const auto& view : views) {
        const bool shown = view.mine && view.partner;
        list.push_back(
            {{"occurrence", view.occurrence},
             {"mine", view.mine ? checkin_answers_json(*view.mine) : nlohmann::json(nullptr)},
             {"partner", shown ? checkin_answers_json(*view.partner) : nlohmann::json(nullptr)},
             {"partner_status", shown          ? "shown"
                                : view.partner ? "hidden"
                                               : "waiting"}});
    }
    return {{"partner", partner_name}, {"check_ins", list}};
}

std::string format_checkin_history(const std::vector<checkin_view>& views,
                                   const std::string& partner) {
    const auto partner_name = safe_for_terminal(partner);
    std::ostringstream os;
    if (views.empty()) {
        os << "No check-ins yet. `toward checkin` starts one whenever you like.\n";
        return os.str();
    }
    for (const auto& view : views) {
        os << "Check-in of " << safe_for_terminal(view.occurrence) << '\n';
        if (view.mine) {
            os << " You (" << format_time(view.mine->answered_at_ms()) << "):\n"
               << format_checkin_answers(*view.mine);
        } else {
            os << " You have not answered yet.\n";
        }
        if (view.mine && view.partner) {
            os << ' ' << partner_name << " (" << format_time(view.partner->answered_at_ms())
               << "):\n"
               << format_checkin_answers(*view.partner);
        } else if (view.partner) {
            os << ' ' << partner_name
               << " has answered: answer yours with `toward checkin --occurrence "
               << safe_for_terminal(view.occurrence) << "` to see " << partner_name << "'s.\n";
        } else {
            os << " Waiting for " << partner_name << "'s answers.\n";
        }
        os << '\n';
    }
    return os.str();
}

}  // namespace toward::app
