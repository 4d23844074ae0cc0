#include "coolio/wait.hpp"

#include <algorithm>

namespace coolio {

FutureBasePtr Awaitable::ensure_future(EventLoop& loop) const {
    if (future_) return future_;
    if (!pending_->made) pending_->made = pending_->make_task(loop);
    return pending_->made;
}

namespace {

std::string set_repr(const std::vector<FutureBasePtr>& futures) {
    if (futures.empty()) return "set()";
    std::string out = "{";
    for (std::size_t i = 0; i < futures.size(); ++i) out += (i ? ", " : "") + future_repr(*futures[i]);
    return out + "}";
}

// asyncio's _wait: the part of wait() that does the waiting.
Coro<WaitResult> _wait(std::vector<FutureBasePtr> fs, std::optional<double> timeout, ReturnWhen return_when,
                       EventLoop& loop) {
    FuturePtr<None> waiter = loop.create_future<None>("_wait.waiter");
    TimerHandlePtr timeout_handle;
    if (timeout) {
        timeout_handle = loop.call_later(
            *timeout, [waiter] { if (!waiter->done()) waiter->set_result(none); },
            CallbackInfo{"_release_waiter", nullptr, waiter});
    }
    auto counter = std::make_shared<std::size_t>(fs.size());
    auto on_completion = [counter, return_when, waiter, timeout_handle](FutureBase& f) {
        --*counter;
        bool failed = !f.cancelled() && f.exception();
        if (*counter == 0 || return_when == FIRST_COMPLETED || (return_when == FIRST_EXCEPTION && failed)) {
            if (timeout_handle) timeout_handle->cancel();
            if (!waiter->done()) waiter->set_result(none);
        }
    };
    std::vector<CallbackToken> tokens;
    for (const FutureBasePtr& f : fs) tokens.push_back(f->add_done_callback(on_completion, "_on_completion"));

    auto clean_up = [&] {  // asyncio's `finally:` clause
        if (timeout_handle) timeout_handle->cancel();
        for (std::size_t i = 0; i < fs.size(); ++i) fs[i]->remove_done_callback(tokens[i]);
    };
    try {
        co_await waiter;
    } catch (...) {
        clean_up();
        throw;
    }
    clean_up();

    WaitResult result;
    for (const FutureBasePtr& f : fs) (f->done() ? result.done : result.pending).push_back(f);
    co_return result;
}

}  // namespace

std::string WaitResult::repr() const { return "(" + set_repr(done) + ", " + set_repr(pending) + ")"; }

Coro<WaitResult> wait(std::vector<Awaitable> awaitables, std::optional<double> timeout, ReturnWhen return_when) {
    EventLoop& loop = get_running_loop();
    if (awaitables.empty()) throw ValueError("Set of Tasks/Futures is empty.");
    // Coroutines become tasks here, in list order; a future listed twice counts once
    // (asyncio makes a set of them).
    std::vector<FutureBasePtr> fs;
    for (const Awaitable& awaitable : awaitables) {
        FutureBasePtr future = awaitable.ensure_future(loop);
        if (std::find(fs.begin(), fs.end(), future) == fs.end()) fs.push_back(std::move(future));
    }
    co_return co_await _wait(std::move(fs), timeout, return_when, loop);
}

}  // namespace coolio
