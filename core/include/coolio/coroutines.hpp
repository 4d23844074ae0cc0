// coroutines.hpp — Coro<T>, coolio's `async def`.
//
// A function returning Coro<T> is a coroutine: calling it runs nothing, it only makes
// a suspended frame (Python's coroutine object). Something must then drive it:
//   * a Task, which resumes it from the loop (Task.__step), or
//   * another coroutine, with `co_await`, which runs it inline: the callee starts at
//     once, in the caller's step, and the caller continues when it returns, exactly
//     like Python's `await coro()`: no new task, no extra tick.
//
// What a coroutine awaits decides what happens to its task (see tasks.hpp):
//   * a future that is not done: the future is handed to the task, which suspends
//     until the future's done-callback wakes it (asyncio's _asyncio_future_blocking);
//   * a future that is done: its result is used at once, without suspending;
//   * yield_now (what sleep(0) awaits): the task goes to the back of the ready queue;
//   * any other awaitable: a "bad yield", and the task gets a RuntimeError thrown in.
#pragma once

#include <concepts>
#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "coolio/ref.hpp"
#include "coolio/repr.hpp"

namespace coolio {

class FutureBase;
class TaskBase;
template <class T>
class Coro;

/// Await this to give up the rest of the tick: the task is queued again at the back of
/// the ready queue (Python's bare `yield` inside asyncio's __sleep0).
struct YieldNow {};

namespace detail {

template <class A>
struct is_coro : std::false_type {};
template <class T>
struct is_coro<Coro<T>> : std::true_type {};
template <class A>
struct is_future_ptr : std::false_type {};
template <class F>
struct is_future_ptr<Ref<F>> : std::is_base_of<FutureBase, F> {};

/// Anything co_await'ed that is neither a coroutine, nor a future, nor YieldNow.
template <class A>
concept Foreign = !is_coro<std::remove_cvref_t<A>>::value && !is_future_ptr<std::remove_cvref_t<A>>::value &&
                  !std::same_as<std::remove_cvref_t<A>, YieldNow>;

/// The part of every coroutine frame that does not depend on its result type.
struct PromiseBase {
    explicit PromiseBase(std::source_location where) : function(where.function_name()) {}

    /// The coroutine function's signature, e.g. "coolio::Coro<void> do_some_work(int)".
    const char* function;
    /// The frame that awaits this one inline, or null for a task's outermost frame.
    PromiseBase* caller = nullptr;
    /// Where to continue when this frame finishes (the caller), or nowhere.
    std::coroutine_handle<> continuation;
    /// What the coroutine body raised, if it raised. While the frame is suspended in
    /// a task, the error the task's next step throws in at the point of resumption
    /// (TaskBase::rethrow_thrown_in): the body has not raised yet, so the slot is free.
    std::exception_ptr exception;

    /// Every coroutine starts suspended: calling it only makes the frame.
    std::suspend_always initial_suspend() noexcept { return {}; }
    void unhandled_exception() noexcept { exception = std::current_exception(); }
    /// Python's RuntimeWarning for a coroutine dropped without ever running,
    /// "coroutine 'NAME' was never awaited" (see warnings.hpp): almost always a
    /// forgotten co_await. Coro's destructor decides when (below).
    void warn_never_awaited() const noexcept;

    /// On finishing, jump straight back into the caller (symmetric transfer), or return
    /// to whoever resumed us (the task's step) when there is no caller.
    struct FinalAwaiter {
        bool await_ready() noexcept { return false; }
        template <class P>
        std::coroutine_handle<> await_suspend(std::coroutine_handle<P> self) noexcept {
            std::coroutine_handle<> next = self.promise().continuation;
            return next ? next : std::noop_coroutine();
        }
        void await_resume() noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }

