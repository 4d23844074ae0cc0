// explain_zh.cpp — the Chinese rows of the explanation table (explain.cpp has the English).
//
// One row per English row, same kind and variant (a test checks both ways). The
// asyncio column is left empty: function names are not translated, so
// explain_event() takes them from the English row. Terms a student meets in asyncio's
// source stay in English: call_soon, call_at, Task, Future, Handle, __step, __wakeup,
// _run_once, select, send/throw, done-callback.
#include "coolio/tracer/explain.hpp"

namespace coolio::tracer {

const std::vector<Explanation>& chinese_explanations() {
    static const std::vector<Explanation> rows = {
        // ---- the run ----
        {"trace.begin", "", "zh", "",
         "记录在任何代码运行之前开始：程序正要把它的主协程交给事件循环。之后的每一行都是事件循环、某个 Task 或某个 "
         "Future 按顺序做的一件事。"},
        {"trace.end", "", "zh", "",
         "记录结束：事件循环已经停止，程序正常结束或因错误结束；或者某个信号（Ctrl-C、kill、abort）结束了进程，"
         "这一行是进程退出前写下的。没有任何东西还在运行。"},

        // ---- one tick of _run_once ----
        {"tick.begin", "", "zh", "",
         "run_forever 一遍又一遍地调用 _run_once；这是新的一轮的开始。它首先丢掉位于堆顶、已被取消的定时器，"
         "然后决定 select 可以睡多久：有就绪的 handle 时完全不睡，有定时器时睡到最早的定时器到期，否则不限时。"},
        {"select", "", "zh", "",
         "事件循环询问操作系统哪些被监视的描述符已经就绪，最多等待刚刚算出的超时时间。asyncio 程序只会在这里睡眠。"},
        {"select", "no_wait", "zh", "",
         "ready 队列里已经有 handle 在等待，所以超时为 0：快速看一眼有没有 I/O，不睡眠。"},
        {"select", "wait", "zh", "",
         "没有任何东西就绪，于是事件循环一直睡到最早的定时器到期。在虚拟时钟上时间直接跳过去；在真实时钟上进程真的会睡眠。"},
        {"select", "block", "zh", "",
         "没有就绪的东西，也没有定时器：现在只有被监视的描述符能唤醒事件循环。"},
        {"io.ready", "", "zh", "",
         "select 报告一个被监视的描述符就绪了。事件循环不会当场调用回调：它把回调的 handle 追加到 ready 队列，"
         "让它在本 tick 的运行阶段按顺序运行。"},
        {"io.watch", "", "zh", "",
         "程序请事件循环监视一个描述符。从现在起，每当 select 发现它就绪，这个 handle 就会被放进队列。之前为同一个"
         "描述符、同一方向注册的 handle 会被取消并替换。"},
        {"io.unwatch", "", "zh", "",
         "程序不再监视这个描述符的这个方向。它的 handle 被取消，不会再被放进队列。"},
        {"timer.due", "", "zh", "",
         "select 之后，_run_once 查看定时器堆的堆顶，按从早到晚的顺序把所有到期的定时器弹出，追加到 ready 队列的队尾。"
         "定时器从不直接从堆里运行：它要和其他就绪的 handle 一起排队，在本 tick 稍后轮到它。"},
        {"timer.due", "_set_result_unless_cancelled", "zh", "",
         "这是 asyncio.sleep 设置的定时器。它运行时会把 sleep 的 Future 设置为完成，正是这一点会唤醒正在 sleep 的 Task。"},

        // ---- handles ----
        {"call_soon", "", "zh", "",
         "一个回调被包装成 Handle，追加到 ready 队列的队尾。它在 _run_once 的下一轮运行，排在所有比它先入队的 handle "
         "之后，而且绝不会立即运行：asyncio 就是这样保证回调之间不会互相嵌套调用的。"},
        {"call_soon", "__step", "zh", "",
         "这个回调是 Task 的 __step：要么是刚创建的 Task 的第一步，要么是用 sleep(0) 让出执行权的 Task 的下一步。"},
        {"call_soon", "__wakeup", "zh", "",
         "这个回调是 Task.__wakeup：这个 Task 等待的 Future 已经完成，排队的这个 wakeup 会让 Task 继续执行。"},
        {"call_soon", "_on_completion", "zh", "",
         "asyncio.wait 监视的一个 Task 结束了；wait 的 _on_completion 回调被放进队列，用来计数。"},
        {"call_soon", "_done_callback", "zh", "",
         "asyncio.gather 的一个子 Task 结束了；gather 的 _done_callback 被放进队列，用来记录它的结果。"},
        {"call_soon", "_run_until_complete_cb", "zh", "",
         "主 Future 已经完成；run_until_complete 的回调被放进队列，它会让事件循环停下来。"},
        {"call_at", "", "zh", "",
         "一个 TimerHandle 被压入定时器堆，堆顶总是最早到期的定时器。它在那里等待，不占用任何资源，直到 _run_once "
         "的某一轮发现它到期，把它移到 ready 队列。"},
        {"call_at", "_set_result_unless_cancelled", "zh", "",
         "这个定时器是 asyncio.sleep 创建的：到期时，futures._set_result_unless_cancelled 会给 sleep 的 Future "
         "设置结果，除非这次 sleep 在此期间被取消了。"},
        {"handle.run", "", "zh", "",
         "_run_once 弹出 ready 队列队首的 handle 并调用它的回调。本 tick 只运行在这个运行阶段开始时已经就绪的 handle；"
         "它们新排入的 handle 要等下一个 tick，所以没有哪个回调能饿死其他回调。"},
        {"handle.run", "__step", "zh", "",
         "这个回调是 Task 的 __step：它的协程马上就要运行了。"},
        {"handle.run", "__wakeup", "zh", "",
         "这个回调是 Task.__wakeup：Task 等待的 Future 已经完成，所以 Task 再执行一步。它的协程会收到 Future "
         "的结果，或者在 await 处抛出 Future 的异常。"},
        {"handle.run", "_set_result_unless_cancelled", "zh", "",
         "一个 sleep 的定时器触发了：它设置 sleep 的 Future 的结果，而这个 Future 会把在它上面睡眠的 Task 的 "
         "wakeup 放进队列。"},
        {"handle.run", "_on_completion", "zh", "",
         "wait 的 _on_completion 又数到一个结束的 Task。当等待条件满足时（默认是全部完成），它把 wait() "
         "挂起所等待的 waiter Future 设置为完成。"},
        {"handle.run", "_done_callback", "zh", "",
         "gather 的 _done_callback 保存结束的子 Task 的结果。当最后一个子 Task 完成时，或者某个子 Task "
         "失败且没有 return_exceptions 时，它把 gather 的 Future 设置为完成。"},
        {"handle.run", "_run_until_complete_cb", "zh", "",
         "run_until_complete 的回调：主 Future 已经完成，所以它调用 loop.stop()。"},
        {"handle.run", "_sock_recv", "zh", "",
         "socket 可读了：这个读回调读取到达的数据，并把它设置为 sock_recv 的 Future 的结果。"},
        {"handle.run", "_sock_accept", "zh", "",
         "监听 socket 可读了：这个回调接受连接，并用它完成 sock_accept 的 Future。"},
        {"handle.run", "_sock_connect_cb", "zh", "",
         "正在连接的 socket 可写了：这个回调检查连接是否成功，并完成 sock_connect 的 Future。"},
        {"handle.run", "_sock_read_done", "zh", "",
         "socket 操作的 Future 已经完成，所以这个 done-callback 移除 socket 的读回调：事件循环不再监视它。"},
        {"handle.run", "_sock_write_done", "zh", "",
         "socket 操作的 Future 已经完成，所以这个 done-callback 移除 socket 的写回调：事件循环不再监视它。"},
        {"handle.skip", "", "zh", "",
         "ready 队列队首的 handle 在入队之后被取消了。_run_once 像平常一样把它弹出，但不调用它：取消只是设置一个标志，"
         "而这里就是检查这个标志的地方。"},
        {"handle.cancel", "", "zh", "",
         "这个 handle 被取消了。asyncio 不会在队列里搜索并移除它，只是给它做个标记。被取消的定时器留在堆里，"
         "直到它到达堆顶（然后某个 tick 会丢掉它）或者到期；被取消的就绪 handle 在轮到它时被跳过。"},
        {"handle.cancel", "_set_result_unless_cancelled", "zh", "",
         "asyncio.sleep 返回时总会取消它的定时器（在 finally 子句里）。如果定时器已经触发，就像这里，这样做什么也不改变；"
         "只有当 sleep 被提前取消时它才有意义。"},

        // ---- tasks ----
        {"task.new", "", "zh", "",
         "一个 Task 包装了一个协程。协程此时还一点都没有运行：Task 登记自己，并用 call_soon 排入它的第一个 __step，"
         "下一个 tick 会运行它。"},
        {"task.step", "", "zh", "",
         "Task 从协程上次停下的地方继续运行，直到它 await 一个还没完成的东西，或者返回。这期间事件循环上不会运行别的东西："
         "一个 step 就是 asyncio 的工作单位。"},
        {"task.step", "send", "zh", "",
         "它用 coro.send(None) 继续执行：要么是第一次启动，要么是所等待的 Future 得到结果后被唤醒，await "
         "随后从 Future 里取出结果。"},
        {"task.step", "throw", "zh", "",
         "它用 coro.throw(exc) 继续执行：所等待的 Future 失败或被取消了，于是异常在协程内部的 await 处被抛出。"},
        {"task.suspend", "", "zh", "",
         "协程停在了一个 await 上，所以这个 step 结束，控制权回到事件循环。"},
        {"task.suspend", "future", "zh", "",
         "它在 await 一个还没完成的 Future。__step 把 Task 的 __wakeup 注册为那个 Future 的 done-callback；"
         "在 Future 完成之前，这个 Task 不在任何队列里。"},
        {"task.suspend", "yield", "zh", "",
         "它没有带 Future 就让出了执行权，就像 sleep(0) 那样。__step 立即用 call_soon 排入它的下一个 __step，"
         "于是 Task 排到 ready 队列的队尾，先让其他 handle 运行。"},
        {"task.suspend", "bad_yield", "zh", "",
         "它 await 了一个不是 asyncio Future 的东西。__step 排入它的下一个 step，那一步会在协程内部抛出 RuntimeError。"},
        {"task.done", "", "zh", "",
         "协程结束了：它返回了、抛出了异常或者被取消了。Task 也是 Future，所以这会设置 Task 自己的结果，"
         "并且像任何 Future 一样，用 call_soon 把它的每个 done-callback 放进队列（就是后面那几行 call_soon）。"},
        {"task.done", "exception", "zh", "",
         "这个异常保存在 Task 里，谁 await 它或者索取它的结果，就会在谁那里再次抛出。"},
        {"task.done", "cancelled", "zh", "",
         "CancelledError 从协程里传了出来，所以 Task 以被取消的状态结束。"},

        // ---- futures ----
        {"future.new", "", "zh", "",
         "创建了一个未完成的 Future：一个空盒子，以后会装进一个结果或一个异常。await 它的协程会一直等到那时。"},
        {"future.new", "sleep", "zh", "",
         "它是 asyncio.sleep 创建的：正在 sleep 的 Task 会 await 它，sleep 接下来设置的定时器会完成它。"},
        {"future.new", "_wait.waiter", "zh", "",
         "它是 asyncio.wait 创建的：wait() 挂起在这个 waiter 上，直到它的 Task 按要求完成，由 _on_completion 完成它。"},
        {"future.new", "_GatheringFuture", "zh", "",
         "它是 asyncio.gather 创建的：收集各个子 Task 结果的外层 Future，当它们全部完成时被完成。"},
        {"future.new", "sock_recv", "zh", "",
         "它是 loop.sock_recv 创建的：事件循环监视 socket 是否可读，协程就在它上面等待；数据到达时，读回调 "
         "_sock_recv 填充它。"},
        {"future.new", "sock_accept", "zh", "",
         "它是 loop.sock_accept 创建的：监听 socket 可读时，它得到新的连接。"},
        {"future.new", "sock_connect", "zh", "",
         "它是 loop.sock_connect 创建的：连接正在进行中，socket 变为可写时就能知道连接是否成功。"},
        {"future.new", "wait_for.waiter", "zh", "",
         "它是 asyncio.wait_for 创建的：被等待的 Task 结束和超时定时器到期，谁先发生就由谁完成它。"},
        {"future.resolve", "", "zh", "",
         "Future 得到了它的结果。它不会现在就调用 done-callback：它按添加的顺序把每个回调交给 call_soon，"
         "让它们在下一个 tick 运行。这就是为什么 Task 会在它所等待的 Future 完成之后的下一个 tick 才醒来。"},
        {"future.callback", "", "zh", "",
         "注册了一个在这个 Future 完成时运行的函数，或者撤销了这样的注册。给已经完成的 Future 添加回调，会立即用 "
         "call_soon 把它放进队列。"},
        {"future.callback", "__wakeup", "zh", "",
         "注册的是 Task 的 __wakeup：Task 就是这样等待一个 Future 的。Future 完成时，__wakeup 被放进队列，Task 继续执行。"},
        {"future.callback", "_on_completion", "zh", "",
         "asyncio.wait 在它等待的每个 Task 上注册 _on_completion。"},
        {"future.callback", "_done_callback", "zh", "",
         "asyncio.gather 在每个子 Task 上注册 _done_callback，用来收集它的结果。"},
        {"future.callback", "_run_until_complete_cb", "zh", "",
         "run_until_complete 把它注册在主 Future 上，这样主 Future 一完成事件循环就会停下。"},
        {"future.callback", "remove", "zh", "",
         "这个回调在 Future 完成之前被撤销了：它永远不会被调用。"},

        // ---- the program ----
        {"print", "", "zh", "",
         "程序打印了一行。输出不需要调度：它发生在此刻正在运行的那个 step 或回调里面。"},
        {"loop.exception", "", "zh", "",
         "出了错，而程序里没有代码在等着接收它，于是交给事件循环的异常处理器（默认是记一条日志），事件循环继续运行。"
         "可能是一个回调抛出了异常（Handle._run 捕获它，使一个失败的回调不会拖垮整个事件循环），"
         "也可能是一个 Future 或 Task 被释放时还带着没人取走的异常（没有 await、result() 或 exception()），"
         "或者一个 Task 在被销毁时还处于 pending 状态。"},
        {"loop.stop", "", "zh", "",
         "调用了 stop()。它不会立即停止任何东西：它只是设置一个标志，run_forever 在这个 tick 结束后返回。"
         "run_until_complete 正是靠它在 Future 完成时返回的。"},
        {"kernel.cycle", "", "zh", "",
         "curio 内核开始它循环的又一轮。每一轮有三个阶段：轮询 I/O、处理时间、运行就绪的任务。timeout 是 I/O 轮询最多能等多久：有任务就绪时不等，否则等到最早的 sleep 截止时间。"},
        {"kernel.phase", "", "zh", "",
         "内核进入这一轮三个阶段中的下一个：I/O 轮询、时间处理、运行就绪任务。"},
        {"kernel.phase", "io", "zh", "",
         "I/O 轮询：内核问 selector 哪些描述符就绪了。停在这些描述符上的任务直接回到就绪队列：selector 里登记的就是任务本身，而不是回调。"},
        {"kernel.phase", "time", "zh", "",
         "时间处理：sleep 截止时间已到的任务回到就绪队列；timeout_after 截止时间已到的任务被以 TaskTimeout 取消。"},
        {"kernel.phase", "run", "zh", "",
         "运行就绪任务：这个阶段开始时就绪的每个任务依次被恢复，并一直运行下去（经过所有不阻塞的 trap），直到阻塞或结束。在此期间变为就绪的任务等下一轮。"},
        {"trap", "", "zh", "",
         "正在运行的任务停在一个 trap 上：这是对内核的一个请求，也是 curio 任务与内核打交道的唯一方式。内核在它的 trap 函数表里查到这个请求并调用它。不阻塞的 trap 立刻给出回答，同一个任务继续运行；阻塞的 trap 让任务停下（park），它的这一轮到此结束。"},
        {"trap", "trap_sleep", "zh", "",
         "sleep(seconds)：任务的截止时间放进内核的 sleep 队列，任务停下。不创建 Future，也没有定时器回调。sleep(0) 则把任务放到就绪队列的末尾。"},
        {"trap", "trap_io", "zh", "",
         "read_wait / write_wait：任务把自己的描述符登记到 selector，等待被唤醒的就是任务本身，然后停下，直到描述符就绪。"},
        {"trap", "trap_spawn", "zh", "",
         "spawn(coro)：创建一个新任务并追加到就绪队列；发起 spawn 的任务立刻拿到它，不让出自己的这一轮。"},
        {"trap", "trap_join_task", "zh", "",
         "任务等待另一个任务结束：它停在那个任务的 joining 队列上；如果那个任务已经结束，就立刻继续。"},
        {"trap", "trap_cancel_task", "zh", "",
         "任务取消另一个任务：内核把目标从它停着的地方摘下来（它的状态说明停在哪里），安排它带着要抛入的 TaskCancelled 重新运行；然后发起取消的任务等它结束。"},
        {"trap", "trap_sched_wait", "zh", "",
         "任务停在一个等待队列上。Event、Lock 和 Queue 都是在内核之外用这种队列搭起来的。"},
        {"trap", "trap_sched_wake", "zh", "",
         "任务唤醒等待队列上最多 n 个任务，先来的先醒，自己不阻塞、继续运行。"},
        {"trap", "trap_clock", "zh", "",
         "任务向内核询问时间；答案直接送回给它。"},
        {"trap", "trap_set_timeout", "zh", "",
         "timeout_after 为任务设置一个截止时间，放在和 sleep 相同的 sleep 队列里。"},
        {"trap", "trap_unset_timeout", "zh", "",
         "timeout_after 的代码块结束了：它的截止时间被撤销（留在 sleep 队列里的那一项以后会被跳过）。"},
        {"task.resume", "", "zh", "",
         "内核恢复任务的协程，把它上一个 trap 的答案 send 进去（或 throw 进一个异常），协程一直运行到下一个 trap。"},
        {"task.resume", "ready", "zh", "",
         "任务从就绪队列的队首被取出：它的这一轮开始了。"},
        {"task.resume", "trap", "zh", "",
         "它刚做的 trap 没有阻塞，于是内核立刻恢复它：同一轮继续，中间没有别的任务运行。"},
        {"task.resume", "throw", "zh", "",
         "一个异常在任务停下的那个 trap 处被 throw 进去：取消和超时就是这样到达 curio 任务的。"},
        {"task.park", "", "zh", "",
         "任务阻塞了。它的状态记录它在等什么，内核还保存着撤销这次等待的方法（cancel_func），这样取消时可以把它从队列、堆或 selector 上摘下来。它的这一轮结束，内核继续运行下一个就绪任务。"},
        {"task.wake", "", "zh", "",
         "一个停着的任务被放回就绪队列的末尾，带着它运行时要 send 进去的值（或异常）。所有等待都靠这一个函数结束：sleep、I/O、等待队列、join。"},
        {"trace.begin", "curio", "zh", "",
         "记录开始：程序即将把它的主协程交给 curio 内核，内核会把它作为第一个任务运行。"},
        {"trace.end", "curio", "zh", "",
         "记录结束：主任务已经结束，内核已经返回。"},
        {"select", "curio", "zh", "",
         "内核在 selector 上等待就绪的描述符，最多等这一轮的 timeout。在虚拟时钟下，如果没有登记任何描述符，时间直接跳到下一个截止时间。"},
        {"io.ready", "curio", "zh", "",
         "selector 报告一个描述符就绪；停在它上面的任务回到就绪队列。"},
        {"task.new", "curio", "zh", "",
         "为一个协程创建了任务，并追加到就绪队列。它不是 Future：不能给它挂回调，其他任务通过 join 来等它。"},
        {"task.done", "curio", "zh", "",
         "任务的协程返回了或抛出了异常。等着 join 它的任务回到就绪队列。"},
        {"print", "curio", "zh", "",
         "程序打印了一行，发生在正在运行的那个任务的这一轮里。"},
        {"task.park", "TIME_SLEEP", "zh", "", "它停在内核的 sleep 队列上，直到截止时间。"},
        {"task.park", "READ_WAIT", "zh", "", "它在 selector 里等待，直到它的描述符可读。"},
        {"task.park", "WRITE_WAIT", "zh", "", "它在 selector 里等待，直到它的描述符可写。"},
        {"task.park", "TASK_JOIN", "zh", "", "它停在另一个任务的 joining 队列上，直到那个任务结束。"},
    };
    return rows;
}

}  // namespace coolio::tracer
