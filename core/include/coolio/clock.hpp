// clock.hpp — where the loop's idea of "now" comes from.
//
// asyncio reads time.monotonic() and, when it has nothing to do until the next timer,
// sleeps inside select(). coolio can do the same (MonotonicClock), but its default is
// a VirtualClock: when the loop would sleep, the clock simply jumps to the deadline.
// A program that sleeps for three seconds then finishes at once, and every run of it
// gives the same times, so traces can be compared byte for byte.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

namespace coolio {

/// The loop's time source. `time()` is in seconds; `sleep()` is called by the loop's
/// select phase only when no file descriptor could wake it up earlier.
class Clock {
public:
    virtual ~Clock() = default;
    /// Seconds since the clock started; never goes backwards.
    virtual double time() const = 0;
    /// Let `seconds` pass (>= 0): really, or by jumping.
    virtual void sleep(double seconds) = 0;
    /// The smallest step the clock can tell apart (asyncio's _clock_resolution).
    virtual double resolution() const = 0;
    /// "virtual" or "real", as written in the trace header.
    virtual std::string_view name() const = 0;
};

/// Time that passes only when the loop waits. Kept as whole nanoseconds so that
/// 1 + 1 + 1 seconds of sleeping is exactly 3.0, with no floating-point drift.
class VirtualClock final : public Clock {
public:
    double time() const override;
    void sleep(double seconds) override;
    double resolution() const override { return 1e-9; }
    std::string_view name() const override { return "virtual"; }

private:
    std::int64_t now_ns_ = 0;
};

/// CLOCK_MONOTONIC, counted from the clock's creation (asyncio's epoch is arbitrary
/// too, so only differences of time() carry meaning in either).
class MonotonicClock final : public Clock {
public:
    MonotonicClock();
    double time() const override;
    void sleep(double seconds) override;
    double resolution() const override { return 1e-9; }
    std::string_view name() const override { return "real"; }

private:
    std::int64_t start_ns_;
};

/// Makes the clock named `name` ("virtual" or "real"); throws ValueError otherwise.
std::unique_ptr<Clock> make_clock(std::string_view name);

}  // namespace coolio
