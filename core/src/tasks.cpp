#include "coolio/tasks.hpp"

#include <algorithm>
#include <utility>

#include "coolio/warnings.hpp"

namespace coolio {

thread_local constinit TaskBase* detail::task_in_step = nullptr;

namespace {

bool is_cancelled_error(const std::exception_ptr& error) {
    if (!error) return false;
    try {
        std::rethrow_exception(error);
    } catch (const CancelledError&) {
        return true;
    } catch (...) {
        return false;
    }
}

std::string cancelled_message(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const CancelledError& e) {
        return e.message();
    } catch (...) {
        return {};
    }
}

}  // namespace

void detail::PromiseBase::warn_never_awaited() const noexcept {
    try {
        warn("RuntimeWarning", "coroutine '" + frame_name(function) + "' was never awaited");
    } catch (...) {
        // Out of memory while naming it: the warning is lost, the frame still freed.
    }
}

std::string detail::frame_name(const char* function) { return std::string(frame_name_view(function)); }

std::string_view detail::frame_name_view(const char* function) {
    std::string_view text(function);
    if (text.find("<lambda") != std::string_view::npos) return "<lambda>";
    // The name ends where the parameter list begins: the first '(' outside <...>.
    int depth = 0;
    std::size_t open = text.size();
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '<') ++depth;
        else if (c == '>') --depth;
        else if (c == '(' && depth == 0) {
            open = i;
            break;
        }
    }
    std::size_t start = open;
    while (start > 0) {
        char c = text[start - 1];
        if (c == ' ' || c == ':' || c == '*' || c == '&' || c == '>') break;
        --start;
    }
    return text.substr(start, open - start);
}

TaskBase::TaskBase(EventLoop& loop, std::string name, std::coroutine_handle<> top, detail::PromiseBase& top_promise)
    : FutureBase(loop),
      number_(name.empty() ? loop.next_task_number() : 0),
      coro_function_(top_promise.function),
      resume_point_(top),
      innermost_(&top_promise) {
    if (!number_) set_given_name(std::move(name));
}

TaskBase::~TaskBase() {
    if (unretrieved()) report_if_never_retrieved(future_repr(*this));  // here, while it has its name
    if (registered_) get_loop().unregister_task(this);
}

void TaskBase::start() {
    EventLoop& loop = get_loop();
    loop.register_task(this);
    if (Observer* o = loop.observer()) o->on_task_created(*this);
    schedule_step(nullptr);
}

// The handle's CallbackInfo holds the task (`self`) for as long as the handle lives, so
// the callback itself can hold a plain pointer. A step that sends None then needs
// nothing more, and a Callback keeps such a small closure in place (callback.hpp).
void TaskBase::schedule_step(std::exception_ptr thrown) {
    Ref<TaskBase> self(this);
    if (thrown) get_loop().call_soon([this, thrown] { step(thrown); }, CallbackInfo{"__step", self, nullptr});
    else get_loop().call_soon([this] { step(nullptr); }, CallbackInfo{"__step", self, nullptr});
}

// =====================================================================================
// Task.__step: run the coroutine until it returns, raises or suspends
// =====================================================================================

void TaskBase::step(std::exception_ptr thrown) {
    if (done()) throw InvalidStateError("_step(): already done: " + future_repr(*this));
    if (must_cancel_) {
        // cancel() was called while no future could carry the cancellation: throw it in.
        if (!is_cancelled_error(thrown)) thrown = std::make_exception_ptr(CancelledError(cancel_message()));
        must_cancel_ = false;
    }
    fut_waiter_.reset();
    EventLoop& loop = get_loop();
    Observer* observer = loop.observer();
    if (observer) observer->on_task_step(*this, thrown);
    ++steps_;
    loop.enter_task(this);
    {
        // Left however the step ends: an exception out of a step (only coolio's own
        // InternalError gets out) must not leave this thread with a stepping task.
        struct LeaveTask {
            EventLoop& loop;
            ~LeaveTask() { loop.leave_task(); }
        } leave_task{loop};

        // From this step on the coroutine counts as started, even one that is thrown
        // into before its first line: no "never awaited" warning for a task cancelled
        // early.
        bool first_step = !std::exchange(started_, true);
        if (first_step && thrown) {
            // Throwing into a coroutine that never started raises at once: its body
            // never runs (Python's coro.throw() on a fresh coroutine does the same).
            finish(thrown);
        } else {
            innermost_->exception = std::move(thrown);  // for rethrow_thrown_in
            yielded_ = Yield::nothing;
            std::exchange(resume_point_, {}).resume();  // until the coroutine suspends or ends
            if (top().done()) {
                finish(top_promise().exception);
            } else {
                after_yield();
            }
        }
    }
    if (observer) observer->on_task_step_end(*this);
}

// The coroutine returned (raised == null) or raised: that is the task's outcome.
void TaskBase::finish(std::exception_ptr raised) {
    if (!raised) {
        if (must_cancel_) {
            // cancel() came too late to be thrown in: the task still ends cancelled.
            must_cancel_ = false;
            finish_cancelled(cancel_message());
        } else {
            take_coroutine_result();
        }
    } else if (is_cancelled_error(raised)) {
        finish_cancelled(cancelled_message(raised));
    } else {
        finish_with_exception(raised);
    }
    // The frame is finished; free it now rather than when the last reference goes.
    resume_point_ = {};
    innermost_ = nullptr;
    release_coroutine();
}

