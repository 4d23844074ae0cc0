// crash_program — a traced program that ends badly on purpose, for test_crash_safe.cpp.
//
//   crash_program MODE TRACE_FILE
//
// It runs its program through scenarios::run with a FileSink, exactly as
// `coolio-trace run` does (so with the same CrashGuard), and ends as MODE says:
//   throw   the program raises out of run_until_complete      exit 1
//   abort   a callback calls std::abort()                       killed by SIGABRT
//   wait    a task prints every 10 ms (real clock) for ever     until a signal
//   busy    after some ticks a callback spins for ever          until a signal
//   flood   tasks yield for ever (virtual clock)                until writing fails: exit 3
#include <cstdlib>
#include <iostream>
#include <string>

#include "coolio/coolio.hpp"
#include "coolio/tracer/sinks.hpp"
#include "scenario.hpp"

using namespace coolio;

namespace {

Coro<void> tick_then(int ticks, void (*then)()) {
    for (int i = 0; i < ticks; ++i) co_await coolio::sleep(0);
    get_running_loop().call_soon(then, "then");
    co_await coolio::sleep(3600);
}

Coro<void> raise_after_a_while() {
    co_await coolio::sleep(1);
    throw ValueError("the program failed");
}

Coro<void> print_forever() {
    for (int i = 0;; ++i) {
        print("still running", i);
        co_await coolio::sleep(0.01);
    }
}

Coro<void> yield_forever() {
    while (true) co_await coolio::sleep(0);
}

void spin() {
    // Tell the test (which waits for this word in our output) that we are stuck now.
    std::cout << "spinning" << std::endl;
    volatile unsigned long n = 0;
    while (true) n = n + 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: crash_program throw|abort|wait|busy|flood TRACE_FILE\n";
        return 2;
    }
    std::string mode = argv[1];
    scenarios::Scenario program{"crash_program", "ends badly on purpose", nullptr};
    std::string clock = "virtual";
    if (mode == "throw") {
        program.main = [](EventLoop& loop) { loop.run_until_complete(raise_after_a_while()); };
    } else if (mode == "abort") {
        program.main = [](EventLoop& loop) { loop.run_until_complete(tick_then(5, [] { std::abort(); })); };
    } else if (mode == "wait") {
        clock = "real";
        program.main = [](EventLoop& loop) { loop.run_until_complete(print_forever()); };
    } else if (mode == "busy") {
        clock = "real";
        program.main = [](EventLoop& loop) { loop.run_until_complete(tick_then(20, spin)); };
    } else if (mode == "flood") {
        program.main = [](EventLoop& loop) {
            std::vector<TaskPtr<void>> tasks;
            for (int i = 0; i < 10; ++i) tasks.push_back(loop.create_task(yield_forever()));
            loop.run_until_complete(tasks.front());
        };
    } else {
        std::cerr << "crash_program: unknown mode '" << mode << "'\n";
        return 2;
    }
    tracer::FileSink sink(argv[2]);
    scenarios::RunResult result = scenarios::run(program, {clock, &sink, nullptr});
    if (sink.error()) {
        std::cerr << "crash_program: the trace could not be written: " << result.error << "\n";
        return 3;
    }
    return result.ok ? 0 : 1;
}
