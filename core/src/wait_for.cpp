#include "coolio/wait_for.hpp"

namespace coolio {

namespace {

// tasks._release_waiter: whoever comes first (the timer or the awaited future) wakes
// the waiter; the other finds it done and does nothing.
void release_waiter(Future<None>& waiter) {
    if (!waiter.done()) waiter.set_result(none);
}

// tasks._cancel_and_wait: cancel `future` and wait until it has actually finished.
// Awaiting a separate waiter, rather than `future` itself, keeps this coroutine
// cancellable on its own.
Coro<void> _cancel_and_wait(Ref<FutureBase> future, EventLoop& loop) {
    FuturePtr<None> waiter = loop.create_future<None>("_cancel_and_wait.waiter");
    CallbackToken token =
        future->add_done_callback([waiter](FutureBase&) { release_waiter(*waiter); }, "_release_waiter");
    try {
        future->cancel();
        co_await waiter;
    } catch (...) {
        future->remove_done_callback(token);  // Python's `finally:`
        throw;
    }
    future->remove_done_callback(token);
}

// As 3.11's `raise exceptions.TimeoutError() from exc`: no message.
TimeoutError timed_out() { return TimeoutError(); }

}  // namespace

Coro<void> detail::wait_for_done(Ref<FutureBase> future, double timeout) {
    EventLoop& loop = get_running_loop();

    if (timeout <= 0) {  // no time at all: done already, or cancelled now
        if (future->done()) co_return;
        co_await _cancel_and_wait(future, loop);
        if (future->cancelled()) throw timed_out();
        co_return;
    }

    FuturePtr<None> waiter = loop.create_future<None>("wait_for.waiter");
    TimerHandlePtr timeout_handle = loop.call_later(
        timeout, [waiter] { release_waiter(*waiter); }, CallbackInfo{"_release_waiter", nullptr, waiter});
    CallbackToken token =
        future->add_done_callback([waiter](FutureBase&) { release_waiter(*waiter); }, "_release_waiter");

    // Wait for the first of the two. A CancelledError here means our caller was
    // cancelled; it is handled below, since C++ cannot co_await inside a catch block.
    std::exception_ptr caller_cancelled;
    try {
        co_await waiter;
    } catch (const CancelledError&) {
        caller_cancelled = std::current_exception();
    } catch (...) {
        timeout_handle->cancel();
        throw;
    }

    // What Python's `finally: timeout_handle.cancel()` does, on every way out below.
    if (future->done()) {
        // It finished in time (or finished just as our caller was cancelled: then, as
        // in asyncio 3.11, its outcome wins over the cancellation).
        timeout_handle->cancel();
        co_return;
    }
    // Timed out, or the caller was cancelled: the inner task must not keep running
    // after wait_for returns, so cancel it and wait for its end.
    future->remove_done_callback(token);
    try {
        co_await _cancel_and_wait(future, loop);
    } catch (...) {
        timeout_handle->cancel();
        throw;
    }
    timeout_handle->cancel();
    if (caller_cancelled) std::rethrow_exception(caller_cancelled);
    // The task may have caught the cancellation and finished anyway: then its
    // outcome is the answer. If it ended cancelled, the deadline passed.
    if (future->cancelled()) throw timed_out();
}

}  // namespace coolio
