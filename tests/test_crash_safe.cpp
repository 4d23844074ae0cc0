// Crash-safe traces (issue 10): a traced program that raises, aborts, is interrupted
// or killed, or cannot write its trace any more, leaves a file whose complete lines
// are all valid events, ending with a trace.end that says why wherever the process
// could still write it. Each case runs tests/crash_program.cpp (or coolio-trace) in a
// child process and reads the file back with the project's trace reader.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "coolio/tracer/trace_reader.hpp"
#include "support.hpp"

using namespace coolio;

namespace {

struct Child {
    pid_t pid;
};

/// Starts `argv` with stdout and stderr going to `output_path`, and optionally a file
/// size limit (with SIGXFSZ at its default: the program must ignore it itself).
Child spawn(const std::vector<std::string>& argv, const std::string& output_path, rlim_t file_size_limit = 0) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = ::fork();
    REQUIRE(pid != -1);
    if (pid == 0) {
        int out = ::open(output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(out, 1);
        ::dup2(out, 2);
        if (file_size_limit) {
            rlimit limit{file_size_limit, file_size_limit};
            ::setrlimit(RLIMIT_FSIZE, &limit);
        }
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    return {pid};
}

struct Ended {
    bool exited;
    int code;  // exit status, or the signal that killed it
};

Ended wait_for(Child child) {
    int status = 0;
    REQUIRE(::waitpid(child.pid, &status, 0) == child.pid);
    if (WIFEXITED(status)) return {true, WEXITSTATUS(status)};
    return {false, WTERMSIG(status)};
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Every complete line of the file is a JSON object with the fields every event has,
/// and seq counts 0, 1, 2, … without a gap. Returns how many lines there are.
std::size_t check_complete_lines(const std::string& path) {
    std::string text = slurp(path);
    std::size_t count = 0, start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        nlohmann::json event = nlohmann::json::parse(text.substr(start, end - start), nullptr, false);
        REQUIRE_MESSAGE(event.is_object(), path << ": line " << count + 1 << " is not a JSON object");
        CHECK(event["seq"] == count);
        CHECK(event.contains("tick"));
        CHECK(event.contains("kind"));
        ++count;
    }
    CHECK(start == text.size());  // nothing after the last newline: no line cut short
    return count;
}

/// Waits until `ready(text of path)` holds (the program got where the test wants it).
template <class Ready>
void wait_until(const std::string& path, Ready ready, const char* what) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        if (ready(slurp(path))) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL(path << ": " << what << " did not happen within 20 s");
}

std::string temp_path(const std::string& name) {
    return "/tmp/coolio-crash-" + std::to_string(::getpid()) + "-" + name;
}

const std::string PROGRAM = COOLIO_CRASH_PROGRAM;

}  // namespace

