// curio/kernel.hpp — a curio-style kernel: tasks, traps, and nothing else.
//
// What this kernel believes (curio's principles, retold):
//
//   * Async code and the kernel live in two separate worlds, like a program and an
//     operating system. A task cannot call into the kernel; it can only *trap*: stop,
//     and hand the kernel a request ("let me sleep 2 s", "wake me when fd 7 is
//     readable", "start this coroutine"). Outside the kernel there is one entry point,
//     run(main). There are no callbacks to register and no futures to wait on.
//
//   * The kernel is small on purpose. It knows tasks, a ready queue, a timer heap,
//     a selector and wait queues, and it answers a handful of traps. Everything a
//     program actually uses (Event, Lock, Queue, timeouts, socket I/O) is built
//     *outside* it, as ordinary coroutines that trap (sync.hpp, queue.hpp, io.hpp).
//
//   * A task runs until it blocks. The kernel resumes a task and keeps answering its
//     non-blocking traps (spawn, clock, wake another task) without letting anything
//     else run; only a blocking trap (sleep, I/O, a wait queue, join) ends its turn.
//     A task's state always says what it is doing, and what to undo if it is
//     cancelled, so cancellation is one exception thrown in at the trap it is
//     parked in.
//
// Compare asyncio (base_events.hpp): there a sleeping task is a future resolved by a
// timer handle whose callback schedules the task's wakeup handle, which steps it. Here
// a sleeping task is an entry on the timer heap that puts the task itself back on the
// ready queue. The two run the same programs; `coolio-trace compare` shows both.
//
// One cycle of the kernel's loop has three phases (Kernel::run_cycle):
//   1. I/O polling: wait on the selector, at most until the next deadline (not at all
//      if a task is ready); reschedule the tasks whose descriptor is ready.
//   2. Time handling: reschedule the tasks whose sleep is over; throw TaskTimeout
//      into those whose timeout_after deadline has passed.
//   3. Running ready tasks: each task that was ready when the phase began runs until
//      it blocks. Tasks made ready meanwhile wait for the next cycle, so I/O and
//      timers are looked at between any two turns of a task.
//
// Order is FIFO everywhere: the ready queue, every wait queue, and deadlines that fall
// at the same time (broken by the order they were set).
#pragma once

#include <cstdint>
#include <deque>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "coolio/clock.hpp"
#include "coolio/curio/task.hpp"
#include "coolio/observer.hpp"
#include "coolio/selectors.hpp"

namespace coolio::curio {

/// The curio kernel. Single-threaded; one run at a time.
class Kernel {
public:
    /// A kernel on `clock` (default: the virtual clock) and `selector` (default: epoll).
    explicit Kernel(std::unique_ptr<Clock> clock = nullptr, std::unique_ptr<Selector> selector = nullptr);
    /// Frees the coroutine frames of the tasks still alive (curio cancels them at
    /// shutdown; here they simply never run again).
    ~Kernel();
    Kernel(const Kernel&) = delete;
    Kernel& operator=(const Kernel&) = delete;

    /// curio.run(main): runs `main` as the first task, and the kernel until that task
    /// terminates. Returns its result, or throws what it raised. RuntimeError if the
    /// kernel is already running, or if every task is blocked with nothing to wake
    /// them.
    template <class T>
    T run(Coro<T> main) {
        auto task = std::make_shared<Task<T>>(std::move(main));
        run_main(task);
        if (task->exception()) std::rethrow_exception(task->exception());
        if constexpr (!std::is_void_v<T>) return task->result();
    }

    /// The kernel's clock, in seconds.
    double time() const { return clock_->time(); }
    const Clock& clock() const noexcept { return *clock_; }

    // ---- watching ----

    /// Attaches an observer (null detaches). The kernel does not own it.
    void set_observer(Observer* observer) noexcept { observer_ = observer; }
    Observer* observer() const noexcept { return observer_; }
    /// Where coolio::print writes while the kernel runs (default std::cout; null: nowhere).
    void set_output(std::ostream* out) noexcept { output_ = out; }
    std::ostream* output() const noexcept { return output_; }
    /// The task whose turn it is, or null.
    TaskBase* current() const noexcept { return current_; }
    /// Cycles of the kernel loop so far.
    std::uint64_t cycles() const noexcept { return cycles_; }
    /// Tasks in the ready queue, front first (their ids).
    std::vector<std::uint64_t> ready_ids() const;

