#include "partner_sync.hpp"

#include "key_bundle_codec.hpp"
#include "pairing.hpp"

namespace toward::app {
namespace {

// A pair we learn of as the inviter: verified with one of our invites, or not.
app_result<partner_outcome> adopt_new_pair(local_store& store, const v1::PartnerInfo& info) {
    auto invites = store.pending_invites();
    if (!invites) return invites.error();
    for (const auto& invite : *invites) {
        auto bundle = verify_joiner_bundle(invite.secret, invite.inviter_bundle, info.key_bundle(),
                                           info.key_bundle_mac());
        if (!bundle) continue;
        partner_record partner;
        partner.user_name = info.user_name();
        partner.pair_id = info.pair_id();
        partner.bundle = info.key_bundle();
        partner.accepted_identity = identity_of(*bundle);
        partner.trust = partner_trust::verified;
        auto saved = store.transaction([&]() -> app_status {
            if (auto forgot = store.forget_partner(); !forgot) return forgot;
            if (auto cleared = store.clear_pending_invites(); !cleared) return cleared;
            return store.save_partner(partner);
        });
        if (!saved) return saved.error();
        return partner_outcome{partner_change::paired, "paired with " + info.user_name() +
                                                           ": keys verified with the invite"};
    }
    partner_record partner;
    partner.user_name = info.user_name();
    partner.pair_id = info.pair_id();
    partner.bundle = info.key_bundle();
    partner.trust = partner_trust::rejected;
    partner.problem = invites->empty()
                          ? "paired with " + info.user_name() +
                                " on the server, but this home holds no invite to verify the keys "
                                "with: unpair and pair again"
                          : std::string(substituted_keys_message);
    auto saved = store.transaction([&]() -> app_status {
        if (auto forgot = store.forget_partner(); !forgot) return forgot;
        return store.save_partner(partner);
    });
    if (!saved) return saved.error();
    return partner_outcome{partner_change::rejected, partner.problem};
}

}  // namespace

std::string key_changed_message(const std::string& partner_name) {
    return partner_name + "'s identity key has changed: compare safety numbers with " +
           partner_name +
           " (toward safety-number) and run `toward accept-key` before sending again";
}

app_result<partner_outcome> reconcile_partner(local_store& store, const v1::PartnerInfo& info) {
    auto stored = store.partner();
    if (!stored) return stored.error();
    if (!*stored || (*stored)->pair_id != info.pair_id()) return adopt_new_pair(store, info);

    auto& partner = **stored;
    if (partner.trust == partner_trust::rejected) {
        return partner_outcome{partner_change::rejected, partner.problem};
    }
    if (info.key_bundle() == partner.bundle) return partner_outcome{};
    auto bundle = decode_key_bundle(info.key_bundle(), info.user_name() + "'s");
    if (bundle && identity_of(*bundle) == partner.accepted_identity) {
        return partner_outcome{};  // same identity, another signed prekey: nothing to accept
    }
    if (!bundle) {
        return partner_outcome{partner_change::key_changed,
                               "the server sent an unusable key bundle for " + info.user_name() +
                                   " (" + bundle.error().message + "); keeping the accepted keys"};
    }
    if (partner.pending_bundle != info.key_bundle()) {
        partner.pending_bundle = info.key_bundle();
        if (auto saved = store.save_partner(partner); !saved) return saved.error();
    }
    return partner_outcome{partner_change::key_changed, key_changed_message(partner.user_name)};
}

app_result<partner_outcome> reconcile_no_partner(local_store& store) {
    auto stored = store.partner();
    if (!stored) return stored.error();
    if (!*stored) return partner_outcome{};
    if (auto forgot = store.forget_partner(); !forgot) return forgot.error();
    return partner_outcome{partner_change::unpaired,
                           "the pair with " + (*stored)->user_name + " has ended"};
}

app_result<partner_outcome> reconcile_partner_deleted(local_store& store,
                                                      const std::string& partner_name) {
    if (auto forgot = store.forget_partner(); !forgot) return forgot.error();
    return partner_outcome{partner_change::unpaired,
                           partner_name +
                               " has deleted their account, so your pair has ended. Your history "
                               "together stays in this home: `toward history` shows it and `toward "
                               "export` saves a copy"};
}

}  // namespace toward::app