TEST_SUITE("crash-safe traces") {
    TEST_CASE("a program that raises leaves a complete trace ending in trace.end reason exception") {
        std::string trace = temp_path("throw.jsonl"), out = temp_path("throw.out");
        Ended ended = wait_for(spawn({PROGRAM, "throw", trace}, out));
        CHECK(ended.exited);
        CHECK(ended.code == 1);
        check_complete_lines(trace);
        tracer::Trace read = tracer::read_trace(trace);
        CHECK(read.complete());
        CHECK(read.warnings.empty());
        CHECK(read.events.back()["reason"] == "exception");
        CHECK(read.events.back()["error"] == "ValueError('the program failed')");
        std::remove(trace.c_str());
        std::remove(out.c_str());
    }

    TEST_CASE("a program that calls abort() leaves its buffered lines and trace.end reason signal SIGABRT") {
        std::string trace = temp_path("abort.jsonl"), out = temp_path("abort.out");
        Ended ended = wait_for(spawn({PROGRAM, "abort", trace}, out));
        CHECK_FALSE(ended.exited);
        CHECK(ended.code == SIGABRT);
        std::size_t lines = check_complete_lines(trace);
        CHECK(lines > 20);  // the whole run so far: it was all still in the buffer
        tracer::Trace read = tracer::read_trace(trace);
        CHECK(read.complete());
        CHECK(read.events.back()["reason"] == "signal");
        CHECK(read.events.back()["error"] == "SIGABRT");
        CHECK(read.events.back()["events"] == lines);
        // The last event before it is the callback that aborted, still running.
        CHECK(read.events[lines - 2]["kind"] == "handle.run");
        std::remove(trace.c_str());
        std::remove(out.c_str());
    }

    TEST_CASE("a program interrupted with SIGINT while waiting in select ends its trace with reason signal SIGINT") {
        std::string trace = temp_path("sigint.jsonl"), out = temp_path("sigint.out");
        Child child = spawn({PROGRAM, "wait", trace}, out);
        wait_until(trace, [](const std::string& text) { return std::count(text.begin(), text.end(), '\n') >= 30; },
                   "30 lines written");
        ::kill(child.pid, SIGINT);
        Ended ended = wait_for(child);
        CHECK_FALSE(ended.exited);
        CHECK(ended.code == SIGINT);  // it still dies of the signal, as the shell expects
        std::size_t lines = check_complete_lines(trace);
        tracer::Trace read = tracer::read_trace(trace);
        CHECK(read.complete());
        CHECK(read.events.back()["reason"] == "signal");
        CHECK(read.events.back()["error"] == "SIGINT");
        CHECK(read.events.back()["events"] == lines);
        std::remove(trace.c_str());
        std::remove(out.c_str());
    }

    TEST_CASE("a program killed with SIGTERM in the middle of a callback that never returns ends its trace with reason signal SIGTERM") {
        std::string trace = temp_path("sigterm.jsonl"), out = temp_path("sigterm.out");
        Child child = spawn({PROGRAM, "busy", trace}, out);
        // The run reaches the spinning callback within a few ms, long before any
        // flush: everything is still in the sink's buffer, which the handler writes.
        wait_until(out, [](const std::string& text) { return text.find("spinning") != std::string::npos; },
                   "the callback's 'spinning'");
        ::kill(child.pid, SIGTERM);
        Ended ended = wait_for(child);
        CHECK_FALSE(ended.exited);
        CHECK(ended.code == SIGTERM);
        std::size_t lines = check_complete_lines(trace);
        tracer::Trace read = tracer::read_trace(trace);
        CHECK(read.complete());
        CHECK(read.events.back()["error"] == "SIGTERM");
        CHECK(read.events[lines - 2]["kind"] == "handle.run");
        CHECK(read.events[lines - 2]["callback"] == "then()");
        std::remove(trace.c_str());
        std::remove(out.c_str());
    }

    TEST_CASE("a file size limit stops a run that never ends: whole lines kept, the error reported, no crash") {
        std::string trace = temp_path("fsize.jsonl"), out = temp_path("fsize.out");
        // 100 kB: the first 64 kB flush fits, the second is cut by the limit (EFBIG).
        Ended ended = wait_for(spawn({PROGRAM, "flood", trace}, out, 100 * 1024));
        CHECK(ended.exited);
        CHECK(ended.code == 3);
        CHECK(slurp(out).find("File too large") != std::string::npos);
        std::size_t lines = check_complete_lines(trace);
        CHECK(lines > 100);
        tracer::Trace read = tracer::read_trace(trace);  // readable, without trace.end
        CHECK_FALSE(read.complete());
        CHECK(read.warnings.size() == 1);
        std::remove(trace.c_str());
        std::remove(out.c_str());
    }

    TEST_CASE("coolio-trace run on a full disk reports one line naming the file and the error, and exits 1") {
        auto result = testing::run_command(std::string(COOLIO_TRACE_BIN) + " run sleep_wait -o /dev/full");
        CHECK(result.status == 1);
        CHECK(result.output ==
              "coolio-trace: writing the trace to '/dev/full' failed: No space left on device (the run was "
              "stopped; the file keeps its complete lines)\n");
    }

    TEST_CASE("coolio-trace run past a file size limit reports it in one line, exits 1, and the file keeps whole lines") {
        std::string trace = temp_path("cli-fsize.jsonl"), out = temp_path("cli-fsize.out");
        Ended ended = wait_for(spawn({COOLIO_TRACE_BIN, "run", "sleep_wait", "-o", trace}, out, 4096));
        CHECK(ended.exited);
        CHECK(ended.code == 1);
        CHECK(slurp(out) == "coolio-trace: writing the trace to '" + trace +
                                "' failed: File too large (the run was stopped; the file keeps its complete lines)\n");
        std::size_t lines = check_complete_lines(trace);
        CHECK(lines > 5);
        CHECK(slurp(trace).size() <= 4096);
        std::remove(trace.c_str());
        std::remove(out.c_str());
    }

    TEST_CASE("a trace file that cannot be created is the user's mistake: one line, exit 2") {
        auto result = testing::run_command(std::string(COOLIO_TRACE_BIN) + " run sleep_wait -o /nonexistent/dir/t.jsonl");
        CHECK(result.status == 2);
        CHECK(result.output ==
              "coolio-trace: cannot write the trace to '/nonexistent/dir/t.jsonl': No such file or directory\n");
    }
}
