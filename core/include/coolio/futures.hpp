// futures.hpp — Future, as in asyncio/futures.py.
//
// A future is a box that will, later, hold a result, an exception, or "cancelled".
// Whoever needs the value registers a done-callback; when the box is filled, the
// future does not call them itself: it queues each one on the loop with call_soon.
// That one rule is why asyncio code never re-enters itself: a callback always starts
// from a fresh turn of the loop, never from the middle of someone else's code.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "coolio/callback.hpp"
#include "coolio/exceptions.hpp"
#include "coolio/ref.hpp"
#include "coolio/repr.hpp"

namespace coolio {

class EventLoop;

/// asyncio's three states (_PENDING, _CANCELLED, _FINISHED).
enum class FutureState : std::uint8_t { pending, cancelled, finished };

/// Identifies one done-callback, for remove_done_callback (C++ callables cannot be
/// compared, so asyncio's "remove by equality" becomes "remove by token").
using CallbackToken = std::uint64_t;

/// Everything about a future that does not depend on its result type.
///
/// Futures and tasks are counted objects (ref.hpp): made with make_ref or
/// create_future/create_task, held by Ref (FuturePtr, TaskPtr).
class FutureBase {
public:
    /// A callable of a FutureBase& (callback.hpp).
    using DoneCallback = Callback;

    FutureBase(const FutureBase&) = delete;
    FutureBase& operator=(const FutureBase&) = delete;
    virtual ~FutureBase();

    EventLoop& get_loop() const noexcept { return loop_; }
    /// Loop-unique number shared by futures and tasks (a Task is a Future).
    std::uint64_t id() const noexcept { return id_; }
    /// "Future-5" for a future, the task's name ("Task-2") for a task.
    virtual std::string name() const;
    /// What made the future: "Future", "sleep", "_wait.waiter", "Task", …
    virtual const char* label() const noexcept = 0;
    virtual bool is_task() const noexcept { return false; }

    FutureState state() const noexcept { return state_; }
    bool done() const noexcept { return state_ != FutureState::pending; }
    bool cancelled() const noexcept { return state_ == FutureState::cancelled; }

    /// The stored exception (null when the future finished with a result).
    /// Throws CancelledError if cancelled, InvalidStateError if still pending.
    /// Counts as retrieving it (see "never retrieved" below), as result() does.
    std::exception_ptr exception() const;
    /// The stored exception, for reports and traces: not a retrieval, never throws.
    std::exception_ptr peek_exception() const noexcept { return extra_ ? extra_->exception : nullptr; }

    /// Cancels a pending future and schedules its callbacks; returns false if it was
    /// already done (asyncio.Future.cancel). Tasks override this. Either way nobody
    /// will be told that an exception stored here was never retrieved.
    virtual bool cancel(std::string message = {});

    /// Adds a callback run (through call_soon) once the future is done; if it is done
    /// already, the callback is scheduled at once. `name` (a literal) and `self`
    /// describe the callback in traces, e.g. "Task-1.__wakeup".
    CallbackToken add_done_callback(DoneCallback callback, const char* name = "<callback>",
                                    Ref<const FutureBase> self = nullptr);
    /// Removes the callback added with `token`; returns how many were removed (0 or 1).
    std::size_t remove_done_callback(CallbackToken token);
    /// How many done-callbacks are waiting for this future.
    std::size_t callback_count() const noexcept {
        return (callback0_.token != 0) + (extra_ ? extra_->more_callbacks.size() : 0);
    }

    /// Python repr of the result, for traces ("None", "42", "'text'"); "" if none.
    virtual std::string result_repr() const = 0;
    /// Describes how the future ended: "result", "exception" or "cancelled".
    const char* outcome() const noexcept;
    /// Python repr of the stored exception, or of CancelledError when cancelled.
    std::string exception_repr() const;
    /// If an exception was stored and never retrieved, reports it through the loop's
    /// exception handler ("Task exception was never retrieved"), once. Called by the
    /// destructors and by EventLoop::close, while `repr` still describes the future.
    void report_if_never_retrieved(const std::string& repr) noexcept;
    /// The CancelledError a cancelled future raises (with its message).
    CancelledError make_cancelled_error() const { return CancelledError(cancel_message()); }

protected:
    explicit FutureBase(EventLoop& loop);

    /// Throws InvalidStateError("invalid state") unless pending (the guard of set_result & co).
    void require_pending() const;
    /// Throws what result() must throw when there is no value to return.
    void throw_unless_result() const;
    /// Stores an exception and schedules the callbacks.
    void finish_with_exception(std::exception_ptr error);
    /// After a subclass stored its value: mark finished and schedule the callbacks.
    void finish_with_result();
    /// Marks cancelled (keeping `message`) and schedules the callbacks.
    void finish_cancelled(std::string message);
    /// Drops the done-callbacks unrun. For a task destroyed pending when its loop
    /// closes: they can never run, and they may be what keeps it alive (gather's hold
    /// the gather's state, which holds its children: a cycle Python's collector breaks).
    void forget_done_callbacks() noexcept;
    /// Tells the observer that this plain future exists (tasks announce themselves).
    void announce_created();
    /// The exception was looked at (result(), exception(), cancel()): no report.
    void mark_retrieved() const noexcept;

