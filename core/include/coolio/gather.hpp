// gather.hpp — asyncio.gather: run awaitables concurrently, collect results in order.
//
// Unlike wait(), gather() is not a coroutine: calling it wraps every coroutine in a
// task at once (so they start on the next tick even before anyone awaits the result)
// and returns a _GatheringFuture. Each child gets a done-callback; the one that sees
// the last child finish sets the outer future's result: the children's results, in
// the order they were passed. Without return_exceptions, the first failure is set on
// the outer future at once and the other children keep running.
#pragma once

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

#include "coolio/tasks.hpp"

namespace coolio {

/// Pass as gather's first argument to get failures as values instead of an exception.
struct ReturnExceptions {};
inline constexpr ReturnExceptions return_exceptions{};

/// One entry of gather(return_exceptions, …)'s result: a value or an exception
/// (Python puts the exception object itself in the list).
template <class R>
struct Outcome {
    std::optional<R> value;
    std::exception_ptr error;

    bool ok() const noexcept { return !error; }
    /// The value, or the exception rethrown.
    const R& get() const {
        if (error) std::rethrow_exception(error);
        return *value;
    }
    std::string repr() const { return error ? exception_repr(error) : coolio::repr(*value); }
};

/// The future gather() returns. Cancelling it cancels the children.
template <class V>
class GatheringFuture final : public Future<V> {
public:
    GatheringFuture(EventLoop& loop, std::vector<std::shared_ptr<FutureBase>> children)
        : Future<V>(loop, "_GatheringFuture"), children_(std::move(children)) {}

    bool cancel(std::string message = {}) override {
        if (this->done()) return false;
        bool any = false;
        for (auto& child : children_) any = child->cancel(message) || any;
        // The outer future ends cancelled when the children have ended, whatever
        // return_exceptions says (asyncio's _cancel_requested).
        if (any) cancel_requested = true;
        return any;
    }
    bool cancel_requested = false;

private:
    std::vector<std::shared_ptr<FutureBase>> children_;
};

namespace detail {

template <bool ReturnExc, class R>
using gather_item_t = std::conditional_t<ReturnExc, Outcome<R>, R>;

/// One argument of gather(): its future, and how to read its typed result.
template <class R>
struct GatherChild {
    std::shared_ptr<FutureBase> future;
    std::function<R()> result;
};

template <class R, class A>
GatherChild<R> make_child(A&& awaitable, EventLoop& loop) {
    auto future = ensure_future(std::forward<A>(awaitable), loop);
    return {future, [future] { return R(future->result()); }};
}

template <bool ReturnExc, class R>
auto gather_children(EventLoop& loop, std::vector<GatherChild<R>> children) {
    using V = std::vector<gather_item_t<ReturnExc, R>>;
    std::vector<std::shared_ptr<FutureBase>> futures;
    for (const auto& child : children) futures.push_back(child.future);
    auto outer = std::make_shared<GatheringFuture<V>>(loop, futures);
    if (children.empty()) {
        outer->set_result({});
        return outer;
    }
    // The same future passed twice is awaited once (asyncio's arg_to_fut).
    std::vector<std::shared_ptr<FutureBase>> unique;
    for (const auto& f : futures)
        if (std::find(unique.begin(), unique.end(), f) == unique.end()) unique.push_back(f);

    // A child must not keep the outer future alive: it holds it weakly.
    std::weak_ptr<GatheringFuture<V>> weak_outer = outer;
    auto finished = std::make_shared<std::size_t>(0);
    std::size_t expected = unique.size();
    auto on_child_done = [weak_outer, finished, expected, children](FutureBase& child) {
        ++*finished;
        auto outer = weak_outer.lock();
        if (!outer || outer->done()) return;
        if constexpr (!ReturnExc) {
            // Without return_exceptions the first failure ends the gather at once.
            if (child.cancelled()) {
                outer->set_exception(std::make_exception_ptr(child.make_cancelled_error()));
                return;
            }
            if (std::exception_ptr error = child.exception()) {
                outer->set_exception(error);
                return;
            }
        }
        if (*finished < expected) return;
        V results;
        results.reserve(children.size());
        for (const GatherChild<R>& c : children) {
            if constexpr (ReturnExc) {
                Outcome<R> item;
                if (c.future->cancelled()) item.error = std::make_exception_ptr(c.future->make_cancelled_error());
                else if (std::exception_ptr error = c.future->exception()) item.error = error;
                else item.value = c.result();
                results.push_back(std::move(item));
            } else {
                results.push_back(c.result());
            }
        }
        if (outer->cancel_requested) {
            outer->set_exception(std::make_exception_ptr(child.make_cancelled_error()));
        } else {
            outer->set_result(std::move(results));
        }
    };
    for (const auto& f : unique) f->add_done_callback(on_child_done, "_done_callback");
    return outer;
}

template <bool ReturnExc, class First, class... Rest>
auto gather_args(First&& first, Rest&&... rest) {
    using R = await_result_t<First>;
    static_assert((std::is_same_v<R, await_result_t<Rest>> && ...),
                  "gather() needs awaitables with the same result type");
    EventLoop& loop = get_event_loop();
    // A braced list is evaluated left to right: tasks are created in argument order.
    std::vector<GatherChild<R>> children{make_child<R>(std::forward<First>(first), loop),
                                         make_child<R>(std::forward<Rest>(rest), loop)...};
    return gather_children<ReturnExc, R>(loop, std::move(children));
}

template <bool ReturnExc, class A>
auto gather_vector(std::vector<A> awaitables) {
    using R = await_result_t<A>;
    EventLoop& loop = get_event_loop();
    std::vector<GatherChild<R>> children;
    children.reserve(awaitables.size());
    for (A& awaitable : awaitables) children.push_back(make_child<R>(std::move(awaitable), loop));
    return gather_children<ReturnExc, R>(loop, std::move(children));
}

}  // namespace detail

/// asyncio.gather(*aws): a future of the results, in argument order. All awaitables
/// (coroutines, futures, tasks) must have the same result type.
template <class First, class... Rest>
auto gather(First&& first, Rest&&... rest) {
    return detail::gather_args<false>(std::forward<First>(first), std::forward<Rest>(rest)...);
}

/// asyncio.gather(*aws, return_exceptions=True): failures become Outcome entries.
template <class First, class... Rest>
auto gather(ReturnExceptions, First&& first, Rest&&... rest) {
    return detail::gather_args<true>(std::forward<First>(first), std::forward<Rest>(rest)...);
}

/// gather over a vector (asyncio.gather(*list)).
template <class A>
auto gather(std::vector<A> awaitables) {
    return detail::gather_vector<false>(std::move(awaitables));
}
template <class A>
auto gather(ReturnExceptions, std::vector<A> awaitables) {
    return detail::gather_vector<true>(std::move(awaitables));
}

}  // namespace coolio
