// invite, pair, unpair.
#include <ostream>

#include "commands/commands.hpp"
#include "key_bundle_codec.hpp"
#include "message_format.hpp"
#include "pairing.hpp"
#include "terminal_text.hpp"
#include "trigger_sharing.hpp"

namespace toward::app {
namespace {

// Fails when this home is already in a pair.
app_status check_not_paired(command_context& ctx) {
    auto partner = ctx.store().partner();
    if (!partner) return partner.error();
    if (*partner) {
        return fail("already paired with " + (*partner)->user_name +
                    ": run `toward unpair` first to pair with someone else");
    }
    return {};
}

}  // namespace

app_status run_invite(command_context& ctx, bool json) {
    auto client = ctx.connect_and_resume();
    if (!client) return client.error();
    if (auto free = check_not_paired(ctx); !free) return free;
    auto keys = ctx.ensure_keys();
    if (!keys) return keys.error();
    auto offer = make_invite_offer(crypto::make_public_bundle(keys->identity, keys->prekey));
    if (!offer) return offer.error();

    v1::ClientFrame frame;
    frame.mutable_create_invite()->set_key_bundle(offer->key_bundle);
    frame.mutable_create_invite()->set_key_bundle_mac(offer->key_bundle_mac);
    auto reply = (*client)->request(std::move(frame));
    if (!reply) return fail("cannot create the invite: " + reply.error().message);
    if (!reply->has_invite_created()) return fail("the server answered without an invite");
    const auto& created = reply->invite_created();

    auto code = crypto::format_invite_code(created.invite_id(), offer->secret);
    if (!code) return fail("the server's invite id is unusable: " + code.error().message());
    if (auto kept = ctx.store().add_pending_invite(
            {created.invite_id(), offer->secret, offer->key_bundle, created.expires_at_ms()});
        !kept) {
        return kept;
    }
    if (json) {
        ctx.print_json({{"invite_code", *code},
                        {"invite_id", created.invite_id()},
                        {"expires_at_ms", created.expires_at_ms()}});
    } else {
        ctx.out() << *code << '\n';
        ctx.err() << "Give this code to your partner (in person or by phone, not through the "
                     "server); they run `toward pair CODE`. It works once, until "
                  << format_time(created.expires_at_ms()) << ".\n";
    }
    return {};
}

app_status run_pair(command_context& ctx, const std::string& code_text) {
    auto code = crypto::parse_invite_code(code_text);
    if (!code)
        return fail("that is not an invite code (expected ID-SECRET as `toward invite` prints it)");
    auto client = ctx.connect_and_resume();
    if (!client) return client.error();
    if (auto free = check_not_paired(ctx); !free) return free;
    auto keys = ctx.ensure_keys();
    if (!keys) return keys.error();

    // Check the inviter's keys against the secret before telling the server anything.
    v1::ClientFrame lookup;
    lookup.mutable_lookup_invite()->set_invite_id(code->invite_id);
    auto invite = (*client)->request(std::move(lookup));
    if (!invite) return fail("cannot pair: " + invite.error().message);
    if (!invite->has_invite_info()) return fail("the server answered without the invite");
    const auto inviter_bundle = invite->invite_info().key_bundle();
    auto verified =
        verify_inviter_bundle(*code, inviter_bundle, invite->invite_info().key_bundle_mac());
    if (!verified) return verified.error();
    auto answer = make_redeem_answer(
        *code, crypto::make_public_bundle(keys->identity, keys->prekey), *verified);
    if (!answer) return answer.error();

    v1::ClientFrame frame;
    frame.mutable_redeem_invite()->set_invite_id(code->invite_id);
    frame.mutable_redeem_invite()->set_key_bundle(answer->key_bundle);
    frame.mutable_redeem_invite()->set_key_bundle_mac(answer->key_bundle_mac);
    auto reply = (*client)->request(std::move(frame));
    if (!reply) return fail("cannot pair: " + reply.error().message);
    if (!reply->has_paired()) return fail("the server answered without pairing");
    const auto& info = reply->paired().partner();

    partner_record partner;
    partner.user_name = info.user_name();
    partner.pair_id = info.pair_id();
    partner.bundle = info.key_bundle();
    // The pair must hold the very bundle that was checked above.
    const bool same_keys = info.key_bundle() == inviter_bundle;
    if (same_keys) {
        partner.accepted_identity = identity_of(*verified);
        partner.trust = partner_trust::verified;
    } else {
        partner.trust = partner_trust::rejected;
        partner.problem = substituted_keys_message;
    }
    auto saved = ctx.store().transaction([&]() -> app_status {
        if (auto forgot = ctx.store().forget_partner(); !forgot) return forgot;
        if (auto cleared = ctx.store().clear_pending_invites(); !cleared) return cleared;
        return ctx.store().save_partner(partner);
    });
    if (!saved) return saved;
    if (!same_keys) return fail(substituted_keys_message);
    ctx.out() << "paired with " << safe_for_terminal(partner.user_name)
              << ": keys verified with the invite\n";
    auto user = ctx.user_name();
    if (!user) return user.error();
    auto shared = share_triggers_with_new_partner(ctx.store(), *user, ctx.now_ms());
    if (!shared) return shared.error();
    if (*shared) {
        // Should this flush fail, the next command that connects sends it.
        (void)(*client)->flush_outbox();
        ctx.show({false, "your triggers are shared with " + partner.user_name});
    }
    return {};
}

app_status run_unpair(command_context& ctx) {
    auto client = ctx.connect_and_resume();
    if (!client) return client.error();
    v1::ClientFrame frame;
    frame.mutable_unpair();
    auto reply = (*client)->request(std::move(frame));
    if (!reply) return fail("cannot unpair: " + reply.error().message);
    if (auto forgot = ctx.store().forget_partner(); !forgot) return forgot;
    ctx.out() << "unpaired from " << safe_for_terminal(reply->unpaired().partner_user_name())
              << '\n';
    return {};
}

}  // namespace toward::app
