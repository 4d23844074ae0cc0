// tasks.hpp — Task, as in asyncio/tasks.py: the object that drives a coroutine.
//
// A task is a future whose result is its coroutine's result. It never runs the
// coroutine by itself; the loop does, one *step* at a time, through handles:
//
//   create_task(coro)       -> call_soon(task.__step): the first step is queued
//   __step()                -> resume the coroutine (send None, or throw an error in)
//       coroutine returns   -> the task gets the result; its own callbacks are queued
//       coroutine awaits F  -> F.add_done_callback(task.__wakeup); the step ends
//       coroutine yields    -> call_soon(task.__step) again (sleep(0))
//   F becomes done          -> F queues task.__wakeup with call_soon
//   __wakeup(F)             -> __step() again, throwing F's error in if it failed
//
// So between two steps of a task, the loop is free to run everything else.
#pragma once

#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "coolio/base_events.hpp"
#include "coolio/coroutines.hpp"
#include "coolio/futures.hpp"

namespace coolio {

/// The non-generic half of every Task<T>: __step, __wakeup and cancel.
class TaskBase : public FutureBase {
public:
    ~TaskBase() override;

    std::string name() const override {
        return number_ ? "Task-" + std::to_string(number_) : given_name();
    }
    bool is_task() const noexcept override { return true; }
    const char* label() const noexcept override { return "Task"; }

    /// Requests cancellation (asyncio.Task.cancel): the future the task waits on is
    /// cancelled, or a CancelledError is thrown in at the next step. Returns false if
    /// the task is already done.
    bool cancel(std::string message = {}) override;
    /// How many cancellations were requested and not taken back (Task.cancelling).
    int cancelling() const noexcept { return num_cancels_requested_; }
    /// Takes one request back, by whoever made it (asyncio.timeout does, when it
    /// turns its own cancellation into TimeoutError); returns how many are left.
    int uncancel() noexcept { return num_cancels_requested_ > 0 ? --num_cancels_requested_ : 0; }

    /// The future this task is suspended on, or null.
    const FutureBase* waiting_on() const noexcept { return fut_waiter_.get(); }
    /// The name of the coroutine the task was made from ("do_some_work").
    std::string coro_name() const { return detail::frame_name(coro_function_); }
    /// The frames of a suspended task, outermost first ("do_some_work",
    /// "long_time_work", "sleep"); empty when the task is not suspended.
    std::vector<std::string> await_chain() const;
    /// The same into `out` (cleared first), as views of static text: the tracer asks
    /// for every task.suspend, and this way allocates nothing once `out` has grown.
    void await_chain_into(std::vector<std::string_view>& out) const;
    /// How many steps the task has taken (32 bits, like its number: a count for
    /// people, which may wrap).
    std::uint32_t steps() const noexcept { return steps_; }

    // ---- used by the awaiters in the coroutine frames (the yield handshake) ----

    /// The running coroutine awaits `future`, which is not done: hand it to the task.
    void block_on(Ref<FutureBase> future, std::coroutine_handle<> frame, detail::PromiseBase& promise);
    /// The running coroutine gives up the rest of this tick (bare yield).
    void yield_now(std::coroutine_handle<> frame, detail::PromiseBase& promise);
    /// The running coroutine awaited something that is not a future.
    void bad_yield(std::coroutine_handle<> frame, detail::PromiseBase& promise, std::string what);
    /// At the point of resumption: throw the error this step was asked to throw in.
    void rethrow_thrown_in();

    // ---- used by EventLoop::close ----

    /// Frees the coroutine frame of a task that is still pending.
    void destroy_pending_coroutine();
    /// The loop is going away: do not tell it when this task is destroyed.
    void forget_loop_registration() noexcept { registered_ = false; }

protected:
    TaskBase(EventLoop& loop, std::string name, std::coroutine_handle<> top, detail::PromiseBase& top_promise);
    /// Announces the task and queues its first step. Called by Task<T>::create.
    void start();
    /// Stores the finished coroutine's value as the task's result.
    virtual void take_coroutine_result() = 0;
    /// Destroys the coroutine frame.
    virtual void release_coroutine() noexcept = 0;
    /// The promise of the outermost frame (while there is one).
    virtual detail::PromiseBase& top_promise() noexcept = 0;
    /// The outermost frame (owned by Task<T>), or a null handle once it is freed.
    virtual std::coroutine_handle<> top() const noexcept = 0;
    /// The frame is about to be freed: if it never ran, the coroutine was never awaited.
    void warn_if_never_started() noexcept;

private:
    enum class Yield : std::uint8_t { nothing, future, yield_now, bad };

    void step(std::exception_ptr thrown);     // Task.__step
    void wakeup(FutureBase& future);          // Task.__wakeup
    void finish(std::exception_ptr raised);   // the coroutine returned or raised
    void after_yield();                       // the coroutine suspended: what now?
    void schedule_step(std::exception_ptr thrown);
    void suspended_at(std::coroutine_handle<> frame, detail::PromiseBase& promise, Yield why);

