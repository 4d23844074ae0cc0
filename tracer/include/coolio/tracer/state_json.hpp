// state_json.hpp — a LoopState as one line of JSON (`coolio-trace show --states`).
//
// The shape is fixed, key order included, because the browser viewer's state model
// is tested against these lines (docs/state-model.md describes every key):
//   {"seq":N,"tick":N,"t":number,
//    "ready":[{"handle":id,"callback":"…","cancelled":bool}],
//    "timers":[{"handle":id,"callback":"…","when":number,"cancelled":bool}],
//    "tasks":[{"task":id,"name":"Task-2","coro":"…","state":"pending|running|suspended|done",
//              "waiting_on":id|null,"chain":["…"],"outcome":null|"result"|"exception"|"cancelled",
//              "steps":N,"callbacks":["…"]}],
//    "futures":[{"future":id,"label":"sleep","state":"pending|result|exception|cancelled","callbacks":["…"]}],
//    "fds":[{"fd":N,"reader":"callback"|null,"writer":"callback"|null}],
//    "current":{"handle":id|null,"task":id|null}}
#pragma once

#include <string>

#include "coolio/tracer/state.hpp"
#include "coolio/tracer/trace_events.hpp"

namespace coolio::tracer {

/// Appends `state` (a state of `trace`) to `out` as one JSON object, without a newline.
void append_state_json(std::string& out, const LoopState& state, const TraceEvents& trace);

}  // namespace coolio::tracer
