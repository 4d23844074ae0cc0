// kinds.js — the event kinds of the trace format and their fields, as data.
//
// GENERATED from tracer/src/event_kinds.cpp, the table the C++ reader checks
// traces with, by:  coolio-trace web-data kinds > web-viewer/kinds.js
// Do not edit by hand; a browser test fails when the two differ.
(function (Coolio) {
  'use strict';
  Coolio.FORMAT_VERSION = 1;
  // [name, type, required]; the types are those of FieldType in event_kinds.hpp.
  Coolio.KINDS = [
    { kind: "trace.begin", summary: "header: what produced this trace", fields: [["format", "string", true], ["version", "integer", true], ["scenario", "string", true], ["clock", "string", true], ["runtime", "string", true]] },
    { kind: "tick.begin", summary: "one iteration of run_once starts", fields: [["ready", "integer", true], ["scheduled", "integer", true], ["timeout", "number_or_null", true], ["dropped", "integer_array", true]] },
    { kind: "select", summary: "the selector returned (after waiting, or the clock jumped)", fields: [["timeout", "number_or_null", true], ["events", "integer", true]] },
    { kind: "io.ready", summary: "a watched descriptor is ready; its handles join the ready queue", fields: [["fd", "integer", true], ["events", "string", true], ["handles", "integer_array", true]] },
    { kind: "io.watch", summary: "add_reader/add_writer: the loop now watches a descriptor", fields: [["fd", "integer", true], ["events", "string", true], ["handle", "integer", true], ["callback", "string", true]] },
    { kind: "io.unwatch", summary: "remove_reader/remove_writer: the loop stops watching a descriptor", fields: [["fd", "integer", true], ["events", "string", true]] },
    { kind: "timer.due", summary: "a timer moved from the heap to the ready queue", fields: [["handle", "integer", true], ["callback", "string", true], ["when", "number", true]] },
    { kind: "call_soon", summary: "a handle was appended to the ready queue", fields: [["handle", "integer", true], ["callback", "string", true]] },
    { kind: "call_at", summary: "a timer handle was pushed on the heap", fields: [["handle", "integer", true], ["callback", "string", true], ["when", "number", true]] },
    { kind: "handle.run", summary: "the loop runs a handle's callback", fields: [["handle", "integer", true], ["callback", "string", true]] },
    { kind: "handle.skip", summary: "the loop popped a cancelled handle and skipped it", fields: [["handle", "integer", true], ["callback", "string", true]] },
    { kind: "handle.cancel", summary: "a handle was cancelled", fields: [["handle", "integer", true], ["callback", "string", true]] },
    { kind: "task.new", summary: "a task was created", fields: [["task", "integer", true], ["name", "string", true], ["coro", "string", true]] },
    { kind: "task.step", summary: "the task resumes its coroutine: send(None) or throw(exc)", fields: [["task", "integer", true], ["name", "string", true], ["mode", "string", true], ["value", "string", false], ["exception", "string", false]] },
    { kind: "task.suspend", summary: "the task's step ended with the coroutine suspended", fields: [["task", "integer", true], ["name", "string", true], ["reason", "string", true], ["future", "integer_or_null", true], ["chain", "string_array", true]] },
    { kind: "task.done", summary: "the task's coroutine returned or raised; the task is resolved", fields: [["task", "integer", true], ["name", "string", true], ["outcome", "string", true], ["result", "string", false], ["exception", "string", false], ["callbacks", "integer", true]] },
    { kind: "future.new", summary: "a future was created", fields: [["future", "integer", true], ["label", "string", true]] },
    { kind: "future.resolve", summary: "a future got its result, exception or cancellation", fields: [["future", "integer", true], ["outcome", "string", true], ["result", "string", false], ["exception", "string", false], ["callbacks", "integer", true]] },
    { kind: "future.callback", summary: "a done-callback was added to or removed from a future", fields: [["future", "integer", true], ["op", "string", true], ["token", "integer", true], ["callback", "string", false]] },
    { kind: "print", summary: "the program printed a line", fields: [["text", "string", true], ["task", "integer_or_null", true], ["name", "string", false]] },
    { kind: "loop.exception", summary: "the loop's exception handler was called: a callback raised, a task's exception was never retrieved, a task was destroyed pending", fields: [["message", "string", true], ["exception", "string", true], ["handle", "integer", false], ["future", "integer", false]] },
    { kind: "loop.stop", summary: "stop() was called: the loop ends after this tick", fields: [] },
    { kind: "kernel.cycle", summary: "curio: one cycle of the kernel loop starts", fields: [["ready", "integer", true], ["sleeping", "integer", true], ["timeout", "number_or_null", true]] },
    { kind: "kernel.phase", summary: "curio: the kernel enters a phase of its cycle (io, time or run)", fields: [["phase", "string", true]] },
    { kind: "trap", summary: "curio: the running task trapped into the kernel with a request", fields: [["task", "integer", true], ["name", "string", true], ["trap", "string", true], ["args", "string", true]] },
    { kind: "task.resume", summary: "curio: the kernel resumes the task's coroutine: send(value) or throw(exc)", fields: [["task", "integer", true], ["name", "string", true], ["via", "string", true], ["mode", "string", true], ["value", "string", false], ["exception", "string", false]] },
    { kind: "task.park", summary: "curio: the task blocks, parked on a wait queue, the timer heap or a descriptor", fields: [["task", "integer", true], ["name", "string", true], ["state", "string", true], ["on", "string", true], ["until", "number", false]] },
    { kind: "task.wake", summary: "curio: a parked task goes back on the ready queue", fields: [["task", "integer", true], ["name", "string", true], ["reason", "string", true]] },
    { kind: "trace.end", summary: "the run ended", fields: [["reason", "string", true], ["error", "string", false], ["events", "integer", true]] },
  ];
})(globalThis.Coolio = globalThis.Coolio || {});
