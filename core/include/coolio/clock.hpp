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
#include <optional>
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

    // While descriptors are watched, the select phase waits in epoll instead of
    // calling sleep(); these two say how that wait and the clock fit together.

    /// How long epoll may really block (seconds; nullopt: until a descriptor is
    /// ready), given the loop's select timeout. By default the whole timeout.
    virtual std::optional<double> io_wait(std::optional<double> timeout) const { return timeout; }
    /// The wait on descriptors ended with none ready: as far as the loop can tell,
    /// `timeout` seconds have passed. Nothing to do for a clock that really waited.
    virtual void io_idle(double timeout) { (void)timeout; }
};

/// Time that passes only when the loop waits. Kept as whole nanoseconds so that
/// 1 + 1 + 1 seconds of sleeping is exactly 3.0, with no floating-point drift.
///
/// With descriptors watched, the loop cannot know whether I/O is on its way, so it
/// asks epoll, waiting at most IO_GRACE of real time for data already in flight
/// (on loopback it arrives within the send() call). If nothing comes, only a timer
/// can wake the loop: the clock jumps by the whole timeout, as it does when no
/// descriptor is watched. Without a timer (no timeout) epoll waits for real, as long
/// as it takes. Virtual time therefore never passes while I/O is being done, which
/// keeps the traces of I/O programs identical from run to run.
class VirtualClock final : public Clock {
public:
    /// The longest real wait for I/O when a timer is pending (10 ms).
    static constexpr double IO_GRACE = 0.010;

    double time() const override;
    void sleep(double seconds) override;
    double resolution() const override { return 1e-9; }
    std::string_view name() const override { return "virtual"; }
    std::optional<double> io_wait(std::optional<double> timeout) const override;
    void io_idle(double timeout) override { sleep(timeout); }

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
