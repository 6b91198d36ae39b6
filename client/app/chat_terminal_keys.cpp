// chat_terminal's own keys, bound over libedit's emacs ones: Ctrl-D leaves
// on an empty line and deletes under the cursor elsewhere (libedit's
// unbuffered mode would put a raw ^D in the line); Backspace, Ctrl-D and the
// arrows take a whole character (text_clusters); a bracketed paste goes into
// the draft as it is, line ends included, to be sent with Enter.
#include "chat_terminal_keys.hpp"

#include <histedit.h>

#include <algorithm>
#include <string>

#include "chat_terminal.hpp"
#include "text_clusters.hpp"

namespace toward::app {

chat_terminal& chat_terminal_keys::self_of(editline* editor) {
    void* self = nullptr;
    el_get(editor, EL_CLIENTDATA, &self);
    return *static_cast<chat_terminal*>(self);
}

chat_terminal_keys::position chat_terminal_keys::where(editline* editor) {
    const LineInfoW& line = *el_wline(editor);
    return {{line.buffer, static_cast<std::size_t>(line.lastchar - line.buffer)},
            static_cast<std::size_t>(line.cursor - line.buffer)};
}

unsigned char chat_terminal_keys::leave_or_delete(editline* editor, int) {
    const auto [line, cursor] = where(editor);
    if (line.empty()) {
        self_of(editor).leave_ = true;
        return CC_NEWLINE;
    }
    if (cursor == line.size()) return CC_ERROR;
    const auto count = static_cast<int>(next_character_end(line, cursor) - cursor);
    el_cursor(editor, count);
    el_wdeletestr(editor, count);
    return CC_REFRESH;
}

unsigned char chat_terminal_keys::delete_previous(editline* editor, int) {
    const auto [line, cursor] = where(editor);
    if (cursor == 0) return CC_ERROR;
    el_wdeletestr(editor, static_cast<int>(cursor - previous_character_start(line, cursor)));
    return CC_REFRESH;
}

unsigned char chat_terminal_keys::move_left(editline* editor, int) {
    const auto [line, cursor] = where(editor);
    if (cursor == 0) return CC_ERROR;
    el_cursor(editor, -static_cast<int>(cursor - previous_character_start(line, cursor)));
    return CC_CURSOR;
}

unsigned char chat_terminal_keys::move_right(editline* editor, int) {
    const auto [line, cursor] = where(editor);
    if (cursor == line.size()) return CC_ERROR;
    el_cursor(editor, static_cast<int>(next_character_end(line, cursor) - cursor));
    return CC_CURSOR;
}

unsigned char chat_terminal_keys::paste(editline* editor, int) {
    static constexpr std::wstring_view end_marker = L"\033[201~";
    std::wstring text;
    wchar_t c = 0;
    while (!text.ends_with(end_marker) && el_wgetc(editor, &c) == 1) text += c;
    if (text.ends_with(end_marker)) text.resize(text.size() - end_marker.size());
    // Terminals send a pasted line end as Return (the tty may have made
    // it a newline already).
    std::replace(text.begin(), text.end(), L'\r', L'\n');
    // A trailing line end is not a line of its own; Enter sends.
    while (!text.empty() && text.back() == L'\n') text.pop_back();
    if (text.empty()) return CC_NORM;
    el_winsertstr(editor, text.c_str());
    return CC_REFRESH;
}

void chat_terminal_keys::bind(editline* editor) {
    struct key_function {
        const char* name;
        const char* help;
        unsigned char (*run)(editline*, int);
        std::initializer_list<const char*> keys;
    };
    const key_function functions[] = {
        {"toward-leave-or-delete",
         "leave on an empty line, else delete the character",
         &leave_or_delete,
         {"^D"}},
        {"toward-delete-previous",
         "delete the character before the cursor",
         &delete_previous,
         {"^?", "^H"}},
        {"toward-left", "one character left", &move_left, {"^B", "\\e[D", "\\eOD"}},
        {"toward-right", "one character right", &move_right, {"^F", "\\e[C", "\\eOC"}},
        {"toward-paste", "a bracketed paste", &paste, {"\\e[200~"}},
    };
    for (const auto& function : functions) {
        el_set(editor, EL_ADDFN, function.name, function.help, function.run);
        for (const char* key : function.keys) {
            el_set(editor, EL_BIND, key, function.name, nullptr);
        }
    }
}

}  // namespace toward::app
