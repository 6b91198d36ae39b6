#include "sealed_inbox.hpp"

#include "sealed_content.hpp"
#include "together/checkin_schedule.hpp"

namespace toward::app {
namespace {

// Receipts are filled field by field: GCC 12 at -O3 takes the nested
// aggregate temporaries for uninitialized strings (-Wmaybe-uninitialized).
sealed_receipt make_receipt(std::string note, std::string label) {
    sealed_receipt receipt;
    receipt.note.text = std::move(note);
    receipt.label = std::move(label);
    return receipt;
}

sealed_receipt kept_aside(const std::string& who, const std::string& what) {
    return make_receipt(who + " sent " + what +
                            " that this version of toward cannot show yet (from a newer "
                            "version?); it is kept aside",
                        "content this version cannot show");
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
    const std::string answered = who + " has answered the check-in of " + answers.occurrence();
    return make_receipt(
        *mine ? answered + " too: `toward checkin --history` shows both"
              : answered + ": answer yours with `toward checkin` to see " + who + "'s",
        "check-in answers for " + answers.occurrence());
}

app_result<sealed_receipt> receive_triggers(local_store& store, const partner_record& partner,
                                            const v1::TriggerList& list) {
    auto kept = store.save_partner_triggers({partner.user_name, list});
    if (!kept) return kept.error();
    if (!*kept) return make_receipt({}, "an older trigger list");
    return make_receipt(partner.user_name + " shared their triggers (" +
                            std::to_string(list.triggers_size()) +
                            "): `toward triggers list` shows them",
                        "trigger list");
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
