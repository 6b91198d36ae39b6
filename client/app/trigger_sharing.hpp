// The user's own trigger list as it goes to the partner (SPEC §7). Every
// change sends the whole list; a new partner gets it as soon as the pairing
// is verified, so nobody has to change their list to share it again.
#pragma once

#include <cstdint>
#include <string>

#include "app_result.hpp"
#include "local_store.hpp"
#include "toward/v1/content.pb.h"

namespace toward::app {

// The whole list, stamped now_ms.
app_result<v1::SealedContent> own_trigger_list(local_store& store, std::int64_t now_ms);

// Queues the list for a partner we have just paired with; nothing when the
// list is empty or the partner cannot be sent to. True when queued.
app_result<bool> share_triggers_with_new_partner(local_store& store, const std::string& user_name,
                                                 std::int64_t now_ms);

}  // namespace toward::app
