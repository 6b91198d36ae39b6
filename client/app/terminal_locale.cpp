#include "terminal_locale.hpp"

#include <langinfo.h>

#include <clocale>
#include <cstring>

namespace toward::app {
namespace {

bool speaks_utf8() {
    const char* codeset = ::nl_langinfo(CODESET);
    return codeset && (std::strcmp(codeset, "UTF-8") == 0 || std::strcmp(codeset, "utf8") == 0);
}

}  // namespace

void use_utf8_terminal_locale() {
    if (std::setlocale(LC_CTYPE, "") && speaks_utf8()) return;
    if (std::setlocale(LC_CTYPE, "C.UTF-8")) return;
    std::setlocale(LC_CTYPE, "C");  // none installed: keystrokes still arrive as UTF-8
}

}  // namespace toward::app
