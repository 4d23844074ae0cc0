// coolio-trace list / run, and every error path: one line, exit code 2.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "coolio/tracer/trace_reader.hpp"
#include "support.hpp"

using coolio::testing::run_command;

namespace {

const std::string bin = COOLIO_TRACE_BIN;

std::string temp_dir() {
    auto dir = std::filesystem::temp_directory_path() / ("coolio-cli-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir.string();
}

bool one_line(const std::string& text) { return !text.empty() && text.find('\n') == text.size() - 1; }

}  // namespace

TEST_SUITE("coolio-trace") {
    TEST_CASE("list names every scenario, one a line") {
        auto r = run_command(bin + " list");
        CHECK(r.status == 0);
        CHECK(r.output.find("sleep_wait ") == 0);
        for (const char* name : {"call_soon_tasks", "sleep0_round_robin", "gather_error"})
            CHECK(r.output.find(std::string("\n") + name + " ") != std::string::npos);
    }

    TEST_CASE("run sleep_wait narrates the run and writes a trace that reads back") {
        std::string path = temp_dir() + "/sw.trace.jsonl";
        auto r = run_command(bin + " run sleep_wait -o " + path);
        CHECK(r.status == 0);
        CHECK(r.output.find("Task-2 prints │ Waiting:  1") != std::string::npos);
        CHECK(r.output.find("main prints │ TIME:  3.0") != std::string::npos);
        CHECK(r.output.find("Trace written to " + path) != std::string::npos);
        auto trace = coolio::tracer::read_trace(path);
        CHECK(trace.complete());
    }

    TEST_CASE("run writes SCENARIO.trace.jsonl in the current directory by default") {
        std::string dir = temp_dir() + "/default";
        std::filesystem::create_directories(dir);
        auto r = run_command("cd " + dir + " && " + bin + " run call_soon_tasks --quiet");
        CHECK(r.status == 0);
        CHECK(std::filesystem::exists(dir + "/call_soon_tasks.trace.jsonl"));
    }

    TEST_CASE("run --quiet prints only the program's own lines") {
        auto r = run_command(bin + " run sleep0_round_robin --quiet -o " + temp_dir() + "/q.jsonl");
        CHECK(r.status == 0);
        CHECK(r.output == "A 0\nB 0\nC 0\nA 1\nB 1\nC 1\nA 2\nB 2\nC 2\nall done\n");
    }

    TEST_CASE("run --clock real runs on the monotonic clock and says so in the header") {
        std::string path = temp_dir() + "/real.jsonl";
        auto r = run_command(bin + " run call_soon_tasks --clock real --quiet -o " + path);
        CHECK(r.status == 0);
        CHECK(coolio::tracer::read_trace(path).header()["clock"] == "real");
    }

    TEST_CASE("an unknown scenario is one line naming it and the known ones, exit 2") {
        auto r = run_command(bin + " run nope");
        CHECK(r.status == 2);
        CHECK(one_line(r.output));
        CHECK(r.output.find("coolio-trace: unknown scenario 'nope' (known: sleep_wait, ") == 0);
    }

    TEST_CASE("an output path that cannot be written is one line naming it, exit 2") {
        auto r = run_command(bin + " run sleep_wait -o /nonexistent-dir/x.jsonl");
        CHECK(r.status == 2);
        CHECK(one_line(r.output));
        CHECK(r.output == "coolio-trace: cannot write the trace to '/nonexistent-dir/x.jsonl': No such file or directory\n");
    }

    TEST_CASE("a bad option value is one line naming the option, exit 2") {
        auto r = run_command(bin + " run sleep_wait --clock fast");
        CHECK(r.status == 2);
        CHECK(one_line(r.output));
        CHECK(r.output.find("--clock") != std::string::npos);
    }

    TEST_CASE("an unknown option, an unknown command or no command at all is one line, exit 2") {
        for (const char* args : {" run sleep_wait --bogus", " frobnicate", "", " run"}) {
            auto r = run_command(bin + args);
            CHECK_MESSAGE(r.status == 2, args);
            CHECK_MESSAGE(one_line(r.output), args, ": ", r.output);
            CHECK(r.output.find("coolio-trace: ") == 0);
        }
    }

    TEST_CASE("diff of two runs of one scenario finds them identical, exit 0") {
        std::string dir = temp_dir();
        run_command(bin + " run sleep_wait -q -o " + dir + "/a.jsonl");
        run_command(bin + " run sleep_wait -q -o " + dir + "/b.jsonl");
        auto r = run_command(bin + " diff " + dir + "/a.jsonl " + dir + "/b.jsonl");
        CHECK(r.status == 0);
        CHECK(r.output.find("prints: identical (10 lines)") != std::string::npos);
        CHECK(r.output.find("task steps: identical order (8 steps)") != std::string::npos);
    }

    TEST_CASE("diff of two different programs shows the first divergence, exit 1") {
        std::string dir = temp_dir();
        run_command(bin + " run sleep_wait -q -o " + dir + "/a.jsonl");
        run_command(bin + " run sleep0_round_robin -q -o " + dir + "/b.jsonl");
        auto r = run_command(bin + " diff " + dir + "/a.jsonl " + dir + "/b.jsonl");
        CHECK(r.status == 1);
        CHECK(r.output.find("prints: differ from line 1") != std::string::npos);
        CHECK(r.output.find("  >    1  A: Waiting:  1") != std::string::npos);
    }

    TEST_CASE("diff of a file that is not a trace names the file and line, exit 2") {
        std::string dir = temp_dir();
        run_command(bin + " run sleep_wait -q -o " + dir + "/a.jsonl");
        run_command("printf 'not json\\n' > " + dir + "/bad.jsonl");
        auto r = run_command(bin + " diff " + dir + "/a.jsonl " + dir + "/bad.jsonl");
        CHECK(r.status == 2);
        CHECK(one_line(r.output));
        CHECK(r.output.find(dir + "/bad.jsonl:1: not a coolio trace") != std::string::npos);
    }

    TEST_CASE("py traces a Python asyncio program on CPython in coolio's format") {
        if (::access("/usr/bin/python3", X_OK) != 0) {
            MESSAGE("skipped: no /usr/bin/python3");
            return;
        }
        std::string dir = temp_dir();
        auto r = run_command(bin + " py " + std::string(COOLIO_SOURCE_DIR) + "/scenarios/python/sleep_wait.py -o " + dir +
                             "/py.jsonl");
        CHECK(r.status == 0);
        CHECK(r.output.find("Task-2 prints │ Waiting:  1") != std::string::npos);
        auto trace = coolio::tracer::read_trace(dir + "/py.jsonl");
        CHECK(trace.complete());
        CHECK(trace.header()["runtime"] == "asyncio");
    }

    TEST_CASE("py with a program that does not exist is one line, exit 2") {
        auto r = run_command(bin + " py /nonexistent/prog.py");
        CHECK(r.status == 2);
        CHECK(r.output == "coolio-trace: no such Python program: '/nonexistent/prog.py'\n");
    }

    TEST_CASE("view of two traces writes one page holding both, its scripts allowed by hash only") {
        std::string dir = temp_dir() + "/view2";
        std::filesystem::create_directories(dir);
        CHECK(run_command(bin + " run sleep_wait -q -o " + dir + "/sw.trace.jsonl").status == 0);
        CHECK(run_command(bin + " run sleep_wait --runtime curio -q -o " + dir + "/sw.curio.trace.jsonl").status == 0);
        auto r = run_command(bin + " view " + dir + "/sw.trace.jsonl " + dir + "/sw.curio.trace.jsonl");
        CHECK(r.status == 0);
        // Beside the first trace, named after it: sw.compare.html.
        CHECK(r.output.find("Wrote " + dir + "/sw.compare.html (") == 0);
        CHECK(r.output.find(" events, side by side)") != std::string::npos);
        std::string page = coolio::testing::read_text(dir + "/sw.compare.html");
        CHECK(page.find("id=\"embedded-trace\" data-name=\"sw.trace.jsonl\"") != std::string::npos);
        CHECK(page.find("id=\"embedded-trace-2\" data-name=\"sw.curio.trace.jsonl\"") != std::string::npos);
        CHECK(page.find("\"runtime\":\"curio\"") != std::string::npos);
        CHECK(page.find("script-src 'sha256-") != std::string::npos);
        CHECK(page.find("script-src 'self'") == std::string::npos);
        CHECK(page.find("<script src=") == std::string::npos);  // every script inlined
    }

    TEST_CASE("view of three traces, or of a broken second one, is one line, exit 2") {
        std::string dir = temp_dir() + "/view3";
        std::filesystem::create_directories(dir);
        CHECK(run_command(bin + " run sleep_wait -q -o " + dir + "/a.trace.jsonl").status == 0);
        auto r = run_command(bin + " view " + dir + "/a.trace.jsonl " + dir + "/a.trace.jsonl " + dir + "/a.trace.jsonl");
        CHECK(r.status == 2);
        CHECK(one_line(r.output));
        {
            std::ofstream bad(dir + "/bad.trace.jsonl");
            bad << "hello\n";
        }
        r = run_command(bin + " view " + dir + "/a.trace.jsonl " + dir + "/bad.trace.jsonl -o " + dir + "/x.html");
        CHECK(r.status == 2);
        CHECK(one_line(r.output));
        CHECK(r.output.find(dir + "/bad.trace.jsonl:1: ") != std::string::npos);
        CHECK(!std::filesystem::exists(dir + "/x.html"));
    }

    TEST_CASE("compare --view writes the page of both runtimes side by side") {
        std::string page_path = temp_dir() + "/compare-sw.html";
        auto r = run_command(bin + " compare sleep_wait --view " + page_path);
        CHECK(r.status == 0);
        CHECK(r.output.find("Wrote " + page_path + ": both traces side by side") != std::string::npos);
        std::string page = coolio::testing::read_text(page_path);
        CHECK(page.find("id=\"embedded-trace\" data-name=\"sleep_wait.trace.jsonl\"") != std::string::npos);
        CHECK(page.find("id=\"embedded-trace-2\" data-name=\"sleep_wait.curio.trace.jsonl\"") != std::string::npos);
        CHECK(page.find("\"runtime\":\"asyncio\"") != std::string::npos);
        CHECK(page.find("\"runtime\":\"curio\"") != std::string::npos);
    }

    TEST_CASE("compare --view to a page that cannot be written is one line naming it, exit 2") {
        auto r = run_command(bin + " compare sleep_wait --view /nonexistent-dir/p.html");
        CHECK(r.status == 2);
        CHECK(r.output == "coolio-trace: cannot write the page to '/nonexistent-dir/p.html': No such file or directory\n");
    }

    TEST_CASE("--help works on the tool and on every subcommand") {
        for (const char* args : {" --help", " list --help", " run --help", " diff --help", " py --help", " view --help",
                                 " compare --help"}) {
            auto r = run_command(bin + args);
            CHECK_MESSAGE(r.status == 0, args);
            CHECK(r.output.find("Usage") != std::string::npos);
        }
    }
}
