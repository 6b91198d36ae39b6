// Names the calling thread, as `top -H`, `ps -L` and /proc/PID/task/*/comm
// show it, so an operator can tell the store from the I/O threads.
#pragma once

#include <pthread.h>

namespace toward {

// Linux keeps the first 15 characters.
inline void name_this_thread(const char* name) noexcept {
    pthread_setname_np(pthread_self(), name);
}

}  // namespace toward
