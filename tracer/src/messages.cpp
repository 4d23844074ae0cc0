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
        {"py.written", "Trace written to {}.", "trace 已写入 {}。"},

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

        // ---- the loop's state: the stepper's info and where, its "changed" lines (state_diff.cpp) ----
        // The headings of info's lists (stepper_format.cpp pads them to the widest).
        {"state.ready", "ready", "ready 队列"},
        {"state.timers", "timers", "定时器"},
        {"state.tasks", "tasks", "Task"},
        {"state.futures", "futures", "Future"},
        {"state.fds", "fds", "fd"},
        {"state.running", "running", "正在运行"},
        {"state.running_now", "handle {} · task {}", "handle {} · Task {}"},
        {"state.more", "… and {} more (show --states lists them all)", "……还有 {} 个（show --states 会全部列出）"},
        {"state.cancelled_tag", "(cancelled)", "（已取消）"},
        {"state.steps_one", "{} step", "{} 步"},
        {"state.steps", "{} steps", "{} 步"},
        {"state.callbacks_list", "callbacks: {}", "回调：{}"},
        {"state.none", "none", "无"},
        {"state.parked_on", "parked on {}", "停放在 {} 上"},
        // What a task or a future is doing; asyncio's names for the outcomes stay.
        {"state.task.pending", "pending", "尚未开始"},
        {"state.task.running", "running", "正在运行"},
        {"state.task.suspended", "suspended", "挂起"},
        {"state.task.done", "done", "已完成"},
        {"state.future.pending", "pending", "未完成"},
        {"state.future.result", "result", "有结果"},
        {"state.future.exception", "exception", "有异常"},
        {"state.future.cancelled", "cancelled", "已取消"},
        {"state.on", "{} on {}", "{}，等待 {}"},
        {"state.which_is_done", ", which is done", "，它已经完成"},
        {"state.outcome", "{} ({})", "{}（{}）"},
        // The changes an event made (the stepper's "changed" lines).
        {"state.change", "{}: {}", "{}：{}"},
        {"state.tick", "tick", "tick"},
        {"state.time", "time", "时间"},
        {"state.current_handle", "current handle", "当前 handle"},
        {"state.current_task", "current task", "当前 Task"},
        {"state.callbacks_of", "{} callbacks", "{} 的回调"},
        {"state.is_cancelled", "{} is cancelled", "{} 被取消了"},
        {"state.new_task", "new task running {}(), {}", "新的 Task，运行 {}()，{}"},
        {"state.await_chain", "await chain {}", "await 链 {}"},
        {"state.new_future", "new future ({}), {}", "新的 Future（{}），{}"},
        // where: the running task's frames, or where each task waits.
        {"where.running", "{} is running (step {}) ", "{} 正在运行（第 {} 步），"},
        {"where.from_start", "from the start of {}()", "从 {}() 的开头开始"},
        {"where.from_last", "from where it last stopped; frames, innermost first:", "从它上次停下的地方继续；帧，最里层在前："},
        {"where.coroutine", "  (the task's coroutine)", "  （Task 的协程）"},
        {"where.loop_working", "No task is running at event {}: the loop itself is working.", "事件 {} 时没有 Task 在运行：是事件循环自己在工作。"},
        {"where.waiting", "Tasks waiting to run again:", "等待再次运行的 Task："},
        {"where.not_started", "{}() not started", "{}() 还没有开始"},
        {"where.none_waiting", "No task is waiting either.", "也没有 Task 在等待。"},

        // ---- the web viewer's state panel (web-viewer/panel.js; exported to explanations.js
        //      by coolio-trace web-data explanations) ----
        {"viewer.state_title", "The loop after event {}", "事件 {} 之后的事件循环"},
        {"viewer.no_callback", "no callback is running", "没有回调在运行"},
        {"viewer.ready_queue", "Ready queue ({})", "ready 队列（{}）"},
        {"viewer.ready_hint", "front first: the order the loop will run them", "队首在前：事件循环运行它们的顺序"},
        {"viewer.timer_heap", "Timer heap ({})", "定时器堆（{}）"},
        {"viewer.timer_hint", "soonest first", "最早到期的在前"},
        {"viewer.tasks", "Tasks ({})", "Task（{}）"},
        {"viewer.tasks_last", "the last {}", "最后 {} 个"},
        {"viewer.tasks_hint", "in creation order", "按创建顺序"},
        {"viewer.futures", "Pending futures ({} of {})", "未完成的 Future（{1} 个中的 {0} 个）"},
        {"viewer.futures_hint", "and the callbacks waiting for them", "以及等待它们的回调"},
        {"viewer.fds", "Selector: watched descriptors ({})", "selector：监视中的描述符（{}）"},
        {"viewer.fds_hint", "fd · interest · the callback it will queue", "fd · 关注的事件 · 就绪时它放入队列的回调"},
        {"viewer.empty", "empty", "空"},

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
        {"exercise.how.how_many", "Type a number (0 if there is none).", "输入一个数字（一个都没有就输入 0）。"},
        {"exercise.how.next_trap", "Type the trap's name, e.g. trap_spawn.", "输入 trap 的名字，例如 trap_spawn。"},
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
        // ---- errors: one line, "coolio-trace: …", exit code 2 (commands.hpp UsageError) ----
        {"error.not_exercise_dir", "'{}' is not a folder of exercises (see --dir)", "'{}' 不是放练习的文件夹（见 --dir）"},
        {"error.no_exercise", "no exercise '{}' in {} (exercises: {})", "{1} 里没有练习 '{0}'（练习有：{2}）"},
        {"error.cannot_read_answers", "cannot read the answers '{}': {}", "无法读取答案文件 '{}'：{}"},
        {"error.answer_beyond", "{}:{}: an answer to question {}, but the exercise has {} questions", "{}:{}：这是第 {} 题的答案，但这个练习只有 {} 道题"},
        {"error.cannot_write", "cannot write '{}': {}", "无法写入 '{}'：{}"},
        {"error.cannot_read", "cannot read '{}': {}", "无法读取 '{}'：{}"},
        {"error.cannot_write_page", "cannot write the page to '{}': {}", "无法把页面写入 '{}'：{}"},
        {"error.web_data_trace", "web-data explain needs a TRACE", "web-data explain 需要一个 TRACE"},
        {"error.is_directory", "{}: is a directory, not an exercise file", "{}：这是一个目录，不是练习文件"},
        {"error.cannot_open", "{}: cannot open: {}", "{}：无法打开：{}"},
        {"error.filter_needs_value", "{} needs a value", "{} 需要一个值"},
        {"error.unknown_kind", "unknown event kind '{}' (kinds: {})", "未知的事件类型 '{}'（类型有：{}）"},
        {"error.no_task", "no task named '{}' in this trace", "这个 trace 里没有名为 '{}' 的 Task"},
        {"error.bad_tick", "a tick is a number N or a range A..B (also A.. or ..B), not '{}'", "tick 是一个数字 N 或一个范围 A..B（也可以是 A.. 或 ..B），而不是 '{}'"},
        {"error.bad_filter", "break on: kind KIND, task NAME, tick N or print TEXT (not '{}')", "断点条件是：kind KIND、task NAME、tick N 或 print TEXT（而不是 '{}'）"},
        {"error.cannot_write_trace", "cannot write the trace to '{}': {}", "无法把 trace 写入 '{}'：{}"},
        {"error.unknown_scenario", "unknown scenario '{}' (known: {}; see coolio-trace list)", "未知的场景 '{}'（已有的场景：{}；见 coolio-trace list）"},
        {"error.no_curio_version", "scenario '{}' has no curio version (dual scenarios: {})", "场景 '{}' 没有 curio 版本（双运行时场景：{}）"},
        {"error.program_raised", "the program raised {}", "程序抛出了 {}"},
        {"error.no_python_program", "no such Python program: '{}'", "没有这个 Python 程序：'{}'"},
        {"error.no_python", "python3 was not found (install it: apt-get install python3)", "找不到 python3（请安装：apt-get install python3）"},
        {"error.no_tracer_script", "the asyncio tracer '{}' is missing (set COOLIO_REFERENCE_DIR)", "缺少 asyncio 追踪脚本 '{}'（请设置 COOLIO_REFERENCE_DIR）"},
        {"error.fork", "fork failed: {}", "fork 失败：{}"},
        {"error.python_failed", "python3 could not run '{}'", "python3 无法运行 '{}'"},
        {"error.not_trace_or_scenario", "'{}' is neither a trace file nor a scenario (scenarios: {}; see coolio-trace list)", "'{}' 既不是 trace 文件也不是场景（场景有：{}；见 coolio-trace list）"},
        {"error.not_number", "{} must be a whole number, not '{}'", "{} 必须是整数，而不是 '{}'"},
        {"error.count_zero", "COUNT must be at least 1", "COUNT 至少是 1"},
        {"error.goto_where", "where to?", "跳到哪里？"},
        {"error.which_tick", "which tick?", "哪个 tick？"},
        {"error.no_tick", "there is no tick {} (this trace has ticks 0..{})", "没有 tick {}（这个 trace 的 tick 是 0..{}）"},
        {"error.no_event", "there is no event {} (the last is {})", "没有事件 {}（最后一个是 {}）"},
        {"error.no_breakpoint", "there is no breakpoint {}", "没有断点 {}"},
        {"error.usage", " (usage: {} {})", "（用法：{} {}）"},
        // ---- a broken exercise file: "FILE:LINE: …" (exercise.cpp, exercise_check.cpp) ----
        {"exercise.error.no_match", "no event matches '{}' from event {} on ({})", "从事件 {1} 往后没有和 '{0}' 匹配的事件（{2}）"},
        {"exercise.error.the_stop", "the stop point", "停止点"},
        {"exercise.error.the_event", "the event asked about", "所问的事件"},
        {"exercise.error.no_title", "the exercise has no 'title:'", "这个练习没有 'title:'"},
        {"exercise.error.no_scenario", "the exercise has no 'scenario:' (a scenario name or a trace file)", "这个练习没有 'scenario:'（一个场景名或一个 trace 文件）"},
        {"exercise.error.no_question", "the exercise has no question (start one with 'question: KIND')", "这个练习没有题目（用 'question: KIND' 开始一道题）"},
        {"exercise.error.program_line", "a '|' line outside 'program:' (the program's lines follow 'program:')", "'program:' 之外出现了 '|' 行（程序的各行要跟在 'program:' 后面）"},
        {"exercise.error.bad_line", "expected 'key: value', a '| ' program line or a '#' comment, not '{}'", "这里应该是 'key: value'、'| ' 开头的程序行或 '#' 注释，而不是 '{}'"},
        {"exercise.error.twice", "'{}:' is given twice", "'{}:' 出现了两次"},
        {"exercise.error.needs_value", "'{}:' needs a value", "'{}:' 需要一个值"},
        {"exercise.error.question_key", "'{}:' belongs to a question: put it after 'question: KIND'", "'{}:' 属于一道题：把它放在 'question: KIND' 后面"},
        {"exercise.error.unknown_key", "unknown key '{}' (before the questions: {}, question)", "未知的键 '{}'（题目之前可以用：{}、question）"},
        {"exercise.error.program_alone", "'program:' stands alone; the program's lines follow it, each starting with '| '", "'program:' 单独占一行；程序的各行跟在它后面，每行以 '| ' 开头"},
        {"exercise.error.runtime", "'runtime:' is asyncio or curio, not '{}'", "'runtime:' 是 asyncio 或 curio，而不是 '{}'"},
        {"exercise.error.unknown_kind", "unknown question kind '{}' (kinds: {})", "未知的题型 '{}'（题型有：{}）"},
        {"exercise.error.exercise_key", "'{}:' belongs before the first question", "'{}:' 应该放在第一道题之前"},
        {"exercise.error.unknown_question_key", "unknown key '{}' in a question (keys: {})", "题目里出现了未知的键 '{}'（可以用的键：{}）"},
        {"exercise.error.order_key", "'{}:' is for print_order questions, not {}", "'{}:' 用于 print_order 题，而不是 {}"},
        {"exercise.error.event_key", "'event:' is for time_of, ticks_until and how_many questions, not {}", "'event:' 用于 time_of、ticks_until 和 how_many 题，而不是 {}"},
        {"exercise.error.show", "'show:' takes prints, state and/or events, not '{}'", "'show:' 可以取 prints、state 和/或 events，而不是 '{}'"},
        {"exercise.error.no_ask", "this question has no 'ask:' (the question put to the student)", "这道题没有 'ask:'（向学生提出的问题）"},
        {"exercise.error.needs_event", "a {} question needs 'event:' (which event it asks about)", "{} 题需要 'event:'（问的是哪个事件）"},
        {"exercise.error.lines_or_count", "give either 'line:'s or 'count:', not both", "只能给 'line:' 或 'count:' 中的一种，不能两个都给"},
        {"exercise.error.two_lines", "a print_order question needs two 'line:'s or more (or 'count: N')", "print_order 题至少需要两个 'line:'（或者 'count: N'）"},
        {"exercise.error.not_nth", "'{}' is not a count: write #1, #2…", "'{}' 不是一个序号：请写 #1、#2…"},
        {"exercise.error.which_event", "say which event: start, end, or kind K / task T / tick N / print TEXT", "请说明是哪个事件：start、end，或 kind K / task T / tick N / print TEXT"},
        {"exercise.error.edge_alone", "'{}' stands alone", "'{}' 只能单独使用"},
        {"exercise.error.count_conditions", "to count events, give only conditions: kind K / task T / tick N / print TEXT", "要数事件，只能给条件：kind K / task T / tick N / print TEXT"},
        {"exercise.error.no_print_after", "nothing is printed after the stop point (event {})", "停止点（事件 {}）之后没有打印任何东西"},
        {"exercise.error.no_step_after", "no task steps after the stop point (event {})", "停止点（事件 {}）之后没有 Task 执行 step"},
        {"exercise.error.no_trap_after", "no trap after the stop point (event {}): is this a curio trace? (runtime: curio)", "停止点（事件 {}）之后没有 trap：这是 curio 的 trace 吗？（runtime: curio）"},
        {"exercise.error.count_range", "'count:' is a number from 2 to 26", "'count:' 是 2 到 26 之间的数字"},
        {"exercise.error.too_few_prints", "fewer than {} lines are printed after the stop point", "停止点之后打印的行少于 {} 行"},
        {"exercise.error.too_many_lines", "at most 26 lines can be put in order", "最多只能给 26 行排序"},
        {"exercise.error.line_not_printed", "'{}' is not printed after the stop point (event {})", "停止点（事件 {1}）之后没有打印 '{0}'"},
        {"exercise.error.not_shuffled", "the lines are listed in the order they are printed: list them shuffled", "这些行已经是按打印顺序列出的：请把它们打乱"},
        {"exercise.error.runtime_of_trace", "'runtime:' is for a built-in scenario; a trace file was written by its own runtime", "'runtime:' 只用于内置场景；trace 文件由写它的运行时决定"},
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
