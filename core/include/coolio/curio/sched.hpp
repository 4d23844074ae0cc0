// curio/sched.hpp — SchedFIFO, the wait queue every curio primitive is built on.
//
// curio's kernel knows nothing of events, locks or queues. It offers one mechanism:
// a task may park itself on a wait queue (the sched_wait trap) and another task may
// wake the first n tasks parked there (the sched_wake trap). Event, Lock and Queue
// (sync.hpp, queue.hpp) are ordinary coroutines around such queues, outside the
// kernel. First in, first out: the task that waited longest is woken first.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <string>

namespace coolio::curio {

class TaskBase;

/// A FIFO of parked tasks (curio.sched.SchedFIFO). It does not own the tasks; the
/// kernel takes a task out when it wakes it or cancels it.
class SchedFIFO {
public:
    /// `label` names the queue in traces ("Event.wait", "Queue.get", ...).
    explicit SchedFIFO(std::string label) : label_(std::move(label)) {}
    SchedFIFO(const SchedFIFO&) = delete;
    SchedFIFO& operator=(const SchedFIFO&) = delete;

    std::size_t size() const noexcept { return tasks_.size(); }
    bool empty() const noexcept { return tasks_.empty(); }
    const std::string& label() const noexcept { return label_; }

    // ---- used by the kernel ----
    void push(TaskBase* task) { tasks_.push_back(task); }
    TaskBase* pop() {
        TaskBase* task = tasks_.front();
        tasks_.pop_front();
        return task;
    }
    /// Takes `task` out wherever it is (it was cancelled while parked here).
    void remove(TaskBase* task) { tasks_.erase(std::remove(tasks_.begin(), tasks_.end(), task), tasks_.end()); }

private:
    std::string label_;
    std::deque<TaskBase*> tasks_;
};

}  // namespace coolio::curio
