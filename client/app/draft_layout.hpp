// Which row of the terminal the line editor's cursor is on, counted from the
// prompt's row: what chat_terminal must climb to clear a draft that wraps or
// holds pasted lines before printing above it. Follows libedit's own layout
// (refresh.c): it wraps a character that does not fit, shows control
// characters as ^X and unprintable ones as \U+XXXX, expands tabs.
#pragma once

#include <string_view>

namespace toward::app {

// The row of the cursor when `before_cursor` (the prompt and the text up to
// the cursor) is shown on a terminal `columns` wide, and `at_cursor` is the
// character under the cursor (0 at the end of the text).
int cursor_row(std::wstring_view before_cursor, wchar_t at_cursor, int columns);

}  // namespace toward::app
