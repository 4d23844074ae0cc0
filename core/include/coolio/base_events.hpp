// base_events.hpp — the event loop, as asyncio's BaseEventLoop (base_events.py).
//
// The loop owns two queues and nothing else that matters:
//   * the ready queue: handles to run on the next tick, in the order they were queued;
//   * the timer heap: timer handles ordered by the time they are due.
// Every tick (run_once) moves what has become due from the heap to the ready queue
// and then runs exactly the handles that were ready when the running began. Handles
// queued while running wait for the next tick, so no callback can starve the others.
//
// Order is FIFO everywhere: the ready queue is first-in first-out, timers due at the
// same time fire in the order they were scheduled (asyncio's heap leaves such ties
// unordered; coolio breaks them by scheduling order so every run is the same), and a
// future's callbacks are queued in the order they were added.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "coolio/clock.hpp"
#include "coolio/events.hpp"
#include "coolio/futures.hpp"
#include "coolio/observer.hpp"
#include "coolio/selectors.hpp"

namespace coolio {

class TaskBase;
template <class T>
class Coro;
template <class T>
class Task;

/// What the tests and the stepper compare: the loop's queues at one moment.
struct LoopSnapshot {
    std::vector<std::uint64_t> ready;   ///< handle ids, front of the queue first
    std::vector<std::uint64_t> timers;  ///< timer handle ids, soonest first
};

/// A single-threaded event loop (asyncio.BaseEventLoop with a selector).
class EventLoop {
public:
    using ExceptionHandler = std::function<void(EventLoop&, const ExceptionContext&)>;

    /// A loop on `clock` (default: the virtual clock) and `selector` (default: epoll).
    explicit EventLoop(std::unique_ptr<Clock> clock = nullptr, std::unique_ptr<Selector> selector = nullptr);
    /// Closes the loop if the program did not (see close()).
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // ---- scheduling callbacks ----

    /// Queues `callback` at the back of the ready queue; it runs on the next tick.
    /// A callback taking a FutureBase& is called with `info.arg`, which must be set.
    HandlePtr call_soon(Handle::Callback callback, CallbackInfo info = {});
    /// Schedules `callback` to run `delay` seconds from now (call_at(time() + delay)).
    TimerHandlePtr call_later(double delay, Handle::Callback callback, CallbackInfo info = {});
    /// Schedules `callback` to run when time() reaches `when`.
    TimerHandlePtr call_at(double when, Handle::Callback callback, CallbackInfo info = {});
    /// The loop's clock, in seconds.
    double time() const { return clock_->time(); }

    // ---- other threads (self_pipe.cpp) ----

    /// Opens the loop's self-pipe and watches it (asyncio's _make_self_pipe), so that
    /// other threads can use call_soon_threadsafe. Call it on the loop's own thread,
    /// before handing the loop to another thread. From then on the loop, with nothing
    /// else to do, blocks in select until another thread calls in, instead of raising
    /// the "would wait forever" RuntimeError. Calling it again does nothing.
    void enable_threadsafe_calls();
    /// The one way to schedule from another thread: queues `callback` under a mutex
    /// and writes a byte to the self-pipe, which wakes a loop blocked in select. The
    /// self-pipe's reader (_read_from_self) then call_soon()s it on the loop's thread,
    /// so it runs one tick after the wakeup. Unlike asyncio no Handle is returned: the
    /// handle is made on the loop's thread, where handle ids and the observer live.
    /// RuntimeError if the loop is closed or enable_threadsafe_calls() was not called.
    void call_soon_threadsafe(std::function<void()> callback, CallbackInfo info = {});
    /// asyncio's debug mode, reduced to the thread check: while on, call_soon and
    /// call_at called from a thread other than the one running the loop raise
    /// RuntimeError("Non-thread-safe operation invoked on an event loop other than the
    /// current one"). Off by default, as in asyncio (see docs/reliability.md).
    void set_debug(bool enabled) noexcept { debug_ = enabled; }
    bool get_debug() const noexcept { return debug_; }

