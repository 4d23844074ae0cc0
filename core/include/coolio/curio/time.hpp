// curio/time.hpp — sleeping, reading the clock, and timeouts (curio's time.py).
#pragma once

#include <exception>
#include <type_traits>

#include "coolio/curio/coro.hpp"
#include "coolio/curio/traps.hpp"

namespace coolio::curio {

/// curio.sleep(seconds): the task parks on the kernel's timer heap until the time has
/// passed. sleep(0) only lets the other ready tasks run first. Returns the clock.
inline Trap sleep(double seconds) { return _sleep(seconds); }

/// curio.clock(): the kernel's clock, in seconds (a non-blocking trap).
inline Trap clock() { return _clock(); }

/// Arms / disarms a timeout deadline for the current task (the set_timeout and
/// unset_timeout traps). Used by timeout_after.
inline Trap _set_timeout(double seconds) { return Trap({TrapName::set_timeout, seconds}); }
inline Trap _unset_timeout() { return Trap({TrapName::unset_timeout}); }

/// curio.timeout_after(seconds, coro): runs `coro` inline; if it has not finished
/// after `seconds`, TaskTimeout is thrown into it at the trap where it is parked,
/// and comes out of timeout_after. (curio tells an outer timeout that expires inside
/// an inner block apart with TimeoutCancellationError; this kernel does not.)
template <class T>
Coro<T> timeout_after(double seconds, Coro<T> coro) {
    co_await _set_timeout(seconds);
    std::exception_ptr error;
    if constexpr (std::is_void_v<T>) {
        try {
            co_await std::move(coro);
        } catch (...) {
            error = std::current_exception();
        }
        co_await _unset_timeout();  // (a co_await may not be written inside a catch block)
        if (error) std::rethrow_exception(error);
    } else {
        std::optional<T> result;
        try {
            result.emplace(co_await std::move(coro));
        } catch (...) {
            error = std::current_exception();
        }
        co_await _unset_timeout();
        if (error) std::rethrow_exception(error);
        co_return std::move(*result);
    }
}

}  // namespace coolio::curio
