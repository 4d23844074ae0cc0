#include "coolio/clock.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <string>

#include "coolio/exceptions.hpp"

namespace coolio {

namespace {

std::int64_t monotonic_ns() {
    timespec ts{};
    check_syscall(::clock_gettime(CLOCK_MONOTONIC, &ts), "clock_gettime");
    return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::int64_t to_ns(double seconds) { return std::llround(seconds * 1e9); }

}  // namespace

// Dividing the exact integer count (rather than multiplying by 1e-9) gives the double
// nearest to the true time, so whole seconds come out as 1.0, 2.0, 3.0 exactly.
double VirtualClock::time() const { return double(now_ns_) / 1e9; }

void VirtualClock::sleep(double seconds) {
    if (seconds > 0) now_ns_ += to_ns(seconds);
}

std::optional<double> VirtualClock::io_wait(std::optional<double> timeout) const {
    if (!timeout) return std::nullopt;
    return std::min(*timeout, IO_GRACE);
}

MonotonicClock::MonotonicClock() : start_ns_(monotonic_ns()) {}

double MonotonicClock::time() const { return double(monotonic_ns() - start_ns_) / 1e9; }

void MonotonicClock::sleep(double seconds) {
    if (seconds <= 0) return;
    std::int64_t ns = to_ns(seconds);
    timespec request{time_t(ns / 1'000'000'000), long(ns % 1'000'000'000)};
    timespec remaining{};
    // A signal may cut the sleep short; carry on with what is left.
    while (::nanosleep(&request, &remaining) == -1) {
        if (errno != EINTR) throw OSError(errno, "nanosleep");
        request = remaining;
    }
}

std::unique_ptr<Clock> make_clock(std::string_view name) {
    if (name == "virtual") return std::make_unique<VirtualClock>();
    if (name == "real") return std::make_unique<MonotonicClock>();
    throw ValueError("unknown clock '" + std::string(name) + "' (expected virtual or real)");
}

}  // namespace coolio
