// event.hpp — one trace event in a compact, typed form.
//
// read_trace (trace_reader.hpp) keeps each event as a JSON tree: easy to use, but a
// million of them take gigabytes and seconds to build. The state model, the stepper
// and `coolio-trace show` use this form instead: a small struct per event whose
// payload is one struct per kind, with the fields named as in docs/trace-format.md.
// Strings are numbers into the trace's StringPool; lists (dropped timers, an await
// chain) are ranges in one of the trace's list pools (see trace_events.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "coolio/observer.hpp"  // SuspendReason
#include "coolio/tracer/string_pool.hpp"

namespace coolio::tracer {

/// Every event kind, in the order of event_kinds() (a test keeps the two in step).
enum class EventKind : std::uint8_t {
    trace_begin,
    tick_begin,
    select,
    io_ready,
    io_watch,
    io_unwatch,
    timer_due,
    call_soon,
    call_at,
    handle_run,
    handle_skip,
    handle_cancel,
    task_new,
    task_step,
    task_suspend,
    task_done,
    future_new,
    future_resolve,
    future_callback,
    print,
    loop_exception,
    loop_stop,
    kernel_cycle,
    kernel_phase,
    trap,
    task_resume,
    task_park,
    task_wake,
    trace_end,
};
inline constexpr std::size_t EVENT_KIND_COUNT = 29;

/// The kind as the trace writes it ("timer.due").
std::string_view kind_name(EventKind kind);
/// The kind written `name`, or nullopt.
std::optional<EventKind> kind_from_name(std::string_view name);

/// How a future (or task) ended. (Not coolio::Outcome, gather's result-or-exception.)
enum class FutureOutcome : std::uint8_t { result, exception, cancelled };
/// "result", "exception" or "cancelled".
std::string_view outcome_name(FutureOutcome outcome);
/// "future", "yield" or "bad_yield", as task.suspend writes the reason.
std::string_view reason_name(SuspendReason reason);

/// Bits of an io event's "events" field: "r", "w" or "rw".
inline constexpr std::uint8_t IO_READ = 1;
inline constexpr std::uint8_t IO_WRITE = 2;

/// A range in one of TraceEvents' list pools.
struct ListRef {
    std::uint32_t begin = 0;
    std::uint32_t size = 0;
};

/// Ids of handles, tasks and futures start at 1; 0 stands for "none" (JSON null).
inline constexpr std::uint64_t NONE = 0;

/// The payload of each kind: its own fields, as docs/trace-format.md lists them.
namespace ev {
struct TraceBegin {
    std::uint64_t version;
    Str scenario, clock, runtime;
};
struct TickBegin {
    std::uint64_t ready, scheduled;
    std::optional<double> timeout;
    ListRef dropped;  ///< handle ids (TraceEvents::ids)
};
struct Select {
    std::optional<double> timeout;
    std::uint64_t events;
};
struct IoReady {
    std::uint64_t fd;
    std::uint8_t events;  ///< IO_READ | IO_WRITE
    ListRef handles;      ///< handle ids (TraceEvents::ids)
};
struct IoWatch {
    std::uint64_t fd;
    std::uint8_t events;
    std::uint64_t handle;
    Str callback;
};
struct IoUnwatch {
    std::uint64_t fd;
    std::uint8_t events;
};
struct TimerDue {
    std::uint64_t handle;
    Str callback;
    double when;
};
struct CallSoon {
    std::uint64_t handle;
    Str callback;
};
struct CallAt {
    std::uint64_t handle;
    Str callback;
    double when;
};
struct HandleRun {
    std::uint64_t handle;
    Str callback;
};
struct HandleSkip {
    std::uint64_t handle;
    Str callback;
};
struct HandleCancel {
    std::uint64_t handle;
    Str callback;
};
struct TaskNew {
    std::uint64_t task;
    Str name, coro;
};
struct TaskStep {
    std::uint64_t task;
    Str name;
    bool thrown;  ///< mode "throw" (else "send")
    Str value;    ///< what is sent ("None") or the exception thrown in
};
struct TaskSuspend {
    std::uint64_t task;
    Str name;
    SuspendReason reason;
    std::uint64_t future;  ///< NONE unless reason is "future"
    ListRef chain;         ///< frame names, outermost first (TraceEvents::strs)
};
struct TaskDone {
    std::uint64_t task;
    Str name;
    FutureOutcome outcome;
    Str value;  ///< the result or the exception ("" when cancelled)
    std::uint64_t callbacks;
};
struct FutureNew {
    std::uint64_t future;
    Str label;
};
struct FutureResolve {
    std::uint64_t future;
    FutureOutcome outcome;
    Str value;  ///< the result or the exception ("" when cancelled)
    std::uint64_t callbacks;
};
struct FutureCallback {
    std::uint64_t future;
    bool add;  ///< op "add" (else "remove")
    std::uint64_t token;
    Str callback;  ///< "" for a remove
};
struct Print {
    Str text;
    std::uint64_t task;  ///< NONE when printed outside any task
    Str name;
};
struct LoopException {
    Str message, exception;
    std::uint64_t handle;  ///< NONE when absent
};
struct LoopStop {};
// ---- the curio kernel's events ----
struct KernelCycle {
    std::uint64_t ready, sleeping;
    std::optional<double> timeout;
};
struct KernelPhase {
    Str phase;  ///< "io", "time" or "run"
};
struct Trap {
    std::uint64_t task;
    Str name, trap, args;
};
struct TaskResume {
    std::uint64_t task;
    Str name;
    bool after_trap;  ///< via "trap" (else "ready")
    bool thrown;      ///< mode "throw" (else "send")
    Str value;        ///< what is sent, or the exception thrown in
};
struct TaskPark {
    std::uint64_t task;
    Str name, state, on;
    std::optional<double> until;
};
struct TaskWake {
    std::uint64_t task;
    Str name, reason;
};
struct TraceEnd {
    Str reason, error;
    std::uint64_t events;
};
}  // namespace ev

/// One alternative per kind, in EventKind order: payload.index() is the kind.
using Payload =
    std::variant<ev::TraceBegin, ev::TickBegin, ev::Select, ev::IoReady, ev::IoWatch, ev::IoUnwatch, ev::TimerDue,
                 ev::CallSoon, ev::CallAt, ev::HandleRun, ev::HandleSkip, ev::HandleCancel, ev::TaskNew,
                 ev::TaskStep, ev::TaskSuspend, ev::TaskDone, ev::FutureNew, ev::FutureResolve,
                 ev::FutureCallback, ev::Print, ev::LoopException, ev::LoopStop, ev::KernelCycle,
                 ev::KernelPhase, ev::Trap, ev::TaskResume, ev::TaskPark, ev::TaskWake, ev::TraceEnd>;
static_assert(std::variant_size_v<Payload> == EVENT_KIND_COUNT);

/// One line of a trace.
struct Event {
    std::uint64_t seq = 0;
    std::uint64_t tick = 0;
    double t = 0;
    std::optional<std::uint64_t> cause;
    Payload payload;

    EventKind kind() const noexcept { return static_cast<EventKind>(payload.index()); }
    /// The line of the file it came from (the header, seq 0, is line 1).
    std::size_t line() const noexcept { return static_cast<std::size_t>(seq) + 1; }
    /// The payload as kind K's struct, e.g. event.as<ev::CallAt>().
    template <class K>
    const K& as() const {
        return std::get<K>(payload);
    }
};

}  // namespace coolio::tracer
