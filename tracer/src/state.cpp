#include "coolio/tracer/state.hpp"

#include <algorithm>
#include <string>

namespace coolio::tracer {

std::string_view status_name(TaskStatus status) {
    switch (status) {
        case TaskStatus::pending: return "pending";
        case TaskStatus::running: return "running";
        case TaskStatus::suspended: return "suspended";
        case TaskStatus::done: return "done";
    }
    return "?";
}

std::string_view status_name(FutureStatus status) {
    switch (status) {
        case FutureStatus::pending: return "pending";
        case FutureStatus::result: return "result";
        case FutureStatus::exception: return "exception";
        case FutureStatus::cancelled: return "cancelled";
    }
    return "?";
}

const TaskInfo* LoopState::task(std::uint64_t id) const {
    if (id >= by_id.size() || !by_id[id] || !by_id[id]->is_task) return nullptr;
    return &tasks[by_id[id]->index];
}
const FutureInfo* LoopState::future(std::uint64_t id) const {
    if (id >= by_id.size() || !by_id[id] || by_id[id]->is_task) return nullptr;
    return &futures[by_id[id]->index];
}
TaskInfo* LoopState::task(std::uint64_t id) { return const_cast<TaskInfo*>(std::as_const(*this).task(id)); }
FutureInfo* LoopState::future(std::uint64_t id) { return const_cast<FutureInfo*>(std::as_const(*this).future(id)); }

std::size_t LoopState::weight() const {
    return ready.size() + timers.size() + tasks.size() + futures.size() + fds.size() + by_id.size() / 4;
}

namespace {

// One operator() per event kind: the fold rules of docs/state-model.md.
class Fold {
public:
    Fold(LoopState& state, const TraceEvents& trace, const Event& event) : s_(state), trace_(trace), event_(event) {}

    void operator()(const ev::TraceBegin& e) { s_.curio = trace_.str(e.runtime) == "curio"; }
    void operator()(const ev::Select&) {}
    void operator()(const ev::KernelPhase&) {}
    void operator()(const ev::Trap& e) { running_task("trap", e.task); }
    void operator()(const ev::Print&) {}
    void operator()(const ev::LoopException&) {}
    void operator()(const ev::LoopStop&) {}
    void operator()(const ev::TraceEnd&) {}

    // A new tick: the previous tick's last handle is over, and the cancelled timers
    // that reached the top of the heap were dropped.
    void operator()(const ev::TickBegin& e) {
        s_.current_handle = NONE;
        s_.current_callback = 0;
        for (std::uint64_t id : trace_.ids(e.dropped)) {
            auto found = find_handle(s_.timers, id);
            if (found == s_.timers.end())
                fail("tick.begin drops timer handle " + std::to_string(id) + ", which is not on the timer heap");
            s_.timers.erase(found);
        }
    }

    void operator()(const ev::IoReady& e) {
        for (std::uint64_t id : trace_.ids(e.handles)) {
            const QueuedHandle* handle = watched_handle(id);
            if (!handle)
                fail("io.ready queues handle " + std::to_string(id) + ", which no io.watch registered for fd " +
                     std::to_string(e.fd));
            s_.ready.push_back(*handle);
        }
    }

    void operator()(const ev::IoWatch& e) {
        made_handle(e.handle);
        auto fd = std::lower_bound(s_.fds.begin(), s_.fds.end(), e.fd, [](const FdWatch& w, std::uint64_t n) { return w.fd < n; });
        if (fd == s_.fds.end() || fd->fd != e.fd) fd = s_.fds.insert(fd, FdWatch{e.fd, {}, {}});
        QueuedHandle handle{e.handle, e.callback, 0, false};
        if (e.events & IO_READ) fd->reader = handle;
        if (e.events & IO_WRITE) fd->writer = handle;
    }

    void operator()(const ev::IoUnwatch& e) {
        auto fd = std::find_if(s_.fds.begin(), s_.fds.end(), [&](const FdWatch& w) { return w.fd == e.fd; });
        if (fd == s_.fds.end()) fail("io.unwatch of fd " + std::to_string(e.fd) + ", which is not watched");
        if (e.events & IO_READ) fd->reader = {};
        if (e.events & IO_WRITE) fd->writer = {};
        if (fd->reader.handle == NONE && fd->writer.handle == NONE) s_.fds.erase(fd);
    }

    // The timer's time has come: it moves from the heap to the back of the ready queue.
    void operator()(const ev::TimerDue& e) {
        auto found = find_handle(s_.timers, e.handle);
        if (found == s_.timers.end())
            fail("timer.due for handle " + std::to_string(e.handle) + " (" + text(e.callback) +
                 "), which is not on the timer heap");
        s_.ready.push_back(*found);
        s_.timers.erase(found);
    }

    void operator()(const ev::CallSoon& e) {
        made_handle(e.handle);
        s_.ready.push_back({e.handle, e.callback, 0, false});
    }

    void operator()(const ev::CallAt& e) {
        made_handle(e.handle);
        QueuedHandle timer{e.handle, e.callback, e.when, false};
        auto later = std::upper_bound(s_.timers.begin(), s_.timers.end(), timer, [](const QueuedHandle& a, const QueuedHandle& b) {
            return a.when != b.when ? a.when < b.when : a.handle < b.handle;
        });
        s_.timers.insert(later, timer);
    }

