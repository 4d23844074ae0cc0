// `coolio-trace export --format chrome`: the output parses and keeps the rules of the
// Chrome Trace Event Format that Perfetto and chrome://tracing rely on.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include "coolio/tracer/chrome_export.hpp"
#include "coolio/tracer/trace_reader.hpp"
#include "scenario.hpp"
#include "support.hpp"

using nlohmann::json;
using coolio::testing::run_command;

namespace {

const std::string bin = COOLIO_TRACE_BIN;

coolio::tracer::Trace scenario_trace(std::string_view name) {
    coolio::tracer::MemorySink sink;
    coolio::scenarios::run(*coolio::scenarios::find(name), {"virtual", &sink, nullptr});
    return coolio::tracer::parse_trace(sink.text(), std::string(name));
}

// A small trace with what no built-in scenario has: a watched descriptor that wakes
// the loop, and a timer that is cancelled and dropped.
const char* const io_trace = R"trace({"seq":0,"tick":0,"t":0.0,"kind":"trace.begin","format":"coolio-trace","version":1,"scenario":"io","clock":"virtual","runtime":"asyncio"}
{"seq":1,"tick":0,"t":0.0,"kind":"io.watch","fd":5,"events":"r","handle":1,"callback":"_read_ready()"}
{"seq":2,"tick":0,"t":0.0,"kind":"call_at","handle":2,"callback":"later()","when":5.0}
{"seq":3,"tick":0,"t":0.0,"kind":"handle.cancel","handle":2,"callback":"later()"}
{"seq":4,"tick":1,"t":0.0,"kind":"tick.begin","ready":0,"scheduled":0,"timeout":null,"dropped":[2]}
{"seq":5,"tick":1,"t":0.5,"kind":"select","timeout":null,"events":1}
{"seq":6,"tick":1,"t":0.5,"kind":"io.ready","fd":5,"events":"r","handles":[1]}
{"seq":7,"tick":1,"t":0.5,"kind":"handle.run","handle":1,"callback":"_read_ready()"}
{"seq":8,"tick":1,"t":0.5,"kind":"print","cause":7,"text":"read 3 bytes","task":null}
{"seq":9,"tick":1,"t":0.5,"kind":"io.unwatch","cause":7,"fd":5,"events":"r"}
{"seq":10,"tick":1,"t":0.5,"kind":"loop.stop","cause":7}
{"seq":11,"tick":1,"t":0.5,"kind":"trace.end","reason":"complete","events":12}
)trace";

