// curio/traps.hpp — traps: the only way a curio task talks to its kernel.
//
// A trap is a request (sleep 1 s, wait until fd 7 is readable, spawn this coroutine,
// park me on that wait queue, ...). `co_await`ing one suspends the whole chain of
// coroutines of the task and returns control to the kernel, which looks at the
// request and either answers it at once (a non-blocking trap: the task goes on within
// the same turn) or parks the task until the answer comes (a blocking trap). The
// answer (a value, or an exception such as TaskCancelled) comes out of the co_await.
//
// These are the low-level traps. Programs use the friendlier functions built on them:
// sleep, spawn, join, Event, Lock, Queue, sock_recv, ... (time.hpp, task.hpp, ...).
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

namespace coolio::curio {

class TaskBase;
class SchedFIFO;

/// Every trap the kernel answers; see Kernel::dispatch_trap.
enum class TrapName : std::uint8_t {
    sleep,          ///< park on the timer heap for `seconds` (0: go to the back of the ready queue)
    read_wait,      ///< park until `fd` is readable
    write_wait,     ///< park until `fd` is writable
    spawn,          ///< start `task`; answer at once
    join,           ///< park until `task` has terminated (at once if it has)
    cancel,         ///< cancel `task`, then park until it has terminated
    sched_wait,     ///< park on `queue`
    sched_wake,     ///< wake up to `n` tasks parked on `queue`; answer at once
    clock,          ///< answer the kernel's clock, at once
    set_timeout,    ///< arm a deadline `seconds` from now for the task; answer at once
    unset_timeout,  ///< disarm the innermost deadline; answer at once
};

/// The name of the kernel function that answers the trap ("trap_sleep", "trap_io", ...).
std::string_view trap_function(TrapName name);

/// One trap: what is asked, with its arguments (only those the trap uses are set).
struct TrapRequest {
    TrapName name;
    double seconds = 0;
    int fd = -1;
    std::shared_ptr<TaskBase> task{};
    SchedFIFO* queue = nullptr;
    std::string state{};  ///< sched_wait: what the task is doing while parked ("EVENT_WAIT")
    std::size_t n = 0;

    /// The arguments as a trace shows them ("1.0", "fd 7", "Event.wait, EVENT_WAIT").
    std::string describe_args() const;
};

/// The awaitable of every trap. await_suspend hands the request to the running kernel
/// and suspends the task; await_resume gives the kernel's answer (a number for the
/// clock trap, 0 otherwise) or throws the exception the kernel sent in.
class Trap {
public:
    explicit Trap(TrapRequest request) : request_(std::move(request)) {}
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> frame);
    double await_resume();

private:
    TrapRequest request_;
    TaskBase* task_ = nullptr;
};

// ---- the traps, as curio's traps.py offers them ----

/// Park for `seconds` on the timer heap; sleep(0) lets the other ready tasks run first.
inline Trap _sleep(double seconds) { return Trap({TrapName::sleep, seconds}); }
/// Park until `fd` can be read without blocking.
inline Trap _read_wait(int fd) { return Trap({.name = TrapName::read_wait, .fd = fd}); }
/// Park until `fd` can be written without blocking.
inline Trap _write_wait(int fd) { return Trap({.name = TrapName::write_wait, .fd = fd}); }
/// Park on `queue`; `state` says what for ("EVENT_WAIT", "QUEUE_GET", ...).
inline Trap _scheduler_wait(SchedFIFO& queue, std::string state) {
    return Trap({.name = TrapName::sched_wait, .queue = &queue, .state = std::move(state)});
}
/// Wake up to `n` tasks parked on `queue`, oldest first.
inline Trap _scheduler_wake(SchedFIFO& queue, std::size_t n) {
    return Trap({.name = TrapName::sched_wake, .queue = &queue, .n = n});
}
/// The kernel's clock, in seconds.
inline Trap _clock() { return Trap({TrapName::clock}); }

}  // namespace coolio::curio
