// timeouts.hpp — deadlines: asyncio.wait_for, and asyncio.timeout / timeout_at.
//
// Two ways to give work a deadline, both from asyncio:
//   * wait_for(work, 5) runs the work in a task of its own and waits for it or for
//     the deadline, whichever comes first (below);
//   * timeout(5, work) runs the work in the *current* task, and a timer cancels that
//     task at the deadline; on the way out the CancelledError that the timer caused is
//     turned into TimeoutError (Timeout, further below). No second task, and the
//     deadline can be moved while the work runs.
//
// wait_for:
// wait_for is built from the usual parts: the awaitable becomes a task, and the caller
// awaits a "waiter" future that whichever comes first resolves, the task's
// done-callback or a timer (both call _release_waiter). If the timer wins, the task is
// cancelled and wait_for waits until it has really finished (its coroutine has run
// its cleanup: a cancelled sock_recv removes its reader) before raising TimeoutError.
// Nothing is left running behind the caller's back.
//
// This is asyncio 3.11's tasks.wait_for, step for step (3.12 rebuilt it on
// asyncio.timeout(), with the same outcome for a program).
#pragma once

#include <memory>
#include <optional>
#include <type_traits>

#include "coolio/tasks.hpp"

namespace coolio {

namespace detail {

/// The untyped part of wait_for: waits for `future` (a task) until it is done or
/// `timeout` seconds have passed; on timeout cancels it, waits for it to end, and
/// raises TimeoutError if it ended cancelled. When it returns, `future` is done.
Coro<void> wait_for_done(std::shared_ptr<FutureBase> future, double timeout);

}  // namespace detail

/// asyncio.wait_for(coro, timeout): the coroutine's result if it finishes within
/// `timeout` seconds; otherwise its task is cancelled and TimeoutError is raised.
/// No timeout (nullopt) awaits the coroutine directly, with no task. If the caller is
/// cancelled, the inner task is cancelled too. The result type must be copyable (it
/// is read from the task, as Python reads task.result()).
template <class T>
Coro<T> wait_for(Coro<T> coro, std::optional<double> timeout) {
    if (!timeout) co_return co_await std::move(coro);
    auto task = get_running_loop().create_task(std::move(coro));
    co_await detail::wait_for_done(task, *timeout);
    if constexpr (std::is_void_v<T>) {
        task->result();  // raises the task's exception, if it raised one
    } else {
        co_return task->result();
    }
}

/// asyncio.wait_for(future, timeout), for a future or a task that already exists:
/// cancelled on timeout like a coroutine's task.
template <class F>
    requires std::derived_from<F, FutureBase>
Coro<await_result_t<std::shared_ptr<F>>> wait_for(std::shared_ptr<F> future, std::optional<double> timeout) {
    if (!timeout) co_return co_await future;
    co_await detail::wait_for_done(future, *timeout);
    co_return future->result();
}

// ---------------------------------------------------------------------------------
// asyncio.timeout / timeout_at (timeouts.py)
// ---------------------------------------------------------------------------------

/// asyncio.Timeout: the deadline on a block of work in the current task. Python uses
/// it as `async with timeout(5) as cm:`; in coolio, timeout()/timeout_at() below play
/// the `async with`, and a block that wants to move its deadline takes the Timeout&.
class Timeout {
public:
    /// created -> entered -> (expiring -> expired | exited), as asyncio's _State.
    enum class State { created, entered, expiring, expired, exited };

    /// A deadline at loop time `when`; nullopt: none (yet).
    explicit Timeout(std::optional<double> when) : when_(when) {}
    Timeout(const Timeout&) = delete;
    Timeout& operator=(const Timeout&) = delete;
    /// Cancels the timer, if the block is left some way the program did not foresee.
    ~Timeout();

    std::optional<double> when() const noexcept { return when_; }
    State state() const noexcept { return state_; }
    /// True once the deadline has passed (the timer fired).
    bool expired() const noexcept { return state_ == State::expiring || state_ == State::expired; }
    /// Moves the deadline (nullopt: none); RuntimeError unless the block is running.
    void reschedule(std::optional<double> when);

    /// __aenter__: remembers the current task and starts the timer. RuntimeError
    /// outside a task.
    void enter();
    /// __aexit__, with what the block raised (null: nothing). Throws TimeoutError
    /// when the block ended by the CancelledError this deadline caused and no other
    /// cancellation is pending (Task.uncancel() reaches 0); otherwise returns, and the
    /// caller raises the block's own error, if any.
    void exit(std::exception_ptr raised);

private:
    void on_timeout();  // _on_timeout: cancel the task

    State state_ = State::created;
    HandlePtr timeout_handler_;  // a timer, or a plain handle when the deadline had passed
    TaskBase* task_ = nullptr;
    std::optional<double> when_;
};

/// asyncio.timeout_at(when): runs `block` (a coroutine, or a callable taking the
/// Timeout& and giving one) in the current task; if loop time `when` comes first, the
/// block is cancelled where it waits and TimeoutError is raised here.
template <class T>
Coro<T> timeout_at(std::optional<double> when, Coro<T> block) {
    Timeout deadline(when);
    deadline.enter();
    std::exception_ptr raised;
    try {
        if constexpr (std::is_void_v<T>) {
            co_await std::move(block);
        } else {
            T value = co_await std::move(block);
            deadline.exit(nullptr);
            co_return value;
        }
    } catch (...) {
        raised = std::current_exception();
    }
    deadline.exit(raised);  // TimeoutError, if the deadline is why the block ended
    if (raised) std::rethrow_exception(raised);
}

template <class Block>
    requires std::invocable<Block&, Timeout&>
auto timeout_at(std::optional<double> when, Block block) -> std::invoke_result_t<Block&, Timeout&> {
    Timeout deadline(when);
    deadline.enter();
    std::exception_ptr raised;
    using T = await_result_t<std::invoke_result_t<Block&, Timeout&>>;
    try {
        if constexpr (std::is_same_v<T, None>) {
            co_await block(deadline);
        } else {
            T value = co_await block(deadline);
            deadline.exit(nullptr);
            co_return value;
        }
    } catch (...) {
        raised = std::current_exception();
    }
    deadline.exit(raised);
    if (raised) std::rethrow_exception(raised);
}

/// asyncio.timeout(delay): timeout_at(loop.time() + delay); nullopt: no deadline.
template <class Block>
auto timeout(std::optional<double> delay, Block block) {
    std::optional<double> when;
    if (delay) when = get_running_loop().time() + *delay;
    return timeout_at(when, std::move(block));
}

}  // namespace coolio