// Checks the format's rules on an exported trace; returns the events by phase.
std::map<std::string, std::vector<json>> check_chrome_trace(const json& out) {
    REQUIRE(out.is_object());
    REQUIRE(out.contains("traceEvents"));
    REQUIRE(out["traceEvents"].is_array());
    std::map<std::string, std::vector<json>> by_phase;
    std::set<std::pair<int, int>> named_threads;
    for (const json& e : out["traceEvents"]) {
        REQUIRE(e.is_object());
        // Required fields: ph, name, pid, tid; a timestamp on everything but metadata.
        REQUIRE(e.contains("ph"));
        REQUIRE(e["ph"].is_string());
        std::string ph = e["ph"];
        CHECK_MESSAGE(e.contains("name"), e.dump());
        CHECK(e["name"].is_string());
        CHECK(e["pid"].is_number_integer());
        CHECK(e["tid"].is_number_integer());
        if (ph == "M") {
            CHECK(e["args"].is_object());
            if (e["name"] == "thread_name") named_threads.insert({e["pid"].get<int>(), e["tid"].get<int>()});
        } else {
            REQUIRE_MESSAGE(e.contains("ts"), e.dump());
            CHECK(e["ts"].is_number());
            CHECK(e["ts"].get<double>() >= 0);
        }
        if (ph == "X") {
            REQUIRE_MESSAGE(e.contains("dur"), e.dump());
            CHECK(e["dur"].get<double>() >= 0);
        }
        if (ph == "i") CHECK(std::string("gpt").find(e.value("s", "t")) != std::string::npos);
        if (ph == "s" || ph == "f" || ph == "b" || ph == "e") {
            CHECK(e.contains("id"));
            CHECK(e.contains("cat"));
        }
        CHECK_MESSAGE(std::string("XiMsfbeC").find(ph) != std::string::npos, "unexpected phase " << ph);
        by_phase[ph].push_back(e);
    }
    // Every thread that has events has a name (a lane title in Perfetto).
    for (const json& e : out["traceEvents"])
        if (e["ph"] != "M")
            CHECK_MESSAGE(named_threads.count({e["pid"].get<int>(), e["tid"].get<int>()}), "unnamed thread in " << e.dump());

    // Slices on one thread nest properly: sorted by start (longer first), each one ends
    // before the one it started in does.
    std::map<std::pair<int, int>, std::vector<std::pair<double, double>>> slices;
    for (const json& e : by_phase["X"])
        slices[{e["pid"].get<int>(), e["tid"].get<int>()}].push_back(
            {e["ts"].get<double>(), e["ts"].get<double>() + e["dur"].get<double>()});
    for (auto& [thread, list] : slices) {
        std::sort(list.begin(), list.end(), [](auto& a, auto& b) {
            return a.first != b.first ? a.first < b.first : a.second > b.second;
        });
        std::vector<double> open;  // ends of the enclosing slices
        for (const auto& [begin, end] : list) {
            while (!open.empty() && open.back() <= begin) open.pop_back();
            if (!open.empty()) CHECK_MESSAGE(end <= open.back(), "slice [" << begin << ", " << end << ") overlaps its parent on tid " << thread.second);
            open.push_back(end);
        }
    }

    // Flow events: each "s" has exactly one "f" with the same id, category and name, no
    // earlier than it; and both lie inside a slice of their thread (what they bind to).
    std::map<std::tuple<std::string, std::string, std::uint64_t>, int> starts, finishes;
    std::map<std::uint64_t, double> start_ts;
    auto inside_slice = [&](const json& e) {
        for (const auto& [begin, end] : slices[{e["pid"].get<int>(), e["tid"].get<int>()}])
            if (begin <= e["ts"].get<double>() && e["ts"].get<double>() < end) return true;
        return false;
    };
    for (const json& e : by_phase["s"]) {
        starts[{e["cat"], e["name"], e["id"].get<std::uint64_t>()}]++;
        start_ts[e["id"].get<std::uint64_t>()] = e["ts"].get<double>();
        CHECK_MESSAGE(inside_slice(e), "flow start outside any slice: " << e.dump());
    }
    for (const json& e : by_phase["f"]) {
        finishes[{e["cat"], e["name"], e["id"].get<std::uint64_t>()}]++;
        CHECK(e.value("bp", "") == "e");
        CHECK(start_ts.count(e["id"].get<std::uint64_t>()));
        CHECK(start_ts[e["id"].get<std::uint64_t>()] <= e["ts"].get<double>());
        CHECK_MESSAGE(inside_slice(e), "flow end outside any slice: " << e.dump());
    }
    CHECK(starts == finishes);
    for (const auto& [key, count] : starts) CHECK(count == 1);

    // Async (timer) events: every "b" is ended by one "e" of the same category and id.
    std::map<std::pair<std::string, std::uint64_t>, double> open_async;
    for (const json& e : out["traceEvents"]) {
        if (e["ph"] == "b") open_async[{e["cat"], e["id"].get<std::uint64_t>()}] = e["ts"].get<double>();
        if (e["ph"] == "e") {
            auto key = std::make_pair(e["cat"].get<std::string>(), e["id"].get<std::uint64_t>());
            REQUIRE(open_async.count(key));
            CHECK(open_async[key] <= e["ts"].get<double>());
            open_async.erase(key);
        }
    }
    CHECK(open_async.empty());
    return by_phase;
}

std::string thread_name(const json& out, int tid) {
    for (const json& e : out["traceEvents"])
        if (e["ph"] == "M" && e["name"] == "thread_name" && e["tid"] == tid) return e["args"]["name"];
    return "";
}

}  // namespace

