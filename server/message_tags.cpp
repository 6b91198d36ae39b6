#include "message_tags.hpp"

namespace toward::server {

std::string check_tags(v1::MessageKind kind, v1::BidCategory category, bool has_response,
                       const v1::Response& response) {
    if (!v1::MessageKind_IsValid(kind)) return "unknown message kind " + std::to_string(kind);
    if (!v1::BidCategory_IsValid(category))
        return "unknown bid category " + std::to_string(category);
    if (!v1::Turn_IsValid(response.turn()))
        return "unknown turn " + std::to_string(response.turn());
    if (kind == v1::KIND_BID) {
        if (category == v1::BID_UNSPECIFIED) return "a bid needs a category";
    } else if (category != v1::BID_UNSPECIFIED) {
        return "only a bid has a category";
    }
    if (kind == v1::KIND_RESPONSE) {
        if (!has_response || response.bid_seq() == 0 || response.turn() == v1::TURN_UNSPECIFIED)
            return "a response needs the bid's seq and a turn";
    } else if (has_response) {
        return "only a response answers a bid";
    }
    return {};
}

}  // namespace toward::server