// The coroutine suspended. The awaiter told us why, just before (the handshake that
// asyncio does with the _asyncio_future_blocking flag); act on it.
void TaskBase::after_yield() {
    Observer* observer = get_loop().observer();
    switch (yielded_) {
        case Yield::future: {
            // block_on() put the future in fut_waiter_; it stays there only if it is
            // one this task may wait on.
            Ref<FutureBase> future = std::move(fut_waiter_);
            if (&future->get_loop() != &get_loop()) {
                schedule_step(std::make_exception_ptr(RuntimeError(
                    "Task " + name() + " got Future " + future->name() + " attached to a different loop")));
                if (observer) observer->on_task_suspended(*this, SuspendReason::bad_yield, nullptr);
                return;
            }
            if (future.get() == this) {
                schedule_step(std::make_exception_ptr(RuntimeError("Task cannot await on itself: " + name())));
                if (observer) observer->on_task_suspended(*this, SuspendReason::bad_yield, nullptr);
                return;
            }
            Ref<TaskBase> self(this);
            // As for __step: the callback's `self` keeps the task alive, a pointer will do.
            future->add_done_callback([this](FutureBase& done) { wakeup(done); }, "__wakeup", self);
            fut_waiter_ = std::move(future);
            if (observer) observer->on_task_suspended(*this, SuspendReason::future, fut_waiter_.get());
            // A cancel() that arrived while we were running is passed on to the future.
            if (must_cancel_ && fut_waiter_->cancel(cancel_message())) must_cancel_ = false;
            return;
        }
        case Yield::yield_now:
            schedule_step(nullptr);
            if (observer) observer->on_task_suspended(*this, SuspendReason::yield_now, nullptr);
            return;
        case Yield::bad:
            schedule_step(std::exchange(innermost_->exception, nullptr));
            if (observer) observer->on_task_suspended(*this, SuspendReason::bad_yield, nullptr);
            return;
        case Yield::nothing:
            break;
    }
    throw InternalError("a coroutine of " + name() + " suspended without telling its task why");
}

// =====================================================================================
// Task.__wakeup: the future we waited on is done; step again
// =====================================================================================

void TaskBase::wakeup(FutureBase& future) {
    std::exception_ptr error =
        future.cancelled() ? std::make_exception_ptr(future.make_cancelled_error()) : future.exception();
    step(error);  // send None, or throw the future's error in
}

bool TaskBase::cancel(std::string message) {
    mark_retrieved();
    if (done()) return false;
    ++num_cancels_requested_;
    // If we wait on a future, cancelling it wakes us with a CancelledError; keep
    // fut_waiter_, since a task that swallows the error may need cancelling again.
    if (fut_waiter_ && fut_waiter_->cancel(message)) return true;
    // Otherwise our next step is already queued: it will throw the CancelledError in.
    must_cancel_ = true;
    set_cancel_message(std::move(message));
    return true;
}

// =====================================================================================
// The handshake with the awaiters
// =====================================================================================

void TaskBase::suspended_at(std::coroutine_handle<> frame, detail::PromiseBase& promise, Yield why) {
    resume_point_ = frame;
    innermost_ = &promise;
    yielded_ = why;
}

void TaskBase::block_on(Ref<FutureBase> future, std::coroutine_handle<> frame,
                        detail::PromiseBase& promise) {
    fut_waiter_ = std::move(future);
    suspended_at(frame, promise, Yield::future);
}

void TaskBase::yield_now(std::coroutine_handle<> frame, detail::PromiseBase& promise) {
    suspended_at(frame, promise, Yield::yield_now);
}

void TaskBase::bad_yield(std::coroutine_handle<> frame, detail::PromiseBase& promise, std::string what) {
    suspended_at(frame, promise, Yield::bad);
    // Kept in the suspended frame until after_yield() queues the step that throws it in.
    promise.exception = std::make_exception_ptr(RuntimeError("Task got bad yield: " + what));
}

void TaskBase::rethrow_thrown_in() {
    // Only the first awaiter to resume in a step is the one the step resumed; the frame
    // may finish and be freed within the step, and later awaiters that did not suspend
    // (a future already done) find nothing to throw. So the pointer is let go here;
    // the next suspension sets it again.
    detail::PromiseBase* resumed = std::exchange(innermost_, nullptr);
    if (resumed && resumed->exception) std::rethrow_exception(std::exchange(resumed->exception, nullptr));
}

std::vector<std::string> TaskBase::await_chain() const {
    std::vector<std::string_view> names;
    await_chain_into(names);
    return {names.begin(), names.end()};
}

void TaskBase::await_chain_into(std::vector<std::string_view>& out) const {
    out.clear();
    if (!resume_point_) return;
    for (const detail::PromiseBase* frame = innermost_; frame; frame = frame->caller)
        out.push_back(detail::frame_name_view(frame->function));
    std::reverse(out.begin(), out.end());
}

void TaskBase::destroy_pending_coroutine() {
    if (done() || !top()) return;
    Ref<TaskBase> keep_alive(this);  // destroying the frame may drop other references
    fut_waiter_.reset();
    resume_point_ = {};
    innermost_ = nullptr;
    warn_if_never_started();
    release_coroutine();
    forget_done_callbacks();
}

void TaskBase::warn_if_never_started() noexcept {
    if (!started_) top_promise().warn_never_awaited();
}

}  // namespace coolio
