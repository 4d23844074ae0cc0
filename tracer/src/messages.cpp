#include "coolio/tracer/messages.hpp"

#include <array>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace coolio::tracer {

namespace {
constexpr std::array<std::string_view, 2> LANGUAGES = {"en", "zh"};
}

std::span<const std::string_view> languages() { return LANGUAGES; }

bool known_language(std::string_view lang) {
    for (std::string_view known : LANGUAGES)
        if (known == lang) return true;
    return false;
}

std::string default_language() {
    // POSIX order: LC_ALL overrides LC_MESSAGES, which overrides LANG.
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(name);
        if (!value || !*value) continue;
        return std::string_view(value).starts_with("zh") ? "zh" : "en";
    }
    return "en";
}

// The table. {} in a text is filled in by fmt::format, in order.
const std::vector<Message>& messages() {
    static const std::vector<Message> table = {
        // ---- the narration of coolio-trace run (narrate.cpp) ----
        {"narrate.header", "Trace of {} (runtime {}, {} clock)", "{} 的 trace（运行时 {}，{} 时钟）"},
        {"narrate.before", "Before the loop runs (tick 0):", "事件循环运行之前（tick 0）："},
        {"narrate.tick", "── tick {} · t={} · ready: {} · timers: {}", "── tick {} · t={} · ready: {} · 定时器: {}"},
        {"narrate.dropped_one", " · dropped {} cancelled timer", " · 丢弃 {} 个已取消的定时器"},
        {"narrate.dropped", " · dropped {} cancelled timers", " · 丢弃 {} 个已取消的定时器"},
        {"narrate.select_block", "select: nothing ready and no timer: wait for I/O", "select：没有就绪的东西，也没有定时器：等待 I/O"},
        {"narrate.select_wait", "select: nothing is ready; wait {}s for the next timer (now t={})",
         "select：没有就绪的东西；等待 {} 秒直到下一个定时器（现在 t={}）"},
        {"narrate.select_ready_one", "select: {} descriptor ready", "select：{} 个描述符就绪"},
        {"narrate.select_ready", "select: {} descriptors ready", "select：{} 个描述符就绪"},
        {"narrate.io_ready", "fd {} is ready ({}): its callback joins the ready queue", "fd {} 就绪（{}）：它的回调进入 ready 队列"},
        {"narrate.io_watch", "watch fd {} ({}): {} will run when it is ready", "监视 fd {}（{}）：它就绪时运行 {}"},
        {"narrate.io_unwatch", "stop watching fd {} ({})", "停止监视 fd {}（{}）"},
        {"narrate.readable", "readable", "可读"},
        {"narrate.writable", "writable", "可写"},
        {"narrate.timer_due", "timer due (when={}): {} moves from the heap to the ready queue",
         "定时器到期（when={}）：{} 从定时器堆移到 ready 队列"},
        {"narrate.call_soon", "call_soon: {} joins the ready queue", "call_soon：{} 进入 ready 队列"},
        {"narrate.call_at", "call_at(when={}): {} goes on the timer heap", "call_at(when={})：{} 放到定时器堆上"},
        {"narrate.run", "run {}", "运行 {}"},
        {"narrate.skip", "skip {} (it was cancelled)", "跳过 {}（它已被取消）"},
        {"narrate.cancel", "cancel {}", "取消 {}"},
        {"narrate.task_new", "{} is created for coroutine {}()", "为协程 {1}() 创建了 {0}"},
        {"narrate.step_throw", "{} steps: throw {} into {}()", "{0} 执行一步：向 {2}() throw {1}"},
        {"narrate.step_send", "{} steps: send(None) into {}()", "{} 执行一步：向 {}() send(None)"},
        {"narrate.yield", "{} yields (sleep(0)): its next step waits at the back of the ready queue",
         "{} 让出执行权（sleep(0)）：它的下一步在 ready 队列队尾等待"},
        {"narrate.bad_yield", "{} awaited something that is not a future: an error is thrown in next",
         "{} await 了一个不是 Future 的东西：下一步会向它抛出一个错误"},
        {"narrate.suspend", "{} suspends on {}; await chain: {}", "{} 挂起在 {} 上；await 链：{}"},
        {"narrate.nothing", "nothing", "（无）"},
        {"narrate.result", "result {}", "结果 {}"},
        {"narrate.exception", "exception {}", "异常 {}"},
        {"narrate.cancelled", "cancelled", "已取消"},
        {"narrate.task_done", "{} is done: {}", "{} 完成：{}"},
        {"narrate.resolved", "{} is resolved: {}", "{} 完成：{}"},
        {"narrate.callback_queued", "; its done-callback goes to the ready queue", "；它的 done-callback 进入 ready 队列"},
        {"narrate.callbacks_queued", "; its {} done-callbacks go to the ready queue", "；它的 {} 个 done-callback 进入 ready 队列"},
        {"narrate.future_new", "Future-{} is created ({})", "创建了 Future-{}（{}）"},
        {"narrate.callback_add", "{} gets done-callback {}", "{} 添加了 done-callback {}"},
        {"narrate.callback_remove", "{} loses a done-callback", "{} 移除了一个 done-callback"},
        {"narrate.print", "{} prints │ {}", "{} 打印 │ {}"},
        {"narrate.loop_exception", "the loop's exception handler reports: {} ({})", "事件循环的异常处理器报告：{}（{}）"},
        {"narrate.loop_stop", "stop(): the loop will return after this tick", "stop()：事件循环将在这个 tick 之后返回"},
        {"narrate.end", "The run ended ({}) at tick {}, t={}", "运行结束（{}），tick {}，t={}"},

        // ---- the narration of a curio trace: the kernel's own events (narrate.cpp) ----
        {"narrate.kernel.before", "Before the kernel runs (cycle 0):", "内核运行之前（cycle 0）："},
        {"narrate.kernel.cycle", "── cycle {} · t={} · ready: {} · sleeping: {}", "── cycle {} · t={} · ready: {} · 睡眠中: {}"},
        {"narrate.kernel.phase_io", "[I/O polling]", "[I/O 轮询]"},
        {"narrate.kernel.phase_time", "[time handling]", "[处理时间]"},
        {"narrate.kernel.phase_run", "[running ready tasks]", "[运行就绪的 Task]"},
        {"narrate.kernel.io_ready", "fd {} is ready ({})", "fd {} 就绪（{}）"},
        {"narrate.kernel.task_new", "{} is created for coroutine {}() and joins the ready queue",
         "为协程 {1}() 创建了 {0}，它进入 ready 队列"},
        {"narrate.kernel.resume_trap", "{} goes on at once (the trap did not block): {} into {}()",
         "{0} 立刻继续（trap 没有阻塞）：向 {2}() {1}"},
        {"narrate.kernel.resume", "{} resumes: {} into {}()", "{0} 恢复运行：向 {2}() {1}"},
        {"narrate.kernel.trap", "{} traps: {}({})", "{} 执行 trap：{}({})"},
        {"narrate.kernel.park", "{} parks ({}) on {}", "{} 停放（{}）在 {} 上"},
        {"narrate.kernel.park_until", "{} parks ({}) on {} until t={}", "{} 停放（{}）在 {} 上，直到 t={}"},
        {"narrate.kernel.on_timer", "timer", "定时器堆"},
        {"narrate.kernel.wake", "{} goes back on the ready queue: {}", "{} 回到 ready 队列：{}"},
        {"narrate.kernel.wake_sleep", "its sleep is over", "它的睡眠结束了"},
        {"narrate.kernel.wake_yield", "sleep(0): back of the ready queue", "sleep(0)：排到 ready 队列队尾"},
        {"narrate.kernel.wake_fd", "{} is ready", "{} 就绪"},
        {"narrate.kernel.wake_queue", "woken from {}", "从 {} 被唤醒"},
        {"narrate.kernel.wake_join", "{} terminated", "{} 已结束"},
        {"narrate.kernel.done", "{} terminates: {}", "{} 结束：{}"},
        {"narrate.kernel.done_joiners_one", "; {} task waiting to join it", "；有 {} 个 Task 在等待 join 它"},
        {"narrate.kernel.done_joiners", "; {} tasks waiting to join it", "；有 {} 个 Task 在等待 join 它"},
        {"narrate.kernel.end", "The run ended ({}) at cycle {}, t={}", "运行结束（{}），cycle {}，t={}"},

        {"run.written", "Trace written to {} ({} events).", "trace 已写入 {}（{} 个事件）。"},

        // ---- the stepper: coolio-trace step (the labels are 7 columns wide) ----
        {"step.header", "Stepping through {}: {} events, ticks 0..{}, {} clock.", "逐步查看 {}：{} 个事件，tick 0..{}，{} 时钟。"},
        {"step.keys", "n: next event · b: back · c: continue to a breakpoint · info: the loop's state · h: help · q: quit",
         "n：下一个事件 · b：后退 · c：继续到断点 · info：事件循环的状态 · h：帮助 · q：退出"},
        {"step.unknown", "Unknown command '{}'. Type h for the list of commands.", "未知命令 '{}'。输入 h 查看命令列表。"},
        {"step.last_event_next", "This is the last event. b steps back; g start goes to the beginning.",
         "这是最后一个事件。b 后退；g start 回到开头。"},
        {"step.first_event", "This is the first event.", "这是第一个事件。"},
        {"step.last_event", "This is the last event.", "这是最后一个事件。"},
        {"step.break_hit", "Breakpoint {} ({}) at event {}", "断点 {}（{}）停在事件 {}"},
        {"step.no_breakpoints_end", "No breakpoints: going to the last event.", "没有断点：转到最后一个事件。"},
        {"step.no_break_hit", "No breakpoint is hit before the end: going to the last event.",
         "直到结尾都没有碰到断点：转到最后一个事件。"},
        {"step.break_set", "Breakpoint {}: {}", "断点 {}：{}"},
        {"step.no_breakpoints", "No breakpoints. Set one with: break kind timer.due, break task Task-2, break tick 5, break print End",
         "没有断点。可以这样设置：break kind timer.due、break task Task-2、break tick 5、break print End"},
        {"step.deleted_all", "Deleted all breakpoints ({}).", "删除了全部断点（{} 个）。"},
        {"step.deleted", "Deleted breakpoint {} ({}).", "删除了断点 {}（{}）。"},
        {"step.commands", "Commands (the state shown is always the loop's state just after the event at the cursor):",
         "命令（显示的状态总是光标所在事件刚刚发生之后事件循环的状态）："},
        {"step.help.next", "step forward one event (or COUNT); an empty line does the same", "向前一个事件（或 COUNT 个）；直接回车也一样"},
        {"step.help.back", "step back one event (or COUNT)", "后退一个事件（或 COUNT 个）"},
        {"step.help.goto", "jump to an event, to the start of a tick, or to either end", "跳到一个事件、某个 tick 的开头，或者开头/结尾"},
        {"step.help.continue", "go forward to the next breakpoint (or to the end)", "向前直到下一个断点（或到结尾）"},
        {"step.help.break", "make c stop at events of kind K, involving task T, entering tick N, or printing TEXT", "让 c 停在：类型为 K 的事件、涉及 Task T 的事件、进入 tick N 时，或打印 TEXT 时"},
        {"step.help.breaks", "list the breakpoints", "列出断点"},
        {"step.help.delete", "delete breakpoint N (without N: all of them)", "删除断点 N（不给 N：全部删除）"},
        {"step.help.info", "the loop's state after this event: ready queue, timers, tasks, futures, fds", "这个事件之后事件循环的状态：ready 队列、定时器、Task、Future、fd"},
        {"step.help.where", "the running task's await chain (with none running: where each task waits)", "正在运行的 Task 的 await 链（没有运行的 Task 时：每个 Task 在哪里等待）"},
        {"step.help.list", "the events around the cursor (or around event SEQ)", "光标附近的事件（或事件 SEQ 附近的）"},
        {"step.help.help", "this list", "这个列表"},
        {"step.help.quit", "leave (so does the end of the input, e.g. Ctrl-D)", "离开（输入结束时也一样，例如 Ctrl-D）"},
        {"step.state_header", "State after event {} (tick {}, t={})", "事件 {} 之后的状态（tick {}，t={}）"},
        {"step.why", "why    ", "为什么 "},
        {"step.changed", "changed", "变化   "},
        {"step.nothing_changed", "nothing in the loop's state", "事件循环的状态没有变化"},

        // ---- coolio-trace exercise ----
        {"exercise.title", "Exercise {}: {}", "练习 {}：{}"},
        {"exercise.program", "The program:", "程序："},
        {"exercise.question", "Question {} of {}", "第 {} 题（共 {} 题）"},
        {"exercise.events_since", "Events {} to {}:", "事件 {} 到 {}："},
        {"exercise.output_so_far", "The program has printed so far:", "到目前为止程序打印了："},
        {"exercise.nothing_yet", "(nothing yet)", "（还什么都没有）"},
        {"exercise.stop", "The trace is played up to event {} (tick {}, t={}):", "trace 播放到事件 {}（tick {}，t={}）："},
        {"exercise.how.next_print", "Type the line that is printed next.", "输入接下来打印的那一行。"},
        {"exercise.how.next_task", "Type the task's name, e.g. Task-2.", "输入 Task 的名字，例如 Task-2。"},
        {"exercise.how.ready_queue",
         "Type the ready queue's callbacks, front first, separated by commas (e.g. Task-2.__step, Task-3.__step), or: empty.",
         "按从队首到队尾的顺序输入 ready 队列里的回调，用逗号分隔（例如 Task-2.__step, Task-3.__step）；队列为空就输入 empty。"},
        {"exercise.how.time_of", "Type the loop time, in seconds (e.g. 2.0).", "输入事件循环的时间，单位是秒（例如 2.0）。"},
        {"exercise.how.ticks_until", "Type a number of ticks (0 if it is in this very tick).",
         "输入 tick 的个数（如果就在当前这个 tick，输入 0）。"},
        {"exercise.how.print_order", "Type the letters in print order, e.g. b a c.", "按打印的先后顺序输入字母，例如 b a c。"},
        {"exercise.prompt", "answer> ", "答案> "},
        {"exercise.right", "Right: {}", "答对了：{}"},
        {"exercise.wrong_once", "Not quite.", "还不对。"},
        {"exercise.hint", "Hint: {}", "提示：{}"},
        {"exercise.look_at_state", "Look at what the loop holds at the stop point:", "看看在停止点事件循环里有什么："},
        {"exercise.look_at_events", "Fold these events into the queue, one by one (events {} to {}):",
         "把这些事件一个一个地应用到队列上（事件 {} 到 {}）："},
        {"exercise.try_again", "Try once more (an empty line shows the answer).", "再试一次（直接回车就显示答案）。"},
        {"exercise.wrong", "Not quite: the trace says {}", "不对：trace 里的答案是 {}"},
        {"exercise.why", "Why, from the trace (the events that decide it):", "为什么？看 trace（决定答案的事件）："},
        {"exercise.focus", "Event {} is the one that decides:", "起决定作用的是事件 {}："},
        {"exercise.stopped", "The input ended: the remaining questions are not answered.", "输入结束了：剩下的题目没有作答。"},
        {"exercise.score", "Score: {} of {} right ({} at the first try).", "得分：{1} 题中答对 {0} 题（其中 {2} 题第一次就答对）。"},
        {"exercise.questions", "{} questions", "{} 道题"},
        {"exercise.check_ok", "{}: ok, {} questions on {}; the answers the trace gives:",
         "{}：没有问题，{} 道题，场景 {}；trace 给出的答案："},
    };
    return table;
}

std::string_view message(std::string_view key, std::string_view lang) {
    for (const Message& m : messages()) {
        if (m.key != key) continue;
        return lang == "zh" && !m.zh.empty() ? m.zh : m.en;
    }
    throw std::out_of_range("no message '" + std::string(key) + "'");
}

}  // namespace coolio::tracer
        {"exercise.how.how_many", "Type a number (0 if there is none).", "输入一个数字（一个都没有就输入 0）。"},
        {"exercise.how.next_trap", "Type the trap's name, e.g. trap_spawn.", "输入 trap 的名字，例如 trap_spawn。"},
