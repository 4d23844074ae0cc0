#include "coolio/tracer/narrate.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <map>
#include <ostream>
#include <string>

#include "coolio/repr.hpp"

namespace coolio::tracer {

namespace {

using nlohmann::json;

std::string number(const json& v) { return v.is_number() ? float_repr(v.get<double>()) : std::string("?"); }

std::string plural(std::uint64_t n, const char* word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// Remembers names and labels of tasks and futures as the events introduce them.
class Narrator {
public:
    explicit Narrator(std::ostream& out) : out_(out) {}

    void event(const json& e) {
        std::uint64_t seq = e["seq"].get<std::uint64_t>();
        std::size_t depth = 1;
        if (auto cause = e.find("cause"); cause != e.end()) depth = depth_[cause->get<std::uint64_t>()] + 1;
        depth_[seq] = depth;
        std::string text = describe(e);
        if (!text.empty()) out_ << std::string(2 * depth, ' ') << text << '\n';
    }

private:
    std::string future_name(const json& id) {
        if (!id.is_number()) return "nothing";
        auto found = futures_.find(id.get<std::uint64_t>());
        return found != futures_.end() ? found->second : "Future-" + id.dump();
    }

    std::string describe(const json& e) {
        const std::string kind = e["kind"].get<std::string>();
        if (kind == "trace.begin") {
            curio_ = e["runtime"] == "curio";
            out_ << fmt::format("Trace of {} (runtime {}, {} clock)\n", e["scenario"].get<std::string>(),
                                e["runtime"].get<std::string>(), e["clock"].get<std::string>());
            out_ << (curio_ ? "Before the kernel runs (cycle 0):\n" : "Before the loop runs (tick 0):\n");
            return "";
        }
        if (curio_) {
            std::string text = describe_kernel(kind, e);
            if (!text.empty() || kind == "kernel.cycle") return text;
        }
        if (kind == "tick.begin") {
            std::string line = fmt::format("── tick {} · t={} · ready: {} · timers: {}", e["tick"].get<std::uint64_t>(),
                                           number(e["t"]), e["ready"].get<std::uint64_t>(),
                                           e["scheduled"].get<std::uint64_t>());
            if (!e["dropped"].empty()) line += fmt::format(" · dropped {}", plural(e["dropped"].size(), "cancelled timer"));
            out_ << line << '\n';
            return "";
        }
        if (kind == "select") {
            if (e["timeout"].is_null()) return "select: nothing ready and no timer: wait for I/O";
            double timeout = e["timeout"].get<double>();
            if (timeout > 0)
                return fmt::format("select: nothing is ready; wait {}s for the next timer (now t={})",
                                   float_repr(timeout), number(e["t"]));
            if (e["events"].get<std::uint64_t>() > 0)
                return fmt::format("select: {} ready", plural(e["events"].get<std::uint64_t>(), "descriptor"));
            return "";
        }
        if (kind == "io.ready")
            return fmt::format("fd {} is ready ({}): its callback joins the ready queue", e["fd"].get<int>(),
                               e["events"].get<std::string>());
        if (kind == "io.watch")
            return fmt::format("watch fd {} ({}): {} will run when it is ready", e["fd"].get<int>(),
                               e["events"].get<std::string>() == "r" ? "readable" : "writable",
                               e["callback"].get<std::string>());
        if (kind == "io.unwatch")
            return fmt::format("stop watching fd {} ({})", e["fd"].get<int>(),
                               e["events"].get<std::string>() == "r" ? "readable" : "writable");
        if (kind == "timer.due")
            return fmt::format("timer due (when={}): {} moves from the heap to the ready queue", number(e["when"]),
                               e["callback"].get<std::string>());
        if (kind == "call_soon") return fmt::format("call_soon: {} joins the ready queue", e["callback"].get<std::string>());
        if (kind == "call_at")
            return fmt::format("call_at(when={}): {} goes on the timer heap", number(e["when"]),
                               e["callback"].get<std::string>());
        if (kind == "handle.run") return fmt::format("run {}", e["callback"].get<std::string>());
        if (kind == "handle.skip") return fmt::format("skip {} (it was cancelled)", e["callback"].get<std::string>());
        if (kind == "handle.cancel") return fmt::format("cancel {}", e["callback"].get<std::string>());
        if (kind == "task.new") {
            std::string name = e["name"].get<std::string>();
            futures_[e["task"].get<std::uint64_t>()] = name;
            coros_[name] = e["coro"].get<std::string>();
            return fmt::format("{} is created for coroutine {}()", name, coros_[name]);
        }
        if (kind == "task.step") {
            std::string name = e["name"].get<std::string>();
            if (e["mode"] == "throw")
                return fmt::format("{} steps: throw {} into {}()", name, e.value("exception", "?"), coros_[name]);
            return fmt::format("{} steps: send(None) into {}()", name, coros_[name]);
        }
        if (kind == "task.suspend") {
            std::string name = e["name"].get<std::string>();
            std::string chain;
            for (const auto& frame : e["chain"]) chain += (chain.empty() ? "" : " → ") + frame.get<std::string>();
            std::string reason = e["reason"].get<std::string>();
            if (reason == "yield") return fmt::format("{} yields (sleep(0)): its next step waits at the back of the ready queue", name);
            if (reason == "bad_yield") return fmt::format("{} awaited something that is not a future: an error is thrown in next", name);
            return fmt::format("{} suspends on {}; await chain: {}", name, future_name(e["future"]), chain);
        }
        if (kind == "task.done" || kind == "future.resolve") {
            std::string who = kind == "task.done" ? e["name"].get<std::string>() : future_name(e["future"]);
            std::string outcome = e["outcome"].get<std::string>();
            std::string how = outcome == "result"      ? "result " + e.value("result", "?")
                              : outcome == "exception" ? "exception " + e.value("exception", "?")
                                                       : std::string("cancelled");
            std::string verb = kind == "task.done" ? "is done" : "is resolved";
            std::uint64_t callbacks = e["callbacks"].get<std::uint64_t>();
            return fmt::format("{} {}: {}{}", who, verb, how,
                               callbacks == 0   ? std::string()
                               : callbacks == 1 ? std::string("; its done-callback goes to the ready queue")
                                                : fmt::format("; its {} done-callbacks go to the ready queue", callbacks));
        }
        if (kind == "future.new") {
            std::uint64_t id = e["future"].get<std::uint64_t>();
            std::string label = e["label"].get<std::string>();
            futures_[id] = fmt::format("Future-{} ({})", id, label);
            return fmt::format("Future-{} is created ({})", id, label);
        }
        if (kind == "future.callback") {
            if (e["op"] == "add")
                return fmt::format("{} gets done-callback {}", future_name(e["future"]), e.value("callback", "?"));
            return fmt::format("{} loses a done-callback", future_name(e["future"]));
        }
        if (kind == "print") {
            std::string who = e["task"].is_null() ? "main" : e.value("name", "a task");
            return fmt::format("{} prints │ {}", who, e["text"].get<std::string>());
        }
        if (kind == "loop.exception")
            return fmt::format("the loop's exception handler reports: {} ({})", e["message"].get<std::string>(),
                               e["exception"].get<std::string>());
        if (kind == "loop.stop") return "stop(): the loop will return after this tick";
        if (kind == "trace.end") {
            std::string line = fmt::format("The run ended ({}) at {} {}, t={}", e["reason"].get<std::string>(), curio_ ? "cycle" : "tick",
                                           e["tick"].get<std::uint64_t>(), number(e["t"]));
            if (e.contains("error")) line += ": " + e["error"].get<std::string>();
            out_ << line << '\n';
            return "";
        }
        return kind;
    }

    // The curio kernel's events (and the common ones it words differently); "" for
    // the common events narrated as for asyncio.
    std::string describe_kernel(const std::string& kind, const json& e) {
        auto who = [&] { return e["name"].get<std::string>(); };
        if (kind == "kernel.cycle") {
            out_ << fmt::format("── cycle {} · t={} · ready: {} · sleeping: {}\n", e["tick"].get<std::uint64_t>(),
                                number(e["t"]), e["ready"].get<std::uint64_t>(), e["sleeping"].get<std::uint64_t>());
            return "";
        }
        if (kind == "kernel.phase") {
            std::string phase = e["phase"].get<std::string>();
            return phase == "io" ? "[I/O polling]" : phase == "time" ? "[time handling]" : "[running ready tasks]";
        }
        if (kind == "io.ready") return fmt::format("fd {} is ready ({})", e["fd"].get<int>(), e["events"].get<std::string>());
        if (kind == "task.new") {
            coros_[who()] = e["coro"].get<std::string>();
            return fmt::format("{} is created for coroutine {}() and joins the ready queue", who(), coros_[who()]);
        }
        if (kind == "task.resume") {
            std::string how = e["mode"] == "throw" ? "throw " + e.value("exception", "?")
                                                   : "send(" + e.value("value", "None") + ")";
            if (e["via"] == "trap") return fmt::format("{} goes on at once (the trap did not block): {} into {}()", who(), how, coros_[who()]);
            return fmt::format("{} resumes: {} into {}()", who(), how, coros_[who()]);
        }
        if (kind == "trap")
            return fmt::format("{} traps: {}({})", who(), e["trap"].get<std::string>(), e["args"].get<std::string>());
        if (kind == "task.park") {
            std::string until = e.contains("until") ? " until t=" + number(e["until"]) : std::string();
            return fmt::format("{} parks ({}) on {}{}", who(), e["state"].get<std::string>(), e["on"].get<std::string>(), until);
        }
        if (kind == "task.wake")
            return fmt::format("{} goes back on the ready queue: {}", who(), e["reason"].get<std::string>());
        if (kind == "task.done") {
            std::string outcome = e["outcome"].get<std::string>();
            std::string how = outcome == "result" ? "result " + e.value("result", "?") : outcome + " " + e.value("exception", "?");
            std::uint64_t joiners = e["callbacks"].get<std::uint64_t>();
            return fmt::format("{} terminates: {}{}", who(), how,
                               joiners == 0 ? std::string() : fmt::format("; {} waiting to join it", plural(joiners, "task")));
        }
        return "";
    }

    bool curio_ = false;
    std::ostream& out_;
    std::map<std::uint64_t, std::size_t> depth_;
    std::map<std::uint64_t, std::string> futures_;
    std::map<std::string, std::string> coros_;
};

}  // namespace

void narrate(const Trace& trace, std::ostream& out) {
    Narrator narrator(out);
    for (const json& event : trace.events) narrator.event(event);
}

}  // namespace coolio::tracer
