// field_names.hpp — every field name of the trace format, as a number.
//
// The reader looks up a dozen fields per line. Comparing names again and again was
// most of its time, so each member's key is turned into a Field once, with one hash
// lookup, and fields are then found by number. Private to the tracer library.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "coolio/tracer/event.hpp"

namespace coolio::tracer::detail {

/// The common fields first, then every field of event_kinds(), each name once.
enum class Field : std::uint8_t {
    seq, tick, t, kind, cause,
    format, version, scenario, clock, runtime,
    ready, scheduled, timeout, dropped, events, fd, handles, handle, callback, when,
    task, name, coro, mode, value, exception, reason, future, chain, outcome, result, callbacks,
    label, op, token, text, message, error,
    sleeping, phase, trap, args, via, state, on, until,
};
inline constexpr std::size_t FIELD_COUNT = static_cast<std::size_t>(Field::until) + 1;

/// The Field called `name`, or nullopt for a name the format does not have.
std::optional<Field> field_from_name(std::string_view name);
/// The name of `field`.
std::string_view field_name(Field field);
/// The Fields of event_kinds()'s spec of `kind`, in the spec's order. (A test checks
/// that every field name of event_kinds() is a Field.)
const std::vector<Field>& kind_fields(EventKind kind);

}  // namespace coolio::tracer::detail
