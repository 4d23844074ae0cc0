// state.hpp — what asyncio's loop (or curio's kernel) holds after an event: the state model.
//
// A trace says what happened; LoopState says what the loop *held* as a result: the
// ready queue, the timer heap, every task and future, the watched descriptors, and
// which handle and task are running. apply_event() folds one event into a state, so
// the state after event N is the fold of events 0..N. This is the one implementation
// of those rules: the stepper, `coolio-trace show --states` and the tests all use it,
// and docs/state-model.md states the same rules for the browser viewer.
//
// An event that contradicts the state (running a handle that is not at the front of
// the ready queue, stepping a task nobody created…) is a malformed trace: apply_event
// throws a TraceError "FILE:LINE: …" instead of guessing.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "coolio/tracer/event.hpp"
#include "coolio/tracer/trace_events.hpp"

namespace coolio::tracer {

/// A handle waiting in the ready queue or in the timer heap.
struct QueuedHandle {
    std::uint64_t handle = NONE;
    Str callback = 0;
    double when = 0;  ///< timers only: when it is due
    bool cancelled = false;
};

/// A done-callback waiting for its future (as future.callback "add" gave it).
struct PendingCallback {
    std::uint64_t token = 0;
    Str callback = 0;
};

/// pending: created, first step not run yet; running: between its task.step and the
/// task.suspend or task.done that ends the step; suspended; done.
enum class TaskStatus : std::uint8_t { pending, running, suspended, done };
/// A plain future's state: still pending, or how it was resolved.
enum class FutureStatus : std::uint8_t { pending, result, exception, cancelled };
std::string_view status_name(TaskStatus status);
std::string_view status_name(FutureStatus status);

struct TaskInfo {
    std::uint64_t task = NONE;
    Str name = 0, coro = 0;
    TaskStatus status = TaskStatus::pending;
    std::uint64_t waiting_on = NONE;  ///< the future of its last task.suspend, until it steps again
    /// The frames of its last task.suspend, outermost first. Kept while it runs (the
    /// step resumes inside them); empty before its first step and once it is done.
    ListRef chain;
    std::optional<FutureOutcome> outcome;  ///< once done
    std::uint64_t steps = 0;         ///< task.step (asyncio) or task.resume (curio) events so far
    Str parked_on = 0;               ///< curio: what its last task.park parked it on, until it is woken
    std::vector<PendingCallback> callbacks;
};

struct FutureInfo {
    std::uint64_t future = NONE;
    Str label = 0;
    FutureStatus status = FutureStatus::pending;
    std::vector<PendingCallback> callbacks;
};

/// A watched descriptor; a direction that is not watched has handle NONE.
struct FdWatch {
    std::uint64_t fd = 0;
    QueuedHandle reader, writer;
};

/// The loop's state after one event.
struct LoopState {
    std::uint64_t seq = 0;   ///< the event this is the state after
    std::uint64_t tick = 0;
    double t = 0;
    std::deque<QueuedHandle> ready;    ///< front of the queue first
    std::vector<QueuedHandle> timers;  ///< soonest first: by (when, handle id)
    std::vector<TaskInfo> tasks;       ///< in creation order, done ones included
    std::vector<FutureInfo> futures;   ///< plain futures (not tasks), in creation order
    std::vector<FdWatch> fds;          ///< by descriptor number
    std::uint64_t current_handle = NONE;  ///< whose handle.run is in progress
    Str current_callback = 0;             ///< that handle's callback
    std::uint64_t current_task = NONE;    ///< the task between task.step and its suspend/done
    std::uint64_t handles_made = 0;       ///< the highest handle id call_soon, call_at or io.watch gave
    /// A curio trace (the header's runtime): the fields below are used instead of the
    /// handle queues, which stay empty.
    bool curio = false;
    std::deque<std::uint64_t> ready_tasks;  ///< curio: the kernel's ready queue, front first

    /// The task or plain future with this id, or null. (Tasks and futures share ids.)
    const TaskInfo* task(std::uint64_t id) const;
    const FutureInfo* future(std::uint64_t id) const;
    TaskInfo* task(std::uint64_t id);
    FutureInfo* future(std::uint64_t id);
    /// Roughly how many entries a copy of this state copies (checkpoints use it).
    std::size_t weight() const;

    /// Where each future/task id lives: by_id[id] is an index into tasks or futures.
    struct Slot {
        bool is_task = false;
        std::uint32_t index = 0;
    };
    std::vector<std::optional<Slot>> by_id;
};

/// Folds `event` (an event of `trace`) into `state`, which must be the state after
/// the event before it. Throws TraceError "FILE:LINE: …" if the event contradicts it.
void apply_event(LoopState& state, const TraceEvents& trace, const Event& event);

/// Folds every event of `trace` into one state, only to check that they agree:
/// TraceError "FILE:LINE: …" at the first that contradicts the ones before it.
void check_state(const TraceEvents& trace);

}  // namespace coolio::tracer
