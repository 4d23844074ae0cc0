// callback.hpp — Callback: what a handle calls, kept in two words.
//
// asyncio's Handle keeps a callable and its arguments; so does coolio's, with one
// difference forced by C++: the callable's type must be erased, as std::function
// does. std::function takes 32 bytes and calls a "manager" through a pointer even to
// destroy a closure that needs no destroying. Nearly every callback the loop makes for
// itself is a lambda capturing one pointer (`[this] { step(nullptr); }` of a task,
// `[target] { set_result_unless_cancelled(*target, none); }` of sleep's timer), and
// there is one per handle, a handle per step of every task. So a Callback is two
// words: a pointer to a small table of what can be done with the callable's type
// (call it; destroy it, when that needs doing), and either the callable itself, when
// it is such a small closure, or a pointer to a copy of it on the heap (anything
// bigger, or a std::function). A one-word callable that holds a Ref (gather's
// done-callback holds its state so) is kept in place too, if it says it may be moved
// by copying its bytes (see Relocatable below).
//
// A Callback is either a function of nothing or a future's done-callback, a function
// of the future (asyncio's Handle keeps a done-callback and the future it is called
// with apart: the future travels in the handle's CallbackInfo::arg).
#pragma once

#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace coolio {

class FutureBase;

/// A callable type that declares `static constexpr bool relocatable = true` promises
/// that an object of it may be moved by copying its bytes to a new place and forgetting
/// the old ones, never destroying them: true of a struct holding a Ref, which is one
/// pointer that nothing else points back to. (Trivially copyable types need not say so.)
template <class Fn>
concept Relocatable = std::is_trivially_copyable_v<Fn> || requires {
    requires Fn::relocatable;
};

/// A type-erased `void()` or `void(FutureBase&)` callable, moved but never copied.
class Callback {
public:
    /// True when a callable of type Fn is kept inside the Callback, not in a heap copy:
    /// it must be movable by copying its bytes, and fit in one word.
    template <class Fn>
    static constexpr bool keeps_in_place =
        Relocatable<Fn> && sizeof(Fn) <= sizeof(void*) && alignof(Fn) <= alignof(void*);

    Callback() noexcept = default;

    /// Wraps `fn`: a callable of no arguments, or of a FutureBase& (a done-callback).
    template <class F>
        requires(!std::is_same_v<std::remove_cvref_t<F>, Callback> &&
                 (std::is_invocable_v<std::decay_t<F>&> || std::is_invocable_v<std::decay_t<F>&, FutureBase&>))
    Callback(F&& fn) {
        using Fn = std::decay_t<F>;
        if constexpr (keeps_in_place<Fn>) new (storage_) Fn(std::forward<F>(fn));
        else *reinterpret_cast<Fn**>(storage_) = new Fn(std::forward<F>(fn));
        ops_ = &ops_for<Fn>;
    }

    Callback(Callback&& other) noexcept { take(other); }
    Callback& operator=(Callback&& other) noexcept {
        if (this != &other) {
            reset();
            take(other);
        }
        return *this;
    }
    Callback(const Callback&) = delete;
    Callback& operator=(const Callback&) = delete;
    ~Callback() { reset(); }

    explicit operator bool() const noexcept { return ops_ != nullptr; }
    /// True for a done-callback: it must be called with a future.
    bool wants_future() const noexcept { return ops_ && ops_->wants_future; }
    /// Calls it; `future` is a done-callback's argument (a plain callback ignores it).
    void operator()(FutureBase* future) { ops_->call(storage_, future); }
    /// Destroys the callable; the Callback is empty afterwards.
    void reset() noexcept {
        const Ops* ops = std::exchange(ops_, nullptr);
        if (ops && ops->destroy) ops->destroy(storage_);
    }

private:
    // What can be done with one type of callable: one table per type, shared by every
    // Callback holding that type (a vtable written out). `destroy` is null for a closure
    // kept in place that needs nothing done: a handle is then destroyed without a call.
    struct Ops {
        void (*call)(void* storage, FutureBase* future);
        void (*destroy)(void* storage) noexcept;
        bool wants_future;
    };

    template <class Fn>
    static constexpr bool needs_destroying = !keeps_in_place<Fn> || !std::is_trivially_destructible_v<Fn>;

    template <class Fn>
    static Fn& target(void* storage) noexcept {
        if constexpr (keeps_in_place<Fn>) return *std::launder(reinterpret_cast<Fn*>(storage));
        else return **static_cast<Fn**>(storage);
    }
    template <class Fn>
    static void call(void* storage, FutureBase* future) {
        if constexpr (std::is_invocable_v<Fn&, FutureBase&>) target<Fn>(storage)(*future);
        else target<Fn>(storage)();
    }
    template <class Fn>
    static void destroy(void* storage) noexcept {
        if constexpr (keeps_in_place<Fn>) target<Fn>(storage).~Fn();
        else delete &target<Fn>(storage);
    }
    template <class Fn>
    static constexpr Ops ops_for = {&call<Fn>, needs_destroying<Fn> ? &destroy<Fn> : nullptr,
                                    std::is_invocable_v<Fn&, FutureBase&>};

    // Both kinds move by copying the storage word: the closure's own bytes (it is
    // Relocatable) or the pointer to its heap copy.
    void take(Callback& other) noexcept {
        ops_ = std::exchange(other.ops_, nullptr);
        std::memcpy(storage_, other.storage_, sizeof storage_);
    }

    const Ops* ops_ = nullptr;
    alignas(void*) unsigned char storage_[sizeof(void*)] = {};
};

}  // namespace coolio
