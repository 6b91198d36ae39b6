// Register, login, resume and logout. Password hashing runs on the hashing
// pool; the store runs on its own thread; replies come back to the strand.
#include <boost/asio/post.hpp>

#include "auth/password_hash.hpp"
#include "auth/registration_code.hpp"
#include "auth/session_token.hpp"
#include "protocol_session_impl.hpp"
#include "util/log.hpp"

namespace toward::server {
namespace {

bool valid_user_name(std::string_view name) {
    if (name.empty() || name.size() > 32) return false;
    auto allowed = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    };
    const char first = name.front();
    if (!((first >= 'a' && first <= 'z') || (first >= '0' && first <= '9'))) return false;
    return std::all_of(name.begin(), name.end(), allowed);
}

bool valid_password(std::string_view password) {
    return password.size() >= 8 && password.size() <= 1024;
}

// A hash with the same cost as real ones, verified when the user does not
// exist, so a login takes as long whether or not the name is taken.
const std::string& decoy_hash(const scrypt_params& params) {
    static const std::string hash = hash_password("decoy password", params).value_or("");
    return hash;
}

scrypt_params params_of(const auth_config& auth) {
    return {static_cast<int>(auth.scrypt_log2_n), static_cast<int>(auth.scrypt_r),
            static_cast<int>(auth.scrypt_p)};
}

}  // namespace

bool protocol_session::take_password_attempt(std::uint64_t request_id,
                                             const std::string& user_name) {
    // The address first: a stranger's attempts stop there before they can
    // charge (and fill) the per-user budgets; an attempt the address allows
    // is charged to the user too, so a guessed-at account is spared nothing.
    const auto now = ctx_.time.now_ms();
    if (ctx_.login_by_address.try_attempt(remote_address_, now) &&
        ctx_.login_by_user.try_attempt(user_name, now)) {
        return true;
    }
    ctx_.stats.count_limit_hit(errc::login_throttled);
    reply_error(request_id, errc::login_throttled);
    return false;
}

std::shared_ptr<hashing_queue::place> protocol_session::reserve_hashing(std::uint64_t request_id) {
    auto place = ctx_.hashing.reserve(remote_address_);
    if (!place) {
        ctx_.stats.count_limit_hit(errc::unavailable);
        reply_error(request_id, errc::unavailable,
                    "the server is busy checking passwords: try again in a few seconds");
    }
    return place;
}

void protocol_session::count_auth_failure(std::uint64_t request_id, errc code) {
    authenticating_ = false;
    ++ctx_.stats.auth_failures;
    reply_error(request_id, code);
}

void protocol_session::handle_register(std::uint64_t request_id,
                                       const v1::RegisterRequest& request) {
    if (!valid_user_name(request.user_name())) {
        return reply_error(request_id, errc::invalid_argument,
                           "user names are 1-32 of a-z 0-9 . _ - and start with a letter or digit");
    }
    if (!valid_password(request.password())) {
        return reply_error(request_id, errc::invalid_argument,
                           "passwords are 8 to 1024 bytes long");
    }
    const auto& registration = ctx_.config.registration;
    if (registration == "closed") return reply_error(request_id, errc::registration_closed);
    std::string code_hash;
    if (registration == "invite-only") {
        if (request.registration_code().size() > 64) {
            return reply_error(request_id, errc::invalid_argument,
                               "a registration code is at most 64 bytes");
        }
        code_hash = registration_code_hash(request.registration_code());
        if (code_hash.empty()) return reply_error(request_id, errc::registration_code_invalid);
    }
    // Registration costs a password hash: it shares the per-address login budget.
    if (!ctx_.login_by_address.try_attempt(remote_address_, ctx_.time.now_ms())) {
        ctx_.stats.count_limit_hit(errc::login_throttled);
        return reply_error(request_id, errc::login_throttled);
    }
    auto place = reserve_hashing(request_id);
    if (!place) return;
    authenticating_ = true;
    ctx_.hashing.run([self = shared_from_this(), request_id, place, name = request.user_name(),
                      password = request.password(), code_hash = std::move(code_hash)] {
        if (self->gone_) return;
        auto& ctx = self->ctx_;
        auto hash = hash_password(password, params_of(ctx.config.auth));
        auto token = make_session_token();
        if (!hash || !token) {
            log::error("register: password hashing or token generation failed");
            return boost::asio::post(self->strand_, [self, request_id] {
                self->count_auth_failure(request_id, errc::internal);
            });
        }
        auto token_hash = hash_session_token(*token);
        ctx.db.create_user(name, *hash, token_hash, ctx.time.now_ms(), code_hash,
                           self->on_strand<user_id>([self, request_id, token = *token,
                                                     token_hash](result<user_id> created) {
                               if (!created) {
                                   return self->count_auth_failure(request_id, error_of(created));
                               }
                               log::info("registered user ", *created);
                               self->become_authenticated(request_id, *created, token, token_hash);
                           }));
    });
}