    /// The cancellation's message ("" when none). A Task also keeps here the message
    /// of a cancel() still on its way to the coroutine, as asyncio's Task does with
    /// _cancel_message.
    const std::string& cancel_message() const noexcept;
    void set_cancel_message(std::string message);
    /// The name a task was given ("" when none: it is then called "Task-N").
    const std::string& given_name() const noexcept;
    void set_given_name(std::string name);
    /// An exception is stored and nobody has looked at it yet.
    bool unretrieved() const noexcept { return log_traceback_; }
    /// Finished with a result (not an exception, not cancelled).
    bool has_result() const noexcept { return state_ == FutureState::finished && !peek_exception(); }

public:
    /// For WeakRef: the cell this future's weak references share, made on first use.
    detail::WeakCell* weak_cell() const;

private:
    template <class>
    friend class Ref;
    template <class T>
        requires std::is_base_of_v<FutureBase, T>
    friend void destroy_counted(const T* future) noexcept;

    struct CallbackEntry {
        CallbackToken token = 0;  // 0: an empty slot (tokens start at 1)
        DoneCallback fn;
        const char* name = nullptr;
        Ref<const FutureBase> self;
    };
    /// Its WeakRefs go null: the future is about to be destroyed.
    void clear_weak_references() const noexcept;
    void schedule_callbacks();
    void schedule_one(CallbackEntry callback);

    // What few futures need, kept apart in one block made on first use, so that all
    // the others are three pointers smaller: 88 bytes instead of 112 for FutureBase,
    // so that a Future<None> fits a 96-byte block and a Task<void> a 160-byte one. A
    // stored exception is here too: failing is the exception, and raising one costs
    // far more than this block.
    struct Extra {
        std::exception_ptr exception;               // set_exception's, or a task's raised one
        std::vector<CallbackEntry> more_callbacks;  // the done-callbacks after the first
        std::string cancel_message;                 // cancel("why"), or a task's pending one
        std::string given_name;                     // create_task(coro, name) (tasks only)
        detail::WeakCell* weak_cell = nullptr;      // shared by this future's WeakRefs
    };
    Extra& extra() const;

    // The count of Refs (ref.hpp) and the small fields, side by side in one word.
    mutable std::uint32_t refcount_ = 0;
    FutureState state_ = FutureState::pending;
    // asyncio's __log_traceback: an exception is stored and nobody has looked at it.
    // While it is set the loop lists this future, so the loop is alive to report it.
    mutable bool log_traceback_ = false;
    EventLoop& loop_;
    std::uint64_t id_;
    // The done-callbacks, FIFO: scheduled in the order they were added. CPython's own C
    // Future (fut_callback0 and fut_callbacks) keeps the first one inside the future and
    // makes a list only for the others: most futures have exactly one waiter (the task
    // awaiting it), so most never allocate for it. The slot is used only while the list
    // is empty, so "slot first, then the list" is always the order they were added.
    CallbackEntry callback0_;
    CallbackToken next_token_ = 1;
    mutable std::unique_ptr<Extra> extra_;  // null until one of its parts is needed
};

namespace detail {
/// Where a future keeps its result once it has one: a std::optional<T>, except for
/// None, which needs no room at all (a future that finished without an exception
/// holds None). Most futures and tasks hold None: sleep's, every Task<void>.
template <class T>
class ResultSlot {
public:
    void set(T value) { value_.emplace(std::move(value)); }
    const T& get() const { return *value_; }

private:
    std::optional<T> value_;
};
template <>
class ResultSlot<None> {
public:
    void set(None) {}
    const None& get() const { return none; }
};
}  // namespace detail

/// A future whose result is a T (use None for "no value").
template <class T>
class Future : public FutureBase {
public:
    /// Prefer EventLoop::create_future<T>(); futures must be owned by Refs (make_ref).
    explicit Future(EventLoop& loop, const char* label = "Future") : FutureBase(loop), label_(label) {
        announce_created();
    }

    /// The result; throws the stored exception, CancelledError if cancelled, or
    /// InvalidStateError if not done yet.
    const T& result() const {
        throw_unless_result();
        return value_.get();
    }
    /// Stores the result and schedules the callbacks; InvalidStateError if done.
    void set_result(T value) {
        require_pending();
        value_.set(std::move(value));
        finish_with_result();
    }
    /// Stores an exception and schedules the callbacks; InvalidStateError if done.
    void set_exception(std::exception_ptr error) {
        require_pending();
        finish_with_exception(std::move(error));
    }
    template <class E>
    void set_exception(E error) {
        set_exception(std::make_exception_ptr(std::move(error)));
    }
    std::string result_repr() const override { return has_result() ? repr(value_.get()) : std::string(); }
    const char* label() const noexcept override { return label_; }

private:
    const char* label_;
    [[no_unique_address]] detail::ResultSlot<T> value_;
};

template <class T>
using FuturePtr = Ref<Future<T>>;

/// A future's last Ref went away. Its WeakRefs go null first, before any part of it
/// is destroyed, so that none of them can reach a half-destroyed future.
template <class T>
    requires std::is_base_of_v<FutureBase, T>
void destroy_counted(const T* future) noexcept {
    future->clear_weak_references();
    delete future;
}

/// futures._set_result_unless_cancelled: what sleep's timer calls.
template <class T>
void set_result_unless_cancelled(Future<T>& future, T value) {
    if (!future.cancelled()) future.set_result(std::move(value));
}

}  // namespace coolio
