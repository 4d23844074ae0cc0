// The tracer's JSON lines, the trace reader and the narration.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <set>

#include "coolio/tracer/event_kinds.hpp"
#include "coolio/tracer/narrate.hpp"
#include "coolio/tracer/trace_reader.hpp"
#include "scenario.hpp"
#include "support.hpp"

using namespace coolio;
using namespace coolio::tracer;

namespace {

std::string one_string(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

std::string traced_run(const char* name) {
    MemorySink sink;
    scenarios::RunResult result = scenarios::run(*scenarios::find(name), {"virtual", &sink, nullptr});
    REQUIRE(result.ok);
    return sink.text();
}

}  // namespace

TEST_SUITE("the tracer") {
    TEST_CASE("JSON strings are escaped, and invalid UTF-8 becomes U+FFFD so every line stays valid JSON") {
        CHECK(one_string("plain") == "\"plain\"");
        CHECK(one_string("q\"b\\n\n") == "\"q\\\"b\\\\n\\n\"");
        CHECK(one_string(std::string("\x01", 1)) == "\"\\u0001\"");
        CHECK(one_string("héllo ✓") == "\"héllo ✓\"");
        CHECK(one_string("bad \xff byte") == "\"bad \xEF\xBF\xBD byte\"");
        CHECK(one_string("cut \xE2\x9C") == "\"cut \xEF\xBF\xBD\xEF\xBF\xBD\"");
    }

    TEST_CASE("a line's strings are escaped as append_json_string does, even across its 4 KiB slices") {
        // Multi-byte characters and escapes placed so that some straddle a slice's end.
        std::string long_text;
        for (int i = 0; long_text.size() < 3 * 4096; ++i) long_text += i % 7 == 0 ? "\"✓\n" : "ab\xff\x01\\é";
        for (std::string_view text : {std::string_view("plain"), std::string_view("q\"b\\n\n\x01"),
                                      std::string_view("bad \xff cut \xE2\x9C"), std::string_view(long_text)}) {
            JsonLine line;
            line.begin().field("text", text);
            line.open_string("parts").string_part(text.substr(0, text.size() / 2)).string_part(text.substr(text.size() / 2));
            std::string whole = one_string(text);
            CHECK(line.close_string().end() == "{\"text\":" + whole + ",\"parts\":" + whole + "}\n");
        }
    }

    TEST_CASE("a line writes times of whole nanoseconds as repr does (the fast path), and every other double too") {
        auto via_line = [](double value) {
            JsonLine line;
            std::string text(line.begin().field("t", value).end());
            return text.substr(5, text.size() - 7);  // between {"t": and }\n
        };
        auto via_repr = [](double value) {
            std::string text;
            append_json_number(text, value);
            return text;
        };
        std::vector<double> values{0.0, 1e-9, 9.9999e-5, 1e-4, 0.1, 0.5, 1.0, 3.0, 0.000226985, 0.057123456,
                                   12.0345, 999999.999999999, 1e6, 1e6 + 0.5, 1e16, -0.25, 1.0 / 3.0, 2.5e-7,
                                   std::numeric_limits<double>::infinity(), std::nan("")};
        std::uint64_t state = 42;  // a seeded linear congruential generator: the same numbers every run
        auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull; };
        for (int i = 0; i < 20000; ++i) {
            std::uint64_t ns = next() >> (14 + i % 40);         // nanosecond counts of every size
            values.push_back(double(ns) / 1e9);                 // what the real clock gives
            values.push_back(double(next() >> 11) * 0x1.0p-40);  // arbitrary doubles
        }
        for (double value : values) CHECK(via_line(value) == via_repr(value));
        CHECK(via_line(3.0) == "3.0");
        CHECK(via_line(0.000226985) == "0.000226985");
        CHECK(via_line(2.5e-7) == "2.5e-07");
    }

    TEST_CASE("every event has seq without gaps, tick, t and kind, and a known kind with its fields") {
        std::string text = traced_run("sleep_wait");
        Trace trace = parse_trace(text, "sleep_wait");  // the reader checks every field
        CHECK(trace.complete());
        CHECK(trace.warnings.empty());
        for (std::size_t i = 0; i < trace.events.size(); ++i) CHECK(trace.events[i]["seq"] == i);
        CHECK(trace.header()["format"] == "coolio-trace");
        CHECK(trace.header()["version"] == FORMAT_VERSION);
        CHECK(trace.events.back()["events"] == trace.events.size());
    }

    TEST_CASE("cause always names an earlier handle.run, task.step, task.done or future.resolve") {
        Trace trace = parse_trace(traced_run("gather_error"), "gather_error");
        std::size_t with_cause = 0;
        for (const auto& e : trace.events) {
            if (!e.contains("cause")) continue;
            ++with_cause;
            std::string kind = trace.events[e["cause"].get<std::size_t>()]["kind"];
            CHECK((kind == "handle.run" || kind == "task.step" || kind == "task.done" || kind == "future.resolve"));
        }
        CHECK(with_cause > 20);
    }

