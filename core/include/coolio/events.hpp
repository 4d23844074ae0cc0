// events.hpp — Handle, TimerHandle and "which loop is current", as in asyncio/events.py.
//
// A Handle is one callback waiting in the loop's ready queue: the only thing the loop
// ever runs. call_soon makes a Handle; call_later/call_at make a TimerHandle that
// waits in the timer heap until its time comes, then moves to the ready queue.
// Both can be cancelled; the loop skips a cancelled handle instead of running it.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

#include "coolio/callback.hpp"
#include "coolio/futures.hpp"
#include "coolio/ref.hpp"

namespace coolio {

class EventLoop;

/// What a handle's callback is, for people: asyncio shows a handle as its callback's
/// name and arguments; so does coolio, e.g. "Task-2.__step()",
/// "Task-1.__wakeup(Future-7)", "futures._set_result_unless_cancelled(Future-5)".
struct CallbackInfo {
    CallbackInfo() = default;
    /// Implicit, so that `loop.call_soon(fn, "name")` reads naturally.
    CallbackInfo(const char* callback_name, Ref<const FutureBase> self_object = nullptr,
                 Ref<FutureBase> argument = nullptr)
        : name(callback_name), self(std::move(self_object)), arg(std::move(argument)) {}

    /// The callback's name. Must be a string with static storage (a literal).
    const char* name = "<callback>";
    /// The object whose method the callback is (a Task for __step/__wakeup), or null.
    Ref<const FutureBase> self;
    /// The future passed to the callback as its argument, or null.
    Ref<FutureBase> arg;

    /// "self.name(arg)", omitting what is absent.
    std::string describe() const;
    /// The same, appended to `out` (the tracer reuses one string for every event).
    void describe_into(std::string& out) const;
};

/// A callback queued on a loop (asyncio.Handle).
///
/// Handles are made only by the loop, and counted (ref.hpp): the ready queue, the
/// timer heap and whoever called call_soon hold Refs. destroy_counted (below) destroys
/// a TimerHandle as a TimerHandle: that is why the class needs no virtual functions,
/// and every handle is a pointer (8 bytes) smaller than with them.
class Handle {
public:
    /// What a handle calls: a function of nothing, or a future's done-callback, which is
    /// called with the future kept in `info.arg` (callback.hpp).
    using Callback = coolio::Callback;

    Handle(EventLoop& loop, std::uint32_t id, Callback callback, CallbackInfo info);
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    /// Marks the handle cancelled: the loop will skip it. Cancelling twice is harmless.
    /// A cancelled timer also tells the loop, so it can drop it from its heap in time.
    void cancel();
    bool cancelled() const noexcept { return cancelled_; }

    /// Runs the callback. An exception from it goes to the loop's exception handler,
    /// as asyncio's Handle._run does; only coolio's own InternalError escapes.
    /// (Here in the header: the loop calls it for every handle it runs.)
    void run() {
        running_ = true;
        try {
            callback_(info_.arg.get());  // asyncio's Handle._run: self._callback(*self._args)
        } catch (...) {
            callback_failed();
        }
        running_ = false;
        if (cancelled_) callback_.reset();
    }

    /// The number of this handle in its loop, counting from 1 (trace events refer to
    /// it). 32 bits: it wraps after 4,294,967,296 handles, which takes a traced program
    /// hours and a trace of a terabyte; ids are compared as serial numbers (id_before).
    std::uint32_t id() const noexcept { return id_; }
    const CallbackInfo& info() const noexcept { return info_; }
    bool is_timer() const noexcept { return is_timer_; }

protected:
    /// For TimerHandle.
    Handle(EventLoop& loop, std::uint32_t id, Callback callback, CallbackInfo info, bool is_timer);

private:
    template <class>
    friend class Ref;

    /// In run()'s catch: rethrows coolio's own InternalError, reports anything else.
    void callback_failed();

    // 56 bytes, so that a TimerHandle (8 more) fits a 64-byte block, not an 80-byte
    // one. That is what the narrow fields are for: a sleeping task holds its timer
    // handle until it wakes, so 100,000 sleepers hold 100,000 of them (1.4 MB of the
    // peak of bench/compare's memory row). The id wraps after 2**32 handles (see
    // id()); a handle has a few Refs (a queue, its maker), so 16 bits count them
    // (ref.hpp stops the program rather than let such a count wrap).
    EventLoop& loop_;
    Callback callback_;
    CallbackInfo info_;
    std::uint32_t id_;
    mutable std::uint16_t refcount_ = 0;  // Refs to this handle (ref.hpp)

protected:
    // TimerHandle::scheduled(), here where it packs. A whole byte, not a bit: the loop
    // clears it as it pops a timer whose handle is not in the cache, and a bit would
    // have to be read before it is written (+16 ms for 100,000 sleepers, measured).
    bool timer_scheduled_ = false;

private:
    bool cancelled_ : 1 = false;
    bool running_ : 1 = false;
    bool is_timer_ : 1 = false;
};

/// A handle due at a loop time (asyncio.TimerHandle).
class TimerHandle final : public Handle {
public:
    TimerHandle(EventLoop& loop, std::uint32_t id, double when, Callback callback, CallbackInfo info);

    /// The loop time at which the handle becomes due.
    double when() const noexcept { return when_; }

    /// True while the handle sits in the loop's timer heap (asyncio's _scheduled).
    bool scheduled() const noexcept { return timer_scheduled_; }

private:
    friend class EventLoop;  // sets scheduled() as it pushes and pops its heap
    double when_;
};

static_assert(sizeof(Handle) == 56 && sizeof(TimerHandle) == 64, "see Handle's fields");

/// True if the handle numbered `a` was made before the one numbered `b`: ids compared
/// as serial numbers (RFC 1982), so that the order holds across the wrap from 2**32 - 1
/// to 0 for any two handles made less than 2**31 handles apart.
constexpr bool id_before(std::uint32_t a, std::uint32_t b) noexcept {
    return static_cast<std::int32_t>(a - b) < 0;
}

using HandlePtr = Ref<Handle>;
using TimerHandlePtr = Ref<TimerHandle>;

/// A handle's last Ref went away: destroy it as what it is.
template <class T>
    requires std::is_base_of_v<Handle, T>
void destroy_counted(const T* handle) noexcept {
    if (handle->is_timer()) delete static_cast<const TimerHandle*>(handle);
    else delete handle;
}

/// The loop running in this thread; throws RuntimeError("no running event loop")
/// when called outside a running loop (asyncio.get_running_loop).
EventLoop& get_running_loop();
/// The running loop, or null (asyncio._get_running_loop).
EventLoop* try_get_running_loop() noexcept;
/// The running loop if there is one, else the loop set with set_event_loop; throws
/// RuntimeError when there is neither. Unlike old asyncio, no loop is created behind
/// your back: a program owns its loop and says which one is current.
EventLoop& get_event_loop();
/// Makes `loop` this thread's current loop (null clears it).
void set_event_loop(EventLoop* loop) noexcept;

namespace detail {
/// Used by EventLoop::run_forever to mark the running loop of this thread.
void set_running_loop(EventLoop* loop) noexcept;
}  // namespace detail

}  // namespace coolio
