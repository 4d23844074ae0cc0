// self_pipe.hpp (private) — the state behind call_soon_threadsafe: a pipe the loop
// watches and the calls other threads have queued. Only base_events.cpp (which owns
// it) and self_pipe.cpp (which uses it) see it.
#pragma once

#include <functional>
#include <mutex>
#include <vector>

#include "coolio/base_events.hpp"

namespace coolio {

struct EventLoop::SelfPipe {
    struct Call {
        std::function<void()> callback;
        CallbackInfo info;
    };
    // Guards `calls` and `write_fd`: other threads append and write, the loop's
    // thread drains, and close() shuts the pipe while a thread may be writing.
    std::mutex mutex;
    std::vector<Call> calls;
    int read_fd = -1;   // watched by the loop (only its thread touches it)
    int write_fd = -1;  // -1 once the loop is closed
};

}  // namespace coolio