void protocol_session::handle_login(std::uint64_t request_id, const v1::LoginRequest& request) {
    // A name that could not have registered costs nothing to refuse, and is
    // never remembered: the limiters only ever hold short, valid keys.
    if (!valid_user_name(request.user_name())) {
        ++ctx_.stats.auth_failures;
        return reply_error(request_id, errc::bad_credentials);
    }
    if (!take_password_attempt(request_id, request.user_name())) return;
    auto place = reserve_hashing(request_id);
    if (!place) return;
    authenticating_ = true;
    auto self = shared_from_this();
    ctx_.db.find_user(request.user_name(), [self, request_id, place, password = request.password()](
                                               result<user_record> found) {
        self->ctx_.hashing.run([self, request_id, place, password, found = std::move(found)] {
            if (self->gone_) return;
            auto& ctx = self->ctx_;
            const auto params = params_of(ctx.config.auth);
            if (!found && error_of(found) != errc::not_found) {
                return boost::asio::post(self->strand_, [self, request_id, code = error_of(found)] {
                    self->count_auth_failure(request_id, code);
                });
            }
            const bool matches = found ? verify_password(password, found->password_hash)
                                       : (verify_password(password, decoy_hash(params)), false);
            auto token = matches ? make_session_token() : std::nullopt;
            if (!matches || !token) {
                return boost::asio::post(self->strand_, [self, request_id, matches] {
                    self->count_auth_failure(request_id,
                                             matches ? errc::internal : errc::bad_credentials);
                });
            }
            auto token_hash = hash_session_token(*token);
            ctx.db.create_session(
                found->id, token_hash, ctx.time.now_ms(),
                self->on_strand<void>([self, request_id, user = found->id, token = *token,
                                       token_hash](result<void> stored) {
                    if (!stored) return self->count_auth_failure(request_id, error_of(stored));
                    self->become_authenticated(request_id, user, token, token_hash);
                }));
        });
    });
}

void protocol_session::handle_resume(std::uint64_t request_id, const v1::ResumeRequest& request) {
    if (request.session_token().empty() || request.session_token().size() > 256) {
        return count_auth_failure(request_id, errc::bad_token);
    }
    authenticating_ = true;
    auto token_hash = hash_session_token(request.session_token());
    // Tracked before the store checks it: a logout elsewhere either commits
    // before the check (which then fails) or finds this connection.
    track_token(token_hash);
    ctx_.db.resume_session(token_hash, ctx_.time.now_ms(),
                           on_strand<user_record>([self = shared_from_this(), request_id,
                                                   token_hash](result<user_record> found) {
                               if (!found)
                                   return self->count_auth_failure(request_id, error_of(found));
                               self->become_authenticated(request_id, found->id, "", token_hash);
                           }));
}