    TEST_CASE("the JSON schema in docs lists the same kinds and required fields as the reader") {
        std::ifstream in(std::string(COOLIO_SOURCE_DIR) + "/docs/trace-format.schema.json");
        REQUIRE(in);
        nlohmann::json schema = nlohmann::json::parse(in);
        const auto& defs = schema.at("$defs");
        std::set<std::string> schema_kinds;
        for (const auto& [name, def] : defs.items()) {
            if (!def.contains("properties") || !def["properties"].contains("kind")) continue;
            std::string kind = def["properties"]["kind"]["const"];
            schema_kinds.insert(kind);
            const KindSpec* spec = find_kind(kind);
            REQUIRE_MESSAGE(spec, "schema kind " << kind << " unknown to the reader");
            std::set<std::string> required(def["required"].begin(), def["required"].end());
            for (const FieldSpec& field : spec->fields) {
                CHECK_MESSAGE(def["properties"].contains(std::string(field.name)), kind << "." << field.name);
                CHECK_MESSAGE(required.count(std::string(field.name)) == (field.required ? 1u : 0u),
                              kind << "." << field.name);
            }
        }
        std::set<std::string> reader_kinds;
        for (const KindSpec& spec : event_kinds()) reader_kinds.insert(std::string(spec.kind));
        CHECK(schema_kinds == reader_kinds);
    }

    TEST_CASE("every kind is documented in docs/trace-format.md") {
        std::ifstream in(std::string(COOLIO_SOURCE_DIR) + "/docs/trace-format.md");
        std::string doc((std::istreambuf_iterator<char>(in)), {});
        for (const KindSpec& spec : event_kinds())
            CHECK_MESSAGE(doc.find("### `" + std::string(spec.kind) + "`") != std::string::npos, spec.kind);
    }
}

TEST_SUITE("the trace reader") {
    const std::string header =
        R"({"seq":0,"tick":0,"t":0.0,"kind":"trace.begin","format":"coolio-trace","version":1,"scenario":"x","clock":"virtual","runtime":"asyncio"})";

    auto problem = [](const std::string& text) -> std::string {
        try {
            parse_trace(text, "f.jsonl");
        } catch (const TraceError& e) {
            return e.what();
        }
        return "no error";
    };

    TEST_CASE("bad traces are refused with FILE:LINE and what is wrong") {
        CHECK(problem("") == "f.jsonl: the file is empty, not a coolio trace");
        CHECK(problem("hello\n") == "f.jsonl:1: not a coolio trace (the first line is not JSON)");
        CHECK(problem("{\"kind\":\"x\"}\n").find("f.jsonl:1: not a coolio trace") == 0);
        CHECK(problem(header + "\nnot json\n") == "f.jsonl:2: not valid JSON");
        CHECK(problem(header + "\n{\"seq\":1,\"tick\":0,\"t\":0,\"kind\":\"bogus\"}\n") ==
              "f.jsonl:2: unknown event kind 'bogus'");
        CHECK(problem(header + "\n{\"seq\":5,\"tick\":0,\"t\":0,\"kind\":\"loop.stop\"}\n").find("f.jsonl:2: seq is 5, expected 1") == 0);
        CHECK(problem(header + "\n{\"seq\":1,\"tick\":0,\"t\":0,\"kind\":\"call_soon\",\"handle\":\"x\",\"callback\":\"c\"}\n") ==
              "f.jsonl:2: call_soon field 'handle' must be a whole number");
        CHECK(problem(header + "\n{\"seq\":1,\"tick\":0,\"t\":0,\"kind\":\"call_soon\"}\n") ==
              "f.jsonl:2: call_soon event lacks field 'handle'");
        std::string newer = header;
        newer.replace(newer.find("\"version\":1"), 11, "\"version\":99");
        CHECK(problem(newer + "\n").find("f.jsonl:1: trace format version 99 is newer") == 0);
    }

    TEST_CASE("a trace cut short inside its last line is refused, naming that line") {
        CHECK_THROWS_WITH_AS(parse_trace(header + "\n{\"seq\":1,\"tick\":0,\"t\":0,\"kind\":\"loop.st", "f.jsonl"),
                             "f.jsonl:2: the file ends in the middle of an event (the last line is cut short); "
                             "delete that line to read the events before it",
                             TraceError);
    }

    TEST_CASE("a trace cut short after whole lines opens, with a warning that trace.end is missing") {
        Trace trace = parse_trace(header + "\n{\"seq\":1,\"tick\":0,\"t\":0,\"kind\":\"loop.stop\"}\n", "f.jsonl");
        CHECK(trace.events.size() == 2);
        REQUIRE(trace.warnings.size() == 1);
        CHECK(trace.warnings[0] == "f.jsonl: no trace.end event: the run was cut short; showing the 2 events written");
        CHECK_FALSE(trace.complete());
    }

    TEST_CASE("a missing file is reported with its name") {
        CHECK_THROWS_WITH_AS(read_trace("/nonexistent/x.jsonl"), "/nonexistent/x.jsonl: cannot open: No such file or directory",
                             TraceError);
    }
}

TEST_SUITE("the narration") {
    TEST_CASE("the narration tells the doc's walkthrough tick by tick") {
        Trace trace = parse_trace(traced_run("sleep_wait"), "sleep_wait");
        std::ostringstream out;
        narrate(trace, out);
        std::string text = out.str();
        for (const char* expected : {
                 "── tick 1 · t=0.0 · ready: 1 · timers: 0",
                 "Task-1 steps: send(None) into wait()",
                 "Task-2 prints │ Waiting:  1",
                 "Task-2 suspends on Future-6 (sleep); await chain: do_some_work → long_time_work → sleep",
                 "select: nothing is ready; wait 1.0s for the next timer (now t=1.0)",
                 "timer due (when=1.0): futures._set_result_unless_cancelled(Future-6) moves from the heap to the ready queue",
                 "run Task-2.__wakeup(Future-6)",
                 "main prints │ TIME:  3.0",
                 "The run ended (complete) at tick 13, t=3.0",
             })
            CHECK_MESSAGE(text.find(expected) != std::string::npos, expected);
    }
}