    // await_transform turns everything a coroutine awaits into one of the awaiters
    // below; they are defined in tasks.hpp, where TaskBase is complete.
    template <class U>
    auto await_transform(Coro<U>&& callee);
    template <class U>
    auto await_transform(Coro<U>& callee) { return await_transform(std::move(callee)); }
    template <class F>
        requires std::derived_from<F, FutureBase>
    auto await_transform(const Ref<F>& future);
    auto await_transform(YieldNow);
    template <class A>
        requires Foreign<A>
    auto await_transform(A&& other);
};

/// Where a frame keeps its result: `return_value` stores it, `take_result` hands it
/// over or rethrows what the body raised. Shared by asyncio's frames (Promise below)
/// and curio's (curio/coro.hpp), each over its own Base holding `exception`.
template <class T, class Base>
struct ResultPromise : Base {
    using Base::Base;
    void return_value(T value) { result.emplace(std::move(value)); }
    T take_result() {
        if (this->exception) std::rethrow_exception(this->exception);
        return std::move(*result);
    }
    std::optional<T> result;
};

template <class Base>
struct ResultPromise<void, Base> : Base {
    using Base::Base;
    void return_void() noexcept {}
    void take_result() {
        if (this->exception) std::rethrow_exception(this->exception);
    }
};

/// The whole frame of an asyncio coroutine.
template <class T>
struct Promise : ResultPromise<T, PromiseBase> {
    Promise(std::source_location where = std::source_location::current()) : ResultPromise<T, PromiseBase>(where) {}
    Coro<T> get_return_object() noexcept;
};

/// "coolio::Coro<void> ns::do_some_work(int)" -> "do_some_work".
std::string frame_name(const char* function);
/// The same, as a view into `function` (a static string, as source_location gives):
/// no allocation, for the tracer, which names the frames of every task.suspend.
std::string_view frame_name_view(const char* function);

}  // namespace detail

namespace detail {

/// Owns one coroutine frame: move-only, and the frame is destroyed with it. The base
/// of both coroutine types, this Coro and curio's (curio/coro.hpp).
template <class P>
class FrameOwner {
public:
    FrameOwner() noexcept = default;
    explicit FrameOwner(std::coroutine_handle<P> handle) noexcept : handle_(handle) {}
    FrameOwner(FrameOwner&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
    FrameOwner& operator=(FrameOwner&& other) noexcept {
        if (this != &other) {
            reset();
            handle_ = std::exchange(other.handle_, {});
        }
        return *this;
    }
    ~FrameOwner() { reset(); }

    std::coroutine_handle<P> handle() const noexcept { return handle_; }
    explicit operator bool() const noexcept { return bool(handle_); }
    /// The coroutine function's short name, as Python shows it ("do_some_work").
    std::string name() const { return handle_ ? frame_name(handle_.promise().function) : ""; }
    /// Destroys the frame now (whatever state it is in).
    void reset() noexcept {
        if (handle_) std::exchange(handle_, {}).destroy();
    }

protected:
    std::coroutine_handle<P> handle_;
};

}  // namespace detail

/// A coroutine returning T (use Coro<void>, or Coro<> for none): Python's coroutine
/// object. Move-only; owns its frame, which is destroyed with it.
///
/// A Coro holds its frame only until the frame starts: `co_await` and create_task
/// take it away (take()) to run it. So a Coro that still holds a frame when it is
/// destroyed was never awaited, and says so (PromiseBase::warn_never_awaited). The
/// frame needs no "started" flag for it, nor an initial awaiter that would set one:
/// 16 bytes less in every frame.
template <class T = void>
class [[nodiscard]] Coro : public detail::FrameOwner<detail::Promise<T>> {
    using Owner = detail::FrameOwner<detail::Promise<T>>;

public:
    using promise_type = detail::Promise<T>;
    using value_type = T;
    using Owner::Owner;
    Coro(Coro&&) noexcept = default;
    Coro& operator=(Coro&& other) noexcept {
        if (this != &other) {
            warn_if_never_awaited();
            Owner::operator=(std::move(other));
        }
        return *this;
    }
    ~Coro() { warn_if_never_awaited(); }
    /// Destroys the frame now; a frame that never ran warns, as on destruction.
    void reset() noexcept {
        warn_if_never_awaited();
        Owner::reset();
    }

    /// Hands the frame over to what will run it (an awaiter, a task); empty afterwards.
    Owner take() && noexcept { return Owner(std::exchange(this->handle_, {})); }

private:
    void warn_if_never_awaited() const noexcept {
        if (this->handle_) this->handle_.promise().warn_never_awaited();
    }
};

template <class T>
Coro<T> detail::Promise<T>::get_return_object() noexcept {
    return Coro<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}

}  // namespace coolio
