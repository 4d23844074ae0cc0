#include "coolio/tracer/explain.hpp"

namespace coolio::tracer {

// The Chinese rows, one for each English row (explain_zh.cpp).
const std::vector<Explanation>& chinese_explanations();

namespace {

// The English table. Every kind of event_kinds() has a general row (a test checks
// it); the variant rows add a note for the cases a student meets in the built-in
// scenarios.
const std::vector<Explanation>& english_explanations() {
    static const std::vector<Explanation> rows = {
        // ---- the run ----
        {"trace.begin", "", "en", "loop.run_until_complete",
         "The recording starts before anything has run: the program is about to hand its main coroutine to "
         "the loop. Every line after this one is one thing the loop, a task or a future did, in order."},
        {"trace.end", "", "en", "loop.run_until_complete (returns)",
         "The recording ends: the loop has stopped and the program is over, normally or with an error, or "
         "a signal (Ctrl-C, kill, abort) ended the process and this line was written on its way out. "
         "Nothing is left running."},

        // ---- one tick of _run_once ----
        {"tick.begin", "", "en", "BaseEventLoop._run_once",
         "run_forever calls _run_once again and again; this is the start of one more pass. Before anything "
         "else it drops cancelled timers sitting on top of the heap, then decides how long select may sleep: "
         "not at all when handles are ready, until the soonest timer when there is one, otherwise with no "
         "limit."},
        {"select", "", "en", "BaseEventLoop._run_once → selector.select",
         "The loop asks the operating system which watched descriptors are ready, waiting at most the "
         "timeout it just computed. This is the one place where an asyncio program sleeps."},
        {"select", "no_wait", "en", "",
         "Handles are already waiting in the ready queue, so the timeout is 0: a quick look for I/O, no "
         "sleep."},
        {"select", "wait", "en", "",
         "Nothing was ready, so the loop slept until the soonest timer is due. On the virtual clock the time "
         "simply jumps ahead; on the real clock the process really sleeps."},
        {"select", "block", "en", "",
         "Nothing is ready and no timer is set: only a watched descriptor can wake the loop now."},
        {"io.ready", "", "en", "BaseSelectorEventLoop._process_events",
         "select reported a watched descriptor ready. The loop does not call the callback on the spot: it "
         "appends the callback's handle to the ready queue, so it runs in this tick's run phase, in turn."},
        {"io.watch", "", "en", "BaseSelectorEventLoop.add_reader / add_writer",
         "The program asked the loop to watch a descriptor. From now on, each time select finds it ready, "
         "this handle is queued. A handle registered earlier for the same descriptor and direction is "
         "cancelled and replaced."},
        {"io.unwatch", "", "en", "BaseSelectorEventLoop.remove_reader / remove_writer",
         "The program stopped watching this descriptor in this direction. Its handle is cancelled, so it "
         "will not be queued again."},
        {"timer.due", "", "en", "BaseEventLoop._run_once",
         "After select, _run_once looks at the top of the timer heap and pops every timer whose time has "
         "come, soonest first, onto the back of the ready queue. A timer never runs straight from the heap: "
         "it waits its turn with the other ready handles, later in this same tick."},
        {"timer.due", "_set_result_unless_cancelled", "en", "tasks.sleep",
         "This is the timer that asyncio.sleep set. When it runs it resolves the sleep's future, and that "
         "is what will wake the sleeping task."},

        // ---- handles ----
        {"call_soon", "", "en", "BaseEventLoop.call_soon",
         "A callback was wrapped in a Handle and appended to the back of the ready queue. It runs on the next "
         "pass of _run_once, after everything queued before it, and never right now: that is how asyncio "
         "makes sure callbacks never run inside one another."},
        {"call_soon", "__step", "en", "Task.__step",
         "The callback is a task's __step: the first step of a task just created, or the next step of a "
         "task that gave up its turn with sleep(0)."},
        {"call_soon", "__wakeup", "en", "Task.__wakeup",
         "The callback is Task.__wakeup: the future this task awaits has been resolved, and this queued "
         "wakeup is what will resume the task."},
        {"call_soon", "_on_completion", "en", "tasks._wait",
         "A task that asyncio.wait watches has finished; wait's _on_completion callback is queued to count "
         "it."},
        {"call_soon", "_done_callback", "en", "tasks.gather",
         "A child of asyncio.gather has finished; gather's _done_callback is queued to record its outcome."},
        {"call_soon", "_run_until_complete_cb", "en", "loop.run_until_complete",
         "The main future is done; run_until_complete's callback is queued, and it will stop the loop."},
        {"call_at", "", "en", "BaseEventLoop.call_at (call_later adds the delay to loop.time())",
         "A TimerHandle was pushed onto the timer heap, which keeps the soonest timer on top. It waits there, "
         "costing nothing, until a pass of _run_once finds its time has come and moves it to the ready "
         "queue."},
        {"call_at", "_set_result_unless_cancelled", "en", "tasks.sleep",
         "asyncio.sleep made this timer: when it fires, futures._set_result_unless_cancelled gives the "
         "sleep's future its result, unless the sleep was cancelled in the meantime."},
        {"handle.run", "", "en", "BaseEventLoop._run_once → Handle._run",
         "_run_once pops the handle at the front of the ready queue and calls its callback. Only the handles "
         "that were ready when this run phase began are run in this tick; whatever they queue waits for the "
         "next one, so no callback can starve the others."},
        {"handle.run", "__step", "en", "Task.__step",
         "The callback is the task's __step: its coroutine is about to run."},
        {"handle.run", "__wakeup", "en", "Task.__wakeup",
         "The callback is Task.__wakeup: the future the task waited on is done, so the task steps again. "
         "Its coroutine receives the future's result, or has the future's exception raised at its await."},
        {"handle.run", "_set_result_unless_cancelled", "en", "tasks.sleep → futures._set_result_unless_cancelled",
         "A sleep's timer fires: it sets the sleep future's result, and the future queues the wakeup of the "
         "task that sleeps on it."},
        {"handle.run", "_on_completion", "en", "tasks._wait",
         "wait's _on_completion counts one more finished task. When the wait condition is met (all done, by "
         "default), it resolves the waiter future that wait() is suspended on."},
        {"handle.run", "_done_callback", "en", "tasks.gather",
         "gather's _done_callback stores the finished child's outcome. When the last child is done, or one "
         "fails without return_exceptions, it resolves the gathering future."},
        {"handle.run", "_run_until_complete_cb", "en", "loop.run_until_complete",
         "run_until_complete's callback: the main future is done, so it calls loop.stop()."},
        {"handle.run", "_sock_recv", "en", "BaseSelectorEventLoop._sock_recv",
         "The socket is readable: this reader callback reads what arrived and sets it as the sock_recv "
         "future's result."},
        {"handle.run", "_sock_accept", "en", "BaseSelectorEventLoop._sock_accept",
         "The listening socket is readable: this callback accepts the connection and resolves the "
         "sock_accept future with it."},
        {"handle.run", "_sock_connect_cb", "en", "BaseSelectorEventLoop._sock_connect_cb",
         "The connecting socket is writable: this callback checks whether the connection succeeded and "
         "resolves the sock_connect future."},
        {"handle.run", "_sock_read_done", "en", "BaseSelectorEventLoop._sock_read_done",
         "The socket operation's future is done, so this done-callback removes the socket's reader: the "
         "loop stops watching it."},
        {"handle.run", "_sock_write_done", "en", "BaseSelectorEventLoop._sock_write_done",
         "The socket operation's future is done, so this done-callback removes the socket's writer: the "
         "loop stops watching it."},
        {"handle.skip", "", "en", "BaseEventLoop._run_once",
         "The handle at the front of the ready queue was cancelled after it was queued. _run_once pops it "
         "like any other but does not call it: cancelling only sets a flag, and this is where it is checked."},
        {"handle.cancel", "", "en", "Handle.cancel / TimerHandle.cancel",
         "This handle was cancelled. asyncio does not search the queues to take it out; it only marks it. A "
         "cancelled timer stays in the heap until it reaches the top (then a tick drops it) or comes due; a "
         "cancelled ready handle is skipped when its turn comes."},
        {"handle.cancel", "_set_result_unless_cancelled", "en", "tasks.sleep",
         "asyncio.sleep always cancels its timer when it returns (in a finally clause). When the timer has "
         "already fired, as here, that changes nothing; it matters when the sleep is cancelled early."},

        // ---- tasks ----
        {"task.new", "", "en", "Task.__init__ (loop.create_task, asyncio.create_task, ensure_future)",
         "A Task was created around a coroutine. None of the coroutine runs yet: the task registers itself "
         "and queues its first __step with call_soon, which the next tick will run."},
        {"task.step", "", "en", "Task.__step",
         "The task resumes its coroutine where it last stopped and runs it until it awaits something that "
         "is not ready, or returns. Nothing else on the loop runs meanwhile: a step is asyncio's unit of "
         "work."},
        {"task.step", "send", "en", "",
         "It resumes with coro.send(None): the very first start, or a wakeup after the awaited future got a "
         "result, which the await then takes from the future."},
        {"task.step", "throw", "en", "",
         "It resumes with coro.throw(exc): the awaited future failed or was cancelled, so the exception is "
         "raised at the await inside the coroutine."},
        {"task.suspend", "", "en", "Task.__step",
         "The coroutine stopped at an await, so the step ends and control goes back to the loop."},
        {"task.suspend", "future", "en", "Future.add_done_callback",
         "It awaits a future that is not done. __step registers the task's __wakeup as a done-callback of "
         "that future; until the future is resolved, the task is in no queue at all."},
        {"task.suspend", "yield", "en", "tasks.sleep(0)",
         "It yielded without a future, as sleep(0) does. __step queues its next __step with call_soon at "
         "once, so the task goes to the back of the ready queue and lets the others run first."},
        {"task.suspend", "bad_yield", "en", "Task.__step",
         "It awaited something that is not an asyncio future. __step queues its next step, which will raise "
         "a RuntimeError inside the coroutine."},
        {"task.done", "", "en", "Task.__step → Future.set_result / set_exception",
         "The coroutine is finished: it returned, raised or was cancelled. A task is a future, so this sets "
         "the task's own outcome and, as for any future, queues each of its done-callbacks with call_soon "
         "(the call_soon lines that follow)."},
        {"task.done", "exception", "en", "",
         "The exception is kept in the task and raised again in whoever awaits it or asks for its result."},
        {"task.done", "cancelled", "en", "",
         "The CancelledError came out of the coroutine, so the task ends cancelled."},

        // ---- futures ----
        {"future.new", "", "en", "loop.create_future",
         "A pending Future was created: an empty box that will later hold a result or an exception. A "
         "coroutine that awaits it waits until then."},
        {"future.new", "sleep", "en", "tasks.sleep",
         "asyncio.sleep made it: the sleeping task will await it, and the timer that sleep sets next will "
         "resolve it."},
        {"future.new", "_wait.waiter", "en", "tasks.wait → tasks._wait",
         "asyncio.wait made it: wait() suspends on this waiter until its tasks are done as asked, and "
         "_on_completion resolves it."},
        {"future.new", "_GatheringFuture", "en", "tasks.gather",
         "asyncio.gather made it: the outer future that collects the children's results, resolved once they "
         "are all done."},
        {"future.new", "sock_recv", "en", "BaseSelectorEventLoop.sock_recv",
         "loop.sock_recv made it: the coroutine waits on it while the loop watches the socket for reading; "
         "the reader callback _sock_recv fills it when data arrives."},
        {"future.new", "sock_accept", "en", "BaseSelectorEventLoop.sock_accept",
         "loop.sock_accept made it: it gets the new connection once the listening socket is readable."},
        {"future.new", "sock_connect", "en", "BaseSelectorEventLoop.sock_connect",
         "loop.sock_connect made it: the connection is under way, and the socket becoming writable tells "
         "whether it succeeded."},
        {"future.new", "wait_for.waiter", "en", "tasks.wait_for",
         "asyncio.wait_for made it: it is resolved by whichever comes first, the awaited task finishing or "
         "the timeout's timer."},
        {"future.resolve", "", "en", "Future.set_result / Future.set_exception / Future.cancel",
         "The future got its outcome. It does not call its done-callbacks now: it hands each one to "
         "call_soon, in the order they were added, so they run on the next tick. That is why a task wakes "
         "one tick after the future it awaits is resolved."},
        {"future.callback", "", "en", "Future.add_done_callback / Future.remove_done_callback",
         "A function was registered to run when this future is done, or such a registration was withdrawn. "
         "Adding one to a future that is already done queues it at once with call_soon."},
        {"future.callback", "__wakeup", "en", "Task.__step → Future.add_done_callback",
         "The task's __wakeup is registered: this is how a task waits on a future. When the future is "
         "resolved, __wakeup is queued and the task resumes."},
        {"future.callback", "_on_completion", "en", "tasks._wait",
         "asyncio.wait registers _on_completion on every task it waits for."},
        {"future.callback", "_done_callback", "en", "tasks.gather",
         "asyncio.gather registers _done_callback on every child, to collect its outcome."},
        {"future.callback", "_run_until_complete_cb", "en", "loop.run_until_complete",
         "run_until_complete registers this on the main future, so the loop stops once that future is done."},
        {"future.callback", "remove", "en", "Future.remove_done_callback",
         "The callback was withdrawn before the future was done: it will never be called."},

        // ---- the program ----
        {"print", "", "en", "print()",
         "The program printed a line. Output is not scheduled: it happens inside whatever step or callback "
         "is running right now."},
        {"loop.exception", "", "en", "BaseEventLoop.call_exception_handler (from Handle._run, Future.__del__, Task.__del__)",
         "Something went wrong that no code of the program is there to hear, so the loop's exception handler "
         "is told (by default it logs a message) and the loop carries on. Either a callback raised (Handle._run "
         "catches it so that one failing callback cannot bring the loop down), or a future or task was freed "
         "holding an exception nobody retrieved with await, result() or exception(), or a task was still pending "
         "when it was destroyed."},
        {"loop.stop", "", "en", "BaseEventLoop.stop",
         "stop() was called. It stops nothing immediately: it sets a flag, and run_forever returns once this "
         "tick is over. run_until_complete relies on it to return when its future is done."},

        // ---- the curio kernel (traces whose runtime is "curio") ----
        {"kernel.cycle", "", "en", "Kernel.run → kernel_run (one pass of its loop)",
         "The curio kernel starts one more pass of its loop. Each pass has three phases: poll for I/O, "
         "handle time, run the ready tasks. The timeout is how long the I/O poll may wait: not at all if a "
         "task is ready, else until the soonest sleeper's deadline."},
        {"kernel.phase", "", "en", "kernel_run",
         "The kernel moves on to the next of the three phases of its pass: I/O polling, time handling, "
         "running the ready tasks."},
        {"kernel.phase", "io", "en", "kernel_run: I/O polling → selector_select",
         "I/O polling: the kernel asks the selector which descriptors are ready. The tasks parked on them "
         "are put straight back on the ready queue: the task itself is what the selector holds, not a "
         "callback."},
        {"kernel.phase", "time", "en", "kernel_run: time handling → the sleep queue",
         "Time handling: every task whose sleep deadline has passed goes back on the ready queue, and every "
         "task whose timeout_after deadline has passed is cancelled with TaskTimeout."},
        {"kernel.phase", "run", "en", "kernel_run: running ready tasks",
         "Running ready tasks: each task that was ready when this phase began is resumed, and keeps running "
         "(through every trap that does not block) until it blocks or ends. Tasks made ready meanwhile wait "
         "for the next pass."},
        {"trap", "", "en", "the traps table of kernel_run",
         "The running task has stopped at a trap: a request to the kernel, the only way a curio task talks "
         "to it. The kernel looks the request up in its table of trap functions and calls it. A non-blocking "
         "trap answers at once and the same task goes on; a blocking one parks the task and ends its turn."},
        {"trap", "trap_sleep", "en", "trap_sleep",
         "sleep(seconds): the task's deadline goes on the kernel's sleep queue and the task parks. No future "
         "and no timer callback are made. sleep(0) instead puts the task at the back of the ready queue."},
        {"trap", "trap_io", "en", "trap_io",
         "read_wait / write_wait: the task registers its descriptor with the selector, with itself as the "
         "thing to wake, and parks until the descriptor is ready."},
        {"trap", "trap_spawn", "en", "trap_spawn",
         "spawn(coro): a new task is made and appended to the ready queue; the spawning task gets it back at "
         "once, without giving up its turn."},
        {"trap", "trap_join_task", "en", "Task.join → Task.wait → trap_sched_wait on task.joining",
         "The task waits for another to terminate: it parks on that task's joining queue, unless the other "
         "has already terminated, in which case it goes on at once."},
        {"trap", "trap_cancel_task", "en", "Task.cancel → trap_cancel_task → _cancel_task",
         "The task cancels another: the kernel unhooks the target from whatever it is parked on (its state "
         "says what) and reschedules it with TaskCancelled to throw in; then the cancelling task waits for "
         "it to terminate."},
        {"trap", "trap_sched_wait", "en", "trap_sched_wait (SchedFIFO)",
         "The task parks on a wait queue. Event, Lock and Queue are built from such queues, outside the "
         "kernel."},
        {"trap", "trap_sched_wake", "en", "trap_sched_wake (SchedFIFO)",
         "The task wakes up to n tasks parked on a wait queue, oldest first, and goes on without blocking."},
        {"trap", "trap_clock", "en", "trap_clock",
         "The task asks the kernel for the time; the answer is sent straight back in."},
        {"trap", "trap_set_timeout", "en", "trap_set_timeout",
         "timeout_after arms a deadline for the task on the same sleep queue as sleeps."},
        {"trap", "trap_unset_timeout", "en", "trap_unset_timeout",
         "timeout_after's block is over: its deadline is disarmed (the entry left on the sleep queue will be "
         "skipped)."},
        {"task.resume", "", "en", "kernel_run → current._send / current._throw",
         "The kernel resumes the task's coroutine, sending in the answer to its last trap (or throwing in "
         "an exception), and the coroutine runs until its next trap."},
        {"task.resume", "ready", "en", "",
         "The task was taken from the front of the ready queue: its turn begins."},
        {"task.resume", "trap", "en", "",
         "The trap it just made did not block, so the kernel resumes it at once: the same turn goes on, and "
         "no other task runs in between."},
        {"task.resume", "throw", "en", "",
         "An exception is thrown in at the trap where the task was parked: this is how cancellation and "
         "timeouts reach a curio task."},
        {"task.park", "", "en", "trap functions (the task's state and cancel_func)",
         "The task blocks. Its state records what it waits for, and the kernel keeps how to undo the wait "
         "(its cancel_func), so that a cancellation can unhook it from the queue, heap or selector. Its turn "
         "is over; the kernel goes on with the next ready task."},
        {"task.park", "TIME_SLEEP", "en", "trap_sleep", "It sleeps on the kernel's sleep queue until its deadline."},
        {"task.park", "READ_WAIT", "en", "trap_io", "It waits in the selector until its descriptor is readable."},
        {"task.park", "WRITE_WAIT", "en", "trap_io", "It waits in the selector until its descriptor is writable."},
        {"task.park", "TASK_JOIN", "en", "Task.wait", "It waits on another task's joining queue until that task terminates."},
        {"task.wake", "", "en", "_reschedule_task",
         "A parked task is put back at the end of the ready queue with the value (or exception) to send in "
         "when it runs. This one function is how every wait ends: a sleep, I/O, a wait queue, a join."},

        // Rows that replace the general row of a common kind in a curio trace.
        {"trace.begin", "curio", "en", "curio.run",
         "The recording starts: the program is about to hand its main coroutine to the curio kernel, which "
         "will run it as the first task."},
        {"trace.end", "curio", "en", "curio.run (returns)",
         "The recording ends: the main task has terminated and the kernel has returned."},
        {"select", "curio", "en", "kernel_run → selector_select",
         "The kernel waits on the selector for ready descriptors, at most the cycle's timeout. On the virtual "
         "clock, with no descriptor watched, the time simply jumps to the next deadline."},
        {"io.ready", "curio", "en", "kernel_run → _reschedule_task",
         "The selector reported a descriptor ready; the task parked on it goes back on the ready queue."},
        {"task.new", "curio", "en", "_new_task",
         "A task was made for a coroutine and appended to the ready queue. It is not a future: nothing can "
         "be attached to it, other tasks wait for it by joining."},
        {"task.done", "curio", "en", "kernel_run (StopIteration) → task._terminate",
         "The task's coroutine returned or raised. The tasks waiting to join it go back on the ready queue."},
        {"print", "curio", "en", "print()",
         "The program printed a line, inside the turn of the task that is running."},
    };
    return rows;
}

}  // namespace

const std::vector<Explanation>& explanations() {
    static const std::vector<Explanation> rows = [] {
        std::vector<Explanation> all = english_explanations();
        const std::vector<Explanation>& chinese = chinese_explanations();
        all.insert(all.end(), chinese.begin(), chinese.end());
        return all;
    }();
    return rows;
}

const Explanation* find_explanation(std::string_view kind, std::string_view variant, std::string_view lang) {
    const Explanation* english = nullptr;
    for (const Explanation& row : explanations()) {
        if (row.kind != kind || row.variant != variant) continue;
        if (row.lang == lang) return &row;
        if (row.lang == "en") english = &row;
    }
    return english;
}

bool is_curio(const TraceEvents& trace) {
    return !trace.events.empty() && trace.events.front().kind() == EventKind::trace_begin &&
           trace.str(trace.events.front().as<ev::TraceBegin>().runtime) == "curio";
}

std::string_view callback_function(std::string_view callback) {
    std::string_view name = callback.substr(0, callback.find('('));
    std::size_t dot = name.rfind('.');
    return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

std::string explanation_variant(const Event& event, const TraceEvents& trace) {
    auto callback = [&](Str id) { return std::string(callback_function(trace.str(id))); };
    switch (event.kind()) {
        case EventKind::select: {
            const auto& e = event.as<ev::Select>();
            if (!e.timeout) return "block";
            return *e.timeout > 0 ? "wait" : "no_wait";
        }
        case EventKind::timer_due: return callback(event.as<ev::TimerDue>().callback);
        case EventKind::call_soon: return callback(event.as<ev::CallSoon>().callback);
        case EventKind::call_at: return callback(event.as<ev::CallAt>().callback);
        case EventKind::handle_run: return callback(event.as<ev::HandleRun>().callback);
        case EventKind::handle_cancel: return callback(event.as<ev::HandleCancel>().callback);
        case EventKind::task_step: return event.as<ev::TaskStep>().thrown ? "throw" : "send";
        case EventKind::task_suspend: return std::string(reason_name(event.as<ev::TaskSuspend>().reason));
        case EventKind::task_done: return std::string(outcome_name(event.as<ev::TaskDone>().outcome));
        case EventKind::future_new: return std::string(trace.str(event.as<ev::FutureNew>().label));
        case EventKind::future_resolve: return std::string(outcome_name(event.as<ev::FutureResolve>().outcome));
        case EventKind::future_callback: {
            const auto& e = event.as<ev::FutureCallback>();
            return e.add ? callback(e.callback) : "remove";
        }
        case EventKind::kernel_phase: return std::string(trace.str(event.as<ev::KernelPhase>().phase));
        case EventKind::trap: return std::string(trace.str(event.as<ev::Trap>().trap));
        case EventKind::task_resume: {
            const auto& e = event.as<ev::TaskResume>();
            return e.thrown ? "throw" : e.after_trap ? "trap" : "ready";
        }
        case EventKind::task_park: return std::string(trace.str(event.as<ev::TaskPark>().state));
        default: return "";
    }
}

EventExplanation explain_event(const Event& event, const TraceEvents& trace, std::string_view lang) {
    // The asyncio functions are not translated: they always come from the English rows.
    EventExplanation out;
    std::string_view kind = kind_name(event.kind());
    // In a curio trace a common kind (print, task.new…) is explained by its "curio" row.
    // The function names always come from the English rows.
    const Explanation* curio_row = is_curio(trace) ? find_explanation(kind, "curio", lang) : nullptr;
    if (const Explanation* general = curio_row ? curio_row : find_explanation(kind, "", lang)) {
        out.asyncio = find_explanation(kind, curio_row ? "curio" : "", "en")->asyncio;
        out.text = general->text;
    }
    std::string variant = explanation_variant(event, trace);
    if (variant.empty()) return out;
    if (const Explanation* note = find_explanation(kind, variant, lang)) {
        // The note's function is the more precise one: name it first.
        std::string_view asyncio = find_explanation(kind, variant, "en")->asyncio;
        if (!asyncio.empty() && asyncio != out.asyncio) out.asyncio = std::string(asyncio) + " · " + out.asyncio;
        // Chinese sentences follow each other without a space.
        out.text += (lang == "zh" ? "" : " ") + std::string(note->text);
    }
    return out;
}

}  // namespace coolio::tracer
