// chat_terminal's own keys, bound over libedit's emacs ones (see
// chat_terminal_keys.cpp). Internal to chat_terminal, whose friend it is.
#pragma once

#include <cstddef>
#include <string_view>

struct editline;

namespace toward::app {

class chat_terminal;

struct chat_terminal_keys {
    // Adds the functions and binds them; after ~/.editrc, so that they win.
    static void bind(editline* editor);

  private:
    static chat_terminal& self_of(editline* editor);

    struct position {
        std::wstring_view line;
        std::size_t cursor;
    };
    static position where(editline* editor);

    static unsigned char leave_or_delete(editline* editor, int);
    static unsigned char delete_previous(editline* editor, int);
    static unsigned char move_left(editline* editor, int);
    static unsigned char move_right(editline* editor, int);
    // Called on ESC[200~; reads up to ESC[201~.
    static unsigned char paste(editline* editor, int);
};

}  // namespace toward::app
