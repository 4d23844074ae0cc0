// Load (issue 10): a million tasks through one loop, a hundred thousand timers half of
// which are cancelled, and memory back where it started afterwards.
//
// Memory is measured as the bytes the allocator has handed out and not taken back
// (glibc's mallinfo2().uordblks; the sanitizer allocator's own count under
// AddressSanitizer), not as RSS: freed memory stays in the process for reuse, so RSS
// does not drop when objects die, while the allocator's count does, to the byte. RSS
// is shown too (MESSAGE lines), for docs/reliability.md.
#include <doctest/doctest.h>

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>

#include "support.hpp"

#ifdef COOLIO_UNDER_ASAN
// From the sanitizer runtime (sanitizer/allocator_interface.h, which gcc 12 does not ship).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#endif

using namespace coolio;

namespace {

// Under AddressSanitizer every allocation is several times dearer, so the loads are
// scaled down there (the sanitizer build looks for leaks and misuse, not for scale).
#ifdef COOLIO_UNDER_ASAN
constexpr int SCALE_DOWN = 10;
#else
constexpr int SCALE_DOWN = 1;
#endif

std::size_t heap_in_use() {
#ifdef COOLIO_UNDER_ASAN
    return __sanitizer_get_current_allocated_bytes();
#else
    return mallinfo2().uordblks;
#endif
}

double rss_mb() {
    long pages = 0, resident = 0;
    std::ifstream("/proc/self/statm") >> pages >> resident;
    return double(resident) * double(::sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

double mb(std::size_t bytes) { return double(bytes) / (1024.0 * 1024.0); }

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Coro<int> one_step(int i) {
    co_await coolio::sleep(0);  // one suspension: two steps per task
    co_return i % 7;
}

// Creates `total` tasks in batches of `batch`, awaiting each batch before making the
// next, so that at most `batch` tasks (and frames and handles) are alive at once.
Coro<long> spawn_all(int total, int batch, std::size_t* peak) {
    long sum = 0;
    std::vector<TaskPtr<int>> tasks;
    tasks.reserve(batch);
    for (int made = 0; made < total; made += batch) {
        for (int i = made; i < made + batch && i < total; ++i) tasks.push_back(create_task(one_step(i)));
        *peak = std::max(*peak, heap_in_use());
        for (auto& task : tasks) sum += co_await task;
        tasks.clear();
    }
    co_return sum;
}

// What memory may differ by once the loop is gone: stream buffers, doctest's own
// bookkeeping, the allocator's rounding. Anything leaked per task or per timer would be
// megabytes at these counts.
constexpr std::size_t SLACK_AFTER_CLOSE = 256 * 1024;

}  // namespace

TEST_SUITE("load") {
    TEST_CASE("a million tasks are created and completed in one loop, and memory returns to its starting level") {
        const int total = 1'000'000 / SCALE_DOWN;
        const int batch = 10'000;
        std::size_t before = heap_in_use();
        double rss_before = rss_mb();
        std::size_t peak = before;
        auto start = std::chrono::steady_clock::now();
        long expected = 0;
        for (int i = 0; i < total; ++i) expected += i % 7;
        {
            EventLoop loop;
            set_event_loop(&loop);
            CHECK(loop.run_until_complete(spawn_all(total, batch, &peak)) == expected);
            loop.close();
            set_event_loop(nullptr);
        }
        double elapsed = seconds_since(start);
        std::size_t after = heap_in_use();
        MESSAGE(total << " tasks in " << elapsed << " s; heap in use: before " << mb(before) << " MB, peak "
                      << mb(peak) << " MB, after " << mb(after) << " MB; RSS before " << rss_before << " MB, after "
                      << rss_mb() << " MB");
        CHECK(peak > before);  // the batches were alive at once, and measured
        CHECK(after <= before + SLACK_AFTER_CLOSE);
    }

    TEST_CASE("100,000 timers, half cancelled: the heap is compacted exactly when asyncio's _run_once would, once more than half are cancelled") {
        const int total = 100'000 / SCALE_DOWN;
        std::size_t before = heap_in_use();
        double rss_before = rss_mb();
        auto start = std::chrono::steady_clock::now();
        std::size_t peak = before;
        int fired = 0;
        {
            EventLoop loop;
            std::vector<TimerHandlePtr> timers;
            timers.reserve(total);
            for (int i = 0; i < total; ++i)
                timers.push_back(loop.call_later(0.001 * (i + 1), [&fired] { ++fired; }));
            // Cancel the even ones: exactly half, the soonest (i = 0) among them.
            for (int i = 0; i < total; i += 2) timers[i]->cancel();
            TimerHandlePtr last = timers.back();  // odd: still live
            timers.clear();                       // the heap holds the only other references
            peak = heap_in_use();
            CHECK(loop.snapshot().timers.size() == std::size_t(total));

            // Half is not more than half: no compaction. Each tick pops the cancelled
            // timer at the top and fires the live one after it, so the share of
            // cancelled timers stays exactly one half, tick after tick.
            for (int tick = 1; tick <= 3; ++tick) {
                loop.run_once();
                CHECK(fired == tick);
                CHECK(loop.snapshot().timers.size() == std::size_t(total - 2 * tick));
            }
            // One more cancelled tips it over half: the next tick rebuilds the heap
            // without any cancelled timer (asyncio's heapify branch), then fires one.
            last->cancel();
            loop.run_once();
            CHECK(fired == 4);
            std::size_t live = std::size_t(total / 2 - 5);  // odd timers 9, 11, … except the last
            CHECK(loop.snapshot().timers.size() == live);
            // The rest fire in order, one per tick, none of the cancelled ones.
            while (fired < total / 2 - 1) loop.run_once();
            CHECK(loop.snapshot().timers.empty());
            CHECK(loop.time() == doctest::Approx(0.001 * (total - 2)));
            loop.close();
        }
        double elapsed = seconds_since(start);
        std::size_t after = heap_in_use();
        MESSAGE(total << " timers (half cancelled) in " << elapsed << " s; heap in use: before " << mb(before)
                      << " MB, with all scheduled " << mb(peak) << " MB, after " << mb(after) << " MB; RSS before "
                      << rss_before << " MB, after " << rss_mb() << " MB");
        CHECK(elapsed < 60);
        CHECK(after <= before + SLACK_AFTER_CLOSE);
    }

    TEST_CASE("with 100 timers or fewer the heap is never compacted, however many are cancelled") {
        EventLoop loop;
        int fired = 0;
        std::vector<TimerHandlePtr> timers;
        for (int i = 0; i < 100; ++i) timers.push_back(loop.call_later(1.0 + i, [&fired] { ++fired; }));
        for (int i = 1; i < 100; ++i) timers[i]->cancel();  // 99 of 100, but not the soonest
        loop.run_once();  // timer 0 fires; the cancelled ones stay (100 is not more than 100)
        CHECK(fired == 1);
        CHECK(loop.snapshot().timers.size() == 99);
        loop.call_soon([] {});  // something to run, so this tick does not wait for ever
        loop.run_once();        // now they are dropped one by one from the top, all in this tick
        CHECK(loop.snapshot().timers.empty());
    }
}
