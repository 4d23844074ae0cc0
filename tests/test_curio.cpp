// The curio kernel: each trap and each primitive, recorded through the tracer and
// asserted as whole sequences of kernel events.
#include <sys/socket.h>

#include <set>

#include "coolio/curio/curio.hpp"
#include "support.hpp"

namespace curio = coolio::curio;
using coolio::print;

namespace {

/// A kernel on the virtual clock whose prints are collected and whose events are
/// traced in memory.
struct TracedKernel {
    curio::Kernel kernel;
    std::ostringstream out;
    coolio::tracer::MemorySink sink;
    coolio::tracer::Tracer tracer{kernel, sink, {"test"}};

    TracedKernel() { kernel.set_output(&out); }

    std::vector<nlohmann::json> events() const {
        std::vector<nlohmann::json> parsed;
        for (const std::string& line : sink.lines()) parsed.push_back(nlohmann::json::parse(line));
        return parsed;
    }

    /// The kernel's task events, one short line each, in order.
    std::vector<std::string> story() const {
        std::vector<std::string> lines;
        for (const auto& e : events()) {
            std::string kind = e["kind"];
            std::string who = e.contains("name") ? e["name"].get<std::string>() : std::string("main");
            if (kind == "trap") lines.push_back("trap " + who + " " + e["trap"].get<std::string>() + "(" + e["args"].get<std::string>() + ")");
            else if (kind == "task.resume")
                lines.push_back("resume " + who + (e["mode"] == "throw" ? " throw " + e["exception"].get<std::string>() : std::string()));
            else if (kind == "task.park") lines.push_back("park " + who + " " + e["state"].get<std::string>() + " on " + e["on"].get<std::string>());
            else if (kind == "task.wake") lines.push_back("wake " + who + ": " + e["reason"].get<std::string>());
            else if (kind == "task.new") lines.push_back("new " + who + " " + e["coro"].get<std::string>());
            else if (kind == "task.done") lines.push_back("done " + who + " " + e["outcome"].get<std::string>());
            else if (kind == "print") lines.push_back("print " + who + ": " + e["text"].get<std::string>());
        }
        return lines;
    }

    std::size_t count(const std::string& kind) const {
        std::size_t n = 0;
        for (const auto& e : events()) n += e["kind"] == kind;
        return n;
    }
};

curio::Coro<void> sleeper(double seconds) {
    print("sleep", seconds);
    co_await curio::sleep(seconds);
    print("woke");
}

}  // namespace

TEST_CASE("a curio sleep parks the task on the timer heap and the kernel resumes it, with no future or handle") {
    TracedKernel k;
    k.kernel.run(sleeper(1.5));
    CHECK(k.story() == std::vector<std::string>{
                           "new Task-1 sleeper",
                           "resume Task-1",
                           "print Task-1: sleep 1.5",
                           "trap Task-1 trap_sleep(1.5)",
                           "park Task-1 TIME_SLEEP on timer",
                           "wake Task-1: its sleep is over",
                           "resume Task-1",
                           "print Task-1: woke",
                           "done Task-1 result",
                       });
    CHECK(k.kernel.time() == 1.5);
    CHECK(k.kernel.cycles() == 2);
    for (const char* asyncio_kind : {"future.new", "call_soon", "call_at", "handle.run", "task.step"})
        CHECK(k.count(asyncio_kind) == 0);
    CHECK(k.events().front()["runtime"] == "curio");
}

TEST_CASE("each kernel cycle runs its three phases in order: io, time, run") {
    TracedKernel k;
    k.kernel.run(sleeper(1));
    std::vector<std::string> phases;
    for (const auto& e : k.events())
        if (e["kind"] == "kernel.cycle") phases.push_back("cycle");
        else if (e["kind"] == "kernel.phase") phases.push_back(e["phase"]);
    CHECK(phases == std::vector<std::string>{"cycle", "io", "time", "run", "cycle", "io", "time", "run"});
}

namespace {
curio::Coro<void> turns(std::string name, int n) {
    for (int i = 0; i < n; ++i) {
        print(name, i);
        co_await curio::sleep(0);
    }
}
curio::Coro<void> two_players() {
    auto a = co_await curio::spawn(turns("A", 2));
    auto b = co_await curio::spawn(turns("B", 2));
    co_await curio::join(a);
    co_await curio::join(b);
}
}  // namespace

