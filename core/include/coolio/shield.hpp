// shield.hpp — asyncio.shield: wait for something without letting a cancellation
// reach it.
//
// shield() puts a second future, the "outer" one, between the caller and the work
// (the "inner" task). The caller awaits the outer future; if the caller is cancelled,
// the task cancels what it waits on, which is the outer future, and the inner task
// never hears of it and runs on. When the inner task ends, its done-callback copies
// its outcome to the outer future, unless that was cancelled meanwhile.
//
//   auto task = create_task(save(record));
//   co_await shield(task);     // a cancel() of this task leaves `save` running
//
// As tasks.py's shield, step for step, with one difference: when the inner future is
// already done, asyncio returns it as it is; C++ needs one return type, so coolio
// returns a new future already holding the same outcome (awaiting it does not suspend,
// as awaiting the inner one would not).
#pragma once

#include <memory>

#include "coolio/tasks.hpp"

namespace coolio {

namespace detail {

/// Copies the outcome of the finished `inner` into the pending `outer`.
template <class R, class F>
void copy_outcome(F& inner, Future<R>& outer) {
    if (inner.cancelled()) {
        outer.cancel();
    } else if (std::exception_ptr error = inner.exception()) {
        outer.set_exception(error);
    } else {
        outer.set_result(inner.result());
    }
}

}  // namespace detail

/// asyncio.shield(awaitable): a future with the outcome of `awaitable` (a coroutine,
/// made into a task, or a future or task), which cancelling does not pass on to it.
/// Keep a reference to the inner task if you need it to finish: shield does not.
template <class A>
auto shield(A&& awaitable) {
    auto inner = ensure_future(std::forward<A>(awaitable));
    using F = typename decltype(inner)::element_type;
    using R = await_result_t<decltype(inner)>;
    FuturePtr<R> outer = inner->get_loop().template create_future<R>("shield");
    if (inner->done()) {
        detail::copy_outcome(*inner, *outer);
        return outer;
    }
    CallbackToken token = inner->add_done_callback(
        [outer](FutureBase& done) {
            auto& finished = static_cast<F&>(done);
            if (outer->cancelled()) {
                // Nobody waits any more; looking at the exception keeps it from
                // being reported as never retrieved.
                if (!finished.cancelled()) finished.exception();
                return;
            }
            detail::copy_outcome(finished, *outer);
        },
        "shield._inner_done_callback");
    // The outer future's callback only needs the inner one if it is still there: a
    // weak reference, so the two futures do not keep each other alive.
    WeakRef<F> weak_inner = inner;
    outer->add_done_callback(
        [weak_inner, token](FutureBase&) {
            // The outer future was cancelled first: the inner callback has nothing to do.
            if (auto still = weak_inner.lock(); still && !still->done()) still->remove_done_callback(token);
        },
        "shield._outer_done_callback");
    return outer;
}

}  // namespace coolio
