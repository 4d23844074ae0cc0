// heapq.hpp — a min-heap kept in a std::vector, as Python's heapq module keeps one
// in a list: heappush, heappop, heapify, and heap.front() is the smallest item.
//
// Both runtimes keep their timers in one: the asyncio loop's timer handles and the
// curio kernel's deadlines. The timer heap is the hottest structure of a loop with
// many timers, so this heap differs from heapq in one way, for speed: each node has
// four children instead of two. The tree is then half as deep, and a node's four
// children sit side by side in memory, so a sift step that compares them touches one
// or two cache lines where a binary heap would take twice as many steps, most of them
// cache misses once the heap outgrows the cache. What comes out is the same: the
// smallest item first.
//
// `before(a, b)` is the ordering: true when `a` must come out before `b`. It must be
// a strict order; callers that need first-in first-out among equal keys put a
// sequence number in the key (see base_events.cpp and curio/kernel.cpp).
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace coolio::heapq {

namespace detail {

inline constexpr std::size_t ARITY = 4;

inline std::size_t parent(std::size_t index) { return (index - 1) / ARITY; }
inline std::size_t first_child(std::size_t index) { return index * ARITY + 1; }

// Moves the hole at `hole` up towards the root until `item` fits, then puts it there.
template <class T, class Before>
void sift_up(std::vector<T>& heap, std::size_t hole, T item, Before& before) {
    while (hole > 0) {
        std::size_t up = parent(hole);
        if (!before(item, heap[up])) break;
        heap[hole] = std::move(heap[up]);
        hole = up;
    }
    heap[hole] = std::move(item);
}

// Moves the hole at `hole` down, each time into its smallest child's place, until
// `item` comes before all the children of the hole; then puts it there.
template <class T, class Before>
void sift_down(std::vector<T>& heap, std::size_t hole, T item, Before& before) {
    const std::size_t size = heap.size();
    while (true) {
        std::size_t first = first_child(hole);
        if (first >= size) break;
        std::size_t last = first + ARITY < size ? first + ARITY : size;
        std::size_t smallest = first;
        for (std::size_t child = first + 1; child < last; ++child)
            if (before(heap[child], heap[smallest])) smallest = child;
        if (!before(heap[smallest], item)) break;
        heap[hole] = std::move(heap[smallest]);
        hole = smallest;
    }
    heap[hole] = std::move(item);
}

}  // namespace detail

/// Adds `item` to `heap`. O(log n).
template <class T, class Before>
void heappush(std::vector<T>& heap, T item, Before before) {
    heap.emplace_back();
    detail::sift_up(heap, heap.size() - 1, std::move(item), before);
}

/// Removes and returns the item that comes first. `heap` must not be empty. O(log n).
template <class T, class Before>
T heappop(std::vector<T>& heap, Before before) {
    T first = std::move(heap.front());
    T last = std::move(heap.back());
    heap.pop_back();
    if (!heap.empty()) detail::sift_down(heap, 0, std::move(last), before);
    return first;
}

/// Rearranges any vector into a heap. O(n).
template <class T, class Before>
void heapify(std::vector<T>& heap, Before before) {
    if (heap.size() < 2) return;
    for (std::size_t index = detail::parent(heap.size() - 1) + 1; index-- > 0;)
        detail::sift_down(heap, index, std::move(heap[index]), before);
}

}  // namespace coolio::heapq