    // ---- running ----

    /// One iteration of the loop (asyncio's _run_once). See docs/design.md.
    void run_once();
    /// Runs ticks until stop() is called. RuntimeError if running or closed.
    void run_forever();
    /// Wraps `awaitable` (a coroutine, task or future) in a future, runs the loop
    /// until it is done, and returns a copy of its result (or throws its exception).
    /// Defined in tasks.hpp, which knows how to turn a coroutine into a task.
    template <class A>
    auto run_until_complete(A&& awaitable);
    /// Asks run_forever to return after the current tick.
    void stop();
    /// Drops everything queued and releases the selector. The loop cannot run again.
    /// Tasks still pending are destroyed (their coroutine frames freed), each reported
    /// as "Task was destroyed but it is pending!"; exceptions stored in futures that are
    /// still alive and were never retrieved are reported too (see futures.hpp).
    void close();
    bool is_running() const noexcept { return running_; }
    bool is_closed() const noexcept { return closed_; }

    // ---- file descriptors (callbacks run as handles, like asyncio's selector loop) ----

    /// Runs `callback` (as a handle, on the loop) whenever `fd` is readable.
    /// Replaces an earlier reader of `fd`.
    HandlePtr add_reader(int fd, Handle::Callback callback, CallbackInfo info = {});
    /// Stops watching `fd` for reading; returns whether a reader was registered.
    bool remove_reader(int fd);
    /// Runs `callback` whenever `fd` is writable. Replaces an earlier writer.
    HandlePtr add_writer(int fd, Handle::Callback callback, CallbackInfo info = {});
    /// Stops watching `fd` for writing; returns whether a writer was registered.
    bool remove_writer(int fd);

    // ---- futures and tasks ----

    /// A new pending future bound to this loop (loop.create_future()).
    template <class T>
    FuturePtr<T> create_future(const char* label = "Future") {
        return make_ref<Future<T>>(*this, label);
    }
    /// Wraps `coro` in a Task scheduled to start on the next tick. Defined in tasks.hpp.
    template <class T>
    Ref<Task<T>> create_task(Coro<T> coro, std::string name = {});

    // ---- errors ----

    /// Replaces the handler called when a callback raises (null: the default one).
    void set_exception_handler(ExceptionHandler handler) { exception_handler_ = std::move(handler); }
    /// Reports an error through the handler; the loop keeps running.
    void call_exception_handler(const ExceptionContext& context);
    /// Writes "message" and the exception to stderr, as asyncio logs them.
    void default_exception_handler(const ExceptionContext& context);

    // ---- watching ----

    /// Attaches an observer (null detaches). The loop does not own it.
    void set_observer(Observer* observer) noexcept { observer_ = observer; }
    Observer* observer() const noexcept { return observer_; }
    /// Where coolio::print writes (default: std::cout; null: nowhere).
    void set_output(std::ostream* out) noexcept { output_ = out; }
    std::ostream* output() const noexcept { return output_; }
    const Clock& clock() const noexcept { return *clock_; }
    /// The ready queue and the timer heap as they are now.
    LoopSnapshot snapshot() const;
    /// The task whose step is running now, or null (asyncio.current_task).
    TaskBase* current_task() const noexcept;
    /// The handle watching `fd` for `event` (EVENT_READ or EVENT_WRITE), or null.
    const Handle* fd_handle(int fd, std::uint32_t event) const noexcept;

    // ---- used by futures and tasks ----

