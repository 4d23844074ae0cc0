#include "field_names.hpp"

#include <array>
#include <stdexcept>
#include <string>

#include "coolio/tracer/event_kinds.hpp"

namespace coolio::tracer::detail {

namespace {

constexpr std::array<std::string_view, FIELD_COUNT> NAMES = {
    "seq", "tick", "t", "kind", "cause",
    "format", "version", "scenario", "clock", "runtime",
    "ready", "scheduled", "timeout", "dropped", "events", "fd", "handles", "handle", "callback", "when",
    "task", "name", "coro", "mode", "value", "exception", "reason", "future", "chain", "outcome", "result", "callbacks",
    "label", "op", "token", "text", "message", "error",
    "sleeping", "phase", "trap", "args", "via", "state", "on", "until",
};

// A small open-addressing table from name to Field: 256 slots for 46 names keeps
// probes short. The hash looks at the length and two letters only: cheap, and it
// tells the format's names apart well enough that most lookups need one probe.
constexpr std::size_t SLOTS = 256;

std::size_t hash(std::string_view name) {
    if (name.empty()) return 0;
    return name.size() * 37 + static_cast<unsigned char>(name.front()) * 5 + static_cast<unsigned char>(name.back()) * 3;
}

struct Table {
    std::array<std::int8_t, SLOTS> slots;  // Field + 1, or 0 for empty
    Table() {
        slots.fill(0);
        for (std::size_t f = 0; f < FIELD_COUNT; ++f) {
            std::size_t i = hash(NAMES[f]) % SLOTS;
            while (slots[i]) i = (i + 1) % SLOTS;
            slots[i] = static_cast<std::int8_t>(f + 1);
        }
    }
};

}  // namespace

std::optional<Field> field_from_name(std::string_view name) {
    static const Table table;
    for (std::size_t i = hash(name) % SLOTS; table.slots[i]; i = (i + 1) % SLOTS) {
        std::size_t f = static_cast<std::size_t>(table.slots[i] - 1);
        if (NAMES[f] == name) return static_cast<Field>(f);
    }
    return std::nullopt;
}

std::string_view field_name(Field field) { return NAMES[static_cast<std::size_t>(field)]; }

const std::vector<Field>& kind_fields(EventKind kind) {
    static const std::vector<std::vector<Field>> by_kind = [] {
        std::vector<std::vector<Field>> all;
        for (const KindSpec& spec : event_kinds()) {
            std::vector<Field>& fields = all.emplace_back();
            for (const FieldSpec& field : spec.fields) {
                std::optional<Field> f = field_from_name(field.name);
                if (!f) throw std::logic_error("field_names.cpp lacks the field '" + std::string(field.name) + "'");
                fields.push_back(*f);
            }
        }
        return all;
    }();
    return by_kind[static_cast<std::size_t>(kind)];
}

}  // namespace coolio::tracer::detail