    // A Task<void> fits a 160-byte block (100,000 sleeping tasks are bench/compare's
    // memory row): so number_ and steps_ share a word, and the error a step throws in
    // waits in the suspended frame's promise (PromiseBase::exception), not here.
    //
    // Without a name given to create_task (nearly always) the task is called
    // "Task-<number_>"; a given name is kept with the future's rarely used parts, and
    // number_ is then 0 (EventLoop::next_task_number never gives 0).
    std::uint32_t number_ = 0;
    std::uint32_t steps_ = 0;
    const char* coro_function_;                  // its signature; the name is cut from it when asked
    std::coroutine_handle<> resume_point_;       // the innermost suspended frame
    detail::PromiseBase* innermost_ = nullptr;   // its promise (await_chain, the error thrown in)
    Ref<FutureBase> fut_waiter_;     // the future we wait on (set by block_on)
    // (The small fields are kept together: apart, each would be padded to 8 bytes.)
    Yield yielded_ = Yield::nothing;
    bool started_ = false;
    bool must_cancel_ = false;
    bool registered_ = true;
    int num_cancels_requested_ = 0;
    // This task's place in the loop's list of living tasks (EventLoop::register_task).
    friend class EventLoop;
    TaskBase* older_ = nullptr;
    TaskBase* newer_ = nullptr;
};

/// A task running a Coro<T>; its result is T (None for a Coro<void>).
template <class T>
class Task final : public TaskBase {
public:
    using result_type = std::conditional_t<std::is_void_v<T>, None, T>;

    /// A task for `coro`, its first step queued on `loop` (use create_task()). An empty
    /// `name` means "Task-N", N counting the loop's tasks from 1.
    static Ref<Task> create(EventLoop& loop, Coro<T> coro, std::string name = {}) {
        if (!coro) throw RuntimeError("cannot reuse already awaited coroutine");
        auto task = make_ref<Task>(Key{}, loop, std::move(coro), std::move(name));
        task->start();  // its first handle holds a Ref to it: not before it is owned
        return task;
    }

    struct Key {  // only create() can construct a Task
    private:
        Key() = default;
        friend class Task;
    };
    Task(Key, EventLoop& loop, Coro<T> coro, std::string name)
        : TaskBase(loop, std::move(name), coro.handle(), coro.handle().promise()), coro_(std::move(coro).take()) {}
    ~Task() override {
        if (coro_) warn_if_never_started();  // its frame dies with it: was it ever run?
    }

    /// The coroutine's result; throws its exception, CancelledError, or
    /// InvalidStateError while the task is not done.
    const result_type& result() const {
        throw_unless_result();
        return value_.get();
    }
    std::string result_repr() const override { return has_result() ? repr(value_.get()) : std::string(); }

private:
    void take_coroutine_result() override {
        if constexpr (std::is_void_v<T>) {
            value_.set(none);
        } else {
            value_.set(std::move(*coro_.handle().promise().result));
        }
        finish_with_result();
    }
    void release_coroutine() noexcept override { coro_.reset(); }
    detail::PromiseBase& top_promise() noexcept override { return coro_.handle().promise(); }
    std::coroutine_handle<> top() const noexcept override { return coro_.handle(); }

