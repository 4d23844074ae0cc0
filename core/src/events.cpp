#include "coolio/events.hpp"

#include "coolio/base_events.hpp"
#include "coolio/exceptions.hpp"
#include "coolio/futures.hpp"

namespace coolio {

std::string CallbackInfo::describe() const {
    std::string out;
    describe_into(out);
    return out;
}

void CallbackInfo::describe_into(std::string& out) const {
    if (self) {
        out += self->name();
        out += '.';
    }
    out += name;
    out += '(';
    if (arg) out += arg->name();
    out += ')';
}

Handle::Handle(EventLoop& loop, std::uint32_t id, Callback callback, CallbackInfo info)
    : Handle(loop, id, std::move(callback), std::move(info), false) {}

Handle::Handle(EventLoop& loop, std::uint32_t id, Callback callback, CallbackInfo info, bool is_timer)
    : loop_(loop), callback_(std::move(callback)), info_(std::move(info)), id_(id), is_timer_(is_timer) {
    if (callback_.wants_future() && !info_.arg)
        throw InternalError("a done-callback handle needs its future in CallbackInfo::arg");
}

void Handle::cancel() {
    if (cancelled_) return;
    if (is_timer_) loop_.timer_handle_cancelled(static_cast<TimerHandle&>(*this));
    cancelled_ = true;
    if (Observer* o = loop_.observer()) o->on_handle_cancelled(*this);
    // Drop the callback now: it may hold the last reference to a task or future that
    // should be freed even though this handle still waits in a queue. Not while it
    // runs, though (a reader may remove itself): run() drops it when it returns.
    if (!running_) callback_.reset();
}

void Handle::callback_failed() {
    try {
        throw;  // the exception being handled in run()
    } catch (const InternalError&) {
        running_ = false;
        throw;  // a bug in coolio: stop the run, do not hide it
    } catch (...) {
        loop_.call_exception_handler(
            {"Exception in callback " + info_.describe(), std::current_exception(), this, nullptr});
    }
}

TimerHandle::TimerHandle(EventLoop& loop, std::uint32_t id, double when, Callback callback, CallbackInfo info)
    : Handle(loop, id, std::move(callback), std::move(info), true), when_(when) {}

// ---- which loop is current ----
//
// asyncio keeps the running loop in a thread-local so that code deep inside a
// coroutine can find it without passing it around. These are plain pointers to loops
// the program owns; nothing here creates or keeps a loop alive.

namespace {
thread_local EventLoop* running_loop = nullptr;
thread_local EventLoop* current_loop = nullptr;
}  // namespace

EventLoop* try_get_running_loop() noexcept { return running_loop; }

EventLoop& get_running_loop() {
    if (!running_loop) throw RuntimeError("no running event loop");
    return *running_loop;
}

EventLoop& get_event_loop() {
    if (running_loop) return *running_loop;
    if (current_loop) return *current_loop;
    throw RuntimeError("There is no current event loop: create an EventLoop and call set_event_loop");
}

void set_event_loop(EventLoop* loop) noexcept { current_loop = loop; }

void detail::set_running_loop(EventLoop* loop) noexcept { running_loop = loop; }

}  // namespace coolio