TEST_CASE("sleep(0) sends the task to the back of the ready queue: tasks take turns, one per cycle") {
    TracedKernel k;
    k.kernel.run(two_players());
    CHECK(k.out.str() == "A 0\nB 0\nA 1\nB 1\n");
    CHECK(k.story() == std::vector<std::string>{
                           "new Task-1 two_players",
                           "resume Task-1",
                           "trap Task-1 trap_spawn(turns())",
                           "new Task-2 turns",
                           "resume Task-1",  // spawn does not block: the same turn goes on
                           "trap Task-1 trap_spawn(turns())",
                           "new Task-3 turns",
                           "resume Task-1",
                           "trap Task-1 trap_join_task(Task-2)",
                           "park Task-1 TASK_JOIN on Task-2.join",
                           "resume Task-2",
                           "print Task-2: A 0",
                           "trap Task-2 trap_sleep(0.0)",
                           "wake Task-2: sleep(0): back of the ready queue",
                           "resume Task-3",
                           "print Task-3: B 0",
                           "trap Task-3 trap_sleep(0.0)",
                           "wake Task-3: sleep(0): back of the ready queue",
                           "resume Task-2",
                           "print Task-2: A 1",
                           "trap Task-2 trap_sleep(0.0)",
                           "wake Task-2: sleep(0): back of the ready queue",
                           "resume Task-3",
                           "print Task-3: B 1",
                           "trap Task-3 trap_sleep(0.0)",
                           "wake Task-3: sleep(0): back of the ready queue",
                           "resume Task-2",
                           "done Task-2 result",
                           "wake Task-1: Task-2 terminated",
                           "resume Task-3",
                           "done Task-3 result",
                           "resume Task-1",
                           "trap Task-1 trap_join_task(Task-3)",  // already terminated: no parking
                           "resume Task-1",
                           "done Task-1 result",
                       });
}

namespace {
curio::Coro<int> square(int x) {
    co_await curio::sleep(1);
    co_return x * x;
}
curio::Coro<int> crash() {
    co_await curio::sleep(0);
    throw coolio::ValueError("bad input");
}
}  // namespace

TEST_CASE("join returns the task's result; a crashed task's join raises TaskError with the cause") {
    curio::Kernel kernel;
    int result = kernel.run([]() -> curio::Coro<int> {
        auto task = co_await curio::spawn(square(7));
        co_return co_await curio::join(task);
    }());
    CHECK(result == 49);
    std::string caught = kernel.run([]() -> curio::Coro<std::string> {
        auto task = co_await curio::spawn(crash());
        try {
            co_await curio::join(task);
        } catch (const curio::TaskError& e) {
            co_return std::string(e.what()) + " from " + coolio::exception_repr(e.cause());
        }
        co_return "no error";
    }());
    CHECK(caught == "Task crashed from ValueError('bad input')");
}

namespace {
curio::Coro<void> long_sleeper() {
    try {
        co_await curio::sleep(10);
    } catch (const curio::TaskCancelled& e) {
        print("sleeper cancelled");
        throw;
    }
}
curio::Coro<void> cancel_after(double seconds) {
    auto task = co_await curio::spawn(long_sleeper());
    co_await curio::sleep(seconds);
    co_await curio::cancel(task);
    print("cancelled:", task->cancelled(), "at", co_await curio::clock());
}
}  // namespace

TEST_CASE("cancel throws TaskCancelled into a sleeper at its trap and waits until it has terminated") {
    TracedKernel k;
    k.kernel.run(cancel_after(1));
    CHECK(k.out.str() == "sleeper cancelled\ncancelled: True at 1.0\n");
    std::vector<std::string> story = k.story();
    auto from = std::find(story.begin(), story.end(), "trap Task-1 trap_cancel_task(Task-2)");
    REQUIRE(story.end() - from >= 9);
    CHECK(std::vector<std::string>(from, from + 9) == std::vector<std::string>{
                      "trap Task-1 trap_cancel_task(Task-2)",
                      "wake Task-2: TaskCancelled()",
                      "park Task-1 TASK_JOIN on Task-2.join",
                      "resume Task-2 throw TaskCancelled()",
                      "print Task-2: sleeper cancelled",
                      "done Task-2 cancelled",
                      "wake Task-1: Task-2 terminated",
                      "resume Task-1",
                      "trap Task-1 trap_clock()",
                  });
    // The sleeper's 10 s deadline is dropped, not waited for.
    CHECK(k.kernel.time() == 1.0);
}

