// The tags a sender puts on a message (kind, bid category, the response's
// bid and turn), checked the same way for a send and for a retag.
#pragma once

#include <cstdint>
#include <string>

#include "toward/v1/toward.pb.h"

namespace toward::server {

// Why these tags cannot be stored, or empty when they can. Values outside
// the enums are refused: protobuf keeps unknown numbers, and the summary
// would count a turn of 42 as one it knows.
std::string check_tags(v1::MessageKind kind, v1::BidCategory category, bool has_response,
                       const v1::Response& response);

}  // namespace toward::server
