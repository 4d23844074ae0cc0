// The built-in scenarios: golden traces, determinism, and the same output as CPython.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include "coolio/tracer/trace_reader.hpp"
#include "scenario.hpp"
#include "support.hpp"

using namespace coolio;

namespace {

const std::string source_dir = COOLIO_SOURCE_DIR;

std::string trace_of(const scenarios::Scenario& scenario) {
    tracer::MemorySink sink;
    scenarios::run(scenario, {"virtual", &sink, nullptr});
    return sink.text();
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

// The first line where two texts differ, for a readable failure.
std::string first_difference(const std::string& expected, const std::string& actual) {
    std::istringstream a(expected), b(actual);
    std::string la, lb;
    for (int line = 1;; ++line) {
        bool more_a = bool(std::getline(a, la)), more_b = bool(std::getline(b, lb));
        if (!more_a && !more_b) return "identical";
        if (la != lb || more_a != more_b)
            return "line " + std::to_string(line) + ":\n  golden: " + (more_a ? la : "<end>") +
                   "\n  now:    " + (more_b ? lb : "<end>");
    }
}

}  // namespace

TEST_SUITE("scenarios") {
    TEST_CASE("every scenario's trace is byte-identical to its golden trace") {
        // COOLIO_UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
        bool update = std::getenv("COOLIO_UPDATE_GOLDEN") != nullptr;
        for (const auto& scenario : scenarios::all()) {
            std::string path = source_dir + "/tests/golden/" + std::string(scenario.name) + ".trace.jsonl";
            std::string now = trace_of(scenario);
            if (update) std::ofstream(path, std::ios::binary) << now;
            std::string golden = read_file(path);
            CHECK_MESSAGE(golden == now, scenario.name, ": ", first_difference(golden, now));
        }
    }

    TEST_CASE("two runs of a scenario under the virtual clock give the same bytes") {
        for (const auto& scenario : scenarios::all()) CHECK_MESSAGE(trace_of(scenario) == trace_of(scenario), scenario.name);
    }

    TEST_CASE("every golden trace passes the trace reader's checks") {
        for (const auto& scenario : scenarios::all()) {
            std::string path = source_dir + "/tests/golden/" + std::string(scenario.name) + ".trace.jsonl";
            tracer::Trace trace = tracer::read_trace(path);
            CHECK(trace.complete());
            CHECK(trace.warnings.empty());
            CHECK(trace.events.back()["reason"] == "complete");
        }
    }

    TEST_CASE("each scenario prints exactly what CPython's asyncio prints for its Python twin") {
        const char* python = "/usr/bin/python3";
        if (std::system((std::string(python) + " -c pass >/dev/null 2>&1").c_str()) != 0) {
            MESSAGE("skipped: no " << python);
            return;
        }
        for (const auto& scenario : scenarios::all()) {
            std::string name(scenario.name);
            auto reference = testing::run_command(std::string(python) + " " + source_dir +
                                                  "/reference/run_virtual.py " + source_dir + "/scenarios/python/" +
                                                  name + ".py");
            REQUIRE_MESSAGE(reference.status == 0, name, ": ", reference.output);
            std::ostringstream ours;
            scenarios::run(scenario, {"virtual", nullptr, &ours});
            CHECK_MESSAGE(ours.str() == reference.output, name, ": ", first_difference(reference.output, ours.str()));
        }
    }

    TEST_CASE("a program that raises ends its trace with reason error and what it raised") {
        scenarios::Scenario failing{"failing", "raises", [](EventLoop& loop) {
            auto body = []() -> Coro<void> {
                co_await coolio::sleep(1);
                throw ValueError("program bug");
            };
            loop.run_until_complete(body());
        }};
        tracer::MemorySink sink;
        scenarios::RunResult result = scenarios::run(failing, {"virtual", &sink, nullptr});
        CHECK_FALSE(result.ok);
        CHECK(result.error == "ValueError('program bug')");
        tracer::Trace trace = tracer::parse_trace(sink.text(), "failing");
        CHECK(trace.events.back()["reason"] == "error");
        CHECK(trace.events.back()["error"] == "ValueError('program bug')");
    }
}
