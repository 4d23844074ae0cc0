// curio/queue.hpp — Queue<T>, a FIFO between tasks, built on wait queues (curio's queue.py).
//
// get() parks on one wait queue while the queue is empty, put() on another while it
// is full; each wakes one task of the other side. join() parks until every item put
// has been marked done with task_done(), which, waking tasks, is a coroutine here
// (asyncio's task_done is a plain function: it resolves a future instead).
#pragma once

#include <cstddef>
#include <deque>

#include "coolio/curio/coro.hpp"
#include "coolio/curio/sched.hpp"
#include "coolio/curio/traps.hpp"
#include "coolio/exceptions.hpp"

namespace coolio::curio {

template <class T>
class Queue {
public:
    /// `maxsize` 0: unbounded.
    explicit Queue(std::size_t maxsize = 0) : maxsize_(maxsize) {}

    std::size_t qsize() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }
    bool full() const noexcept { return maxsize_ > 0 && items_.size() >= maxsize_; }

    /// The oldest item; parks while the queue is empty.
    Coro<T> get() {
        while (empty()) co_await _scheduler_wait(get_waiting_, "QUEUE_GET");
        T item = std::move(items_.front());
        items_.pop_front();
        if (!put_waiting_.empty()) co_await _scheduler_wake(put_waiting_, 1);
        co_return item;
    }

    /// Appends `item`; parks while the queue is full.
    Coro<void> put(T item) {
        while (full()) co_await _scheduler_wait(put_waiting_, "QUEUE_PUT");
        items_.push_back(std::move(item));
        ++unfinished_;
        if (!get_waiting_.empty()) co_await _scheduler_wake(get_waiting_, 1);
    }

    /// Marks one item got earlier as processed; the last one wakes the joiners.
    /// ValueError if called more times than there were items.
    Coro<void> task_done() {
        if (unfinished_ == 0) throw ValueError("task_done() called too many times");
        if (--unfinished_ == 0 && !join_waiting_.empty()) co_await _scheduler_wake(join_waiting_, join_waiting_.size());
    }

    /// Parks until every item put has been marked done.
    Coro<void> join() {
        if (unfinished_ > 0) co_await _scheduler_wait(join_waiting_, "QUEUE_JOIN");
    }

private:
    std::size_t maxsize_;
    std::deque<T> items_;
    std::size_t unfinished_ = 0;
    SchedFIFO get_waiting_{"Queue.get"};
    SchedFIFO put_waiting_{"Queue.put"};
    SchedFIFO join_waiting_{"Queue.join"};
};

}  // namespace coolio::curio
