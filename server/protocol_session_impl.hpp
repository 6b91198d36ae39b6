// Internal to protocol_session's .cpp files.
#pragma once

#include <boost/asio/post.hpp>

#include "protocol_session.hpp"

namespace toward::server {

template <class T, class Handler>
store_handler<T> protocol_session::on_strand(Handler handler) {
    return [self = shared_from_this(), handler = std::move(handler)](result<T> outcome) mutable {
        boost::asio::post(self->strand_, [self, handler = std::move(handler),
                                          outcome = std::move(outcome)]() mutable {
            if (!self->closed_) handler(std::move(outcome));
        });
    };
}

// The errc carried by a failed result.
template <class T>
errc error_of(const result<T>& outcome) {
    return to_errc(outcome.error());
}

}  // namespace toward::server