void protocol_session::track_token(const std::string& token_hash) {
    if (tracked_token_ == token_hash) return;
    if (!tracked_token_.empty()) ctx_.online.untrack_token(tracked_token_, this);
    tracked_token_ = token_hash;
    token_revoked_ = false;
    ctx_.online.track_token(token_hash, shared_from_this());
}

void protocol_session::become_authenticated(std::uint64_t request_id, user_id user,
                                            std::string token, std::string token_hash) {
    track_token(token_hash);
    ctx_.db.load_account(user,
                         on_strand<account_view>([self = shared_from_this(), request_id, token,
                                                  token_hash](result<account_view> account) {
                             if (self->token_revoked_) {
                                 return self->count_auth_failure(request_id, errc::bad_token);
                             }
                             self->authenticating_ = false;
                             if (!account) return self->reply_error(request_id, error_of(account));
                             self->auth_deadline_.cancel();
                             self->user_ = account->user.id;
                             self->user_name_ = account->user.name;
                             self->token_hash_ = token_hash;
                             self->seen_up_to_ = account->delivered_seq;

                             v1::ServerFrame frame;
                             auto* auth = frame.mutable_auth();
                             auth->set_user_name(account->user.name);
                             auth->set_session_token(token);
                             auth->set_delivered_seq(account->delivered_seq);
                             auth->set_retag_seq(account->retag_seq);
                             if (account->partner) {
                                 self->partner_ = account->partner->partner;
                                 self->fill_partner(*auth->mutable_partner(), *account->partner);
                             }
                             self->reply(request_id, frame);

                             if (self->ctx_.online.attach(self->user_, self))
                                 self->announce_presence(true);
                             if (self->partner_ != 0) self->catch_up();
                             if (account->partner) self->push_partner_receipts(*account);
                             self->push_running_breathing();
                         }));
}

void protocol_session::push_partner_receipts(const account_view& account) {
    const auto push = [&](v1::ReceiptKind kind, std::uint64_t up_to_seq) {
        if (up_to_seq == 0) return;
        v1::ServerFrame frame;
        auto* update = frame.mutable_receipt_update();
        update->set_user_name(account.partner->partner_name);
        update->set_kind(kind);
        update->set_up_to_seq(up_to_seq);
        send(serialize(frame));
    };
    push(v1::RECEIPT_DELIVERED, account.partner_delivered_seq);
    push(v1::RECEIPT_READ, account.partner_read_seq);
}

void protocol_session::handle_logout(std::uint64_t request_id) {
    auto self = shared_from_this();
    auto answer = on_strand<void>([self, request_id](result<void> revoked) {
        if (!revoked) return self->reply_error(request_id, error_of(revoked));
        v1::ServerFrame frame;
        frame.mutable_ok();
        frame.set_request_id(request_id);
        if (auto sink = self->sink_.lock()) sink->close_after(serialize(frame), "logged out");
    });
    // Told from the store thread, right after the commit: every other
    // connection that authenticated with this token closes, and one still
    // resuming with it fails (it was tracked before its check).
    ctx_.db.revoke_session(token_hash_, [self, token_hash = token_hash_,
                                         answer = std::move(answer)](result<void> revoked) {
        if (revoked) {
            self->ctx_.online.for_each_session_of_token(token_hash, [&](const auto& session) {
                if (session != self) session->notify_token_revoked(token_hash);
            });
        }
        answer(std::move(revoked));
    });
}

void protocol_session::notify_token_revoked(std::string token_hash) {
    boost::asio::post(strand_, [self = shared_from_this(), token_hash = std::move(token_hash)] {
        if (self->closed_ || self->tracked_token_ != token_hash) return;
        if (self->user_ == 0) {
            self->token_revoked_ = true;  // the running resume fails when its account loads
            return;
        }
        self->close_with_error(errc::bad_token,
                               "this session was logged out from another connection");
    });
}

}  // namespace toward::server
