// `coolio-trace step`, driven through stdin as a class handout would script it: every
// command, run on the real binary.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support.hpp"

using coolio::testing::run_command;

namespace {

const std::string bin = COOLIO_TRACE_BIN;

// Runs `coolio-trace step ARGS` with `commands` (one a line) on stdin.
coolio::testing::CommandResult step(const std::string& commands, const std::string& args = "sleep_wait") {
    auto path = std::filesystem::temp_directory_path() / ("coolio-step-commands-" + std::to_string(::getpid()));
    std::ofstream(path) << commands;
    auto result = run_command(bin + " step " + args + " < " + path.string());
    std::filesystem::remove(path);
    return result;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The output after the last prompt that echoed `command`.
std::string after(const std::string& output, const std::string& command) {
    std::size_t at = output.rfind("(coolio) " + command + "\n");
    return at == std::string::npos ? std::string() : output.substr(at);
}

}  // namespace

TEST_SUITE("coolio-trace step") {
    TEST_CASE("step opens at the header and shows the event, why it happens and what it changed") {
        auto r = step("");
        CHECK(r.status == 0);
        CHECK(has(r.output, "Stepping through scenario sleep_wait: 111 events, ticks 0..13, virtual clock."));
        CHECK(has(r.output, "    0  tick 0   t=0.0   trace.begin     sleep_wait"));
        CHECK(has(r.output, "  asyncio  loop.run_until_complete"));
        CHECK(has(r.output, "  changed  nothing in the loop's state"));
    }

    TEST_CASE("next, an empty line and back move one event and show what changed") {
        auto r = step("n\n\nb\nnext 3\nback 2\n");
        CHECK(r.status == 0);
        CHECK(has(after(r.output, "n"), "    1  tick 0   t=0.0   task.new        Task-1 for wait()"));
        CHECK(has(after(r.output, "n"), "changed  Task-1: new task running wait(), pending"));
        CHECK(has(r.output, "(coolio) \n    2  tick 0   t=0.0   call_soon       h1 Task-1.__step()"));
        CHECK(has(r.output, "changed  ready: +Task-1.__step()"));
        CHECK(has(after(r.output, "b"), "    1  tick 0"));
        std::string next3 = after(r.output, "next 3");
        CHECK(has(next3, "    2  tick 0"));  // passed over, on one line
        CHECK(has(next3, "    4  tick 1   t=0.0   tick.begin"));
        CHECK(has(after(r.output, "back 2"), "    2  tick 0"));
    }

    TEST_CASE("at the tick where the first timer fires, the timer moves from the heap to the ready queue, explained") {
        auto r = step("goto tick 3\nn\nn\nstate\n");
        CHECK(r.status == 0);
        std::string due = after(r.output, "n");  // the second n: event 48
        CHECK(has(due, "   48  tick 3   t=1.0   timer.due       h5 futures._set_result_unless_cancelled(Future-6) when=1.0"));
        CHECK(has(due, "asyncio  tasks.sleep · BaseEventLoop._run_once"));
        CHECK(has(due, "why      After select, _run_once looks at the top of the timer heap"));
        CHECK(has(due, "changed  ready: +futures._set_result_unless_cancelled(Future-6)"));
        CHECK(has(due, "timers: -futures._set_result_unless_cancelled(Future-6)"));
        std::string state = after(r.output, "state");
        CHECK(has(state, "State after event 48 (tick 3, t=1.0)"));
        CHECK(has(state, "  ready     1  h5 futures._set_result_unless_cancelled(Future-6)"));
        CHECK(has(state, "  timers    2  h6 futures._set_result_unless_cancelled(Future-7)  when=2.0"));
    }

    TEST_CASE("goto jumps to an event, to the start of a tick and to either end") {
        auto r = step("g 57\ngoto tick 5\ng end\ng start\ng 999\ngoto tick 99\n");
        CHECK(has(after(r.output, "g 57"), "   57  tick 4   t=1.0   print           Task-2: long time work End"));
        CHECK(has(after(r.output, "goto tick 5"), "   60  tick 5   t=1.0   tick.begin"));
        CHECK(has(after(r.output, "g end"), "  110  tick 13  t=3.0   trace.end       complete · 111 events"));
        CHECK(has(after(r.output, "g start"), "    0  tick 0   t=0.0   trace.begin"));
        CHECK(has(after(r.output, "g 999"), "g: there is no event 999 (the last is 110)"));
        CHECK(has(after(r.output, "goto tick 99"), "goto: there is no tick 99 (this trace has ticks 0..13)"));
    }

    TEST_CASE("continue stops at breakpoints on a kind, a task, a tick and a printed text") {
        auto r = step("break kind timer.due\nc\nc\ndelete\nbreak task Task-3\nc\ndelete\nbreak tick 8\nc\n"
                      "delete\nbreak print End\nc\ndelete\nc\n");
        CHECK(has(r.output, "Breakpoint 1: kind timer.due"));
        CHECK(has(r.output, "Breakpoint 1 (kind timer.due) at event 48"));
        CHECK(has(r.output, "Breakpoint 1 (kind timer.due) at event 65"));
        CHECK(has(r.output, "Breakpoint 2 (task Task-3) at event 68"));  // the wakeup of Task-3 is queued
        CHECK(has(r.output, "Breakpoint 3 (tick 8) at event 77"));
        CHECK(has(r.output, "Breakpoint 4 (print End) at event 91"));
        CHECK(has(after(r.output, "c"), "No breakpoints: going to the last event."));
        CHECK(has(after(r.output, "c"), "  110  tick 13"));
    }

    TEST_CASE("breaks lists the breakpoints and delete removes one or all") {
        auto r = step("breaks\nbreak kind call_at\nbreak tick 3..4\nbreaks\ndelete 1\nbreaks\ndelete 7\ndelete\nbreaks\n");
        CHECK(has(after(r.output, "breaks"), "No breakpoints."));
        CHECK(has(r.output, "  1  kind call_at\n  2  tick 3..4\n"));
        CHECK(has(r.output, "Deleted breakpoint 1 (kind call_at)."));
        CHECK(has(after(r.output, "delete 7"), "delete: there is no breakpoint 7"));
        CHECK(has(r.output, "Deleted all breakpoints (1)."));
    }

    TEST_CASE("a breakpoint that cannot be set says why") {
        auto r = step("break kind timer.fire\nbreak task Task-99\nbreak tick x\nbreak color red\n");
        CHECK(has(r.output, "break: unknown event kind 'timer.fire' (kinds: trace.begin, tick.begin,"));
        CHECK(has(r.output, "break: no task named 'Task-99' in this trace"));
        CHECK(has(r.output, "break: a tick is a number N or a range A..B"));
        CHECK(has(r.output, "break: break on: kind KIND, task NAME, tick N or print TEXT (not 'color')"));
    }

    TEST_CASE("info shows the ready queue, timers, tasks, futures, fds and what is running") {
        auto r = step("g 55\ninfo\n");
        std::string info = after(r.output, "info");
        CHECK(has(info, "State after event 55 (tick 4, t=1.0)"));
        CHECK(has(info, "  ready     0\n"));
        CHECK(has(info, "  tasks     4  Task-1 wait() · suspended on Future-5 (_wait.waiter) · 1 step · wait → _wait"));
        CHECK(has(info, "Task-2 do_some_work() · running · 2 steps · do_some_work → long_time_work → sleep"));
        CHECK(has(info, "  futures   4  Future-5 (_wait.waiter) · pending · callbacks: Task-1.__wakeup()"));
        CHECK(has(info, "  fds       0\n"));
        CHECK(has(info, "handle h8 Task-2.__wakeup(Future-6) · task Task-2"));
    }

    TEST_CASE("where shows the running task's frames innermost first, or where each task waits") {
        auto r = step("g 55\nwhere\ng 48\nw\n");
        std::string running = after(r.output, "where");
        CHECK(has(running, "Task-2 is running (step 2) from where it last stopped; frames, innermost first:\n"
                           "  #0 sleep\n  #1 long_time_work\n  #2 do_some_work  (the task's coroutine)"));
        std::string idle = after(r.output, "w");
        CHECK(has(idle, "No task is running at event 48"));
        CHECK(has(idle, "  Task-3   suspended on Future-7 (sleep) · do_some_work → long_time_work → sleep"));
    }

    TEST_CASE("list shows the events around the cursor, marked") {
        auto r = step("g 48\nlist\nl 3\n");
        std::string list = after(r.output, "list");
        CHECK(has(list, "     43  tick 2"));
        CHECK(has(list, "->   48  tick 3   t=1.0   timer.due"));
        CHECK(has(list, "     53  tick 4"));
        CHECK(has(after(r.output, "l 3"), "      0  tick 0"));
    }

    TEST_CASE("help lists every command") {
        auto r = step("h\n");
        for (const char* command : {"next, n", "back, b", "goto, g", "continue, c", "break kind K", "breaks", "delete, d",
                                    "info, state, i", "where, w, bt", "list, l", "help, h", "quit, q"})
            CHECK_MESSAGE(has(r.output, command), command);
    }

    TEST_CASE("q, quit and the end of the input all leave with exit code 0") {
        for (const char* input : {"q\nn\n", "quit\n", "", "n\nn"}) {
            auto r = step(input);
            CHECK(r.status == 0);
        }
        CHECK_FALSE(has(step("q\nn\n").output, "    1  tick 0"));  // nothing runs after q
    }

    TEST_CASE("an unknown command or a bad argument is reported and the session goes on") {
        auto r = step("jump\nn x\nn\n");
        CHECK(has(r.output, "Unknown command 'jump'. Type h for the list of commands."));
        CHECK(has(r.output, "n: COUNT must be a whole number, not 'x' (usage: next [COUNT])"));
        CHECK(has(after(r.output, "n"), "    1  tick 0"));
        CHECK(r.status == 0);
    }

    TEST_CASE("the first and the last event say so instead of moving") {
        auto r = step("b\ng end\nn\nc\n");
        CHECK(has(after(r.output, "b"), "This is the first event."));
        CHECK(has(after(r.output, "n"), "This is the last event."));
        CHECK(has(after(r.output, "c"), "This is the last event."));
    }

    TEST_CASE("output is plain text when stdout is not a terminal or NO_COLOR is set, coloured with --color always") {
        CHECK_FALSE(has(step("n\n").output, "\033["));
        CHECK(has(step("n\n", "sleep_wait --color always").output, "\033["));
        auto r = run_command("printf 'n\\n' | NO_COLOR=1 " + bin + " step sleep_wait");
        CHECK_FALSE(has(r.output, "\033["));
    }

    TEST_CASE("step reads a trace file, and step -o writes the scenario's trace to one") {
        auto path = std::filesystem::temp_directory_path() / ("coolio-step-" + std::to_string(::getpid()) + ".trace.jsonl");
        auto written = step("q\n", "sleep_wait -o " + path.string());
        CHECK(written.status == 0);
        REQUIRE(std::filesystem::exists(path));
        auto read = step("g 48\n", path.string());
        CHECK(read.status == 0);
        CHECK(has(read.output, "Stepping through " + path.string() + ": 111 events"));
        CHECK(has(read.output, "   48  tick 3   t=1.0   timer.due"));
        std::filesystem::remove(path);
    }
}
