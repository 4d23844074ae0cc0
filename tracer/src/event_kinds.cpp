#include "coolio/tracer/event_kinds.hpp"

namespace coolio::tracer {

namespace {
using T = FieldType;
}

const std::vector<KindSpec>& event_kinds() {
    static const std::vector<KindSpec> kinds = {
        {"trace.begin", "header: what produced this trace",
         {{"format", T::string}, {"version", T::integer}, {"scenario", T::string}, {"clock", T::string},
          {"runtime", T::string}}},
        {"tick.begin", "one iteration of run_once starts",
         {{"ready", T::integer}, {"scheduled", T::integer}, {"timeout", T::number_or_null},
          {"dropped", T::integer_array}}},
        {"select", "the selector returned (after waiting, or the clock jumped)",
         {{"timeout", T::number_or_null}, {"events", T::integer}}},
        {"io.ready", "a watched descriptor is ready; its handles join the ready queue",
         {{"fd", T::integer}, {"events", T::string}, {"handles", T::integer_array}}},
        {"io.watch", "add_reader/add_writer: the loop now watches a descriptor",
         {{"fd", T::integer}, {"events", T::string}, {"handle", T::integer}, {"callback", T::string}}},
        {"io.unwatch", "remove_reader/remove_writer: the loop stops watching a descriptor",
         {{"fd", T::integer}, {"events", T::string}}},
        {"timer.due", "a timer moved from the heap to the ready queue",
         {{"handle", T::integer}, {"callback", T::string}, {"when", T::number}}},
        {"call_soon", "a handle was appended to the ready queue",
         {{"handle", T::integer}, {"callback", T::string}}},
        {"call_at", "a timer handle was pushed on the heap",
         {{"handle", T::integer}, {"callback", T::string}, {"when", T::number}}},
        {"handle.run", "the loop runs a handle's callback",
         {{"handle", T::integer}, {"callback", T::string}}},
        {"handle.skip", "the loop popped a cancelled handle and skipped it",
         {{"handle", T::integer}, {"callback", T::string}}},
        {"handle.cancel", "a handle was cancelled",
         {{"handle", T::integer}, {"callback", T::string}}},
        {"task.new", "a task was created", {{"task", T::integer}, {"name", T::string}, {"coro", T::string}}},
        {"task.step", "the task resumes its coroutine: send(None) or throw(exc)",
         {{"task", T::integer},
          {"name", T::string},
          {"mode", T::string},
          {"value", T::string, false},
          {"exception", T::string, false}}},
        {"task.suspend", "the task's step ended with the coroutine suspended",
         {{"task", T::integer},
          {"name", T::string},
          {"reason", T::string},
          {"future", T::integer_or_null},
          {"chain", T::string_array}}},
        {"task.done", "the task's coroutine returned or raised; the task is resolved",
         {{"task", T::integer},
          {"name", T::string},
          {"outcome", T::string},
          {"result", T::string, false},
          {"exception", T::string, false},
          {"callbacks", T::integer}}},
        {"future.new", "a future was created", {{"future", T::integer}, {"label", T::string}}},
        {"future.resolve", "a future got its result, exception or cancellation",
         {{"future", T::integer},
          {"outcome", T::string},
          {"result", T::string, false},
          {"exception", T::string, false},
          {"callbacks", T::integer}}},
        {"future.callback", "a done-callback was added to or removed from a future",
         {{"future", T::integer}, {"op", T::string}, {"token", T::integer}, {"callback", T::string, false}}},
        {"print", "the program printed a line",
         {{"text", T::string}, {"task", T::integer_or_null}, {"name", T::string, false}}},
        {"loop.exception", "the loop's exception handler was called: a callback raised, a task's exception was never retrieved, a task was destroyed pending",
         {{"message", T::string}, {"exception", T::string}, {"handle", T::integer, false}, {"future", T::integer, false}}},
        {"loop.stop", "stop() was called: the loop ends after this tick", {}},
        {"kernel.cycle", "curio: one cycle of the kernel loop starts",
         {{"ready", T::integer}, {"sleeping", T::integer}, {"timeout", T::number_or_null}}},
        {"kernel.phase", "curio: the kernel enters a phase of its cycle (io, time or run)", {{"phase", T::string}}},
        {"trap", "curio: the running task trapped into the kernel with a request",
         {{"task", T::integer}, {"name", T::string}, {"trap", T::string}, {"args", T::string}}},
        {"task.resume", "curio: the kernel resumes the task's coroutine: send(value) or throw(exc)",
         {{"task", T::integer},
          {"name", T::string},
          {"via", T::string},
          {"mode", T::string},
          {"value", T::string, false},
          {"exception", T::string, false}}},
        {"task.park", "curio: the task blocks, parked on a wait queue, the timer heap or a descriptor",
         {{"task", T::integer}, {"name", T::string}, {"state", T::string}, {"on", T::string}, {"until", T::number, false}}},
        {"task.wake", "curio: a parked task goes back on the ready queue",
         {{"task", T::integer}, {"name", T::string}, {"reason", T::string}}},
        {"trace.end", "the run ended",
         {{"reason", T::string}, {"error", T::string, false}, {"events", T::integer}}},
    };
    return kinds;
}

const KindSpec* find_kind(std::string_view kind) {
    for (const KindSpec& spec : event_kinds())
        if (spec.kind == kind) return &spec;
    return nullptr;
}

std::string_view field_type_name(FieldType type) {
    switch (type) {
        case T::integer: return "a whole number";
        case T::number: return "a number";
        case T::number_or_null: return "a number or null";
        case T::integer_or_null: return "a whole number or null";
        case T::string: return "a string";
        case T::string_or_null: return "a string or null";
        case T::integer_array: return "an array of whole numbers";
        case T::string_array: return "an array of strings";
    }
    return "?";
}

}  // namespace coolio::tracer
