// curio/coro.hpp — curio::Coro<T>, the coroutine type of the curio kernel's tasks.
//
// In curio a task is a plain coroutine. Everything it awaits is either another
// coroutine, which runs inline in the same task (Python's `await coro()`), or, at the
// bottom of every chain, a *trap*: a request to the kernel (traps.hpp). A trap is the
// only thing that ever suspends a task, and the kernel is the only thing that ever
// resumes one. There are no futures to hand over and no callbacks to register.
//
// That is why this is a type of its own rather than coolio::Coro: asyncio's Coro turns
// everything it awaits into the Task.__step handshake (a future is handed to the task,
// a foreign awaitable is a "bad yield"); a curio coroutine needs none of that. Its
// frames only know where to continue when they finish (the caller), and a trap
// tells the kernel which frame to resume (the innermost one).
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <source_location>
#include <string>
#include <utility>

#include "coolio/coroutines.hpp"  // detail::FrameOwner, detail::frame_name

namespace coolio::curio {

template <class T>
class Coro;

namespace detail {

/// The part of every frame that does not depend on the result type.
struct PromiseBase {
    explicit PromiseBase(std::source_location where) : function(where.function_name()) {}

    /// The coroutine function's signature; coolio::detail::frame_name shortens it.
    const char* function;
    /// Where to continue when this frame finishes (the awaiting frame), or nowhere.
    std::coroutine_handle<> continuation;
    /// What the body raised, if it raised.
    std::exception_ptr exception;

    std::suspend_always initial_suspend() noexcept { return {}; }
    void unhandled_exception() noexcept { exception = std::current_exception(); }

    /// On finishing, jump straight back into the caller, or return to the kernel when
    /// this is a task's outermost frame: the same final step as asyncio's coroutines.
    using FinalAwaiter = coolio::detail::PromiseBase::FinalAwaiter;
    FinalAwaiter final_suspend() noexcept { return {}; }
};

/// The whole frame of a curio coroutine (its result kept as asyncio's frames keep it).
template <class T>
struct Promise : coolio::detail::ResultPromise<T, PromiseBase> {
    Promise(std::source_location where = std::source_location::current())
        : coolio::detail::ResultPromise<T, PromiseBase>(where) {}
    Coro<T> get_return_object() noexcept;
};

}  // namespace detail

/// A curio coroutine returning T. Move-only; owns its frame. `co_await` it from another
/// curio coroutine to run it inline; give it to spawn() or Kernel::run to make a task.
template <class T = void>
class [[nodiscard]] Coro : public coolio::detail::FrameOwner<detail::Promise<T>> {
public:
    using promise_type = detail::Promise<T>;
    using value_type = T;
    using coolio::detail::FrameOwner<promise_type>::FrameOwner;

    /// `co_await coro`: start the callee now, in the caller's task (symmetric
    /// transfer); the caller continues with its result when it finishes.
    auto operator co_await() && noexcept {
        struct Awaiter {
            std::coroutine_handle<promise_type> callee;
            bool await_ready() const noexcept { return false; }
            std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept {
                callee.promise().continuation = caller;
                return callee;
            }
            T await_resume() { return callee.promise().take_result(); }
        };
        return Awaiter{this->handle()};
    }
};

template <class T>
Coro<T> detail::Promise<T>::get_return_object() noexcept {
    return Coro<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}

}  // namespace coolio::curio
