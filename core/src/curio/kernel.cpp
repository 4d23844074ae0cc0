#include "coolio/curio/kernel.hpp"

#include <algorithm>
#include <iostream>

#include "coolio/exceptions.hpp"
#include "coolio/heapq.hpp"
#include "coolio/repr.hpp"

namespace coolio::curio {

namespace {

thread_local Kernel* running = nullptr;

std::string fd_text(int fd, std::uint32_t event) {
    return "fd " + std::to_string(fd) + (event == EVENT_READ ? " (read)" : " (write)");
}

}  // namespace

Kernel* running_kernel() noexcept { return running; }

// =====================================================================================
// Traps: the requests, and how a task hands one to the kernel
// =====================================================================================

std::string_view trap_function(TrapName name) {
    switch (name) {
        case TrapName::sleep: return "trap_sleep";
        case TrapName::read_wait:
        case TrapName::write_wait: return "trap_io";
        case TrapName::spawn: return "trap_spawn";
        case TrapName::join: return "trap_join_task";
        case TrapName::cancel: return "trap_cancel_task";
        case TrapName::sched_wait: return "trap_sched_wait";
        case TrapName::sched_wake: return "trap_sched_wake";
        case TrapName::clock: return "trap_clock";
        case TrapName::set_timeout: return "trap_set_timeout";
        case TrapName::unset_timeout: return "trap_unset_timeout";
    }
    return "trap_?";
}

std::string TrapRequest::describe_args() const {
    switch (name) {
        case TrapName::sleep:
        case TrapName::set_timeout: return float_repr(seconds);
        case TrapName::read_wait: return fd_text(fd, EVENT_READ);
        case TrapName::write_wait: return fd_text(fd, EVENT_WRITE);
        case TrapName::spawn: return task->coro_name() + "()";
        case TrapName::join:
        case TrapName::cancel: return task->name();
        case TrapName::sched_wait: return queue->label() + ", " + state;
        case TrapName::sched_wake: return queue->label() + ", " + std::to_string(n);
        case TrapName::clock:
        case TrapName::unset_timeout: return "";
    }
    return "";
}

void Trap::await_suspend(std::coroutine_handle<> frame) {
    Kernel* kernel = running_kernel();
    if (!kernel || !kernel->current()) throw RuntimeError("a curio trap was awaited outside a curio task");
    task_ = kernel->current();
    kernel->trap(frame, std::move(request_));
}

double Trap::await_resume() {
    if (task_->trap_error_) std::rethrow_exception(std::exchange(task_->trap_error_, nullptr));
    return task_->trap_value_;
}

void Kernel::trap(std::coroutine_handle<> frame, TrapRequest request) {
    current_->resume_point_ = frame;
    current_->trap_ = std::move(request);
}

// =====================================================================================
// Running
// =====================================================================================

Kernel::Kernel(std::unique_ptr<Clock> clock, std::unique_ptr<Selector> selector)
    : clock_(clock ? std::move(clock) : std::make_unique<VirtualClock>()),
      selector_(selector ? std::move(selector) : std::make_unique<EpollSelector>()),
      output_(&std::cout) {}

Kernel::~Kernel() {
    // Frames are freed after the table is emptied: a frame may hold the last
    // reference to another task.
    std::vector<std::shared_ptr<TaskBase>> alive;
    for (auto& [id, task] : tasks_) alive.push_back(task);
    tasks_.clear();
    for (auto& task : alive) task->release_coroutine();
}

void Kernel::run_main(std::shared_ptr<TaskBase> main) {
    if (running_ || running) throw RuntimeError("a curio kernel is already running");
    running_ = true;
    running = this;
    struct Restore {  // whatever happens, the kernel is left not running
        Kernel& kernel;
        ~Restore() {
            kernel.running_ = false;
            kernel.current_ = nullptr;
            running = nullptr;
        }
    } restore{*this};
    new_task(main);
    while (!main->terminated()) run_cycle();
}

// One cycle of the kernel loop (curio's kernel_run), in three phases.
void Kernel::run_cycle() {
    ++cycles_;
    drop_stale_deadlines();
    std::optional<double> timeout = poll_timeout();
    if (observer_) observer_->on_kernel_cycle({ready_.size(), sleeping_.size(), timeout});

    // ---------------------------------------------------------------------------------
    // Phase 1: I/O polling
    // ---------------------------------------------------------------------------------
    if (observer_) observer_->on_kernel_phase(KernelPhase::io);
    poll_io(timeout);

    // ---------------------------------------------------------------------------------
    // Phase 2: time handling
    // ---------------------------------------------------------------------------------
    if (observer_) observer_->on_kernel_phase(KernelPhase::time);
    handle_time();

    // ---------------------------------------------------------------------------------
    // Phase 3: running ready tasks
    // ---------------------------------------------------------------------------------
    if (observer_) observer_->on_kernel_phase(KernelPhase::run);
    run_ready_tasks();
}

// =====================================================================================
// Phase 1: I/O polling
// =====================================================================================

// Deadlines whose task has terminated, woke up otherwise, or left its timeout block
// are dropped from the top of the heap here, so that they do not wake the kernel for
// nothing. Then: do not wait if a task is ready; else until the next deadline; else
// until a descriptor is ready.
void Kernel::drop_stale_deadlines() {
    while (!sleeping_.empty() && !is_live(sleeping_.front())) heapq::heappop(sleeping_, sooner);
}

bool Kernel::is_live(const Deadline& deadline) const {
    auto found = tasks_.find(deadline.task);
    if (found == tasks_.end()) return false;
    const TaskBase& task = *found->second;
    if (!deadline.is_timeout) return task.sleep_until_ == deadline.when;
    return std::find(task.timeouts_.begin(), task.timeouts_.end(), deadline.when) != task.timeouts_.end();
}

std::optional<double> Kernel::poll_timeout() const {
    if (!ready_.empty()) return 0.0;
    if (sleeping_.empty()) return std::nullopt;
    return std::max(0.0, sleeping_.front().when - time());
}

void Kernel::poll_io(std::optional<double> timeout) {
    if (!timeout && selector_->registered_count() == 0)
        throw RuntimeError(
            "the curio kernel would wait forever: no task is ready, no sleep is pending and no "
            "descriptor is watched (is a task waiting on a queue that nobody wakes?)");
    std::vector<SelectorEvent> events = wait_for_events(*selector_, *clock_, timeout);
    if (observer_) observer_->on_select(timeout, events.size());
    for (const SelectorEvent& event : events) {
        auto found = watchers_.find(event.fd);
        if (found == watchers_.end()) continue;
        TaskBase* reader = (event.events & EVENT_READ) ? found->second.reader : nullptr;
        TaskBase* writer = (event.events & EVENT_WRITE) ? found->second.writer : nullptr;
        if (observer_) observer_->on_io_ready(event.fd, event.events, nullptr, nullptr);
        if (reader) {
            unwatch(event.fd, EVENT_READ);
            reschedule_task(*reader, fd_text(event.fd, EVENT_READ) + " is ready");
        }
        if (writer) {
            unwatch(event.fd, EVENT_WRITE);
            reschedule_task(*writer, fd_text(event.fd, EVENT_WRITE) + " is ready");
        }
    }
}

// =====================================================================================
// Phase 2: time handling
// =====================================================================================

// A deadline is only acted on if it is still the one the task cares about: a sleep
// whose task was cancelled, or a timeout block that already ended, leaves a stale
// entry behind, which is skipped (curio does the same rather than search the heap).
void Kernel::handle_time() {
    double now = time();
    while (!sleeping_.empty() && sleeping_.front().when <= now) {
        Deadline due = heapq::heappop(sleeping_, sooner);
        if (!is_live(due)) continue;
        TaskBase& task = *tasks_.at(due.task);
        if (!due.is_timeout) {
            task.sleep_until_.reset();
            reschedule_task(task, "its sleep is over");
        } else {
            cancel_task(task, std::make_exception_ptr(TaskTimeout("timeout_after deadline " + float_repr(due.when))));
        }
    }
}

bool Kernel::sooner(const Deadline& a, const Deadline& b) {
    if (a.when != b.when) return a.when < b.when;
    return a.order < b.order;
}

void Kernel::push_deadline(double when, TaskBase& task, bool is_timeout) {
    heapq::heappush(sleeping_, Deadline{when, ++deadline_order_, task.id_, is_timeout}, sooner);
}

// =====================================================================================
// Phase 3: running ready tasks
// =====================================================================================

// Only the tasks ready when the phase begins run; those rescheduled meanwhile run in
// the next cycle, after the kernel has looked at I/O and time again.
void Kernel::run_ready_tasks() {
    std::size_t ntodo = ready_.size();
    for (std::size_t i = 0; i < ntodo; ++i) {
        TaskBase* task = ready_.front();
        ready_.pop_front();
        run_task(*task);
    }
}

// The task's turn: resume it, answer its trap, and resume it again for as long as its
// traps do not block. A blocking trap (or the end of the coroutine) sets current_ to
// null, which ends the turn.
void Kernel::run_task(TaskBase& task) {
    std::shared_ptr<TaskBase> keep = task.shared_from_this();  // cleanup drops the table's reference
    current_ = &task;
    bool after_trap = false;
    while (current_ == &task) {
        task.state_ = "RUNNING";
        ++task.resumptions_;
        if (observer_) observer_->on_kernel_resume(task, after_trap, task.trap_error_, task.sent_);
        task.resume_point_.resume();  // runs until its next trap, or its end
        if (task.trap_) {
            TrapRequest request = std::move(*task.trap_);
            task.trap_.reset();
            task.sent_ = "None";
            if (observer_) observer_->on_kernel_trap(task, request);
            dispatch_trap(task, request);
        } else if (task.coroutine_done()) {
            cleanup_task(task);
            current_ = nullptr;
        } else {
            throw RuntimeError(task.name() + " awaited something that is not a curio trap or coroutine");
        }
        if (observer_) observer_->on_kernel_resume_end(task);
        after_trap = true;
    }
}

// =====================================================================================
// The traps
// =====================================================================================

void Kernel::dispatch_trap(TaskBase& task, TrapRequest& request) {
    // A blocking trap is where a pending cancellation is delivered: instead of
    // blocking, the task is resumed at once with the error thrown in.
    bool blocking = request.name == TrapName::sleep || request.name == TrapName::read_wait ||
                    request.name == TrapName::write_wait || request.name == TrapName::join ||
                    request.name == TrapName::cancel || request.name == TrapName::sched_wait;
    if (blocking && task.cancel_pending_) {
        task.trap_error_ = std::exchange(task.cancel_pending_, nullptr);
        return;
    }
    switch (request.name) {
        case TrapName::sleep: return trap_sleep(task, request.seconds);
        case TrapName::read_wait: return trap_io(task, request.fd, EVENT_READ);
        case TrapName::write_wait: return trap_io(task, request.fd, EVENT_WRITE);
        case TrapName::spawn: return trap_spawn(task, request.task);
        case TrapName::join: return trap_join(task, *request.task);
        case TrapName::cancel: return trap_cancel(task, *request.task);
        case TrapName::sched_wait: return trap_sched_wait(task, *request.queue, request.state);
        case TrapName::sched_wake: return trap_sched_wake(task, *request.queue, request.n);
        case TrapName::clock: return trap_clock(task);
        case TrapName::set_timeout: return trap_set_timeout(task, request.seconds);
        case TrapName::unset_timeout: return trap_unset_timeout(task);
    }
}

// sleep(0) is a switch: the task goes to the back of the ready queue, behind the
// tasks already there. Otherwise the task parks until its deadline.
void Kernel::trap_sleep(TaskBase& task, double seconds) {
    if (seconds <= 0) {
        reschedule_task(task, "sleep(0): back of the ready queue");
        current_ = nullptr;
        return;
    }
    double until = time() + seconds;
    task.sleep_until_ = until;
    push_deadline(until, task, false);
    park(task, "TIME_SLEEP", "timer", [&task] { task.sleep_until_.reset(); }, until);
}

// The task's descriptor goes into the selector with the task itself as what to wake;
// phase 1 takes it out again when it is ready.
void Kernel::trap_io(TaskBase& task, int fd, std::uint32_t event) {
    auto [entry, is_new] = watchers_.try_emplace(fd);
    TaskBase*& slot = event == EVENT_READ ? entry->second.reader : entry->second.writer;
    if (slot) {
        task.trap_error_ = std::make_exception_ptr(
            RuntimeError(fd_text(fd, event) + " is already waited on by " + slot->name()));
        return;
    }
    std::uint32_t before = (entry->second.reader ? EVENT_READ : 0) | (entry->second.writer ? EVENT_WRITE : 0);
    try {
        if (before == 0) selector_->register_fd(fd, event);
        else selector_->modify(fd, before | event);
    } catch (...) {
        if (is_new) watchers_.erase(entry);
        task.trap_error_ = std::current_exception();
        return;
    }
    slot = &task;
    park(task, event == EVENT_READ ? "READ_WAIT" : "WRITE_WAIT", fd_text(fd, event),
         [this, fd, event] { unwatch(fd, event); });
}

void Kernel::unwatch(int fd, std::uint32_t event) {
    auto entry = watchers_.find(fd);
    if (entry == watchers_.end()) return;
    (event == EVENT_READ ? entry->second.reader : entry->second.writer) = nullptr;
    std::uint32_t left = (entry->second.reader ? EVENT_READ : 0) | (entry->second.writer ? EVENT_WRITE : 0);
    if (left == 0) {
        watchers_.erase(entry);
        selector_->unregister(fd);
    } else {
        selector_->modify(fd, left);
    }
}

void Kernel::trap_spawn(TaskBase& task, std::shared_ptr<TaskBase> child) {
    new_task(std::move(child));
    task.sent_ = ready_.back()->name();
}

void Kernel::trap_join(TaskBase& task, TaskBase& other) {
    if (other.terminated_) return;  // nothing to wait for: go on at once
    SchedFIFO& queue = other.joining_;
    queue.push(&task);
    park(task, "TASK_JOIN", other.name() + ".join", [&queue, &task] { queue.remove(&task); });
}

void Kernel::trap_cancel(TaskBase& task, TaskBase& other) {
    if (&other == &task) {
        task.trap_error_ = std::make_exception_ptr(RuntimeError("A task can't cancel itself"));
        return;
    }
    cancel_task(other, std::make_exception_ptr(TaskCancelled()));
    trap_join(task, other);
}

void Kernel::trap_sched_wait(TaskBase& task, SchedFIFO& queue, std::string state) {
    queue.push(&task);
    park(task, std::move(state), queue.label(), [&queue, &task] { queue.remove(&task); });
}

void Kernel::trap_sched_wake(TaskBase&, SchedFIFO& queue, std::size_t n) {
    for (std::size_t i = 0; i < n && !queue.empty(); ++i) reschedule_task(*queue.pop(), "woken from " + queue.label());
}

void Kernel::trap_clock(TaskBase& task) {
    task.trap_value_ = time();
    task.sent_ = float_repr(task.trap_value_);
}

// A timeout is a deadline on the same heap as sleeps; when it passes, phase 2
// cancels the task with TaskTimeout (timeout_after in time.hpp turns that back
// into the error of its block).
void Kernel::trap_set_timeout(TaskBase& task, double seconds) {
    double when = time() + seconds;
    task.timeouts_.push_back(when);
    push_deadline(when, task, true);
}

void Kernel::trap_unset_timeout(TaskBase& task) {
    if (task.timeouts_.empty()) throw InternalError("unset_timeout without set_timeout");
    task.timeouts_.pop_back();
    // A timeout that fired while the task was not parked is pending: the block it
    // was for has ended, so it no longer applies.
    if (task.cancel_pending_) {
        try {
            std::rethrow_exception(task.cancel_pending_);
        } catch (const TaskTimeout&) {
            task.cancel_pending_ = nullptr;
        } catch (...) {
        }
    }
}

// =====================================================================================
// Support
// =====================================================================================

void Kernel::new_task(std::shared_ptr<TaskBase> task) {
    task->id_ = ++task_ids_;
    task->state_ = "READY";
    task->sent_ = "None";
    ready_.push_back(task.get());
    tasks_[task->id_] = task;
    if (observer_) observer_->on_kernel_task_new(*task);
}

void Kernel::reschedule_task(TaskBase& task, std::string_view reason, std::exception_ptr error) {
    ready_.push_back(&task);
    task.state_ = "READY";
    task.cancel_func_ = nullptr;
    task.trap_error_ = error;
    task.sent_ = "None";
    if (observer_) observer_->on_kernel_wake(task, reason);
}

void Kernel::park(TaskBase& task, std::string state, std::string on, std::function<void()> cancel_func,
                  std::optional<double> until) {
    task.state_ = std::move(state);
    task.cancel_func_ = std::move(cancel_func);
    if (observer_) observer_->on_kernel_park(task, on, until);
    current_ = nullptr;
}

bool Kernel::cancel_task(TaskBase& task, std::exception_ptr error) {
    if (task.terminated_) return false;
    if (task.cancel_func_) {
        // Parked: unhook it from its queue, timer or descriptor, and throw the error
        // in at the trap where it is parked.
        std::exchange(task.cancel_func_, nullptr)();
        reschedule_task(task, exception_repr(error), error);
    } else {
        // Ready or running: it gets the error at its next blocking trap.
        task.cancel_pending_ = error;
    }
    return true;
}

void Kernel::cleanup_task(TaskBase& task) {
    task.terminated_ = true;
    task.state_ = "TERMINATED";
    task.cancel_func_ = nullptr;
    task.take_coroutine_result();
    if (observer_) observer_->on_kernel_task_done(task, task.joining_.size());
    while (!task.joining_.empty()) reschedule_task(*task.joining_.pop(), task.name() + " terminated");
    tasks_.erase(task.id_);
}

std::vector<std::uint64_t> Kernel::ready_ids() const {
    std::vector<std::uint64_t> ids;
    for (const TaskBase* task : ready_) ids.push_back(task->id());
    return ids;
}

}  // namespace coolio::curio
