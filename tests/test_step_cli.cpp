// `coolio-trace show`, and what `step` and `show` do with bad input: one line naming
// the file (and line), exit code 2; a trace cut short after whole lines opens with a
// warning. The bad inputs are the small files of tests/hostile/.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support.hpp"

using coolio::testing::run_command;

namespace {

const std::string bin = COOLIO_TRACE_BIN;
const std::string bad = std::string(COOLIO_SOURCE_DIR) + "/tests/hostile/";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        out.push_back(text.substr(pos, end - pos));
        pos = end == std::string::npos ? text.size() : end + 1;
    }
    return out;
}

// Both commands must refuse `file` with exactly `message` on one line, exit code 2.
void refused(const std::string& file, const std::string& message) {
    for (const char* command : {" step ", " show "}) {
        auto r = run_command(bin + command + file + " < /dev/null");
        INFO(command, file);
        CHECK(r.status == 2);
        CHECK(r.output == "coolio-trace: " + message + "\n");
    }
}

}  // namespace

TEST_SUITE("coolio-trace show") {
    TEST_CASE("show lists every event on one line, the same line the stepper shows") {
        auto r = run_command(bin + " show sleep_wait");
        CHECK(r.status == 0);
        auto all = lines(r.output);
        CHECK(all.size() == 111);
        CHECK(all[48] == "   48  tick 3   t=1.0   timer.due       h5 futures._set_result_unless_cancelled(Future-6) when=1.0");
    }

    TEST_CASE("show --kind, --task, --tick and --print select events; kinds are alternatives, the rest must all hold") {
        auto due = lines(run_command(bin + " show sleep_wait --kind timer.due --kind call_at").output);
        CHECK(due.size() == 6);
        auto task = run_command(bin + " show sleep_wait --task Task-3").output;
        CHECK(has(task, "task.step       Task-3 send(None)"));
        CHECK_FALSE(has(task, "Task-2"));
        auto by_id = run_command(bin + " show sleep_wait --task 3").output;
        CHECK(by_id == task);
        auto ticks = lines(run_command(bin + " show sleep_wait --tick 3..4").output);
        CHECK(ticks.front().find("   46  tick 3") == 0);
        CHECK(ticks.back().find("   59  tick 4") == 0);
        auto both = lines(run_command(bin + " show sleep_wait --tick 4.. --kind task.step --task Task-4").output);
        CHECK(both == std::vector<std::string>{"   89  tick 10  t=3.0   task.step       Task-4 send(None)"});
        auto printed = lines(run_command(bin + " show sleep_wait --print End").output);
        CHECK(printed.size() == 3);
    }

    TEST_CASE("show --states prints, for each event, one JSON line of the state after it") {
        auto r = run_command(bin + " show sleep_wait --states");
        CHECK(r.status == 0);
        auto all = lines(r.output);
        REQUIRE(all.size() == 111);
        auto keys = [](const nlohmann::ordered_json& object) {
            std::vector<std::string> out;
            for (auto it = object.begin(); it != object.end(); ++it) out.push_back(it.key());
            return out;
        };
        for (std::size_t seq = 0; seq < all.size(); ++seq) {
            auto state = nlohmann::ordered_json::parse(all[seq]);  // keeps the keys in their order
            CHECK(state["seq"] == seq);
            CHECK(keys(state) == std::vector<std::string>{"seq", "tick", "t", "ready", "timers", "tasks", "futures", "fds", "current"});
            CHECK(keys(state["current"]) == std::vector<std::string>{"handle", "task"});
            for (const auto& task : state["tasks"])
                CHECK(keys(task) == std::vector<std::string>{"task", "name", "coro", "state", "waiting_on", "chain", "outcome", "steps", "callbacks"});
            for (const auto& future : state["futures"])
                CHECK(keys(future) == std::vector<std::string>{"future", "label", "state", "callbacks"});
            for (const auto& timer : state["timers"])
                CHECK(keys(timer) == std::vector<std::string>{"handle", "callback", "when", "cancelled"});
            for (const auto& handle : state["ready"]) CHECK(keys(handle) == std::vector<std::string>{"handle", "callback", "cancelled"});
        }
        CHECK(all[48].rfind(R"J({"seq":48,"tick":3,"t":1.0,"ready":[{"handle":5,"callback":"futures._set_result_unless_cancelled(Future-6)","cancelled":false}],"timers":[)J", 0) == 0);
        CHECK(has(all[48], R"J(],"tasks":[{"task":1,"name":"Task-1","coro":"wait","state":"suspended","waiting_on":5,"chain":["wait","_wait"],"outcome":null,"steps":1,"callbacks":["_run_until_complete_cb()"]},)J"));
        CHECK(has(all[48], R"J("fds":[],"current":{"handle":null,"task":null}})J"));
        auto filtered = lines(run_command(bin + " show sleep_wait --states --kind timer.due").output);
        CHECK(filtered.size() == 3);
        CHECK(filtered[0].rfind(R"J({"seq":48,)J", 0) == 0);
    }

    TEST_CASE("a bad filter is one line saying why, exit 2") {
        auto r = run_command(bin + " show sleep_wait --kind nope");
        CHECK(r.status == 2);
        CHECK(has(r.output, "coolio-trace: unknown event kind 'nope'"));
        CHECK(run_command(bin + " show sleep_wait --tick 5..2").status == 2);
        CHECK(run_command(bin + " show sleep_wait --task Task-77").status == 2);
    }
}

