// The character type locale for the terminal: libedit decides with it what
// is printable and how wide it is. Messages are UTF-8, so a locale that is
// not (LANG unset, C, POSIX) gives way to C.UTF-8 for LC_CTYPE.
#pragma once

namespace toward::app {

// Sets LC_CTYPE from the environment, else C.UTF-8. Call once, first thing.
void use_utf8_terminal_locale();

}  // namespace toward::app