TEST_CASE("a task cancelled before it blocks gets TaskCancelled at its first blocking trap") {
    TracedKernel k;
    k.kernel.run([]() -> curio::Coro<void> {
        auto task = co_await curio::spawn(long_sleeper());
        co_await curio::cancel(task);  // Task-2 has not run yet: the cancellation waits for it
        print("done");
    }());
    CHECK(k.out.str() == "sleeper cancelled\ndone\n");
    std::vector<std::string> story = k.story();
    CHECK(std::find(story.begin(), story.end(), "trap Task-2 trap_sleep(10.0)") != story.end());
    CHECK(std::find(story.begin(), story.end(), "resume Task-2 throw TaskCancelled()") != story.end());
    CHECK(k.count("task.park") == 1);  // only the canceller parked (TASK_JOIN)
}

TEST_CASE("a task cannot cancel itself: RuntimeError at the trap") {
    TracedKernel k;
    k.kernel.run([]() -> curio::Coro<void> {
        auto self = std::make_shared<std::shared_ptr<curio::TaskBase>>();
        auto task = co_await curio::spawn([](std::shared_ptr<std::shared_ptr<curio::TaskBase>> me) -> curio::Coro<void> {
            try {
                co_await curio::cancel(*me);
            } catch (const coolio::RuntimeError& e) {
                print("refused:", e.what());
            }
        }(self));
        *self = task;
        co_await curio::join(task);
        self->reset();  // the task's frame holds `self`, which held the task: a cycle
    }());
    CHECK(k.out.str() == "refused: A task can't cancel itself\n");
}

namespace {
curio::Coro<void> waiter(curio::Event& event, std::string name) {
    co_await event.wait();
    print(name, "saw the event");
}
curio::Coro<void> event_main() {
    curio::Event event;
    auto a = co_await curio::spawn(waiter(event, "A"));
    auto b = co_await curio::spawn(waiter(event, "B"));
    co_await curio::sleep(1);
    co_await event.set();
    co_await curio::join(a);
    co_await curio::join(b);
    co_await waiter(event, "late C");  // already set: no parking
}
}  // namespace

TEST_CASE("Event.set wakes every waiter, first come first served; a set event does not park") {
    TracedKernel k;
    k.kernel.run(event_main());
    CHECK(k.out.str() == "A saw the event\nB saw the event\nlate C saw the event\n");
    std::vector<std::string> parks, wakes;
    for (const std::string& line : k.story()) {
        if (line.rfind("park", 0) == 0) parks.push_back(line);
        if (line.rfind("wake", 0) == 0) wakes.push_back(line);
    }
    // Main's first turn goes on through both spawns (they do not block) until its sleep.
    CHECK(parks == std::vector<std::string>{"park Task-1 TIME_SLEEP on timer", "park Task-2 EVENT_WAIT on Event.wait",
                                            "park Task-3 EVENT_WAIT on Event.wait", "park Task-1 TASK_JOIN on Task-2.join"});
    CHECK(wakes == std::vector<std::string>{"wake Task-1: its sleep is over", "wake Task-2: woken from Event.wait",
                                            "wake Task-3: woken from Event.wait", "wake Task-1: Task-2 terminated"});
}

namespace {
curio::Coro<void> locker(curio::Lock& lock, std::string name) {
    co_await lock.acquire();
    print(name, "has the lock");
    co_await curio::sleep(1);
    co_await lock.release();
}
curio::Coro<void> lock_main() {
    curio::Lock lock;
    std::vector<curio::TaskPtr<void>> tasks;
    const std::vector<std::string> names{"A", "B", "C"};
    for (const std::string& name : names) tasks.push_back(co_await curio::spawn(locker(lock, name)));
    for (auto& task : tasks) co_await curio::join(task);
    print("locked at the end:", lock.locked());
}
}  // namespace

TEST_CASE("Lock hands itself to the longest waiter: one holder at a time, in arrival order") {
    TracedKernel k;
    k.kernel.run(lock_main());
    CHECK(k.out.str() == "A has the lock\nB has the lock\nC has the lock\nlocked at the end: False\n");
    CHECK(k.kernel.time() == 3.0);
}

