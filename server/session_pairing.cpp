// Key bundles, invites, pairing and unpairing.
#include "auth/session_token.hpp"
#include "protocol_session_impl.hpp"
#include "util/log.hpp"

namespace toward::server {
namespace {

constexpr std::size_t max_key_bundle_bytes = 4096;
constexpr std::size_t max_mac_bytes = 64;

bool valid_bundle(const std::string& bundle, const std::string& mac) {
    return !bundle.empty() && bundle.size() <= max_key_bundle_bytes && !mac.empty() &&
           mac.size() <= max_mac_bytes;
}

}  // namespace

void protocol_session::fill_partner(v1::PartnerInfo& info, const partner_view& view) const {
    info.set_user_name(view.partner_name);
    info.set_key_bundle(view.partner_key_bundle);
    info.set_key_bundle_mac(view.partner_key_bundle_mac);
    info.set_pair_id(static_cast<std::uint64_t>(view.pair));
    info.set_online(ctx_.online.is_online(view.partner));
}

void protocol_session::set_partner(user_id partner) {
    partner_ = partner;
    seen_up_to_ = 0;  // a new pair counts from its first message
}

void protocol_session::handle_publish_keys(std::uint64_t request_id,
                                           const v1::PublishKeysRequest& request) {
    if (request.key_bundle().empty() || request.key_bundle().size() > max_key_bundle_bytes) {
        return reply_error(request_id, errc::invalid_argument, "key bundle missing or too large");
    }
    ctx_.db.publish_keys(user_, request.key_bundle(),
                         on_strand<void>([self = shared_from_this(), request_id](result<void> r) {
                             if (!r) return self->reply_error(request_id, error_of(r));
                             self->reply_ok(request_id);
                         }));
}

void protocol_session::handle_create_invite(std::uint64_t request_id,
                                            const v1::CreateInviteRequest& request) {
    if (!valid_bundle(request.key_bundle(), request.key_bundle_mac())) {
        return reply_error(request_id, errc::invalid_argument, "key bundle or its MAC is missing");
    }
    auto invite_id = make_random_id(9);
    if (!invite_id) return reply_error(request_id, errc::internal);
    const auto now = ctx_.time.now_ms();
    const auto expires = now + ctx_.config.invite_ttl_hours * 3600 * 1000;
    ctx_.db.create_invite(user_, *invite_id, request.key_bundle(), request.key_bundle_mac(),
                          expires, now,
                          on_strand<void>([self = shared_from_this(), request_id,
                                           invite_id = *invite_id, expires](result<void> created) {
                              if (!created) return self->reply_error(request_id, error_of(created));
                              v1::ServerFrame frame;
                              frame.mutable_invite_created()->set_invite_id(invite_id);
                              frame.mutable_invite_created()->set_expires_at_ms(expires);
                              self->reply(request_id, frame);
                          }));
}

bool protocol_session::take_redeem_attempt(std::uint64_t request_id) {
    // Looking up and redeeming share one budget: both probe invite ids.
    const auto now = ctx_.time.now_ms();
    const bool user_ok = ctx_.redeem_by_user.try_attempt(user_name_, now);
    const bool address_ok = ctx_.redeem_by_address.try_attempt(remote_address_, now);
    if (user_ok && address_ok) return true;
    ctx_.stats.count_limit_hit(errc::redeem_throttled);
    reply_error(request_id, errc::redeem_throttled);
    return false;
}

void protocol_session::handle_lookup_invite(std::uint64_t request_id,
                                            const v1::LookupInviteRequest& request) {
    if (request.invite_id().empty() || request.invite_id().size() > 64) {
        return reply_error(request_id, errc::invalid_argument, "invite id missing or too long");
    }
    if (partner_ != 0) return reply_error(request_id, errc::already_paired);
    if (!take_redeem_attempt(request_id)) return;
    ctx_.db.lookup_invite(
        request.invite_id(), ctx_.time.now_ms(),
        on_strand<invite_view>([self = shared_from_this(), request_id](result<invite_view> invite) {
            if (!invite) return self->reply_error(request_id, error_of(invite));
            // One's own invite is not one to accept (PROTOCOL §3.6a).
            if (invite->inviter_name == self->user_name_)
                return self->reply_error(request_id, errc::invite_invalid);
            v1::ServerFrame frame;
            auto* info = frame.mutable_invite_info();
            info->set_inviter_user_name(invite->inviter_name);
            info->set_key_bundle(invite->key_bundle);
            info->set_key_bundle_mac(invite->key_bundle_mac);
            info->set_expires_at_ms(invite->expires_at_ms);
            self->reply(request_id, frame);
        }));
}

void protocol_session::handle_redeem_invite(std::uint64_t request_id,
                                            const v1::RedeemInviteRequest& request) {
    if (request.invite_id().empty() || request.invite_id().size() > 64 ||
        !valid_bundle(request.key_bundle(), request.key_bundle_mac())) {
        return reply_error(request_id, errc::invalid_argument,
                           "invite id, key bundle or MAC missing or too long");
    }
    if (!take_redeem_attempt(request_id)) return;
    const auto now = ctx_.time.now_ms();
    ctx_.db.redeem_invite(
        user_, request.invite_id(), request.key_bundle(), request.key_bundle_mac(), now,
        on_strand<pairing_outcome>(
            [self = shared_from_this(), request_id](result<pairing_outcome> paired) {
                if (!paired) return self->reply_error(request_id, error_of(paired));
                log::info("pair ", paired->pair, " formed");
                self->set_partner(paired->for_joiner.partner);
                v1::ServerFrame frame;
                self->fill_partner(*frame.mutable_paired()->mutable_partner(), paired->for_joiner);
                self->reply(request_id, frame);
                self->ctx_.online.for_each_session(paired->inviter, [&](const auto& session) {
                    session->notify_paired(paired->for_inviter);
                });
                // The joiner's other connections learn of it as well.
                self->ctx_.online.for_each_session(self->user_, [&](const auto& session) {
                    if (session != self) session->notify_paired(paired->for_joiner);
                });
            }));
}

void protocol_session::notify_paired(partner_view partner) {
    boost::asio::post(strand_, [self = shared_from_this(), partner = std::move(partner)] {
        if (self->closed_ || self->user_ == 0) return;
        self->set_partner(partner.partner);
        v1::ServerFrame frame;
        self->fill_partner(*frame.mutable_paired()->mutable_partner(), partner);
        self->send(serialize(frame));
    });
}

void protocol_session::handle_unpair(std::uint64_t request_id) {
    ctx_.db.unpair(user_, ctx_.time.now_ms(),
                   on_strand<unpairing_outcome>([self = shared_from_this(),
                                                 request_id](result<unpairing_outcome> ended) {
                       if (!ended) return self->reply_error(request_id, error_of(ended));
                       log::info("pair ", ended->pair, " ended");
                       self->set_partner(0);
                       v1::ServerFrame frame;
                       frame.mutable_unpaired()->set_partner_user_name(ended->partner_name);
                       self->reply(request_id, frame);
                       self->ctx_.online.for_each_session(ended->partner, [&](const auto& session) {
                           session->notify_unpaired(ended->user_name);
                       });
                       self->ctx_.online.for_each_session(self->user_, [&](const auto& session) {
                           if (session != self) session->notify_unpaired(ended->partner_name);
                       });
                   }));
}

void protocol_session::notify_unpaired(std::string partner_name, bool account_deleted) {
    boost::asio::post(strand_, [self = shared_from_this(), partner_name = std::move(partner_name),
                                account_deleted] {
        if (self->closed_ || self->user_ == 0) return;
        self->set_partner(0);
        v1::ServerFrame frame;
        frame.mutable_unpaired()->set_partner_user_name(partner_name);
        frame.mutable_unpaired()->set_account_deleted(account_deleted);
        self->send(serialize(frame));
    });
}

void protocol_session::handle_get_partner(std::uint64_t request_id) {
    ctx_.db.load_partner(user_, on_strand<partner_view>([self = shared_from_this(),
                                                         request_id](result<partner_view> partner) {
                             if (!partner) return self->reply_error(request_id, error_of(partner));
                             v1::ServerFrame frame;
                             self->fill_partner(*frame.mutable_partner(), *partner);
                             self->reply(request_id, frame);
                         }));
}

}  // namespace toward::server
