// timeouts.hpp — asyncio.timeout / timeout_at: a deadline on a block of work.
//
// timeout(5, work) runs the work in the *current* task, and a timer cancels that task
// at the deadline; on the way out the CancelledError that the timer caused is turned
// into TimeoutError. No second task (compare wait_for.hpp, which makes one), and the
// deadline can be moved while the work runs.
#pragma once

#include <memory>
#include <optional>
#include <type_traits>

#include "coolio/tasks.hpp"

namespace coolio {

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
