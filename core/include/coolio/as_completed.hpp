// as_completed.hpp — asyncio.as_completed: results in the order they finish.
//
// Every future gets a done-callback that puts it into a Queue; as_completed hands
// back one coroutine per future, and each takes the next future out of the queue and
// returns its result (or raises its exception). So the first coroutine awaited gives
// whichever future finished first, not the first one passed in:
//
//   for (auto& next : as_completed(tasks)) {
//       int value = co_await std::move(next);   // the earliest result not yet taken
//   }
//
// With a timeout, a timer empties the waiting list when it fires: each coroutine not
// yet served then raises TimeoutError (the futures themselves are left running).
// This is tasks.py's as_completed, queue and all; the one difference is order among
// the futures: asyncio iterates over a set (an order that changes from run to run),
// coolio keeps the order they were passed in.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "coolio/queues.hpp"
#include "coolio/tasks.hpp"

namespace coolio {

namespace detail {

/// What as_completed's callbacks and coroutines share (the closure in tasks.py).
template <class F>
struct AsCompleted {
    Queue<Ref<F>> done;  // finished futures; a null one means "timed out"
    std::vector<std::pair<Ref<F>, CallbackToken>> todo;  // not finished yet
    TimerHandlePtr timeout_handle;

    // A future finished: move it from the waiting list to the queue.
    void on_completion(FutureBase& finished) {
        if (todo.empty()) return;  // the timeout came first
        auto found = std::find_if(todo.begin(), todo.end(), [&](auto& entry) { return entry.first.get() == &finished; });
        done.put_nowait(std::move(found->first));
        todo.erase(found);
        if (todo.empty() && timeout_handle) timeout_handle->cancel();
    }

    // The time is up: every coroutine still to be served gets a null, i.e. TimeoutError.
    void on_timeout() {
        for (auto& [future, token] : todo) {
            future->remove_done_callback(token);
            done.put_nowait(nullptr);
        }
        todo.clear();
    }
};

/// tasks.py's _wait_for_one: the next finished future's result.
template <class F>
Coro<await_result_t<Ref<F>>> _wait_for_one(std::shared_ptr<AsCompleted<F>> state) {
    Ref<F> finished = co_await state->done.get();
    if (!finished) throw TimeoutError();
    co_return finished->result();  // raises the future's exception, if it has one
}

}  // namespace detail

/// asyncio.as_completed(fs, timeout): one coroutine per future in `futures`; awaiting
/// them one after another gives the results in the order the futures finish. With a
/// `timeout` (seconds), the coroutines not served by then raise TimeoutError.
template <class F>
    requires std::derived_from<F, FutureBase>
std::vector<Coro<await_result_t<Ref<F>>>> as_completed(std::vector<Ref<F>> futures,
                                                                   std::optional<double> timeout = std::nullopt) {
    EventLoop& loop = get_event_loop();
    auto state = std::make_shared<detail::AsCompleted<F>>();
    // The callbacks hold the state weakly: once every coroutine is gone, nothing is
    // left to serve, and the futures do not keep it alive.
    std::weak_ptr<detail::AsCompleted<F>> weak = state;
    for (auto& future : futures) {
        CallbackToken token = future->add_done_callback(
            [weak](FutureBase& finished) {
                if (auto s = weak.lock()) s->on_completion(finished);
            },
            "as_completed._on_completion");
        state->todo.emplace_back(future, token);
    }
    if (!state->todo.empty() && timeout)
        state->timeout_handle = loop.call_later(
            *timeout,
            [weak] {
                if (auto s = weak.lock()) s->on_timeout();
            },
            "as_completed._on_timeout");
    std::vector<Coro<await_result_t<Ref<F>>>> coroutines;
    for (std::size_t i = 0; i < futures.size(); ++i) coroutines.push_back(detail::_wait_for_one(state));
    return coroutines;
}

/// as_completed over coroutines: each becomes a task first, in the order given.
template <class T>
std::vector<Coro<typename Task<T>::result_type>> as_completed(std::vector<Coro<T>> coros,
                                                              std::optional<double> timeout = std::nullopt) {
    std::vector<Ref<Task<T>>> tasks;
    for (auto& coro : coros) tasks.push_back(ensure_future(std::move(coro)));
    return as_completed(std::move(tasks), timeout);
}

}  // namespace coolio