TEST_SUITE("coolio-trace step and show with bad input") {
    TEST_CASE("a missing file is named, exit 2") {
        refused("no/such.trace.jsonl", "no/such.trace.jsonl: cannot open: No such file or directory");
    }

    TEST_CASE("a name that is neither a file nor a scenario says so, exit 2") {
        auto r = run_command(bin + " step sleepwait < /dev/null");
        CHECK(r.status == 2);
        CHECK(has(r.output, "coolio-trace: 'sleepwait' is neither a trace file nor a scenario (scenarios: sleep_wait,"));
    }

    TEST_CASE("a file that is not a coolio trace is named, exit 2") {
        refused(bad + "not_a_trace.txt", bad + "not_a_trace.txt:1: not a coolio trace (the first line is not JSON)");
        refused(bad + "not_a_trace.jsonl",
                bad + "not_a_trace.jsonl:1: not a coolio trace (the first line must be a trace.begin header with format \"coolio-trace\")");
        refused(bad + "empty.jsonl", bad + "empty.jsonl: the file is empty, not a coolio trace");
    }

    TEST_CASE("a line that is not JSON, an unknown kind and a newer format version name the file and line, exit 2") {
        refused(bad + "bad_json_line.jsonl", bad + "bad_json_line.jsonl:4: not valid JSON");
        refused(bad + "unknown_kind.jsonl", bad + "unknown_kind.jsonl:3: unknown event kind 'task.teleport'");
        refused(bad + "newer_version.jsonl",
                bad + "newer_version.jsonl:1: trace format version 2 is newer than this coolio-trace reads (1); update coolio");
    }

    TEST_CASE("a trace cut short in the middle of a line names the line, exit 2") {
        refused(bad + "cut_mid_line.jsonl",
                bad + "cut_mid_line.jsonl:9: the file ends in the middle of an event (the last line is cut short); "
                      "delete that line to read the events before it");
    }

    TEST_CASE("a trace cut short after whole lines opens, with a warning, up to its last event") {
        auto r = run_command("printf 'g end\\n' | " + bin + " step " + bad + "cut_after_line.jsonl");
        CHECK(r.status == 0);
        CHECK(has(r.output, "coolio-trace: warning: " + bad +
                                "cut_after_line.jsonl: no trace.end event: the run was cut short; showing the 30 events written"));
        CHECK(has(r.output, "   29  tick 2"));
        auto shown = run_command(bin + " show " + bad + "cut_after_line.jsonl");
        CHECK(shown.status == 0);
        auto all = lines(shown.output);
        REQUIRE(all.size() == 31);  // the warning, then the 30 events
        CHECK(all[0].rfind("coolio-trace: warning: ", 0) == 0);
        CHECK(all[30].rfind("   29  tick 2", 0) == 0);
    }

    TEST_CASE("events that contradict the loop's state name the file and line, exit 2, never a crash") {
        refused(bad + "run_not_front.jsonl",
                bad + "run_not_front.jsonl:23: handle.run of handle 3 (Task-3.__step()), but the front of the ready queue "
                      "is handle 2 (Task-2.__step())");
        refused(bad + "step_unknown_task.jsonl", bad + "step_unknown_task.jsonl:8: task.step for task 9, which no task.new created");
    }
}
