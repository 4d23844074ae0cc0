// curio/task.hpp — a curio task: one coroutine, driven by the kernel.
//
// A task is nothing but a coroutine plus the kernel's notes about it: what it is
// doing (its state: READY, TIME_SLEEP, READ_WAIT, ...), what to send into it when it
// next runs, and how to unhook it from whatever it is parked on if it is cancelled.
// Unlike an asyncio Task it is not a future and has no callbacks: a task that wants
// another's result parks on that task's `joining` wait queue, which the kernel wakes
// when the task terminates.
#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "coolio/curio/coro.hpp"
#include "coolio/curio/errors.hpp"
#include "coolio/curio/sched.hpp"
#include "coolio/curio/traps.hpp"
#include "coolio/repr.hpp"

namespace coolio::curio {

class Kernel;

/// The part of every Task<T> that does not depend on T; all the kernel works with.
class TaskBase : public std::enable_shared_from_this<TaskBase> {
public:
    virtual ~TaskBase() = default;
    TaskBase(const TaskBase&) = delete;
    TaskBase& operator=(const TaskBase&) = delete;

    /// 1, 2, 3, ... in the order the kernel started the tasks (0 before that).
    std::uint64_t id() const noexcept { return id_; }
    /// "Task-1", "Task-2", ...
    std::string name() const { return "Task-" + std::to_string(id_); }
    /// The coroutine's name ("do_some_work").
    const std::string& coro_name() const noexcept { return coro_name_; }
    /// What the task is doing, in curio's words: "READY", "RUNNING", "TIME_SLEEP",
    /// "READ_WAIT", "WRITE_WAIT", "TASK_JOIN", the state given to a wait queue, or
    /// "TERMINATED".
    const std::string& state() const noexcept { return state_; }
    bool terminated() const noexcept { return terminated_; }
    /// True if the task ended by a cancellation error (TaskCancelled or TaskTimeout).
    bool cancelled() const noexcept { return cancelled_; }
    /// What the coroutine raised, or null.
    const std::exception_ptr& exception() const noexcept { return exception_; }
    /// repr() of the result (when terminated without an exception).
    virtual std::string result_repr() const = 0;
    /// How many times the kernel has resumed the coroutine.
    std::uint64_t resumptions() const noexcept { return resumptions_; }
    /// The tasks waiting for this one to terminate.
    SchedFIFO& joining() noexcept { return joining_; }

protected:
    explicit TaskBase(std::coroutine_handle<> top, std::string coro_name)
        : coro_name_(std::move(coro_name)), resume_point_(top) {}
    /// Called once the outermost frame has finished: take its result or exception.
    virtual void take_coroutine_result() = 0;
    /// Frees the coroutine frames.
    virtual void release_coroutine() noexcept = 0;
    /// Has the outermost frame finished?
    virtual bool coroutine_done() const noexcept = 0;

    std::exception_ptr exception_;  // what the coroutine raised
    bool cancelled_ = false;        // ...if that was a cancellation

private:
    friend class Kernel;
    friend class Trap;

    std::uint64_t id_ = 0;
    std::string coro_name_;
    std::string state_ = "INITIAL";
    std::coroutine_handle<> resume_point_;  // the innermost suspended frame
    std::optional<TrapRequest> trap_;       // set by Trap::await_suspend, taken by the kernel
    double trap_value_ = 0;                 // the answer to the last trap...
    std::exception_ptr trap_error_;         // ...or the exception to throw at it
    std::string sent_;                      // what the next resumption sends, for the trace
    std::function<void()> cancel_func_;     // unhooks the task from what it is parked on
    std::exception_ptr cancel_pending_;     // a cancellation to deliver at the next blocking trap
    std::optional<double> sleep_until_;     // the deadline of its sleep, if sleeping
    std::vector<double> timeouts_;          // armed timeout_after deadlines, innermost last
    SchedFIFO joining_{"join"};
    bool terminated_ = false;
    std::uint64_t resumptions_ = 0;
};

/// A task running a Coro<T>.
template <class T>
class Task final : public TaskBase {
public:
    explicit Task(Coro<T> coro) : TaskBase(coro.handle(), coro.name()), coro_(std::move(coro)) {}

    /// The coroutine's result. Only after the task terminated without an exception.
    const auto& result() const { return *value_; }
    std::string result_repr() const override { return value_ ? repr(*value_) : std::string(); }

private:
    using value_type = std::conditional_t<std::is_void_v<T>, None, T>;
    void take_coroutine_result() override {
        try {
            if constexpr (std::is_void_v<T>) {
                coro_.handle().promise().take_result();
                value_.emplace();
            } else {
                value_.emplace(coro_.handle().promise().take_result());
            }
        } catch (const coolio::CancelledError&) {
            exception_ = std::current_exception();
            cancelled_ = true;
        } catch (...) {
            exception_ = std::current_exception();
        }
    }
    void release_coroutine() noexcept override { coro_.reset(); }
    bool coroutine_done() const noexcept override { return coro_.handle().done(); }

    Coro<T> coro_;
    std::optional<value_type> value_;
};

template <class T>
using TaskPtr = std::shared_ptr<Task<T>>;

/// The awaitable of spawn(): the spawn trap, answered with the new task.
template <class T>
class SpawnTrap {
public:
    explicit SpawnTrap(TaskPtr<T> task) : task_(task), trap_({.name = TrapName::spawn, .task = task}) {}
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> frame) { trap_.await_suspend(frame); }
    TaskPtr<T> await_resume() {
        trap_.await_resume();
        return task_;
    }

private:
    TaskPtr<T> task_;
    Trap trap_;
};

/// curio.spawn(coro): a new task for `coro`, at the back of the ready queue; the
/// spawning task goes on at once.
template <class T>
SpawnTrap<T> spawn(Coro<T> coro) {
    return SpawnTrap<T>(std::make_shared<Task<T>>(std::move(coro)));
}

/// task.wait(): parks until `task` has terminated, however it ended.
inline Trap wait(std::shared_ptr<TaskBase> task) { return Trap({.name = TrapName::join, .task = std::move(task)}); }

/// task.join(): waits for `task` and returns its result; TaskError (its cause: what
/// the task raised) if it crashed or was cancelled.
template <class T>
Coro<T> join(TaskPtr<T> task) {
    co_await wait(task);
    if (task->exception())
        throw TaskError(task->cancelled() ? "Task cancelled" : "Task crashed", task->exception());
    if constexpr (!std::is_void_v<T>) co_return task->result();
}

/// task.cancel(): throws TaskCancelled into `task` at the trap it is parked in (or at
/// its next blocking trap if it is ready to run), then waits until it has terminated.
/// Cancelling a terminated task does nothing.
inline Trap cancel(std::shared_ptr<TaskBase> task) {
    return Trap({.name = TrapName::cancel, .task = std::move(task)});
}

}  // namespace coolio::curio
