// Deleting an account (SPEC §3, issue #7): the password is asked again so
// that a stolen session token cannot do it; the partner is told, and the
// user's other connections are closed, since their token is gone.
#include <boost/asio/post.hpp>

#include "auth/password_hash.hpp"
#include "protocol_session_impl.hpp"
#include "util/log.hpp"

namespace toward::server {

void protocol_session::handle_delete_account(std::uint64_t request_id,
                                             const v1::DeleteAccountRequest& request) {
    if (request.password().empty() || request.password().size() > 1024) {
        return reply_error(request_id, errc::invalid_argument,
                           "the account's password is needed to delete it");
    }
    // A password check like a login's: it shares the login budgets.
    if (!take_password_attempt(request_id, user_name_)) return;
    auto place = reserve_hashing(request_id);
    if (!place) return;
    auto self = shared_from_this();
    ctx_.db.find_user(user_name_, [self, request_id, place,
                                   password = request.password()](result<user_record> found) {
        self->ctx_.hashing.run([self, request_id, place, password, found = std::move(found)] {
            if (self->gone_) return;
            if (found && found->id == self->user_ &&
                verify_password(password, found->password_hash)) {
                return self->delete_account(request_id);
            }
            const errc code = found ? errc::bad_credentials : error_of(found);
            boost::asio::post(self->strand_, [self, request_id, code] {
                if (code == errc::bad_credentials) {
                    ++self->ctx_.stats.auth_failures;
                    return self->reply_error(request_id, code,
                                             "wrong password: the account was not deleted");
                }
                self->reply_error(request_id, code);
            });
        });
    });
}

void protocol_session::delete_account(std::uint64_t request_id) {
    auto self = shared_from_this();
    auto answer = on_strand<account_deletion>([self, request_id](result<account_deletion> deleted) {
        if (!deleted) return self->reply_error(request_id, error_of(deleted));
        // The partner is gone: no "offline" presence for them when this closes.
        self->partner_ = 0;
        v1::ServerFrame frame;
        frame.mutable_ok();
        frame.set_request_id(request_id);
        if (auto sink = self->sink_.lock()) sink->close_after(serialize(frame), "account deleted");
    });
    // Told from the store thread, right after the commit, so the partner
    // hears of it even if this connection has closed meanwhile.
    ctx_.db.delete_account(
        user_, [self, answer = std::move(answer)](result<account_deletion> deleted) {
            if (deleted) {
                log::info("account ", self->user_, " deleted");
                if (deleted->partner != 0) {
                    self->ctx_.online.for_each_session(deleted->partner, [&](const auto& session) {
                        session->notify_unpaired(deleted->user_name, true);
                    });
                }
                self->ctx_.online.for_each_session(self->user_, [&](const auto& session) {
                    if (session != self) session->notify_account_deleted();
                });
            }
            answer(std::move(deleted));
        });
}

void protocol_session::notify_account_deleted() {
    boost::asio::post(strand_, [self = shared_from_this()] {
        if (self->closed_ || self->user_ == 0) return;
        self->partner_ = 0;
        self->close_with_error(errc::bad_token, "this account was deleted from another connection");
    });
}

}  // namespace toward::server
