// support.hpp — small helpers shared by the test files.
#pragma once

#include <cstdio>
#include <dirent.h>
#include <algorithm>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "coolio/coolio.hpp"
#include "coolio/tracer/tracer.hpp"

// COOLIO_UNDER_ASAN: this build has AddressSanitizer (tools/sanitize.sh; gcc says so
// with __SANITIZE_ADDRESS__, clang with __has_feature).
#if defined(__SANITIZE_ADDRESS__)
#define COOLIO_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define COOLIO_UNDER_ASAN 1
#endif
#endif

// Lets doctest show both sides of a failed comparison of vectors.
namespace doctest {
template <class T>
struct StringMaker<std::vector<T>> {
    static String convert(const std::vector<T>& values) {
        std::ostringstream out;
        out << "[";
        for (std::size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
        out << "]";
        return out.str().c_str();
    }
};
}  // namespace doctest

namespace coolio::testing {

/// A loop with the virtual clock, made current for the test's lifetime, whose prints
/// are collected in `out` and whose events are traced in memory.
struct TracedLoop {
    EventLoop loop;
    std::ostringstream out;
    tracer::MemorySink sink;
    tracer::Tracer tracer{loop, sink, {"test"}};

    TracedLoop() {
        loop.set_output(&out);
        set_event_loop(&loop);
    }
    ~TracedLoop() { set_event_loop(nullptr); }

    /// Every event written so far, parsed.
    std::vector<nlohmann::json> events() const {
        std::vector<nlohmann::json> parsed;
        for (const std::string& line : sink.lines()) parsed.push_back(nlohmann::json::parse(line));
        return parsed;
    }
    /// The events of the given kinds, each as "kind name-or-callback", for asserting
    /// a whole sequence at once.
    std::vector<std::string> story(const std::vector<std::string>& kinds) const {
        std::vector<std::string> lines;
        for (const auto& e : events()) {
            std::string kind = e["kind"];
            if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) continue;
            std::string what;
            if (e.contains("name")) what = e["name"];
            else if (e.contains("callback")) what = e["callback"];
            else if (e.contains("text")) what = e["text"];
            if (kind == "task.step") what += " " + e["mode"].get<std::string>();
            lines.push_back(kind + " " + what);
        }
        return lines;
    }
};

/// Runs a shell command, returning its exit code and what it wrote to stdout+stderr.
struct CommandResult {
    int status;
    std::string output;
};
inline CommandResult run_command(const std::string& command) {
    CommandResult result{-1, {}};
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return result;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
    int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

/// Collects what a loop's exception handler receives, instead of printing it.
struct Reported {
    std::vector<std::string> lines;     ///< "message: exception"
    std::vector<std::string> detailed;  ///< "message | about | exception"
    void attach(EventLoop& loop) {
        loop.set_exception_handler([this](EventLoop&, const ExceptionContext& context) {
            lines.push_back(context.message + ": " + exception_repr(context.exception));
            detailed.push_back(context.message + " | " + context.about + " | " + exception_repr(context.exception));
        });
    }
};

/// How many descriptors this process has open (entries of /proc/self/fd, minus the
/// one opendir itself uses): what the socket tests compare before and after.
inline int open_descriptors() {
    DIR* dir = ::opendir("/proc/self/fd");
    REQUIRE(dir != nullptr);
    int count = 0;
    while (dirent* entry = ::readdir(dir))
        if (entry->d_name[0] != '.') ++count;
    ::closedir(dir);
    return count - 1;
}

/// The whole text of the file at `path` ("" if it cannot be read).
inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

}  // namespace coolio::testing
