// How check-ins are shown: one partner's answers, and the history of past
// check-ins with the hiding rule applied (docs/CHECKIN.md): the partner's
// answers to a check-in appear only once this user has answered it too. JSON
// shapes are documented in client/app/README.md.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "local_store.hpp"

namespace toward::app {

// {"mood", "appreciation", "need", "reflections": [{"id", "question", "answer"}],
//  "answered_at_ms"}.
nlohmann::json checkin_answers_json(const v1::CheckinAnswers& answers);
// The answers for people, each line indented by two spaces; the texts pass
// through safe_for_terminal (terminal_text.hpp). So does all that
// format_checkin_history shows of the partner.
std::string format_checkin_answers(const v1::CheckinAnswers& answers);

// One check-in as the history shows it.
struct checkin_view {
    std::string occurrence;
    std::optional<v1::CheckinAnswers> mine;
    std::optional<v1::CheckinAnswers> partner;  // only ever shown when mine is set
};
// Groups a pair's stored answers by check-in, newest first.
std::vector<checkin_view> group_checkins(const std::vector<checkin_record>& records);

// {"check_ins": [{"occurrence", "mine", "partner", "partner_status"}], "partner"}:
// mine/partner null when absent or hidden; partner_status "shown", "hidden"
// (answered, waiting for yours) or "waiting" (not answered yet).
nlohmann::json checkin_history_json(const std::vector<checkin_view>& views,
                                    const std::string& partner_name);
std::string format_checkin_history(const std::vector<checkin_view>& views,
                                   const std::string& partner_name);

}  // namespace toward::app
