#include "coolio/base_events.hpp"

#include <algorithm>
#include <iostream>

#include "coolio/heapq.hpp"
#include "coolio/tasks.hpp"
#include "self_pipe.hpp"

namespace coolio {

namespace {

// asyncio's limits: never wait more than a day in one select (some systems reject
// longer timeouts), and compact the heap once cancelled timers are more than half of
// it and there are more than 100 of them.
constexpr double MAXIMUM_SELECT_TIMEOUT = 24 * 3600;
constexpr std::size_t MIN_SCHEDULED_TIMER_HANDLES = 100;
constexpr double MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;

// The heap keeps the soonest timer on top; equal times are broken by id, i.e. by
// scheduling order, so that timers due together fire first-in first-out. Only a tie
// needs to look at the handle itself.
struct FiresFirst {
    template <class Entry>
    bool operator()(const Entry& a, const Entry& b) const noexcept {
        if (a.when != b.when) return a.when < b.when;
        return id_before(a.handle->id(), b.handle->id());
    }
};
constexpr FiresFirst fires_first;

}  // namespace

EventLoop::EventLoop(std::unique_ptr<Clock> clock, std::unique_ptr<Selector> selector)
    : clock_(clock ? std::move(clock) : std::make_unique<VirtualClock>()),
      selector_(selector ? std::move(selector) : std::make_unique<EpollSelector>()),
      output_(&std::cout) {}

EventLoop::~EventLoop() {
    if (!closed_ && !running_) close();
}

void EventLoop::check_closed() const {
    if (closed_) throw RuntimeError("Event loop is closed");
}

void EventLoop::check_running() const {
    if (running_) throw RuntimeError("This event loop is already running");
    if (try_get_running_loop()) throw RuntimeError("Cannot run the event loop while another loop is running");
}

void EventLoop::check_thread() const {
    std::thread::id owner = thread_id_.load(std::memory_order_relaxed);
    if (owner != std::thread::id() && owner != std::this_thread::get_id())
        throw RuntimeError("Non-thread-safe operation invoked on an event loop other than the current one");
}

// =====================================================================================
// Scheduling
// =====================================================================================

HandlePtr EventLoop::call_soon(Handle::Callback callback, CallbackInfo info) {
    check_closed();
    if (debug_) check_thread();
    auto handle = make_ref<Handle>(*this, ++handle_ids_, std::move(callback), std::move(info));
    ready_.push_back(handle);
    if (observer_) observer_->on_handle_scheduled(*handle);
    return handle;
}

TimerHandlePtr EventLoop::call_later(double delay, Handle::Callback callback, CallbackInfo info) {
    return call_at(time() + delay, std::move(callback), std::move(info));
}

TimerHandlePtr EventLoop::call_at(double when, Handle::Callback callback, CallbackInfo info) {
    check_closed();
    if (debug_) check_thread();
    auto timer = make_ref<TimerHandle>(*this, ++handle_ids_, when, std::move(callback), std::move(info));
    push_timer(timer);
    if (observer_) observer_->on_handle_scheduled(*timer);
    return timer;
}

void EventLoop::push_timer(TimerHandlePtr timer) {
    timer->timer_scheduled_ = true;
    double when = timer->when();
    heapq::heappush(scheduled_, ScheduledTimer{when, std::move(timer)}, fires_first);
}

TimerHandlePtr EventLoop::pop_timer() {
    TimerHandlePtr timer = heapq::heappop(scheduled_, fires_first).handle;
    timer->timer_scheduled_ = false;
    return timer;
}

void EventLoop::timer_handle_cancelled(TimerHandle& handle) {
    if (handle.timer_scheduled_) ++timer_cancelled_count_;
}

// =====================================================================================
// One tick: run_once, phase by phase (asyncio's BaseEventLoop._run_once)
// =====================================================================================

void EventLoop::run_once() {
    std::vector<std::uint64_t> dropped = drop_cancelled_timers();
    std::optional<double> timeout = compute_select_timeout();
    if (observer_) observer_->on_tick_begin({ready_.size(), scheduled_.size(), timeout, dropped});
    process_events(select(timeout));
    move_due_timers();
    run_ready_handles();
}

// Phase 1. Cancelled timers are not removed when cancelled (that would cost a heap
// search); they are dropped here once they reach the top of the heap, or all at once
// when they have become most of the heap.
std::vector<std::uint64_t> EventLoop::drop_cancelled_timers() {
    std::vector<std::uint64_t> dropped;
    if (timer_cancelled_count_ == 0) return dropped;  // the usual tick: one comparison
    std::size_t count = scheduled_.size();
    if (count > MIN_SCHEDULED_TIMER_HANDLES &&
        double(timer_cancelled_count_) / double(count) > MIN_CANCELLED_TIMER_HANDLES_FRACTION) {
        std::vector<ScheduledTimer> kept;
        kept.reserve(count - timer_cancelled_count_);
        for (ScheduledTimer& entry : scheduled_) {
            if (entry.handle->cancelled()) {
                entry.handle->timer_scheduled_ = false;
                dropped.push_back(entry.handle->id());
            } else {
                kept.push_back(std::move(entry));
            }
        }
        heapq::heapify(kept, fires_first);
        scheduled_ = std::move(kept);
        timer_cancelled_count_ = 0;
    } else {
        while (!scheduled_.empty() && scheduled_.front().handle->cancelled()) {
            --timer_cancelled_count_;
            dropped.push_back(pop_timer()->id());
        }
    }
    return dropped;
}

// Phase 2. How long may select() wait? Not at all if something is ready to run (or the
// loop is stopping); until the next timer if there is one; otherwise without limit.
// (Inline, for run_once, its only caller: returned from a call, the std::optional went
// through memory and stalled every tick, about 4 ns, a tenth of callbacks-chain.)
inline std::optional<double> EventLoop::compute_select_timeout() const {
    if (!ready_.empty() || stopping_) return 0.0;
    if (scheduled_.empty()) return std::nullopt;
    double timeout = scheduled_.front().when - time();
    return std::clamp(timeout, 0.0, MAXIMUM_SELECT_TIMEOUT);
}

// Phase 3. Wait for I/O or for the timeout (wait_for_events, shared with the curio
// kernel: with no descriptor watched the clock simply lets the time pass).
std::vector<SelectorEvent> EventLoop::select(std::optional<double> timeout) {
    if (!timeout && selector_->registered_count() == 0) {
        // asyncio would block here for ever; a learner is better served by being told.
        throw RuntimeError(
            "the event loop would wait forever: nothing is ready, no timer is scheduled "
            "and no file descriptor is watched (is a task awaiting a future nobody resolves?)");
    }
    std::vector<SelectorEvent> events = wait_for_events(*selector_, *clock_, timeout);
    if (observer_) observer_->on_select(timeout, events.size());
    return events;
}

// Phase 4. Each ready descriptor queues its reader and/or writer handle.
void EventLoop::process_events(const std::vector<SelectorEvent>& events) {
    for (const SelectorEvent& event : events) {
        auto found = fd_callbacks_.find(event.fd);
        if (found == fd_callbacks_.end()) continue;
        HandlePtr reader = (event.events & EVENT_READ) ? found->second.reader : nullptr;
        HandlePtr writer = (event.events & EVENT_WRITE) ? found->second.writer : nullptr;
        if (reader) ready_.push_back(reader);
        if (writer) ready_.push_back(writer);
        if (observer_) observer_->on_io_ready(event.fd, event.events, reader.get(), writer.get());
    }
}

// Phase 5. Timers whose time has come (within the clock's resolution) move, soonest
// first, to the back of the ready queue.
void EventLoop::move_due_timers() {
    if (scheduled_.empty()) return;  // no timer: spare a clock read per tick
    double end_time = time() + clock_->resolution();
    while (!scheduled_.empty() && scheduled_.front().when < end_time) {
        ready_.push_back(pop_timer());
        if (observer_) observer_->on_timer_due(static_cast<const TimerHandle&>(*ready_.back()));
    }
}

// Phase 6. Run exactly the handles that are ready now. What they queue waits for the
// next tick: a callback that keeps re-queuing itself cannot starve the others, and the
// next tick gets a chance to poll for I/O and timers in between.
void EventLoop::run_ready_handles() {
    std::size_t ntodo = ready_.size();
    // A long ready queue holds handles made long ago (the first steps of a gather's
    // tasks, callbacks queued in bulk), gone cold: ask for the one PREFETCH_AHEAD places
    // on while this one runs, so that reaching it does not stall (callbacks -7 to -10%;
    // the extra comparison costs a queue of one handle, callbacks-chain, about 3%).
    constexpr std::size_t PREFETCH_AHEAD = 32;
    std::size_t prefetch_until = ntodo > PREFETCH_AHEAD ? ntodo - PREFETCH_AHEAD : 0;
    for (std::size_t i = 0; i < ntodo; ++i) {
        if (i < prefetch_until) __builtin_prefetch(ready_[PREFETCH_AHEAD].get());
        HandlePtr handle = std::move(ready_.front());
        ready_.pop_front();
        if (handle->cancelled()) {
            if (observer_) observer_->on_handle_skipped(*handle);
            continue;
        }
        if (observer_) observer_->on_handle_run(*handle);
        handle->run();
        if (observer_) observer_->on_handle_end(*handle);
    }
}

// =====================================================================================
// Running and stopping
// =====================================================================================

void EventLoop::run_forever() {
    check_closed();
    check_running();
    running_ = true;
    thread_id_.store(std::this_thread::get_id(), std::memory_order_relaxed);
    detail::set_running_loop(this);
    struct Restore {  // whatever happens, the loop is left not running
        EventLoop& loop;
        ~Restore() {
            loop.stopping_ = false;
            loop.running_ = false;
            loop.thread_id_.store(std::thread::id(), std::memory_order_relaxed);
            detail::set_running_loop(nullptr);
        }
    } restore{*this};
    while (true) {
        run_once();
        if (stopping_) break;
    }
}

void EventLoop::stop() {
    stopping_ = true;
    if (observer_) observer_->on_stop();
}

void EventLoop::close() {
    if (running_) throw RuntimeError("Cannot close a running event loop");
    if (closed_) return;
    close_self_pipe();
    closed_ = true;
    // Pending tasks first: one whose only owner is its queued __step handle must
    // still be reported, as Python reports such a task when it is collected.
    destroy_pending_tasks();
    ready_.clear();
    scheduled_.clear();
    fd_callbacks_.clear();
    report_unretrieved_exceptions();
}

// A pending task is kept alive by a reference cycle (task -> coroutine frame ->
// awaited future -> done-callback -> task) that Python's garbage collector would
// break, reporting "Task was destroyed but it is pending!". Here the loop breaks it,
// with the same report, oldest task first.
void EventLoop::destroy_pending_tasks() {
    std::vector<Ref<TaskBase>> tasks;  // the list is in creation order
    for (TaskBase* task = oldest_task_; task; task = task->newer_) tasks.emplace_back(task);
    for (auto& task : tasks) {
        if (task->done()) continue;
        call_exception_handler({"Task was destroyed but it is pending!", nullptr, nullptr, task.get(),
                                "task: " + future_repr(*task), task->id()});
        task->destroy_pending_coroutine();
    }
    for (auto& task : tasks) {
        task->forget_loop_registration();
        task->older_ = task->newer_ = nullptr;
    }
    oldest_task_ = newest_task_ = nullptr;
}

// Futures still alive that hold an exception nobody looked at would report it when
// destroyed, by which time the loop may be gone: they report it now, oldest first.
void EventLoop::report_unretrieved_exceptions() {
    std::vector<Ref<FutureBase>> futures;
    for (const FutureBase* future : unretrieved_) futures.emplace_back(const_cast<FutureBase*>(future));
    std::sort(futures.begin(), futures.end(), [](auto& a, auto& b) { return a->id() < b->id(); });
    for (auto& future : futures) future->report_if_never_retrieved(future_repr(*future));
    unretrieved_.clear();
}

// =====================================================================================
// File descriptors
// =====================================================================================

HandlePtr EventLoop::add_fd_callback(int fd, std::uint32_t event, Handle::Callback callback,
                                     CallbackInfo info) {
    check_closed();
    auto handle = make_ref<Handle>(*this, ++handle_ids_, std::move(callback), std::move(info));
    auto [entry, is_new] = fd_callbacks_.try_emplace(fd);
    std::uint32_t before = (entry->second.reader ? EVENT_READ : 0) | (entry->second.writer ? EVENT_WRITE : 0);
    HandlePtr& slot = event == EVENT_READ ? entry->second.reader : entry->second.writer;
    if (slot) slot->cancel();
    slot = handle;
    try {
        if (before == 0) selector_->register_fd(fd, before | event);
        else selector_->modify(fd, before | event);
    } catch (...) {
        slot = nullptr;
        if (is_new) fd_callbacks_.erase(entry);
        throw;
    }
    if (observer_) observer_->on_fd_watched(fd, event, *handle);
    return handle;
}

bool EventLoop::remove_fd_callback(int fd, std::uint32_t event) {
    if (closed_) return false;
    auto entry = fd_callbacks_.find(fd);
    if (entry == fd_callbacks_.end()) return false;
    HandlePtr& slot = event == EVENT_READ ? entry->second.reader : entry->second.writer;
    if (!slot) return false;
    slot->cancel();
    slot = nullptr;
    std::uint32_t left = (entry->second.reader ? EVENT_READ : 0) | (entry->second.writer ? EVENT_WRITE : 0);
    if (left == 0) {
        fd_callbacks_.erase(entry);
        selector_->unregister(fd);
    } else {
        selector_->modify(fd, left);
    }
    if (observer_) observer_->on_fd_unwatched(fd, event);
    return true;
}

const Handle* EventLoop::fd_handle(int fd, std::uint32_t event) const noexcept {
    auto entry = fd_callbacks_.find(fd);
    if (entry == fd_callbacks_.end()) return nullptr;
    return (event == EVENT_READ ? entry->second.reader : entry->second.writer).get();
}

HandlePtr EventLoop::add_reader(int fd, Handle::Callback callback, CallbackInfo info) {
    return add_fd_callback(fd, EVENT_READ, std::move(callback), std::move(info));
}
bool EventLoop::remove_reader(int fd) { return remove_fd_callback(fd, EVENT_READ); }
HandlePtr EventLoop::add_writer(int fd, Handle::Callback callback, CallbackInfo info) {
    return add_fd_callback(fd, EVENT_WRITE, std::move(callback), std::move(info));
}
bool EventLoop::remove_writer(int fd) { return remove_fd_callback(fd, EVENT_WRITE); }

// =====================================================================================
// Tasks, errors, introspection
// =====================================================================================

void EventLoop::register_task(TaskBase* task) noexcept {
    task->older_ = newest_task_;
    task->newer_ = nullptr;
    (newest_task_ ? newest_task_->newer_ : oldest_task_) = task;
    newest_task_ = task;
}

void EventLoop::unregister_task(TaskBase* task) noexcept {
    (task->older_ ? task->older_->newer_ : oldest_task_) = task->newer_;
    (task->newer_ ? task->newer_->older_ : newest_task_) = task->older_;
    task->older_ = task->newer_ = nullptr;
}

void EventLoop::enter_task(TaskBase* task) {
    if (detail::task_in_step) throw InternalError("a task stepped while another task was stepping");
    detail::task_in_step = task;
}

void EventLoop::leave_task() noexcept { detail::task_in_step = nullptr; }

TaskBase* EventLoop::current_task() const noexcept {
    TaskBase* task = detail::task_in_step;
    return task && &task->get_loop() == this ? task : nullptr;
}

void EventLoop::call_exception_handler(const ExceptionContext& context) {
    if (observer_) observer_->on_exception(context);
    if (!exception_handler_) {
        default_exception_handler(context);
        return;
    }
    try {
        exception_handler_(*this, context);
    } catch (...) {
        // The handler itself failed: report both, as asyncio does, and carry on.
        default_exception_handler({"Unhandled error in exception handler", std::current_exception(),
                                   context.handle, context.future});
        default_exception_handler(context);
    }
}

void EventLoop::default_exception_handler(const ExceptionContext& context) {
    std::cerr << context.message;
    if (!context.about.empty()) std::cerr << "\n" << context.about;
    if (context.exception) std::cerr << "\n" << exception_repr(context.exception);
    std::cerr << std::endl;
}

LoopSnapshot EventLoop::snapshot() const {
    LoopSnapshot snap;
    for (const HandlePtr& handle : ready_) snap.ready.push_back(handle->id());
    std::vector<ScheduledTimer> timers = scheduled_;
    std::sort(timers.begin(), timers.end(), fires_first);
    for (const ScheduledTimer& timer : timers) snap.timers.push_back(timer.handle->id());
    return snap;
}

}  // namespace coolio