    detail::FrameOwner<detail::Promise<T>> coro_;  // the frame, taken from the Coro
    [[no_unique_address]] detail::ResultSlot<result_type> value_;
};

template <class T>
using TaskPtr = Ref<Task<T>>;

/// The result type of awaiting `A`: a Coro<T> or a future of T gives T (None for void).
template <class A>
struct awaitable_traits;
template <class T>
struct awaitable_traits<Coro<T>> {
    using result_type = typename Task<T>::result_type;
};
template <class F>
    requires std::derived_from<F, FutureBase>
struct awaitable_traits<Ref<F>> {
    using result_type = std::remove_cvref_t<decltype(std::declval<F&>().result())>;
};
template <class A>
using await_result_t = typename awaitable_traits<std::remove_cvref_t<A>>::result_type;

// ---------------------------------------------------------------------------------
// Creating tasks
// ---------------------------------------------------------------------------------

template <class T>
Ref<Task<T>> EventLoop::create_task(Coro<T> coro, std::string name) {
    check_closed();
    return Task<T>::create(*this, std::move(coro), std::move(name));
}

/// asyncio.create_task: a task on the running loop (RuntimeError outside one).
template <class T>
Ref<Task<T>> create_task(Coro<T> coro, std::string name = {}) {
    return get_running_loop().create_task(std::move(coro), std::move(name));
}

/// asyncio.ensure_future: a coroutine becomes a task on `loop`...
template <class T>
Ref<Task<T>> ensure_future(Coro<T> coro, EventLoop& loop) {
    return loop.create_task(std::move(coro));
}
/// ...and a future (or task) passes through unchanged.
template <class F>
    requires std::derived_from<F, FutureBase>
Ref<F> ensure_future(Ref<F> future, EventLoop&) {
    return future;
}
/// ensure_future on the current loop (get_event_loop()).
template <class A>
auto ensure_future(A&& awaitable) {
    return ensure_future(std::forward<A>(awaitable), get_event_loop());
}

/// asyncio.current_task: the task stepping on the running loop, or null.
inline TaskBase* current_task() {
    EventLoop* loop = try_get_running_loop();
    return loop ? loop->current_task() : nullptr;
}

template <class A>
auto EventLoop::run_until_complete(A&& awaitable) {
    check_closed();
    check_running();  // before a task is made that could then never run
    auto future = ensure_future(std::forward<A>(awaitable), *this);
    // When the future is done, stop the loop (asyncio's _run_until_complete_cb).
    CallbackToken token = future->add_done_callback([](FutureBase& done) { done.get_loop().stop(); },
                                                    "_run_until_complete_cb");
    try {
        run_forever();
    } catch (...) {
        future->remove_done_callback(token);
        throw;
    }
    future->remove_done_callback(token);
    if (!future->done()) throw RuntimeError("Event loop stopped before Future completed.");
    // A copy: the future may die with this function (it is often a task made here).
    return std::remove_cvref_t<decltype(future->result())>(future->result());
}

// ---------------------------------------------------------------------------------
// The awaiters: what `co_await` does inside a coroutine
// ---------------------------------------------------------------------------------

namespace detail {

/// `co_await coro()`: run the callee inline, in the caller's task and step.
template <class U>
struct CoroAwaiter {
    FrameOwner<Promise<U>> callee;  // the frame, taken from the Coro
    bool await_ready() const noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> caller) noexcept {
        PromiseBase& inner = callee.handle().promise();
        inner.caller = &caller.promise();
        inner.continuation = caller;
        return callee.handle();  // start the callee now (symmetric transfer)
    }
    U await_resume() { return callee.handle().promise().take_result(); }
};

/// The task whose step is running on this thread, or null between steps: the record
/// of asyncio's _enter_task/_leave_task (EventLoop::enter_task sets it). asyncio keeps
/// one per loop; as only one loop runs on a thread at a time, one per thread is the
/// same record, and the awaiters need no loop to find it.
extern thread_local constinit TaskBase* task_in_step;

/// The task driving the coroutine that is running now. A coroutine runs only inside
/// its task's step, so neither a frame nor an awaiter keeps a pointer to its task:
/// 8 bytes less in every frame and in every pending co_await.
inline TaskBase& stepping_task() {
    if (!task_in_step) throw InternalError("a coroutine ran outside the step of a task");
    return *task_in_step;
}

/// `co_await future`: if it is done, take its result; if not, hand it to the task.
template <class F>
struct FutureAwaiter {
    Ref<F> future;
    bool await_ready() const noexcept { return future->done(); }
    template <class P>
    void await_suspend(std::coroutine_handle<P> frame) {
        stepping_task().block_on(future, frame, frame.promise());
    }
    auto await_resume() -> std::remove_cvref_t<decltype(future->result())> {
        // If the future was done already, nothing suspended and nothing is thrown in.
        stepping_task().rethrow_thrown_in();
        return future->result();
    }
};

/// `co_await YieldNow{}`: give up the rest of the tick.
struct YieldAwaiter {
    bool await_ready() const noexcept { return false; }
    template <class P>
    void await_suspend(std::coroutine_handle<P> frame) {
        stepping_task().yield_now(frame, frame.promise());
    }
    void await_resume() { stepping_task().rethrow_thrown_in(); }
};

/// Anything else: asyncio's "Task got bad yield". The foreign awaitable is not used;
/// the task throws a RuntimeError into the coroutine at this point.
struct BadYieldAwaiter {
    std::string what;
    bool await_ready() const noexcept { return false; }
    template <class P>
    void await_suspend(std::coroutine_handle<P> frame) {
        stepping_task().bad_yield(frame, frame.promise(), what);
    }
    void await_resume() { stepping_task().rethrow_thrown_in(); }
};

template <class A>
concept StandardAwaitable = requires(A& a) {
    { a.await_ready() } -> std::convertible_to<bool>;
    a.await_resume();
};

template <class U>
auto PromiseBase::await_transform(Coro<U>&& callee) {
    // co_await moves the frame into the awaiter: a second co_await of the same Coro
    // finds it empty. Python says the same of a coroutine object awaited twice.
    if (!callee) throw RuntimeError("cannot reuse already awaited coroutine");
    return CoroAwaiter<U>{std::move(callee).take()};
}

template <class F>
    requires std::derived_from<F, FutureBase>
auto PromiseBase::await_transform(const Ref<F>& future) {
    return FutureAwaiter<F>{future};
}

inline auto PromiseBase::await_transform(YieldNow) { return YieldAwaiter{}; }

template <class A>
    requires Foreign<A>
auto PromiseBase::await_transform(A&& other) {
    static_assert(StandardAwaitable<std::remove_cvref_t<A>>,
                  "co_await needs a Coro, a future or task (a Ref), or YieldNow");
    return BadYieldAwaiter{"<" + type_name(typeid(other)) + " object>"};
}

}  // namespace detail

}  // namespace coolio