    void operator()(const ev::HandleRun& e) {
        pop_front("handle.run", e.handle, e.callback);
        s_.current_handle = e.handle;
        s_.current_callback = e.callback;
    }

    void operator()(const ev::HandleSkip& e) {
        pop_front("handle.skip", e.handle, e.callback);
        s_.current_handle = NONE;
        s_.current_callback = 0;
    }

    // Cancelling only marks the handle: it stays where it is until the loop meets it.
    // (A handle that already ran may still be cancelled, to no effect; one that was
    // never made may not.)
    void operator()(const ev::HandleCancel& e) {
        if (e.handle == NONE || e.handle > s_.handles_made)
            fail("handle.cancel of handle " + std::to_string(e.handle) + " (" + text(e.callback) +
                 "), which no call_soon, call_at or io.watch made");
        for (QueuedHandle& h : s_.ready)
            if (h.handle == e.handle) h.cancelled = true;
        for (QueuedHandle& h : s_.timers)
            if (h.handle == e.handle) h.cancelled = true;
    }

    void operator()(const ev::TaskNew& e) {
        claim_id(e.task, true);
        TaskInfo task;
        task.task = e.task;
        task.name = e.name;
        task.coro = e.coro;
        s_.tasks.push_back(std::move(task));
        if (s_.curio) s_.ready_tasks.push_back(e.task);  // the kernel's new tasks are ready at once
    }

    // ---- curio's kernel: tasks go through the ready queue themselves ----

    void operator()(const ev::KernelCycle&) { s_.current_task = NONE; }

    // Taken from the front of the ready queue, or going on after a non-blocking trap.
    void operator()(const ev::TaskResume& e) {
        TaskInfo& task = known_task("task.resume", e.task);
        if (task.status == TaskStatus::done) fail("task.resume for " + text(task.name) + ", which is already done");
        if (e.after_trap) {
            if (s_.current_task != e.task) fail("task.resume via trap for " + text(task.name) + ", which is not running");
        } else {
            if (s_.ready_tasks.empty() || s_.ready_tasks.front() != e.task)
                fail("task.resume for " + text(task.name) + ", which is not at the front of the ready queue");
            s_.ready_tasks.pop_front();
        }
        task.status = TaskStatus::running;
        ++task.steps;
        s_.current_task = e.task;
    }

    void operator()(const ev::TaskPark& e) {
        TaskInfo& task = running_task("task.park", e.task);
        task.status = TaskStatus::suspended;
        task.parked_on = e.on;
        s_.current_task = NONE;
    }

    void operator()(const ev::TaskWake& e) {
        TaskInfo& task = known_task("task.wake", e.task);
        if (task.status == TaskStatus::done) fail("task.wake for " + text(task.name) + ", which is already done");
        task.status = TaskStatus::suspended;  // until the kernel resumes it
        task.parked_on = 0;
        s_.ready_tasks.push_back(e.task);
        if (s_.current_task == e.task) s_.current_task = NONE;  // sleep(0): its turn ends
    }

    void operator()(const ev::TaskStep& e) {
        TaskInfo& task = known_task("task.step", e.task);
        if (task.status == TaskStatus::done) fail("task.step for " + text(task.name) + ", which is already done");
        if (task.status == TaskStatus::running) fail("task.step for " + text(task.name) + ", which is already running");
        if (s_.current_task != NONE)
            fail("task.step for " + text(task.name) + " while " + task_name(s_.current_task) + " is still running");
        task.status = TaskStatus::running;
        task.waiting_on = NONE;
        ++task.steps;
        s_.current_task = e.task;
    }

    void operator()(const ev::TaskSuspend& e) {
        TaskInfo& task = running_task("task.suspend", e.task);
        if (e.future != NONE && !s_.task(e.future) && !s_.future(e.future))
            fail("task.suspend of " + text(task.name) + " on future " + std::to_string(e.future) +
                 ", which no future.new or task.new created");
        task.status = TaskStatus::suspended;
        task.waiting_on = e.future;
        task.chain = e.chain;
        s_.current_task = NONE;
    }

    void operator()(const ev::TaskDone& e) {
        TaskInfo& task = known_task("task.done", e.task);
        if (task.status == TaskStatus::done) fail("task.done for " + text(task.name) + ", which is already done");
        task.status = TaskStatus::done;
        task.outcome = e.outcome;
        task.waiting_on = NONE;
        task.chain = {};
        task.callbacks.clear();  // they are queued now: the call_soon events that follow
        if (s_.current_task == e.task) s_.current_task = NONE;
    }

    void operator()(const ev::FutureNew& e) {
        claim_id(e.future, false);
        s_.futures.push_back(FutureInfo{e.future, e.label, FutureStatus::pending, {}});
    }

