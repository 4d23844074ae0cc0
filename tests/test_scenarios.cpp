// The built-in scenarios: golden traces, determinism, and the same output as CPython.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "coolio/tracer/trace_compare.hpp"
#include "coolio/tracer/trace_diff.hpp"
#include "coolio/tracer/trace_reader.hpp"
#include "scenario.hpp"
#include "support.hpp"

using namespace coolio;

namespace {

const std::string source_dir = COOLIO_SOURCE_DIR;

std::string trace_of(const scenarios::Scenario& scenario, const std::string& runtime = "asyncio") {
    tracer::MemorySink sink;
    scenarios::run(scenario, {"virtual", &sink, nullptr, runtime});
    return sink.text();
}

// Every (scenario, runtime) that has a golden trace: each scenario on asyncio, and
// the dual ones on curio too (NAME.curio.trace.jsonl).
struct Golden {
    const scenarios::Scenario* scenario;
    std::string runtime;
    std::string path;
    std::string label() const { return std::string(scenario->name) + " (" + runtime + ")"; }
};
std::vector<Golden> goldens() {
    std::vector<Golden> all;
    for (const auto& scenario : scenarios::all()) {
        std::string base = source_dir + "/tests/golden/" + std::string(scenario.name);
        all.push_back({&scenario, "asyncio", base + ".trace.jsonl"});
        if (scenario.is_dual()) all.push_back({&scenario, "curio", base + ".curio.trace.jsonl"});
    }
    return all;
}

std::string read_file(const std::string& path) { return coolio::testing::read_text(path); }

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

// The scenarios that use real sockets record what the kernel chose, which changes
// from run to run: descriptor numbers ("fd" fields, "fd=N" in a socket's repr, "fd N"
// in the curio kernel's trap arguments and park/wake texts) and
// port numbers ('127.0.0.1', N). For those scenarios only, both traces are compared
// with each such number renamed by order of first appearance (the first fd seen
// becomes 1, and so on), so the comparison still checks that the same descriptor is
// used in the same places. Everything else must match byte for byte.
bool uses_sockets(const scenarios::Scenario& scenario) {
    return scenario.name == "echo" || scenario.name == "http_get" || scenario.name == "timeout_read";
}

std::string normalise_run_dependent(const std::string& trace) {
    static const std::regex number(R"(("fd":|fd=|fd )(-?\d+)|('127\.0\.0\.1', )(\d+))");
    std::map<std::string, int> fds, ports;
    std::string out;
    auto last = trace.cbegin();
    for (std::sregex_iterator it(trace.begin(), trace.end(), number), end; it != end; ++it) {
        const std::smatch& m = *it;
        out.append(last, m[0].first);
        bool is_fd = m[1].matched;
        auto& names = is_fd ? fds : ports;
        auto [entry, added] = names.try_emplace(m[is_fd ? 2 : 4].str(), int(names.size()) + 1);
        out += m[is_fd ? 1 : 3].str() + std::to_string(entry->second);
        last = m[0].second;
    }
    out.append(last, trace.cend());
    return out;
}

// The trace as compared: normalised for the socket scenarios, as it is otherwise.
std::string comparable(const scenarios::Scenario& scenario, const std::string& trace) {
    return uses_sockets(scenario) ? normalise_run_dependent(trace) : trace;
}

}  // namespace

