// `toward export`: the local decrypted history as a document the user keeps,
// in JSON for programs or as a Markdown transcript for people. Pure
// formatting: no I/O.
//
// JSON document:
//   {"format": "toward-history", "version": 1,
//    "user": "alice" | null, "partner": "bob" | null,   (null: not known / not paired)
//    "exported_at_ms": 1764253201123,
//    "messages": [message...]}   the message objects of message_format.hpp, oldest first
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "local_store.hpp"

namespace toward::app {

// Who and when, for the head of the document.
struct export_header {
    std::string user;     // empty when the home has no user
    std::string partner;  // empty when not paired
    std::int64_t exported_at_ms = 0;
};

nlohmann::json export_json(const export_header& header, const std::vector<history_entry>& messages);

// "# Toward history of alice with bob", then one "## YYYY-MM-DD" section per
// local day and one list item per message: number, time, sender, text, and
// its tag in italics ("_bid: affection_", "_reply to #3: toward_").
std::string export_markdown(const export_header& header,
                            const std::vector<history_entry>& messages);

}  // namespace toward::app
