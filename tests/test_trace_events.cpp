// The compact trace reader (tracer/trace_events.hpp): the same rules and messages as
// read_trace, a compact event per line, and exact strings and numbers.
#include <doctest/doctest.h>

#include <cmath>

#include "coolio/tracer/event_kinds.hpp"
#include "coolio/tracer/trace_events.hpp"
#include "coolio/tracer/trace_reader.hpp"
#include "scenario.hpp"
#include "support.hpp"

using namespace coolio;
using namespace coolio::tracer;

namespace {

const std::string HEADER =
    R"J({"seq":0,"tick":0,"t":0.0,"kind":"trace.begin","format":"coolio-trace","version":1,"scenario":"x","clock":"virtual","runtime":"asyncio"})J"
    "\n";

std::string scenario_trace(std::string_view name) {
    MemorySink sink;
    scenarios::run(*scenarios::find(name), {"virtual", &sink, nullptr});
    return sink.text();
}

// What read_trace and read_trace_events say about a text: both messages, or "ok".
std::pair<std::string, std::string> both_readers(const std::string& text) {
    std::string tree = "ok", compact = "ok";
    try {
        parse_trace(text, "t.jsonl");
    } catch (const TraceError& e) {
        tree = e.what();
    }
    try {
        parse_trace_events(text, "t.jsonl");
    } catch (const TraceError& e) {
        compact = e.what();
    }
    return {tree, compact};
}

}  // namespace

