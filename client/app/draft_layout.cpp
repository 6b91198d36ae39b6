#include "draft_layout.hpp"

#include <wchar.h>
#include <algorithm>
#include <cwctype>

namespace toward::app {
namespace {

// The columns libedit gives one character (re_putc: no width is 0).
int cell_width(wchar_t c) {
    return std::max(::wcwidth(c), 0);
}

// The cells one character of the text occupies, as re_addc draws it.
int drawn_width(wchar_t c) {
    if (c < 0x100 && std::iswcntrl(static_cast<wint_t>(c))) return 2;       // ^X
    if (!std::iswprint(static_cast<wint_t>(c))) return c > 0xFFFF ? 8 : 7;  // \U+XXXXX
    return cell_width(c);
}

}  // namespace

int cursor_row(std::wstring_view before_cursor, wchar_t at_cursor, int columns) {
    if (columns <= 0) return 0;
    int row = 0;
    int column = 0;
    const auto put = [&](int width) {
        if (column + width > columns) {  // does not fit: on the next row
            ++row;
            column = 0;
        }
        column += width;
        if (column >= columns) {
            ++row;
            column = 0;
        }
    };
    for (const wchar_t c : before_cursor) {
        if (c == L'\n') {
            ++row;
            column = 0;
        } else if (c == L'\t') {
            do put(1);
            while (column % 8 != 0);
        } else if (const int width = drawn_width(c); width > 0) {
            // Wider visual forms (^X, \U+...) are drawn one cell at a time.
            const bool one_glyph = width == cell_width(c);
            if (one_glyph) {
                put(width);
            } else {
                for (int i = 0; i < width; ++i) put(1);
            }
        }
    }
    // A wide character that does not fit puts the cursor on the next row.
    if (at_cursor != 0 && at_cursor != L'\n' && column + cell_width(at_cursor) > columns) ++row;
    return row;
}

}  // namespace toward::app