    /// Next loop-unique id for a future or task.
    std::uint64_t next_future_id() noexcept { return ++future_ids_; }
    /// Next number for an unnamed task: Task-1, Task-2, … in creation order.
    std::uint32_t next_task_number() noexcept {
        if (++task_numbers_ == 0) ++task_numbers_;  // wrapped: 0 means "named" (TaskBase)
        return task_numbers_;
    }
    /// A task is born / has died: the loop lists the living ones (asyncio's _all_tasks).
    void register_task(TaskBase* task) noexcept;
    void unregister_task(TaskBase* task) noexcept;
    /// A future now holds an exception nobody has retrieved yet / it was retrieved.
    void remember_unretrieved(const FutureBase* future) { unretrieved_.insert(future); }
    void forget_unretrieved(const FutureBase* future) noexcept { unretrieved_.erase(future); }
    /// asyncio's _enter_task/_leave_task: which task is stepping (detail::task_in_step).
    /// enter_task throws InternalError if a task is stepping already.
    void enter_task(TaskBase* task);
    void leave_task() noexcept;
    /// A timer was cancelled: count it, so the heap can be cleaned when they pile up.
    void timer_handle_cancelled(TimerHandle& handle);

private:
    // The phases of run_once, in order.
    std::vector<std::uint64_t> drop_cancelled_timers();
    std::optional<double> compute_select_timeout() const;
    std::vector<SelectorEvent> select(std::optional<double> timeout);
    void process_events(const std::vector<SelectorEvent>& events);
    void move_due_timers();
    void run_ready_handles();

    void check_closed() const;
    /// asyncio's _check_running: RuntimeError if this loop, or another one in this
    /// thread, is running.
    void check_running() const;
    /// asyncio's _check_thread (debug mode): RuntimeError if called from a thread
    /// other than the one running the loop.
    void check_thread() const;
    void read_from_self();
    void close_self_pipe() noexcept;
    void destroy_pending_tasks();
    void report_unretrieved_exceptions();
    HandlePtr add_fd_callback(int fd, std::uint32_t event, Handle::Callback callback, CallbackInfo info);
    bool remove_fd_callback(int fd, std::uint32_t event);
    void push_timer(TimerHandlePtr timer);
    TimerHandlePtr pop_timer();

    std::unique_ptr<Clock> clock_;
    std::unique_ptr<Selector> selector_;
    std::deque<HandlePtr> ready_;
    // One entry of the timer heap. The handle's time is kept beside the pointer so
    // that sifting compares entries in place instead of following a pointer to a
    // handle somewhere else in memory for every comparison.
    struct ScheduledTimer {
        double when;
        TimerHandlePtr handle;
    };
    std::vector<ScheduledTimer> scheduled_;  // a min-heap on (when, id) (heapq.hpp)
    std::size_t timer_cancelled_count_ = 0;
    bool stopping_ = false;
    bool running_ = false;
    bool closed_ = false;
    std::uint32_t handle_ids_ = 0;  // wraps (Handle::id)
    std::uint64_t future_ids_ = 0;
    std::uint32_t task_numbers_ = 0;
    struct FdCallbacks {
        HandlePtr reader, writer;
    };
    std::unordered_map<int, FdCallbacks> fd_callbacks_;
    // asyncio's _all_tasks (a WeakSet): the living tasks, oldest first, without owning
    // them. Each task carries its own two links, so a task joins and leaves the list
    // with a few pointer writes and no allocation, however many there are.
    TaskBase* oldest_task_ = nullptr;
    TaskBase* newest_task_ = nullptr;
    std::unordered_set<const FutureBase*> unretrieved_;  // futures that would log at close
    Observer* observer_ = nullptr;
    std::ostream* output_;
    ExceptionHandler exception_handler_;
    bool debug_ = false;
    // The thread running the loop (none while it is not running); atomic because
    // check_thread reads it from whatever thread calls.
    std::atomic<std::thread::id> thread_id_{};
    // Made by enable_threadsafe_calls; only loops that take calls from other threads
    // pay for a pipe and a mutex (self_pipe.cpp).
    struct SelfPipe;
    std::unique_ptr<SelfPipe> self_pipe_;
};

}  // namespace coolio