namespace {
curio::Coro<void> producer(curio::Queue<int>& queue) {
    for (int i = 0; i < 3; ++i) {
        co_await queue.put(i);
        print("put", i);
    }
}
curio::Coro<void> consumer(curio::Queue<int>& queue) {
    for (int i = 0; i < 3; ++i) {
        int item = co_await queue.get();
        print("got", item);
        co_await curio::sleep(1);
        co_await queue.task_done();
    }
}
curio::Coro<void> queue_main() {
    curio::Queue<int> queue(1);
    auto c = co_await curio::spawn(consumer(queue));  // first, so that its get() finds the queue empty
    auto p = co_await curio::spawn(producer(queue));
    co_await curio::join(p);  // every item is in once the producer is done...
    co_await queue.join();    // ...and processed once the consumer marked the last one done
    print("joined at", co_await curio::clock());
    co_await curio::join(c);
}
}  // namespace

TEST_CASE("a bounded Queue parks put while full and get while empty; join waits for every task_done") {
    TracedKernel k;
    k.kernel.run(queue_main());
    CHECK(k.out.str() == "put 0\ngot 0\nput 1\ngot 1\nput 2\ngot 2\njoined at 3.0\n");
    std::set<std::string> states;
    for (const auto& e : k.events())
        if (e["kind"] == "task.park") states.insert(e["state"].get<std::string>());
    CHECK(states == std::set<std::string>{"QUEUE_PUT", "QUEUE_GET", "QUEUE_JOIN", "TIME_SLEEP", "TASK_JOIN"});
}

TEST_CASE("timeout_after throws TaskTimeout into a task still parked at the deadline, and nothing once it is done") {
    TracedKernel k;
    k.kernel.run([]() -> curio::Coro<void> {
        bool timed_out = false;
        try {
            co_await curio::timeout_after(2, sleeper(5));
        } catch (const curio::TaskTimeout&) {
            timed_out = true;
        }
        print("timed out:", timed_out, "at", co_await curio::clock());
        co_await curio::timeout_after(2, sleeper(1));
        co_await curio::sleep(3);  // the old 2 s deadline must not fire during this sleep
        print("end at", co_await curio::clock());
    }());
    CHECK(k.out.str() == "sleep 5.0\ntimed out: True at 2.0\nsleep 1.0\nwoke\nend at 6.0\n");
    std::vector<std::string> story = k.story();
    CHECK(std::count(story.begin(), story.end(), "resume Task-1 throw TaskTimeout('timeout_after deadline 2.0')") == 1);
}

TEST_CASE("read_wait parks a task in the selector until its socket is readable; sock_recv and sock_sendall use it") {
    int fds[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0);
    coolio::Socket left(fds[0]), right(fds[1]);
    TracedKernel k;
    k.kernel.run([](coolio::Socket& a, coolio::Socket& b) -> curio::Coro<void> {
        auto reader = co_await curio::spawn([](coolio::Socket& sock) -> curio::Coro<void> {
            std::string data = co_await curio::sock_recv(sock, 100);
            print("received", coolio::repr(data));
        }(b));
        co_await curio::sleep(1);
        co_await curio::sock_sendall(a, "hello");
        co_await curio::join(reader);
    }(left, right));
    CHECK(k.out.str() == "received 'hello'\n");
    std::string fd = std::to_string(fds[1]);
    std::vector<std::string> story = k.story();
    CHECK(std::find(story.begin(), story.end(), "park Task-2 READ_WAIT on fd " + fd + " (read)") != story.end());
    CHECK(std::find(story.begin(), story.end(), "wake Task-2: fd " + fd + " (read) is ready") != story.end());
    CHECK(k.count("io.ready") == 1);
}

TEST_CASE("the kernel refuses to wait for ever when every task is parked with nothing to wake it") {
    curio::Kernel kernel;
    CHECK_THROWS_WITH_AS(kernel.run([]() -> curio::Coro<void> {
        curio::Event never;
        co_await never.wait();
    }()),
                         doctest::Contains("would wait forever"), coolio::RuntimeError);
}

TEST_CASE("a trap awaited outside a running kernel is a RuntimeError") {
    auto outside = []() -> curio::Coro<void> { co_await curio::sleep(1); }();
    outside.handle().resume();
    CHECK_THROWS_AS(outside.handle().promise().take_result(), coolio::RuntimeError);
}
