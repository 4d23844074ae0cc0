#include "coolio/tracer/tracer.hpp"

#include "coolio/tasks.hpp"

namespace coolio::tracer {

namespace {

std::string events_text(std::uint32_t events) {
    std::string text;
    if (events & EVENT_READ) text += 'r';
    if (events & EVENT_WRITE) text += 'w';
    return text;
}

const char* suspend_reason(SuspendReason reason) {
    switch (reason) {
        case SuspendReason::future: return "future";
        case SuspendReason::yield_now: return "yield";
        case SuspendReason::bad_yield: return "bad_yield";
    }
    return "future";
}

}  // namespace

Tracer::Tracer(EventLoop& loop, Sink& sink, TraceHeader header) : loop_(&loop), sink_(sink) {
    write_header(header, loop.clock().name());
    loop.set_observer(this);
}

Tracer::Tracer(curio::Kernel& kernel, Sink& sink, TraceHeader header) : kernel_(&kernel), sink_(sink) {
    header.runtime = "curio";
    write_header(header, kernel.clock().name());
    kernel.set_observer(this);
}

void Tracer::write_header(const TraceHeader& header, std::string_view clock) {
    begin_event("trace.begin")
        .field("format", FORMAT_NAME)
        .field("version", FORMAT_VERSION)
        .field("scenario", header.scenario)
        .field("clock", clock)
        .field("runtime", header.runtime);
    emit();
}

void Tracer::detach() {
    if (attached() != this) return;
    if (loop_) loop_->set_observer(nullptr);
    else kernel_->set_observer(nullptr);
}

Tracer::~Tracer() { detach(); }

void Tracer::finish(std::string_view reason, std::string_view error) {
    if (finished_.exchange(true)) return;
    scopes_.clear();
    begin_event("trace.end").field("reason", reason);
    if (!error.empty()) json_.field("error", error);
    json_.field("events", seq_ + 1);  // counting this line
    emit();
    sink_.flush();
    detach();
}

// `kind` is one of the format's own words (a literal here): it needs no escaping.
JsonLine& Tracer::begin_event(std::string_view kind) {
    double t = now();
    last_t_.store(t, std::memory_order_relaxed);
    json_.begin().field("seq", seq_).field("tick", current_tick()).field("t", t).word("kind", kind);
    if (!scopes_.empty()) json_.field("cause", scopes_.back());
    return json_;
}

std::uint64_t Tracer::emit() {
    sink_.write(json_.end());
    return seq_++;
}

void Tracer::handle_fields(const Handle& handle) {
    callback_text_.clear();
    handle.info().describe_into(callback_text_);
    json_.field("handle", handle.id()).field("callback", callback_text_);
}

// ---- the loop ----

// A tick boundary is where a broken trace file stops the run: the sink's error (an
// OSError naming the file) is raised here, outside any callback, so it leaves
// run_forever as the program's error instead of going to the exception handler.
void Tracer::next_tick() {
    sink_.tick();
    if (std::exception_ptr error = sink_.error()) std::rethrow_exception(error);
    tick_.store(tick_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

void Tracer::on_tick_begin(const TickInfo& info) {
    next_tick();
    scopes_.clear();  // nothing stays open across ticks
    begin_event("tick.begin")
        .field("ready", std::uint64_t(info.ready))
        .field("scheduled", std::uint64_t(info.scheduled))
        .field("timeout", info.timeout)
        .field("dropped", info.dropped);
    emit();
}

void Tracer::on_select(std::optional<double> timeout, std::size_t nevents) {
    begin_event("select").field("timeout", timeout).field("events", std::uint64_t(nevents));
    emit();
}

void Tracer::on_io_ready(int fd, std::uint32_t events, const Handle* reader, const Handle* writer) {
    std::vector<std::uint64_t> handles;
    if (reader) handles.push_back(reader->id());
    if (writer) handles.push_back(writer->id());
    begin_event("io.ready").field("fd", fd).field("events", events_text(events)).field("handles", handles);
    emit();
}

void Tracer::on_timer_due(const TimerHandle& timer) {
    begin_event("timer.due");
    handle_fields(timer);
    json_.field("when", timer.when());
    emit();
}

void Tracer::on_fd_watched(int fd, std::uint32_t event, const Handle& handle) {
    begin_event("io.watch").field("fd", fd).field("events", events_text(event));
    handle_fields(handle);
    emit();
}

void Tracer::on_fd_unwatched(int fd, std::uint32_t event) {
    begin_event("io.unwatch").field("fd", fd).field("events", events_text(event));
    emit();
}

void Tracer::on_handle_scheduled(const Handle& handle) {
    if (handle.is_timer()) {
        begin_event("call_at");
        handle_fields(handle);
        json_.field("when", static_cast<const TimerHandle&>(handle).when());
    } else {
        begin_event("call_soon");
        handle_fields(handle);
    }
    emit();
}

void Tracer::on_handle_cancelled(const Handle& handle) {
    begin_event("handle.cancel");
    handle_fields(handle);
    emit();
}

void Tracer::on_handle_run(const Handle& handle) {
    begin_event("handle.run");
    handle_fields(handle);
    open_scope(emit());
}

void Tracer::on_handle_end(const Handle&) { close_scope(); }

void Tracer::on_handle_skipped(const Handle& handle) {
    begin_event("handle.skip");
    handle_fields(handle);
    emit();
}

void Tracer::on_exception(const ExceptionContext& context) {
    begin_event("loop.exception").field("message", context.message);
    json_.field("exception", exception_repr(context.exception));
    if (context.handle) json_.field("handle", context.handle->id());
    std::uint64_t future = context.future ? context.future->id() : context.future_id;
    if (future) json_.field("future", future);
    emit();
}

void Tracer::on_stop() {
    begin_event("loop.stop");
    emit();
}

// ---- futures ----

void Tracer::on_future_created(const FutureBase& future) {
    begin_event("future.new").field("future", future.id()).field("label", future.label());
    emit();
}

void Tracer::on_future_resolved(const FutureBase& future) {
    // A task's resolution is its end: it is written as task.done.
    if (future.is_task()) {
        begin_event("task.done").field("task", future.id()).field("name", future.name());
    } else {
        begin_event("future.resolve").field("future", future.id());
    }
    const char* outcome = future.outcome();
    json_.word("outcome", outcome);
    if (std::string_view(outcome) == "result") json_.field("result", future.result_repr());
    if (std::string_view(outcome) == "exception") json_.field("exception", future.exception_repr());
    json_.field("callbacks", std::uint64_t(future.callback_count()));
    open_scope(emit());
}

void Tracer::on_future_resolved_end(const FutureBase&) { close_scope(); }

void Tracer::on_future_callback_added(const FutureBase& future, CallbackToken token, const CallbackInfo& callback) {
    callback_text_.clear();
    callback.describe_into(callback_text_);
    begin_event("future.callback")
        .field("future", future.id())
        .word("op", "add")
        .field("token", token)
        .field("callback", callback_text_);
    emit();
}

void Tracer::on_future_callback_removed(const FutureBase& future, CallbackToken token) {
    begin_event("future.callback").field("future", future.id()).word("op", "remove").field("token", token);
    emit();
}

// ---- tasks ----

void Tracer::on_task_created(const TaskBase& task) {
    begin_event("task.new").field("task", task.id()).field("name", task.name()).field("coro", task.coro_name());
    emit();
}

void Tracer::on_task_step(const TaskBase& task, const std::exception_ptr& thrown) {
    begin_event("task.step").field("task", task.id()).field("name", task.name());
    if (thrown) {
        json_.word("mode", "throw").field("exception", exception_repr(thrown));
    } else {
        json_.word("mode", "send").word("value", "None");
    }
    open_scope(emit());
}

void Tracer::on_task_suspended(const TaskBase& task, SuspendReason reason, const FutureBase* waiting_on) {
    begin_event("task.suspend").field("task", task.id()).field("name", task.name());
    json_.word("reason", suspend_reason(reason));
    if (waiting_on) json_.field("future", waiting_on->id());
    else json_.null("future");
    task.await_chain_into(chain_);
    json_.field("chain", chain_);
    emit();
}

void Tracer::on_task_step_end(const TaskBase&) { close_scope(); }

// ---- the program ----

void Tracer::on_print(std::string_view text, const TaskBase* task) {
    begin_event("print").field("text", text);
    if (task) json_.field("task", task->id()).field("name", task->name());
    else json_.null("task");
    emit();
}

// ---- the curio kernel ----

void Tracer::kernel_task_fields(const curio::TaskBase& task) {
    json_.field("task", task.id()).field("name", task.name());
}

void Tracer::on_kernel_cycle(const KernelCycleInfo& info) {
    // A kernel cycle plays the part of a loop tick: the trace's "tick" counts cycles.
    next_tick();
    scopes_.clear();
    begin_event("kernel.cycle")
        .field("ready", std::uint64_t(info.ready))
        .field("sleeping", std::uint64_t(info.sleeping))
        .field("timeout", info.timeout);
    emit();
}

void Tracer::on_kernel_phase(KernelPhase phase) {
    scopes_.clear();
    const char* name = phase == KernelPhase::io ? "io" : phase == KernelPhase::time ? "time" : "run";
    begin_event("kernel.phase").word("phase", name);
    emit();
}

void Tracer::on_kernel_task_new(const curio::TaskBase& task) {
    begin_event("task.new");
    kernel_task_fields(task);
    json_.field("coro", task.coro_name());
    emit();
}

void Tracer::on_kernel_trap(const curio::TaskBase& task, const curio::TrapRequest& request) {
    begin_event("trap");
    kernel_task_fields(task);
    json_.field("trap", curio::trap_function(request.name)).field("args", request.describe_args());
    emit();
}

void Tracer::on_kernel_resume(const curio::TaskBase& task, bool after_trap, const std::exception_ptr& thrown,
                              std::string_view value) {
    begin_event("task.resume");
    kernel_task_fields(task);
    json_.word("via", after_trap ? "trap" : "ready");
    if (thrown) json_.word("mode", "throw").field("exception", exception_repr(thrown));
    else json_.word("mode", "send").field("value", value);
    open_scope(emit());
}

void Tracer::on_kernel_resume_end(const curio::TaskBase&) { close_scope(); }

void Tracer::on_kernel_park(const curio::TaskBase& task, std::string_view on, std::optional<double> until) {
    begin_event("task.park");
    kernel_task_fields(task);
    json_.field("state", task.state()).field("on", on);
    if (until) json_.field("until", *until);
    emit();
}

void Tracer::on_kernel_wake(const curio::TaskBase& task, std::string_view reason) {
    begin_event("task.wake");
    kernel_task_fields(task);
    json_.field("reason", reason);
    emit();
}

void Tracer::on_kernel_task_done(const curio::TaskBase& task, std::size_t joiners) {
    begin_event("task.done");
    kernel_task_fields(task);
    if (!task.exception()) {
        json_.word("outcome", "result").field("result", task.result_repr());
    } else if (task.cancelled()) {
        json_.word("outcome", "cancelled").field("exception", exception_repr(task.exception()));
    } else {
        json_.word("outcome", "exception").field("exception", exception_repr(task.exception()));
    }
    json_.field("callbacks", std::uint64_t(joiners));
    emit();
}

void Tracer::on_kernel_print(std::string_view text, const curio::TaskBase* task) {
    begin_event("print").field("text", text);
    if (task) kernel_task_fields(*task);
    else json_.null("task");
    emit();
}

}  // namespace coolio::tracer
