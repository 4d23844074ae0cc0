// queues.hpp — Queue, PriorityQueue, LifoQueue, as asyncio/queues.py.
//
// A queue is a container plus two FIFO lines of waiting futures: getters (waiting
// for an item) and putters (waiting for room, when maxsize > 0). put_nowait wakes
// the first getter, get_nowait wakes the first putter. A woken task re-checks the
// queue when it runs, since another task may have got there first.
// task_done()/join() count the items put and not yet processed.
//
// A queue must outlive the coroutines waiting on it. Use it from one loop only.
#pragma once

#include <algorithm>
#include <deque>
#include <functional>
#include <vector>

#include "coolio/locks.hpp"
#include "coolio/tasks.hpp"

namespace coolio {

namespace detail {

/// First in, first out (asyncio.Queue).
template <class T>
struct FifoStore {
    std::deque<T> items;
    void put(T item) { items.push_back(std::move(item)); }
    T get() {
        T item = std::move(items.front());
        items.pop_front();
        return item;
    }
};

/// Last in, first out (asyncio.LifoQueue).
template <class T>
struct LifoStore {
    std::vector<T> items;
    void put(T item) { items.push_back(std::move(item)); }
    T get() {
        T item = std::move(items.back());
        items.pop_back();
        return item;
    }
};

/// Smallest first, by operator< (asyncio.PriorityQueue, a heapq min-heap).
template <class T>
struct PriorityStore {
    std::vector<T> items;
    void put(T item) {
        items.push_back(std::move(item));
        std::push_heap(items.begin(), items.end(), std::greater<>());
    }
    T get() {
        std::pop_heap(items.begin(), items.end(), std::greater<>());
        T item = std::move(items.back());
        items.pop_back();
        return item;
    }
};

/// Wakes the first waiter that is still waiting (asyncio's Queue._wakeup_next).
inline void wakeup_next(std::deque<FuturePtr<None>>& waiters) {
    while (!waiters.empty()) {
        FuturePtr<None> waiter = std::move(waiters.front());
        waiters.pop_front();
        if (!waiter->done()) {
            waiter->set_result(none);
            return;
        }
    }
}

}  // namespace detail

/// The queue logic, whatever the order of items.
template <class T, class Store>
class BasicQueue {
public:
    /// maxsize <= 0: no limit.
    explicit BasicQueue(int maxsize = 0) : maxsize_(maxsize) { finished_.set(); }

    std::size_t qsize() const noexcept { return store_.items.size(); }
    int maxsize() const noexcept { return maxsize_; }
    bool empty() const noexcept { return store_.items.empty(); }
    bool full() const noexcept { return maxsize_ > 0 && qsize() >= std::size_t(maxsize_); }

    /// Puts `item`, waiting while the queue is full.
    Coro<void> put(T item) {
        while (full()) co_await wait_in_line(putters_, "Queue.put", [this] { return !full(); });
        put_nowait(std::move(item));
    }
    /// Puts `item` now; QueueFull if there is no room.
    void put_nowait(T item) {
        if (full()) throw QueueFull();
        store_.put(std::move(item));
        ++unfinished_tasks_;
        finished_.clear();
        detail::wakeup_next(getters_);
    }
    /// Takes an item, waiting while the queue is empty.
    Coro<T> get() {
        while (empty()) co_await wait_in_line(getters_, "Queue.get", [this] { return !empty(); });
        co_return get_nowait();
    }
    /// Takes an item now; QueueEmpty if there is none.
    T get_nowait() {
        if (empty()) throw QueueEmpty();
        T item = store_.get();
        detail::wakeup_next(putters_);
        return item;
    }
    /// Marks one item got earlier as processed; ValueError if more than were put.
    void task_done() {
        if (unfinished_tasks_ <= 0) throw ValueError("task_done() called too many times");
        if (--unfinished_tasks_ == 0) finished_.set();
    }
    /// Waits until every item put has been marked done with task_done().
    Coro<void> join() {
        if (unfinished_tasks_ > 0) co_await finished_.wait();
    }

private:
    // Waits on a new future at the back of `line`. If cancelled, leaves the line and,
    // when the queue could serve the next in line, hands the turn on.
    template <class CanServe>
    Coro<void> wait_in_line(std::deque<FuturePtr<None>>& line, const char* label, CanServe can_serve) {
        FuturePtr<None> waiter = get_running_loop().create_future<None>(label);
        line.push_back(waiter);
        std::exception_ptr error;
        try {
            co_await waiter;
        } catch (...) {
            error = std::current_exception();
        }
        if (!error) co_return;
        waiter->cancel();  // in case it was not done yet
        auto found = std::find(line.begin(), line.end(), waiter);
        if (found != line.end()) line.erase(found);
        if (can_serve() && !waiter->cancelled()) detail::wakeup_next(line);
        std::rethrow_exception(error);
    }

    int maxsize_;
    Store store_;
    std::deque<FuturePtr<None>> getters_;
    std::deque<FuturePtr<None>> putters_;
    long unfinished_tasks_ = 0;
    Event finished_;
};

template <class T>
using Queue = BasicQueue<T, detail::FifoStore<T>>;
template <class T>
using LifoQueue = BasicQueue<T, detail::LifoStore<T>>;
template <class T>
using PriorityQueue = BasicQueue<T, detail::PriorityStore<T>>;

}  // namespace coolio
