#include "sealed_inbox.hpp"

#include "sealed_content.hpp"
#include "together/checkin_schedule.hpp"

namespace toward::app {
namespace {

sealed_receipt kept_aside(const std::string& who, const std::string& what) {
    return {{false, who + " sent " + what +
                        " that this version of toward cannot show yet (from a newer version?); "
                        "it is kept aside"},
            "content this version cannot show"};
}

app_result<sealed_receipt> receive_checkin(local_store& store, const partner_record& partner,
                                           const v1::CheckinAnswers& answers) {
    const auto& who = partner.user_name;
    if (!together::checkin_summary_week(answers.occurrence()) || answers.mood() < 1 ||
        answers.mood() > 5) {
        return kept_aside(who, "check-in answers");
    }
    auto saved = store.save_checkin({partner.pair_id, false, who, answers});
    if (!saved) return saved.error();
    auto mine = store.find_checkin(partner.pair_id, answers.occurrence(), true);
    if (!mine) return mine.error();
    const std::string label = "check-in answers for " + answers.occurrence();
    if (*mine) {
        return sealed_receipt{
            {false, who + " has answered the check-in of " + answers.occurrence() +
                        " too: `toward checkin --history` shows both"},
            label};
    }
    return sealed_receipt{{false, who + " has answered the check-in of " + answers.occurrence() +
                                      ": answer yours with `toward checkin` to see " + who + "'s"},
                          label};
}

app_result<sealed_receipt> receive_triggers(local_store& store, const partner_record& partner,
                                            const v1::TriggerList& list) {
    auto kept = store.save_partner_triggers({partner.user_name, list});
    if (!kept) return kept.error();
    if (!*kept) return sealed_receipt{{}, "an older trigger list"};
    return sealed_receipt{
        {false, partner.user_name + " shared their triggers (" +
                    std::to_string(list.triggers_size()) + "): `toward triggers list` shows them"},
        "trigger list"};
}

}  // namespace

app_result<sealed_receipt> receive_sealed(local_store& store, const partner_record& partner,
                                          const std::string& plaintext) {
    auto content = unwrap_sealed(plaintext);
    if (!content) return kept_aside(partner.user_name, "something");
    switch (content->body_case()) {
        case v1::SealedContent::kCheckin:
            return receive_checkin(store, partner, content->checkin());
        case v1::SealedContent::kTriggers:
            return receive_triggers(store, partner, content->triggers());
        case v1::SealedContent::BODY_NOT_SET:
            break;
    }
    return kept_aside(partner.user_name, "something");
}

}  // namespace toward::app