    // ---- used by Trap ----

    /// The current task traps with `request`; `frame` is where to resume it.
    void trap(std::coroutine_handle<> frame, TrapRequest request);

private:
    void run_main(std::shared_ptr<TaskBase> main);
    void run_cycle();

    // The three phases.
    void drop_stale_deadlines();
    std::optional<double> poll_timeout() const;
    void poll_io(std::optional<double> timeout);
    void handle_time();
    void run_ready_tasks();
    void run_task(TaskBase& task);

    // The traps (curio's trap_* functions). Each either answers and leaves the task
    // current (non-blocking), or parks it / reschedules it and ends its turn.
    void dispatch_trap(TaskBase& task, TrapRequest& request);
    void trap_sleep(TaskBase& task, double seconds);
    void trap_io(TaskBase& task, int fd, std::uint32_t event);
    void trap_spawn(TaskBase& task, std::shared_ptr<TaskBase> child);
    void trap_join(TaskBase& task, TaskBase& other);
    void trap_cancel(TaskBase& task, TaskBase& other);
    void trap_sched_wait(TaskBase& task, SchedFIFO& queue, std::string state);
    void trap_sched_wake(TaskBase& task, SchedFIFO& queue, std::size_t n);
    void trap_clock(TaskBase& task);
    void trap_set_timeout(TaskBase& task, double seconds);
    void trap_unset_timeout(TaskBase& task);

    // Support.
    void new_task(std::shared_ptr<TaskBase> task);
    /// curio's _reschedule_task: back to the ready queue, with an error to throw in.
    void reschedule_task(TaskBase& task, std::string_view reason, std::exception_ptr error = nullptr);
    /// Ends the current task's turn: it waits on `on`; `cancel_func` unhooks it.
    /// A cancellation already pending is delivered instead, at once.
    void park(TaskBase& task, std::string state, std::string on, std::function<void()> cancel_func,
              std::optional<double> until = std::nullopt);
    /// curio's _cancel_task: unhook a parked task and throw `error` in, or keep
    /// `error` pending until the task next blocks. Returns false if it has terminated.
    bool cancel_task(TaskBase& task, std::exception_ptr error);
    void cleanup_task(TaskBase& task);
    void push_deadline(double when, TaskBase& task, bool is_timeout);
    void unwatch(int fd, std::uint32_t event);

    struct Deadline {
        double when;
        std::uint64_t order;  // ties go first-in first-out
        std::uint64_t task;
        bool is_timeout;      // a timeout_after deadline, not a sleep
    };
    static bool sooner(const Deadline& a, const Deadline& b);
    /// Does the deadline still matter (its task sleeps until then, or is inside that
    /// timeout block)?
    bool is_live(const Deadline& deadline) const;

    std::unique_ptr<Clock> clock_;
    std::unique_ptr<Selector> selector_;
    std::deque<TaskBase*> ready_;
    std::vector<Deadline> sleeping_;  // a min-heap on (when, order) (heapq.hpp)
    std::unordered_map<std::uint64_t, std::shared_ptr<TaskBase>> tasks_;  // the task table
    struct Watchers {
        TaskBase* reader = nullptr;
        TaskBase* writer = nullptr;
    };
    std::unordered_map<int, Watchers> watchers_;
    TaskBase* current_ = nullptr;
    bool running_ = false;
    std::uint64_t task_ids_ = 0;
    std::uint64_t deadline_order_ = 0;
    std::uint64_t cycles_ = 0;
    Observer* observer_ = nullptr;
    std::ostream* output_;
};

/// The kernel running on this thread, or null. Like asyncio's running loop, a
/// per-thread pointer that Kernel::run sets and clears; traps and print use it.
Kernel* running_kernel() noexcept;

}  // namespace coolio::curio
