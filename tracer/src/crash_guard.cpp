#include "coolio/tracer/crash_guard.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <string_view>

namespace coolio::tracer {

namespace {

std::atomic<CrashGuard*> active_guard{nullptr};

const char* signal_name(int sig) noexcept {
    switch (sig) {
        case SIGINT: return "SIGINT";
        case SIGTERM: return "SIGTERM";
        case SIGHUP: return "SIGHUP";
        case SIGABRT: return "SIGABRT";
    }
    return "signal";
}

// A fixed-size line built on the stack: no allocation, nothing shared.
struct StackLine {
    char text[256];
    std::size_t size = 0;
    void add(std::string_view part) noexcept {
        std::size_t n = std::min(part.size(), sizeof text - size);
        std::memcpy(text + size, part.data(), n);
        size += n;
    }
    void add(std::uint64_t value) noexcept {
        size = std::size_t(std::to_chars(text + size, text + sizeof text, value).ptr - text);
    }
    void add(double value) noexcept {
        char* begin = text + size;
        char* end = std::to_chars(begin, text + sizeof text - 2, value).ptr;
        // Shortest digits, as the tracer writes them; "3" becomes "3.0" as in Python.
        if (std::find_if(begin, end, [](char c) { return c == '.' || c == 'e' || c == 'n'; }) == end) {
            *end++ = '.';
            *end++ = '0';
        }
        size = std::size_t(end - text);
    }
};

void on_fatal_signal(int sig) {
    int saved_errno = errno;
    // Only the first signal ends the trace; a second one, even during the first
    // handler, finds no guard and just dies.
    if (CrashGuard* guard = active_guard.exchange(nullptr)) guard->end_trace(sig);
    // Then what the signal would have done without us: with the default action back
    // in place, raise it again; it is delivered as soon as this handler returns (for
    // abort(), abort itself raises SIGABRT again with the default action).
    struct sigaction dfl{};
    dfl.sa_handler = SIG_DFL;
    ::sigemptyset(&dfl.sa_mask);
    ::sigaction(sig, &dfl, nullptr);
    ::raise(sig);
    errno = saved_errno;
}

}  // namespace

CrashGuard::CrashGuard(Tracer& tracer, FileSink& sink)
    : tracer_(tracer), sink_(sink), previous_(active_guard.exchange(this)) {
    struct sigaction action{};
    action.sa_handler = on_fatal_signal;
    ::sigemptyset(&action.sa_mask);
    // Block the other guarded signals while one is being handled: the trace is ended once.
    for (int sig : SIGNALS) ::sigaddset(&action.sa_mask, sig);
    for (std::size_t i = 0; i < SIGNALS.size(); ++i) ::sigaction(SIGNALS[i], &action, &saved_[i]);
    struct sigaction ignore{};
    ignore.sa_handler = SIG_IGN;
    ::sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGXFSZ, &ignore, &saved_xfsz_);
}

CrashGuard::~CrashGuard() {
    for (std::size_t i = 0; i < SIGNALS.size(); ++i) ::sigaction(SIGNALS[i], &saved_[i], nullptr);
    ::sigaction(SIGXFSZ, &saved_xfsz_, nullptr);
    CrashGuard* self = this;
    active_guard.compare_exchange_strong(self, previous_);
}

void CrashGuard::end_trace(int sig) noexcept {
    std::int64_t lines = sink_.write_from_signal_handler();
    if (lines < 0 || tracer_.finished()) return;  // nothing may be added, or nothing needs to be
    auto seq = std::uint64_t(lines);
    StackLine line;
    line.add(R"({"seq":)");
    line.add(seq);
    line.add(R"(,"tick":)");
    line.add(tracer_.current_tick());
    line.add(R"(,"t":)");
    line.add(tracer_.last_time());
    line.add(R"(,"kind":"trace.end","reason":"signal","error":")");
    line.add(signal_name(sig));
    line.add(R"(","events":)");
    line.add(seq + 1);
    line.add("}\n");
    sink_.append_from_signal_handler(line.text, line.size);
}

}  // namespace coolio::tracer
