// Text that came from outside (the partner's messages, names, triggers and
// check-in answers; the server's errors, help resources, time zone...) made
// safe to print on a terminal. Whatever it holds, it cannot move the cursor,
// clear the screen, set the title or the clipboard, make a link, end or
// change the client's colouring, reverse the text's direction, or start what
// looks like a line of its own.
//
// What is shown instead (so that nothing is hidden from the reader):
//   U+0000-U+001F (C0) and DEL   caret notation: ESC as ^[, NUL as ^@,
//                                BEL as ^G, CR as ^M, DEL as ^?
//   U+0080-U+009F (C1)           <U+009B>
//   bidi controls                <U+202E> (U+202A-U+202E, U+2066-U+2069,
//                                U+200E, U+200F, U+061C)
//   U+2028, U+2029               <U+2028> (line and paragraph separators)
//   invalid UTF-8                U+FFFD, one per maximal ill-formed part;
//                                so is a raw 8-bit C1 byte such as 0x9B
//   a line break (LF or CR LF)   see safe_for_terminal / safe_terminal_lines
//   a tab                        kept: it only moves the cursor right
// Everything else, emoji and other scripts included, is kept as it is.
// JSON output is not passed through here: JSON escaping keeps it exact.
#pragma once

#include <string>
#include <string_view>

namespace toward::app {

// What follows an embedded line break, so that a text's later lines sit
// under its message and none can pass for a message line ("#12 ...").
inline constexpr std::string_view continuation_indent = "    ";

// One field: a message text, a name, an error. Each line break becomes a
// newline followed by `continuation`.
std::string safe_for_terminal(std::string_view text,
                              std::string_view continuation = continuation_indent);

// A text of several lines shown as a whole (the server's help resources, a
// block the client formatted): line breaks stay line breaks, everything else
// as above. Only for places where no line can be mistaken for a message.
std::string safe_terminal_lines(std::string_view text);

}  // namespace toward::app
