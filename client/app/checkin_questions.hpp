// The check-in's reflective questions, from the essay "Escaping Toward Your
// Partner" (docs/CHECKIN.md). The ids travel with the answers and are stable:
// reword a question freely, but never reuse an id for another one.
#pragma once

#include <array>
#include <string_view>

namespace toward::app {

struct checkin_question {
    std::string_view id;
    std::string_view text;
};

inline constexpr std::array<checkin_question, 6> checkin_questions{{
    {"escape",
     "When the week felt heavy, did you find some rest with your partner? When did they feel "
     "like a place to come home to?"},
    {"pulling-away",
     "Was there a moment you pulled away or went quiet? What might have helped you reach for "
     "your partner's support instead?"},
    {"turning-toward",
     "When did turning toward your partner take a little courage this week? What made it "
     "easier, or harder?"},
    {"depth",
     "Did work, screens or busyness keep the two of you on the surface at some point? What "
     "could make room for more time together?"},
    {"wanting",
     "Is there something you would like your partner to be for you when you need a break? "
     "Something you could share with them?"},
    {"from-or-toward",
     "When you needed a break, were you escaping from something, or toward each other? What "
     "would escaping toward look like next week?"},
}};

// The question with this id; nullptr when there is none.
constexpr const checkin_question* find_checkin_question(std::string_view id) {
    for (const auto& question : checkin_questions) {
        if (question.id == id) return &question;
    }
    return nullptr;
}

}  // namespace toward::app
