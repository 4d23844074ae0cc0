// wait_for.hpp — asyncio.wait_for: await work, but no longer than a deadline.
//
// wait_for is built from the usual parts: the awaitable becomes a task, and the caller
// awaits a "waiter" future that whichever comes first resolves, the task's
// done-callback or a timer (both call _release_waiter). If the timer wins, the task is
// cancelled and wait_for waits until it has really finished (its coroutine has run
// its cleanup: a cancelled sock_recv removes its reader) before raising TimeoutError.
// Nothing is left running behind the caller's back.
//
// This is asyncio 3.11's tasks.wait_for, step for step (3.12 rebuilt it on
// asyncio.timeout(), with the same outcome for a program). For a deadline on a block
// of work inside the current task, see timeouts.hpp.
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
Coro<void> wait_for_done(Ref<FutureBase> future, double timeout);

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
Coro<await_result_t<Ref<F>>> wait_for(Ref<F> future, std::optional<double> timeout) {
    if (!timeout) co_return co_await future;
    co_await detail::wait_for_done(future, *timeout);
    co_return future->result();
}

}  // namespace coolio
