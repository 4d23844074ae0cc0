// The min-heap both runtimes keep their timers in (heapq.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <utility>
#include <vector>

#include "coolio/heapq.hpp"

namespace heapq = coolio::heapq;

namespace {

// A timer-like item: a time and the order it was pushed in, which breaks ties.
struct Item {
    double when;
    int order;
};
bool sooner(const Item& a, const Item& b) {
    if (a.when != b.when) return a.when < b.when;
    return a.order < b.order;
}

// Every node comes before each of its four children: the invariant itself.
bool is_heap(const std::vector<Item>& heap) {
    for (std::size_t i = 1; i < heap.size(); ++i)
        if (sooner(heap[i], heap[(i - 1) / 4])) return false;
    return true;
}

std::vector<Item> random_items(std::size_t count, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> when(0, 50);  // few distinct times: many ties
    std::vector<Item> items;
    for (std::size_t i = 0; i < count; ++i) items.push_back({when(random) / 10.0, int(i)});
    return items;
}

std::vector<Item> pop_all(std::vector<Item>& heap) {
    std::vector<Item> out;
    while (!heap.empty()) {
        CHECK(is_heap(heap));
        out.push_back(heapq::heappop(heap, sooner));
    }
    return out;
}

bool same_order(const std::vector<Item>& a, const std::vector<Item>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const Item& x, const Item& y) { return x.when == y.when && x.order == y.order; });
}

}  // namespace

TEST_SUITE("heapq") {
    TEST_CASE("items pushed in any order come out soonest first, ties in the order they were pushed") {
        for (std::size_t count : {0, 1, 2, 3, 4, 5, 6, 17, 64, 65, 1000}) {
            CAPTURE(count);
            std::vector<Item> items = random_items(count, unsigned(count));
            std::vector<Item> heap;
            for (const Item& item : items) {
                heapq::heappush(heap, item, sooner);
                CHECK(is_heap(heap));
            }
            std::vector<Item> expected = items;
            std::stable_sort(expected.begin(), expected.end(), sooner);
            CHECK(same_order(pop_all(heap), expected));
        }
    }

    TEST_CASE("heapify turns any vector into a heap that pops in the same order") {
        for (std::size_t count : {0, 1, 2, 5, 21, 22, 500}) {
            CAPTURE(count);
            std::vector<Item> heap = random_items(count, 7 + unsigned(count));
            std::vector<Item> expected = heap;
            std::stable_sort(expected.begin(), expected.end(), sooner);
            heapq::heapify(heap, sooner);
            CHECK(is_heap(heap));
            CHECK(same_order(pop_all(heap), expected));
        }
    }

    TEST_CASE("pushes between pops keep the order: a timer added while others fire") {
        std::vector<Item> heap;
        int order = 0;
        for (double when : {3.0, 1.0, 2.0}) heapq::heappush(heap, Item{when, order++}, sooner);
        CHECK(heapq::heappop(heap, sooner).when == 1.0);
        heapq::heappush(heap, Item{2.0, order++}, sooner);  // ties with the 2.0 already there
        heapq::heappush(heap, Item{0.5, order++}, sooner);
        std::vector<std::pair<double, int>> out;
        while (!heap.empty()) {
            Item item = heapq::heappop(heap, sooner);
            out.emplace_back(item.when, item.order);
        }
        CHECK(out == std::vector<std::pair<double, int>>{{0.5, 4}, {2.0, 2}, {2.0, 3}, {3.0, 0}});
    }
}