TEST_SUITE("export to the Chrome trace format") {
    TEST_CASE("every scenario exports a trace that follows the format's rules") {
        for (const auto& scenario : coolio::scenarios::all()) {
            CAPTURE(scenario.name);
            json out = json::parse(coolio::tracer::chrome_trace(scenario_trace(scenario.name)).dump());
            auto by_phase = check_chrome_trace(out);
            CHECK(!by_phase["X"].empty());
            CHECK(!by_phase["s"].empty());
        }
    }

    TEST_CASE("sleep_wait: a lane per task, their steps and sleeps, and the wakeup arrows") {
        json out = chrome_trace(scenario_trace("sleep_wait"));
        auto by_phase = check_chrome_trace(out);
        CHECK(thread_name(out, 1) == "loop (ticks, handles)");
        CHECK(thread_name(out, 2) == "selector");
        CHECK(thread_name(out, 3) == "timer heap");
        CHECK(thread_name(out, 101) == "Task-2 (do_some_work)");
        std::multiset<std::string> task2;
        for (const json& e : by_phase["X"])
            if (e["tid"] == 101) task2.insert(e["name"].get<std::string>());
        CHECK(task2 == std::multiset<std::string>{"pending", "step 1", "await Future-6 (sleep)", "step 2"});
        // Ticks on the loop lane, with the selector's 1 s waits beside them.
        int ticks = 0, waits = 0;
        for (const json& e : by_phase["X"]) {
            if (e["tid"] == 1 && e["cat"] == "tick") ++ticks;
            if (e["tid"] == 2 && e["name"] == "select: wait 1.0 s") ++waits;
        }
        CHECK(ticks == 14);  // "before the loop" and ticks 1 to 13
        CHECK(waits == 3);
        // Three timers (the sleeps) on the timer heap.
        CHECK(by_phase["b"].size() == 3);
        // Flows: each task step is reached from the handle run that performs it.
        std::size_t runs = 0;
        for (const json& e : by_phase["s"]) runs += e["name"] == "runs";
        CHECK(runs == 8);
        // Time: 10 µs per event, 40 µs per tick; the loop time is kept in the args.
        CHECK(coolio::tracer::chrome_ts(50, 3) == 620);
        for (const json& e : by_phase["i"])
            if (e["name"] == "long time work End") CHECK(e["args"]["t"].get<double>() >= 1.0);
    }

    TEST_CASE("a curio trace: each task's lane shows its resumptions and what it was parked on") {
        coolio::tracer::MemorySink sink;
        coolio::scenarios::run(*coolio::scenarios::find("sleep_wait"), {"virtual", &sink, nullptr, "curio"});
        json out = chrome_trace(coolio::tracer::parse_trace(sink.text(), "sleep_wait (curio)"));
        auto by_phase = check_chrome_trace(out);
        std::vector<std::string> task2;
        for (const json& e : by_phase["X"])
            if (e["tid"] == 101) task2.push_back(e["name"].get<std::string>());
        std::sort(task2.begin(), task2.end());
        CHECK(task2 == std::vector<std::string>{"parked TIME_SLEEP on timer", "pending", "resume 1", "resume 2"});
        std::size_t traps = 0;
        for (const json& e : by_phase["i"]) traps += e["cat"] == "trap";
        CHECK(traps == 11);
    }

    TEST_CASE("I/O wake-ups and dropped timers") {
        json out = chrome_trace(coolio::tracer::parse_trace(io_trace, "io"));
        auto by_phase = check_chrome_trace(out);
        bool io_flow = false;
        for (const json& e : by_phase["s"]) io_flow |= e["tid"] == 1 && e["name"] == "schedules";
        CHECK(io_flow);
        bool ready = false;
        for (const json& e : by_phase["i"]) ready |= e["tid"] == 2 && e["name"] == "fd 5 ready (r)";
        CHECK(ready);
        REQUIRE(by_phase["e"].size() == 1);
        CHECK(by_phase["e"][0]["ts"] == coolio::tracer::chrome_ts(4, 1) + 5);  // dropped at tick.begin
    }

    TEST_CASE("coolio-trace export writes the file, or says what is wrong") {
        auto dir = std::filesystem::temp_directory_path() / ("coolio-export-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        std::string trace = (dir / "sw.trace.jsonl").string();
        REQUIRE(run_command(bin + " run sleep_wait -q -o " + trace).status == 0);

        auto r = run_command(bin + " export " + trace + " --format chrome");
        CHECK(r.status == 0);
        std::ifstream in(dir / "sw.chrome.json");
        REQUIRE(in);
        check_chrome_trace(json::parse(in));

        r = run_command(bin + " export " + trace + " -o -");
        CHECK(r.status == 0);
        check_chrome_trace(json::parse(r.output));

        r = run_command(bin + " export " + trace + " --format svg");
        CHECK(r.status == 2);

        std::ofstream((dir / "bad.trace.jsonl").string()) << std::string(io_trace).substr(0, 200) << "\n{oops}\n";
        r = run_command(bin + " export " + (dir / "bad.trace.jsonl").string());
        CHECK(r.status == 2);
        CHECK(r.output.find("bad.trace.jsonl:2: not valid JSON") != std::string::npos);
        std::filesystem::remove_all(dir);
    }
}