TEST_SUITE("scenarios") {
    TEST_CASE("every scenario's trace is byte-identical to its golden trace") {
        // COOLIO_UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
        bool update = std::getenv("COOLIO_UPDATE_GOLDEN") != nullptr;
        for (const Golden& g : goldens()) {
            std::string now = trace_of(*g.scenario, g.runtime);
            if (update) std::ofstream(g.path, std::ios::binary) << now;
            std::string golden = comparable(*g.scenario, read_file(g.path));
            now = comparable(*g.scenario, now);
            CHECK_MESSAGE(golden == now, g.label(), ": ", first_difference(golden, now));
        }
    }

    TEST_CASE("two runs of a scenario under the virtual clock give the same bytes") {
        for (const Golden& g : goldens())
            CHECK_MESSAGE(comparable(*g.scenario, trace_of(*g.scenario, g.runtime)) ==
                              comparable(*g.scenario, trace_of(*g.scenario, g.runtime)),
                          g.label());
    }

    TEST_CASE("every golden trace passes the trace reader's checks") {
        for (const Golden& g : goldens()) {
            tracer::Trace trace = tracer::read_trace(g.path);
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

    TEST_CASE("each scenario steps its tasks in the same order and at the same ticks as CPython's asyncio") {
        const char* python = "/usr/bin/python3";
        if (std::system((std::string(python) + " -c pass >/dev/null 2>&1").c_str()) != 0) {
            MESSAGE("skipped: no " << python);
            return;
        }
        for (const auto& scenario : scenarios::all()) {
            std::string name(scenario.name);
            std::string path = std::filesystem::temp_directory_path() / ("coolio-py-" + name + ".trace.jsonl");
            auto traced = testing::run_command(std::string(python) + " " + source_dir + "/reference/asyncio_trace.py " +
                                               source_dir + "/scenarios/python/" + name + ".py -o " + path);
            REQUIRE_MESSAGE(traced.status == 0, name, ": ", traced.output);
            tracer::Trace cpython = tracer::read_trace(path);
            tracer::Trace ours = tracer::parse_trace(trace_of(scenario), name);
            tracer::TraceDiff diff = tracer::diff_traces(cpython, ours);
            std::ostringstream report;
            tracer::write_diff_report(diff, "CPython", "coolio", report);
            CHECK_MESSAGE(diff.same_prints(), name, "\n", report.str());
            if (!scenario.differs_from_cpython.empty()) {
                MESSAGE(name << ": steps not compared: " << scenario.differs_from_cpython);
                continue;
            }
            CHECK_MESSAGE(diff.same_steps(), name, "\n", report.str());
            CHECK_MESSAGE(diff.same_ticks(), name, "\n", report.str());
            CHECK(diff.steps_a.size() > 0);
        }
    }

    TEST_CASE("a program that raises ends its trace with reason exception and what it raised") {
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
        CHECK(trace.events.back()["reason"] == "exception");
        CHECK(trace.events.back()["error"] == "ValueError('program bug')");
    }

    TEST_CASE("compare: every dual scenario prints the same lines on asyncio and on curio") {
        std::size_t duals = 0;
        for (const auto& scenario : scenarios::all()) {
            if (!scenario.is_dual()) continue;
            ++duals;
            std::string name(scenario.name);
            tracer::Comparison c = tracer::compare_runtimes(tracer::parse_trace(trace_of(scenario, "asyncio"), name),
                                                            tracer::parse_trace(trace_of(scenario, "curio"), name));
            std::ostringstream report;
            tracer::write_comparison(c, name, report);
            CHECK_MESSAGE(c.same_prints(), name, "\n", report.str());
            CHECK_MESSAGE(report.str().find("prints: identical on both") != std::string::npos, name);
            CHECK(c.diff.prints_a.size() > 0);
            CHECK(c.asyncio.tasks == c.curio.tasks);  // the same tasks, so turns can be matched by creation order
        }
        CHECK(duals >= 4);
    }

    TEST_CASE("compare: on curio, sleep_wait creates no future and no handle, and only traps suspend its tasks") {
        const scenarios::Scenario* scenario = scenarios::find("sleep_wait");
        REQUIRE(scenario);
        tracer::Comparison c = tracer::compare_runtimes(tracer::parse_trace(trace_of(*scenario, "asyncio"), "a"),
                                                        tracer::parse_trace(trace_of(*scenario, "curio"), "c"));
        CHECK(c.curio.futures == 0);
        CHECK(c.curio.handles == 0);
        CHECK(c.curio.traps > 0);
        CHECK(c.asyncio.futures > 0);
        CHECK(c.asyncio.handles > 0);
        CHECK(c.asyncio.traps == 0);
        // Every turn printed the same on both sides is on one row.
        std::size_t matched = 0;
        for (const tracer::TurnRow& row : c.rows) matched += row.asyncio && row.curio;
        CHECK(matched >= 7);  // Task-1's first turn, three first turns, three wake-ups
    }
}
