// crash_guard.hpp — a trace file that survives the end of its program.
//
// A run can end in ways no C++ code after it sees: Ctrl-C (SIGINT), kill (SIGTERM),
// the terminal closing (SIGHUP), or abort() (SIGABRT: a failed assert, std::terminate
// after an uncaught exception). While a CrashGuard is alive, each of these first
// writes out the whole lines still buffered in the FileSink and a last line
//     {"seq":N,...,"kind":"trace.end","reason":"signal","error":"SIGINT","events":N+1}
// then lets the signal take its ordinary course (the process dies of it, so the
// shell still sees 130 for Ctrl-C).
//
// Why this is safe inside a signal handler, which may interrupt the program anywhere,
// even in the middle of malloc or of the sink's own write():
//   * the handler calls only write(2), sigaction(2) and raise(3), which POSIX lists as
//     async-signal-safe, and std::to_chars, which is pure computation;
//   * it reads only atomics and a buffer that never moves: the sink publishes a line
//     (one atomic store) only after copying it whole, and the handler writes exactly
//     the published bytes; if the signal lands during a flush, when the handler cannot
//     know what reached the file, it adds nothing (the trace then just lacks trace.end);
//   * it allocates nothing and formats its line into a buffer on its own stack.
// What it does not do: flush through FileSink::flush or the tracer's JSON writer,
// which may be the very code the signal interrupted.
//
// While the guard is alive SIGXFSZ is ignored, so that a file size limit makes write()
// fail with EFBIG (reported by the sink) instead of killing the process.
#pragma once

#include <signal.h>

#include <array>

#include "coolio/tracer/sinks.hpp"
#include "coolio/tracer/tracer.hpp"

namespace coolio::tracer {

/// Ends `sink`'s trace with trace.end {"reason":"signal"} on SIGINT, SIGTERM, SIGHUP or
/// SIGABRT, for as long as it lives (one guard at a time; a newer one takes over and
/// hands back on destruction). Make it after the tracer, so it goes first.
class CrashGuard {
public:
    CrashGuard(Tracer& tracer, FileSink& sink);
    ~CrashGuard();
    CrashGuard(const CrashGuard&) = delete;
    CrashGuard& operator=(const CrashGuard&) = delete;

    /// The signals it guards against.
    static constexpr std::array<int, 4> SIGNALS = {SIGINT, SIGTERM, SIGHUP, SIGABRT};

    /// What the handler does, for the signal `sig` (async-signal-safe).
    void end_trace(int sig) noexcept;

private:
    Tracer& tracer_;
    FileSink& sink_;
    CrashGuard* previous_;
    std::array<struct sigaction, SIGNALS.size()> saved_{};
    struct sigaction saved_xfsz_{};
};

}  // namespace coolio::tracer
