// observer.hpp — the interface through which the runtime reports what it does.
//
// Like trio's instruments and curio's activations, an observer only watches: every
// method is called after (or just as) the runtime has decided what to do, receives
// const objects, and returns nothing the runtime looks at. Attaching one must never
// change the order in which anything runs; the tests check that a traced run and an
// untraced run print the same lines.
//
// With no observer attached, each report point costs one null-pointer test.
//
// Each report comes just after the change it reports: an observer that looks at the
// loop (EventLoop::snapshot) sees the state the event describes.
//
// Three reports open a scope that a matching "_end" report closes: a handle run, a
// task step, and a future's resolution. Anything reported between the two happened
// because of it; the tracer uses this to write cause-and-effect links.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coolio/events.hpp"
#include "coolio/futures.hpp"

namespace coolio {

class Handle;
class TimerHandle;
class TaskBase;
namespace curio {
class TaskBase;
struct TrapRequest;
}  // namespace curio

/// What the loop knew when it began one iteration (one "tick") of run_once.
struct TickInfo {
    std::size_t ready;       ///< handles in the ready queue
    std::size_t scheduled;   ///< timers left in the heap after dropping cancelled ones
    std::optional<double> timeout;             ///< select timeout; nullopt: block
    const std::vector<std::uint64_t>& dropped; ///< cancelled timers removed from the heap
};

/// What the loop's exception handler receives (asyncio's context dict).
struct ExceptionContext {
    std::string message;
    std::exception_ptr exception;
    const Handle* handle = nullptr;      ///< the handle whose callback failed, if any
    const FutureBase* future = nullptr;  ///< the future concerned, if any (and still whole)
    /// What the report is about, as asyncio's handler prints it ("future: <Task
    /// finished name='Task-2' exception=ValueError('boom')>"); set for reports made
    /// while the future is being destroyed, when `future` cannot be handed out.
    std::string about = {};
    std::uint64_t future_id = 0;  ///< the id of the future concerned, 0 if none
};

/// Why a task's step ended without the task finishing.
enum class SuspendReason {
    future,     ///< it awaits a future (asyncio's _asyncio_future_blocking handshake)
    yield_now,  ///< it yielded nothing (sleep(0)): it goes to the back of the ready queue
    bad_yield,  ///< it awaited something that is not a future: an error will be thrown in
};

/// What the curio kernel knew when one cycle of its loop began.
struct KernelCycleInfo {
    std::size_t ready;     ///< tasks in the ready queue
    std::size_t sleeping;  ///< deadlines on the timer heap (sleeps and timeouts)
    std::optional<double> timeout;  ///< how long the I/O poll may wait; nullopt: block
};

/// The three phases of a kernel cycle, in the order they run.
enum class KernelPhase {
    io,    ///< poll the selector; tasks whose descriptor is ready are rescheduled
    time,  ///< tasks whose sleep or timeout is due are rescheduled
    run,   ///< each task ready at the start of the phase runs until it blocks
};

/// Receives the runtime's reports. Every method has an empty default.
class Observer {
public:
    virtual ~Observer() = default;

    // ---- the loop (base_events) ----
    virtual void on_tick_begin(const TickInfo&) {}
    virtual void on_select(std::optional<double> /*timeout*/, std::size_t /*nevents*/) {}
    /// `fd` is ready; `reader`/`writer` are the handles this queues (null if none).
    virtual void on_io_ready(int /*fd*/, std::uint32_t /*events*/, const Handle* /*reader*/,
                             const Handle* /*writer*/) {}
    virtual void on_timer_due(const TimerHandle&) {}
    /// `fd` is now watched for `event` (EVENT_READ or EVENT_WRITE), `handle` to run.
    virtual void on_fd_watched(int /*fd*/, std::uint32_t /*event*/, const Handle& /*handle*/) {}
    /// `fd` is no longer watched for `event`.
    virtual void on_fd_unwatched(int /*fd*/, std::uint32_t /*event*/) {}
    /// call_soon (a Handle) or call_at/call_later (a TimerHandle).
    virtual void on_handle_scheduled(const Handle&) {}
    virtual void on_handle_cancelled(const Handle&) {}
    virtual void on_handle_run(const Handle&) {}  // opens a scope
    virtual void on_handle_end(const Handle&) {}
    virtual void on_handle_skipped(const Handle&) {}
    virtual void on_exception(const ExceptionContext&) {}
    virtual void on_stop() {}

    // ---- futures ----
    virtual void on_future_created(const FutureBase&) {}
    /// The future (or task: then the task is done) got its outcome; its callbacks are
    /// scheduled next.
    virtual void on_future_resolved(const FutureBase&) {}  // opens a scope
    virtual void on_future_resolved_end(const FutureBase&) {}
    /// `callback` describes the callback added (describe_into makes its text).
    virtual void on_future_callback_added(const FutureBase&, CallbackToken, const CallbackInfo& /*callback*/) {}
    virtual void on_future_callback_removed(const FutureBase&, CallbackToken) {}

    // ---- tasks ----
    virtual void on_task_created(const TaskBase&) {}
    /// A step begins; `thrown` is null for send(None), else the exception thrown in.
    virtual void on_task_step(const TaskBase&, const std::exception_ptr& /*thrown*/) {}  // opens a scope
    virtual void on_task_suspended(const TaskBase&, SuspendReason, const FutureBase* /*waiting_on*/) {}
    virtual void on_task_step_end(const TaskBase&) {}

    // ---- the program ----
    virtual void on_print(std::string_view /*text*/, const TaskBase* /*current_task*/) {}

    // ---- the curio kernel (curio/kernel.hpp); on_select and on_io_ready are shared ----
    virtual void on_kernel_cycle(const KernelCycleInfo&) {}
    virtual void on_kernel_phase(KernelPhase) {}
    virtual void on_kernel_task_new(const curio::TaskBase&) {}
    /// The running task trapped into the kernel with `request`.
    virtual void on_kernel_trap(const curio::TaskBase&, const curio::TrapRequest& /*request*/) {}
    /// The kernel resumes the task's coroutine (opens a scope). `after_trap`: it goes on
    /// straight after a non-blocking trap (else it was taken from the ready queue);
    /// `thrown` is the exception thrown in, else `value` is what is sent.
    virtual void on_kernel_resume(const curio::TaskBase&, bool /*after_trap*/, const std::exception_ptr& /*thrown*/,
                                  std::string_view /*value*/) {}
    virtual void on_kernel_resume_end(const curio::TaskBase&) {}
    /// The task blocks: it is parked on `on` (a wait queue, "timer" or "fd N"), its
    /// state says why; `until` is the deadline of a sleep.
    virtual void on_kernel_park(const curio::TaskBase&, std::string_view /*on*/, std::optional<double> /*until*/) {}
    /// A parked task goes back on the ready queue (curio's _reschedule_task).
    virtual void on_kernel_wake(const curio::TaskBase&, std::string_view /*reason*/) {}
    /// The task's coroutine returned or raised; `joiners` tasks waited for it.
    virtual void on_kernel_task_done(const curio::TaskBase&, std::size_t /*joiners*/) {}
    virtual void on_kernel_print(std::string_view /*text*/, const curio::TaskBase* /*current_task*/) {}
};

}  // namespace coolio
