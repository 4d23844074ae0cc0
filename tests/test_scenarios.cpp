// The built-in scenarios: golden traces, determinism, and the same output as CPython.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "coolio/tracer/trace_diff.hpp"
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

// The scenarios that use real sockets record what the kernel chose, which changes
// from run to run: descriptor numbers ("fd" fields, "fd=N" in a socket's repr) and
// port numbers ('127.0.0.1', N). For those scenarios only, both traces are compared
// with each such number renamed by order of first appearance (the first fd seen
// becomes 1, and so on), so the comparison still checks that the same descriptor is
// used in the same places. Everything else must match byte for byte.
bool uses_sockets(const scenarios::Scenario& scenario) {
    return scenario.name == "echo" || scenario.name == "http_get" || scenario.name == "timeout_read";
}

std::string normalise_run_dependent(const std::string& trace) {
    static const std::regex number(R"(("fd":|fd=)(-?\d+)|('127\.0\.0\.1', )(\d+))");
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
        for (const auto& scenario : scenarios::all()) {
            std::string path = source_dir + "/tests/golden/" + std::string(scenario.name) + ".trace.jsonl";
            std::string now = trace_of(scenario);
            if (update) std::ofstream(path, std::ios::binary) << now;
            std::string golden = comparable(scenario, read_file(path));
            now = comparable(scenario, now);
            CHECK_MESSAGE(golden == now, scenario.name, ": ", first_difference(golden, now));
        }
    }

    TEST_CASE("two runs of a scenario under the virtual clock give the same bytes") {
        for (const auto& scenario : scenarios::all())
            CHECK_MESSAGE(comparable(scenario, trace_of(scenario)) == comparable(scenario, trace_of(scenario)),
                          scenario.name);
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
