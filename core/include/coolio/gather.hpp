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
#include <cstdint>
#include <optional>
#include <type_traits>
#include <unordered_set>
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
    GatheringFuture(EventLoop& loop, std::vector<Ref<FutureBase>> children)
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

    /// The children, in argument order (repeats included).
    const std::vector<Ref<FutureBase>>& children() const noexcept { return children_; }

private:
    std::vector<Ref<FutureBase>> children_;
};

namespace detail {

template <bool ReturnExc, class R>
using gather_item_t = std::conditional_t<ReturnExc, Outcome<R>, R>;

/// How to read a child's typed result: a plain function made for the future's own
/// type (a Task<R> or a Future<R>), so that keeping it costs no allocation.
template <class R>
using ResultReader = R (*)(const FutureBase&);

/// The readers of gather's children, in argument order. While every child has the
/// same reader (always, for gather over a vector) one is kept for all: a list with a
/// reader per child would cost 8 bytes a child, 0.8 MB for 100,000.
template <class R>
class ResultReaders {
public:
    void add(ResultReader<R> reader) {
        if (shared_ && (readers_.empty() || reader == readers_.front())) {
            if (readers_.empty()) readers_.push_back(reader);
        } else {
            if (shared_) readers_.assign(count_, readers_.front());  // the first that differs
            shared_ = false;
            readers_.push_back(reader);
        }
        ++count_;
    }
    R read(std::size_t index, const FutureBase& child) const {
        return (shared_ ? readers_.front() : readers_[index])(child);
    }

private:
    std::vector<ResultReader<R>> readers_;  // one for all while shared_, else one each
    std::size_t count_ = 0;                 // children added
    bool shared_ = true;
};

/// What gather's done-callbacks share (the closure variables of asyncio's gather).
/// Counted (ref.hpp): each child's done-callback holds a Ref to it. The children
/// themselves are listed once, in the outer future (asyncio's gather too hands its
/// list of children to the _GatheringFuture): while it lives, the state reaches them
/// through it; once it is gone, nobody wants the results.
template <bool ReturnExc, class R>
struct GatherState {
    template <class>
    friend class Ref;
    mutable std::uint32_t refcount_ = 0;

    using Outer = GatheringFuture<std::vector<gather_item_t<ReturnExc, R>>>;
    std::vector<Ref<FutureBase>> children;  // until finish() hands them to the outer future
    ResultReaders<R> readers;               // one per child, in the same order
    std::unordered_set<const FutureBase*> distinct;  // asyncio's arg_to_fut, for repeats
    std::size_t expected = 0;              // distinct futures
    std::size_t finished = 0;
    WeakRef<Outer> outer;  // weak: a child must not keep the outer future alive

    // asyncio's _done_callback: runs (through call_soon) each time a child is done.
    void child_done(FutureBase& child) {
        ++finished;
        auto out = outer.lock();
        if (!out || out->done()) return;
        if constexpr (!ReturnExc) {
            // Without return_exceptions the first failure ends the gather at once.
            if (child.cancelled()) return out->set_exception(std::make_exception_ptr(child.make_cancelled_error()));
            if (std::exception_ptr error = child.exception()) return out->set_exception(error);
        }
        if (finished < expected) return;
        const std::vector<Ref<FutureBase>>& all = out->children();
        std::vector<gather_item_t<ReturnExc, R>> results;
        results.reserve(all.size());
        for (std::size_t i = 0; i < all.size(); ++i) {
            const FutureBase& c = *all[i];
            if constexpr (ReturnExc) {
                Outcome<R> item;
                if (c.cancelled()) item.error = std::make_exception_ptr(c.make_cancelled_error());
                else if (std::exception_ptr error = c.exception()) item.error = error;
                else item.value = readers.read(i, c);
                results.push_back(std::move(item));
            } else {
                results.push_back(readers.read(i, c));
            }
        }
        if (out->cancel_requested) return out->set_exception(std::make_exception_ptr(child.make_cancelled_error()));
        out->set_result(std::move(results));
    }

    // A child's done-callback: one Ref, so that a Callback keeps it in place rather
    // than in a heap block of its own (callback.hpp), one block fewer per child.
    struct DoneCallback {
        static constexpr bool relocatable = true;
        Ref<GatherState> state;
        void operator()(FutureBase& child) const { state->child_done(child); }
    };

    // Makes the child's future (a task for a coroutine) and, as asyncio does, gives it
    // the done-callback straight away, before the next argument is looked at.
    template <class A>
    void add(A&& awaitable, EventLoop& loop) {
        auto future = ensure_future(std::forward<A>(awaitable), loop);
        using F = typename decltype(future)::element_type;
        children.push_back(future);
        readers.add([](const FutureBase& f) { return R(static_cast<const F&>(f).result()); });
        // The same future passed twice is awaited once. Only a future can come twice:
        // each coroutine has just been wrapped in a task of its own.
        if constexpr (!is_coro<std::remove_cvref_t<A>>::value) {
            if (!distinct.insert(future.get()).second) return;
        }
        ++expected;
        future->add_done_callback(DoneCallback{Ref<GatherState>(this)}, "_done_callback");
    }

    Ref<Outer> finish(EventLoop& loop) {
        bool none = children.empty();
        auto out = make_ref<Outer>(loop, std::move(children));
        outer = out;
        distinct = {};  // repeats are known now: free the set
        if (none) out->set_result({});
        return out;
    }
};

template <bool ReturnExc, class First, class... Rest>
auto gather_args(First&& first, Rest&&... rest) {
    using R = await_result_t<First>;
    static_assert((std::is_same_v<R, await_result_t<Rest>> && ...),
                  "gather() needs awaitables with the same result type");
    EventLoop& loop = get_event_loop();
    auto state = make_ref<GatherState<ReturnExc, R>>();
    state->add(std::forward<First>(first), loop);
    (state->add(std::forward<Rest>(rest), loop), ...);  // left to right
    return state->finish(loop);
}

template <bool ReturnExc, class A>
auto gather_vector(std::vector<A> awaitables) {
    using R = await_result_t<A>;
    EventLoop& loop = get_event_loop();
    auto state = make_ref<GatherState<ReturnExc, R>>();
    state->children.reserve(awaitables.size());
    for (A& awaitable : awaitables) state->add(std::move(awaitable), loop);
    return state->finish(loop);
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
