// What the client does with a partner's sealed content once decrypted: check-in
// answers and trigger lists go to their own tables (never to the message
// history), and the user is told in one line. Content from a newer client is
// kept aside with a notice, never shown as garbage.
#pragma once

#include <string>

#include "app_result.hpp"
#include "local_store.hpp"
#include "session_client.hpp"

namespace toward::app {

// Stores the content of a sealed plaintext from partner and returns what to
// tell the user, plus the label for the message's local record. Call it
// inside the transaction that stores the message. Only store failures are
// errors.
struct sealed_receipt {
    notice note;
    std::string label;
};
app_result<sealed_receipt> receive_sealed(local_store& store, const partner_record& partner,
                                          const std::string& plaintext);

}  // namespace toward::app
