// event_kinds.hpp — the trace format's event kinds and their fields, as data.
//
// This table is the machine-readable half of docs/trace-format.md: the trace reader
// validates every line against it, and a test checks that it agrees with the JSON
// Schema in docs/trace-format.schema.json.
#pragma once

#include <string_view>
#include <vector>

namespace coolio::tracer {

/// The JSON type a field must have.
enum class FieldType {
    integer,          ///< a whole number >= 0
    number,           ///< any number
    number_or_null,
    integer_or_null,
    string,
    string_or_null,
    integer_array,
    string_array,
};

struct FieldSpec {
    std::string_view name;
    FieldType type;
    bool required = true;
};

/// One event kind: its name, a one-line summary and its own fields (beyond the
/// common seq, tick, t, kind and the optional cause).
struct KindSpec {
    std::string_view kind;
    std::string_view summary;
    std::vector<FieldSpec> fields;
};

/// Every kind of format version 1, in the order docs/trace-format.md lists them.
const std::vector<KindSpec>& event_kinds();
/// The spec of `kind`, or null if the format has no such kind.
const KindSpec* find_kind(std::string_view kind);
/// "integer", "number or null", … for messages.
std::string_view field_type_name(FieldType type);

}  // namespace coolio::tracer