    void operator()(const ev::FutureResolve& e) {
        FutureInfo* future = s_.future(e.future);
        if (!future) fail("future.resolve for future " + std::to_string(e.future) + ", which no future.new created");
        if (future->status != FutureStatus::pending)
            fail("future.resolve for Future-" + std::to_string(e.future) + ", which is already resolved");
        future->status = e.outcome == FutureOutcome::result      ? FutureStatus::result
                         : e.outcome == FutureOutcome::exception ? FutureStatus::exception
                                                           : FutureStatus::cancelled;
        future->callbacks.clear();  // they are queued now: the call_soon events that follow
    }

    void operator()(const ev::FutureCallback& e) {
        std::vector<PendingCallback>* callbacks = nullptr;
        bool pending = false;
        if (TaskInfo* task = s_.task(e.future)) {
            callbacks = &task->callbacks;
            pending = task->status != TaskStatus::done;
        } else if (FutureInfo* future = s_.future(e.future)) {
            callbacks = &future->callbacks;
            pending = future->status == FutureStatus::pending;
        } else {
            fail("future.callback for future " + std::to_string(e.future) + ", which no future.new or task.new created");
        }
        if (e.add) {
            // On a future that is already done, the callback is queued at once (the
            // call_soon that follows) and never waits.
            if (pending) callbacks->push_back({e.token, e.callback});
            return;
        }
        auto found = std::find_if(callbacks->begin(), callbacks->end(), [&](auto& c) { return c.token == e.token; });
        if (found == callbacks->end())
            fail("future.callback removes token " + std::to_string(e.token) + " from " + task_name(e.future) +
                 ", which has no pending callback with that token");
        callbacks->erase(found);
    }

private:
    [[noreturn]] void fail(const std::string& problem) const { throw TraceError(trace_.name, event_.line(), problem); }

    std::string text(Str id) const { return std::string(trace_.str(id)); }

    std::string task_name(std::uint64_t id) const {
        if (const TaskInfo* task = s_.task(id)) return text(task->name);
        return "Future-" + std::to_string(id);
    }

    static std::vector<QueuedHandle>::iterator find_handle(std::vector<QueuedHandle>& list, std::uint64_t id) {
        return std::find_if(list.begin(), list.end(), [&](const QueuedHandle& h) { return h.handle == id; });
    }

    const QueuedHandle* watched_handle(std::uint64_t id) const {
        for (const FdWatch& fd : s_.fds) {
            if (fd.reader.handle == id) return &fd.reader;
            if (fd.writer.handle == id) return &fd.writer;
        }
        return nullptr;
    }

    // handle.run and handle.skip take the handle at the front of the ready queue.
    void pop_front(const char* kind, std::uint64_t id, Str callback) {
        if (s_.ready.empty())
            fail(std::string(kind) + " of handle " + std::to_string(id) + " (" + text(callback) +
                 "), but the ready queue is empty");
        const QueuedHandle& front = s_.ready.front();
        if (front.handle != id)
            fail(std::string(kind) + " of handle " + std::to_string(id) + " (" + text(callback) +
                 "), but the front of the ready queue is handle " + std::to_string(front.handle) + " (" +
                 text(front.callback) + ")");
        s_.ready.pop_front();
    }

    void made_handle(std::uint64_t id) { s_.handles_made = std::max(s_.handles_made, id); }

    // Ids count up from 1, one per task or future made, and each is made by its own
    // event: no id can be past the event's seq. (This also bounds by_id's size.)
    void claim_id(std::uint64_t id, bool is_task) {
        const char* kind = is_task ? "task.new" : "future.new";
        if (id == NONE) fail("future and task ids start at 1");
        if (id > event_.seq)
            fail(std::string(kind) + " for id " + std::to_string(id) + ", more than the events before it could have made " +
                 "(ids count up from 1, one per task or future)");
        if (id < s_.by_id.size() && s_.by_id[id])
            fail(std::string(kind) + " for id " + std::to_string(id) +
                 ", which " + task_name(id) + " already has");
        if (id >= s_.by_id.size()) s_.by_id.resize(id + 1);
        auto index = static_cast<std::uint32_t>(is_task ? s_.tasks.size() : s_.futures.size());
        s_.by_id[id] = LoopState::Slot{is_task, index};
    }

    TaskInfo& known_task(const char* kind, std::uint64_t id) {
        TaskInfo* task = s_.task(id);
        if (!task) fail(std::string(kind) + " for task " + std::to_string(id) + ", which no task.new created");
        return *task;
    }

    TaskInfo& running_task(const char* kind, std::uint64_t id) {
        TaskInfo& task = known_task(kind, id);
        if (task.status != TaskStatus::running)
            fail(std::string(kind) + " for " + text(task.name) + ", which is not running (it is " +
                 std::string(status_name(task.status)) + ")");
        return task;
    }

    LoopState& s_;
    const TraceEvents& trace_;
    const Event& event_;
};

}  // namespace

void check_state(const TraceEvents& trace) {
    LoopState state;
    for (const Event& event : trace.events) apply_event(state, trace, event);
}

void apply_event(LoopState& state, const TraceEvents& trace, const Event& event) {
    std::visit(Fold(state, trace, event), event.payload);
    state.seq = event.seq;
    state.tick = event.tick;
    state.t = event.t;
}

}  // namespace coolio::tracer
