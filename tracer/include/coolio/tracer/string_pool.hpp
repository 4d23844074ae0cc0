// string_pool.hpp — each distinct string of a trace stored once, named by a number.
//
// A trace repeats the same few texts (callbacks, task names, "None") a great many
// times. Keeping each once and referring to it by a small number makes an event a
// fixed-size struct and a state copy a plain memory copy, which is what lets the
// state model keep checkpoints of a million-event trace.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace coolio::tracer {

/// A string in a StringPool. 0 is always the empty string.
using Str = std::uint32_t;

/// Interns strings: equal texts get the same Str.
class StringPool {
public:
    StringPool();

    /// The number of `text`, adding it if it is new.
    Str intern(std::string_view text);
    /// The text of `id` (which must come from this pool).
    std::string_view view(Str id) const {
        const Entry& e = entries_[id];
        return std::string_view(chars_.data() + e.offset, e.size);
    }
    /// How many distinct strings are stored.
    std::size_t size() const noexcept { return entries_.size(); }

private:
    struct Entry {
        std::size_t offset;  // into chars_
        std::uint32_t size;
        std::uint32_t hash;
    };
    void grow();

    std::string chars_;           // every string, one after the other
    std::vector<Entry> entries_;  // by Str
    // An open-addressing hash table of Str + 1 (0: empty slot), its size a power of
    // two; a flat table is much kinder to the cache than std::unordered_map's nodes.
    std::vector<std::uint32_t> slots_;
};

}  // namespace coolio::tracer