TEST_SUITE("the compact trace reader") {
    TEST_CASE("every built-in scenario's trace reads the same as with read_trace, field by field") {
        for (const scenarios::Scenario& scenario : scenarios::all()) {
            std::string text = scenario_trace(scenario.name);
            Trace tree = parse_trace(text, "tree");
            TraceEvents compact = parse_trace_events(text, "compact");
            INFO(scenario.name);
            REQUIRE(compact.events.size() == tree.events.size());
            CHECK(compact.complete());
            CHECK(compact.warnings.empty());
            for (std::size_t i = 0; i < tree.events.size(); ++i) {
                const nlohmann::json& e = tree.events[i];
                const tracer::Event& c = compact.events[i];
                CHECK(c.seq == i);
                CHECK(kind_name(c.kind()) == e["kind"].get<std::string>());
                CHECK(c.tick == e["tick"].get<std::uint64_t>());
                CHECK(c.t == e["t"].get<double>());
                CHECK(c.cause.has_value() == e.contains("cause"));
                if (auto* run = std::get_if<ev::HandleRun>(&c.payload)) {
                    CHECK(run->handle == e["handle"].get<std::uint64_t>());
                    CHECK(compact.str(run->callback) == e["callback"].get<std::string>());
                }
                if (auto* suspend = std::get_if<ev::TaskSuspend>(&c.payload)) {
                    std::vector<std::string> chain;
                    for (Str frame : compact.strs(suspend->chain)) chain.emplace_back(compact.str(frame));
                    CHECK(chain == e["chain"].get<std::vector<std::string>>());
                }
                if (auto* print = std::get_if<ev::Print>(&c.payload)) CHECK(compact.str(print->text) == e["text"].get<std::string>());
            }
        }
    }

    TEST_CASE("strings with escapes and non-ASCII text, and numbers, are read exactly") {
        std::string text = HEADER +
                           R"J({"seq":1,"tick":0,"t":1e-3,"kind":"print","text":"tab\there \"q\" \\ \u00e9 \ud83d\ude00 é ✓","task":null})J" "\n" +
                           R"J({"seq":2,"tick":0,"t":0.1,"kind":"call_at","handle":1,"callback":"f()","when":123456.789012})J" "\n";
        TraceEvents trace = parse_trace_events(text, "t");
        CHECK(trace.str(trace.events[1].as<ev::Print>().text) == "tab\there \"q\" \\ é 😀 é ✓");
        CHECK(trace.events[1].t == 0.001);  // (t never goes back: the smaller one first)
        CHECK(trace.events[2].t == 0.1);
        CHECK(trace.events[2].as<ev::CallAt>().when == 123456.789012);
        CHECK(trace.events[1].as<ev::Print>().task == NONE);
    }

    TEST_CASE("a broken line gets the same message from the compact reader as from read_trace") {
        const std::vector<std::string> bad = {
            "",
            "not json\n",
            R"J({"seq":0,"tick":0,"t":0.0,"kind":"trace.begin","format":"other","version":1})J" "\n",
            R"J({"seq":0,"tick":0,"t":0.0,"kind":"trace.begin","format":"coolio-trace","version":2,"scenario":"x","clock":"virtual","runtime":"asyncio"})J" "\n",
            HEADER + "{\"seq\":1,\n",
            HEADER + R"J({"seq":1,"tick":0,"t":0.0,"kind":"no.such.kind"})J" "\n",
            HEADER + R"J({"seq":2,"tick":0,"t":0.0,"kind":"loop.stop"})J" "\n",
            HEADER + R"J({"seq":1,"tick":0,"kind":"loop.stop"})J" "\n",
            HEADER + R"J({"seq":1,"tick":0,"t":0.0,"kind":"call_soon","handle":"1","callback":"f()"})J" "\n",
            HEADER + R"J({"seq":1,"tick":0,"t":0.0,"kind":"call_soon","callback":"f()"})J" "\n",
            HEADER + R"J({"seq":1,"tick":0,"t":0.0,"kind":"loop.stop","cause":1})J" "\n",
            HEADER + R"J([1,2,3])J" "\n",
            HEADER + "\n",
        };
        for (const std::string& text : bad) {
            auto [tree, compact] = both_readers(text);
            INFO(text);
            CHECK(compact != "ok");
            CHECK(compact == tree);
        }
    }

    TEST_CASE("what the compact reader checks beyond read_trace is refused with a clear message") {
        auto message = [](const std::string& text) {
            try {
                parse_trace_events(text, "t.jsonl");
            } catch (const TraceError& e) {
                return std::string(e.what());
            }
            return std::string("ok");
        };
        CHECK(message(HEADER + R"J({"seq":1,"tick":0,"t":0.0,"kind":"loop.stop","kind":"loop.stop"})J" "\n") ==
              "t.jsonl:2: field 'kind' appears twice");
        CHECK(message(HEADER + R"J({"seq":1,"tick":0,"t":0.0,"kind":"task.step","task":1,"name":"T","mode":"jump"})J" "\n") ==
              "t.jsonl:2: task.step field 'mode' must be one of \"send\", \"throw\", not \"jump\"");
        CHECK(message(HEADER + R"J({"seq":1,"tick":0,"t":0.0,"kind":"loop.stop"})J") ==
              "ok");  // a complete last line without its newline is fine (with a warning)
        CHECK(message(HEADER + R"J({"seq":1,"tick":0,"t":0.0,"kind":"loop.st)J") ==
              "t.jsonl:2: the file ends in the middle of an event (the last line is cut short); delete that line to read "
              "the events before it");
    }

    TEST_CASE("a trace without trace.end reads with a warning") {
        TraceEvents trace = parse_trace_events(HEADER + R"J({"seq":1,"tick":0,"t":0.0,"kind":"loop.stop"})J" "\n", "t.jsonl");
        CHECK(trace.events.size() == 2);
        CHECK_FALSE(trace.complete());
        REQUIRE(trace.warnings.size() == 1);
        CHECK(trace.warnings[0] == "t.jsonl: no trace.end event: the run was cut short; showing the 2 events written");
    }

    TEST_CASE("event kinds and their names follow event_kinds(), and every field name there is read") {
        REQUIRE(event_kinds().size() == EVENT_KIND_COUNT);
        for (std::size_t i = 0; i < EVENT_KIND_COUNT; ++i) {
            CHECK(kind_name(static_cast<EventKind>(i)) == event_kinds()[i].kind);
            CHECK(kind_from_name(event_kinds()[i].kind) == static_cast<EventKind>(i));
        }
        CHECK_FALSE(kind_from_name("no.such.kind"));
    }

    TEST_CASE("a missing file and a directory are named in the message") {
        CHECK_THROWS_WITH(read_trace_events("/no/such/file.jsonl"), "/no/such/file.jsonl: cannot open: No such file or directory");
        CHECK_THROWS_WITH(read_trace_events("/tmp"), "/tmp: is a directory, not a trace file");
    }
}
