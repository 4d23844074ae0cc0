#include "coolio/tracer/string_pool.hpp"

#include <functional>

namespace coolio::tracer {

namespace {

std::uint32_t hash_of(std::string_view text) {
    return static_cast<std::uint32_t>(std::hash<std::string_view>{}(text));
}

}  // namespace

StringPool::StringPool() : slots_(1024, 0) { intern(""); }

Str StringPool::intern(std::string_view text) {
    std::uint32_t hash = hash_of(text);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {  // linear probing
        std::uint32_t slot = slots_[i];
        if (slot == 0) {
            Str id = static_cast<Str>(entries_.size());
            entries_.push_back({chars_.size(), static_cast<std::uint32_t>(text.size()), hash});
            chars_.append(text);
            slots_[i] = id + 1;
            if (2 * entries_.size() > slots_.size()) grow();  // keep the table at most half full
            return id;
        }
        const Entry& e = entries_[slot - 1];
        if (e.hash == hash && view(slot - 1) == text) return slot - 1;
    }
}

void StringPool::grow() {
    std::vector<std::uint32_t> slots(slots_.size() * 2, 0);
    std::size_t mask = slots.size() - 1;
    for (std::size_t id = 0; id < entries_.size(); ++id) {
        std::size_t i = entries_[id].hash & mask;
        while (slots[i] != 0) i = (i + 1) & mask;
        slots[i] = static_cast<std::uint32_t>(id + 1);
    }
    slots_ = std::move(slots);
}

}  // namespace coolio::tracer
