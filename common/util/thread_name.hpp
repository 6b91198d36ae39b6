// Names a thread, as `top -H`, `ps -L` and /proc/PID/task/*/comm show it, so
// an operator can tell the store from the I/O threads. Called by the thread's
// creator, so the name is there as soon as the creator goes on.
#pragma once

#include <pthread.h>

#include <thread>

namespace toward {

// Linux keeps the first 15 characters.
inline void name_thread(std::thread& thread, const char* name) noexcept {
    pthread_setname_np(thread.native_handle(), name);
}

}  // namespace toward
