// Internal to the classifier. Emoji recognised as plain UTF-8 byte sequences
// (no ICU): a handful of classes that matter for bids and responses.
#pragma once

#include <string_view>

namespace toward::bids {

// Which classes of emoji a text contains. A class is set when any emoji of its
// table (emoji.cpp) occurs anywhere in the text; skin tones and variation
// selectors do not matter because the tables hold base code points.
struct emoji_summary {
    bool any = false;            // any byte outside ASCII
    bool warm = false;           // hearts, hugs, kisses, heart eyes, flowers
    bool laughing = false;       // tears of joy, rolling on the floor, skull
    bool acknowledging = false;  // thumbs up, OK hand, check mark, folded hands
    bool sad = false;            // crying, pensive, sick, broken heart
    bool scornful = false;       // eye roll, unamused, upside-down face, anger
};

// Scans text for the emoji of each class.
emoji_summary scan_emoji(std::string_view text);

}  // namespace toward::bids
