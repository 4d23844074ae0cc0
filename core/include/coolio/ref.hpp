// ref.hpp — Ref<T>: a counted reference to a loop object, as CPython counts every
// object (ob_refcnt, Py_INCREF, Py_DECREF).
//
// Handles, futures and tasks are shared: the ready queue, a task's fut_waiter, the
// handle that will wake the task and the program's own variables may all hold the same
// one, and it must live until the last of them lets go. std::shared_ptr would do, but
// it pays for things a loop never needs: a control block beside every object (16
// bytes), a hidden weak reference inside every future (16 more), and atomic counts
// (shared_from_this always takes a compare-and-swap). A loop runs on one thread; its
// objects can count their references themselves, in a plain integer.
//
// So a counted class keeps a `mutable std::uint32_t refcount_` (where it packs best;
// a Handle's has 16 bits, and is checked) and declares `template <class> friend class
// Ref;`. A Ref adds one to it when made from a pointer or copied, and takes one off
// when it lets go; the last one destroys the object with destroy_counted(), which a
// class may overload (Handle does: a TimerHandle is destroyed as one without a
// virtual destructor).
//
// Futures can also be referred to weakly (WeakRef), for the few places where holding
// a future would make it keep itself alive (gather's state, shield, a socket's
// waiter): a WeakRef goes null when its future is destroyed, like Python's weakref.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

namespace coolio {

namespace detail {
/// Prints why and aborts: a narrow reference count would overflow (ref.cpp).
[[noreturn]] void too_many_references() noexcept;
}  // namespace detail

/// The default way to destroy a counted object whose last Ref went away.
template <class T>
void destroy_counted(const T* object) noexcept {
    delete object;
}

/// A counted reference to a T (a Handle, a future, a task): like std::shared_ptr,
/// without a control block, a hidden weak count or atomic operations.
template <class T>
class Ref {
public:
    using element_type = T;

    Ref() noexcept = default;
    Ref(std::nullptr_t) noexcept {}
    /// Takes a reference to `object`, which must be counted already (made by make_ref)
    /// or be new. A plain pointer to a counted object can always become a Ref again:
    /// the count lives in the object (what shared_from_this does, for free).
    explicit Ref(T* object) noexcept : object_(object) {
        if (object_) add_reference(object_->refcount_);
    }
    Ref(const Ref& other) noexcept : Ref(other.object_) {}
    Ref(Ref&& other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
    template <class U>
        requires std::is_convertible_v<U*, T*>
    Ref(const Ref<U>& other) noexcept : Ref(other.get()) {}
    template <class U>
        requires std::is_convertible_v<U*, T*>
    Ref(Ref<U>&& other) noexcept : object_(other.release()) {}
    ~Ref() { reset(); }

    Ref& operator=(Ref other) noexcept {
        std::swap(object_, other.object_);
        return *this;
    }

    /// Lets go: the object is destroyed if this was its last reference.
    void reset() noexcept {
        if (T* object = std::exchange(object_, nullptr)) drop(object);
    }

    T* get() const noexcept { return object_; }
    T& operator*() const noexcept { return *object_; }
    T* operator->() const noexcept { return object_; }
    explicit operator bool() const noexcept { return object_ != nullptr; }
    /// How many Refs hold the object (0 for a null Ref).
    std::uint32_t use_count() const noexcept { return object_ ? object_->refcount_ : 0; }

    template <class U>
    bool operator==(const Ref<U>& other) const noexcept {
        return object_ == other.get();
    }
    bool operator==(std::nullptr_t) const noexcept { return object_ == nullptr; }

private:
    template <class>
    friend class Ref;

    // Gives up the pointer without counting down (a move into a Ref<Base>).
    T* release() noexcept { return std::exchange(object_, nullptr); }

    // A 32-bit count cannot wrap: that would take 32 GB of Refs. A narrower one (a
    // Handle's 16 bits) could: stop the program rather than free a live object.
    template <class Count>
    static void add_reference(Count& count) noexcept {
        if constexpr (sizeof(Count) < sizeof(std::uint32_t)) {
            if (count == std::numeric_limits<Count>::max()) detail::too_many_references();
        }
        ++count;
    }

    // GCC 12 cannot follow the count: where two Refs to one object die together, it
    // sees a path on which the second reads the count after the first deleted the
    // object, which no real run takes (the first finds the count above 1 and returns).
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuse-after-free"
#endif
    static void drop(T* object) noexcept {
        if (--object->refcount_ != 0) return;
        // While it is destroyed the count stays at 1, so that a reference a destructor
        // takes and drops again (reporting a never-retrieved exception, say) cannot
        // bring it back to 0 and destroy the object a second time.
        object->refcount_ = 1;
        destroy_counted(object);
    }
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC diagnostic pop
#endif

    T* object_ = nullptr;
};

/// Makes a counted T (the counterpart of std::make_shared).
template <class T, class... Args>
Ref<T> make_ref(Args&&... args) {
    return Ref<T>(new T(std::forward<Args>(args)...));
}

/// static_pointer_cast and const_pointer_cast, for Refs.
template <class T, class U>
Ref<T> static_ref_cast(const Ref<U>& ref) noexcept {
    return Ref<T>(static_cast<T*>(ref.get()));
}
template <class T, class U>
Ref<T> const_ref_cast(const Ref<U>& ref) noexcept {
    return Ref<T>(const_cast<T*>(ref.get()));
}

namespace detail {
/// What a weakly referenced object and its WeakRefs share: the object sets `alive` to
/// false when it is destroyed. The cell is counted by the object and by each WeakRef,
/// and is freed by the last of them.
struct WeakCell {
    bool alive = true;
    std::uint32_t count = 1;  // the object's own reference
};
void release_weak_cell(WeakCell* cell) noexcept;
}  // namespace detail

/// A reference that does not keep its object alive (Python's weakref.ref). T must
/// provide `detail::WeakCell* weak_cell() const` (futures do).
template <class T>
class WeakRef {
public:
    WeakRef() noexcept = default;
    template <class U>
        requires std::is_convertible_v<U*, T*>
    WeakRef(const Ref<U>& ref) : object_(ref.get()), cell_(ref ? ref->weak_cell() : nullptr) {
        if (cell_) ++cell_->count;
    }
    WeakRef(const WeakRef& other) noexcept : object_(other.object_), cell_(other.cell_) {
        if (cell_) ++cell_->count;
    }
    WeakRef& operator=(WeakRef other) noexcept {
        std::swap(object_, other.object_);
        std::swap(cell_, other.cell_);
        return *this;
    }
    ~WeakRef() {
        if (cell_) detail::release_weak_cell(cell_);
    }

    /// A counted reference to the object, or null once it has been destroyed (or is
    /// being destroyed).
    Ref<T> lock() const noexcept {
        if (!cell_ || !cell_->alive) return nullptr;
        return Ref<T>(object_);
    }

private:
    T* object_ = nullptr;
    detail::WeakCell* cell_ = nullptr;
};

}  // namespace coolio
