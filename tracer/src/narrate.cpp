#include "coolio/tracer/narrate.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <map>
#include <ostream>
#include <string>

#include "coolio/repr.hpp"
#include "coolio/tracer/messages.hpp"

namespace coolio::tracer {

namespace {

using nlohmann::json;

std::string number(const json& v) { return v.is_number() ? float_repr(v.get<double>()) : std::string("?"); }

// Remembers names and labels of tasks and futures as the events introduce them.
class Narrator {
public:
    Narrator(std::ostream& out, std::string_view lang) : out_(out), lang_(lang) {}

    void event(const json& e) {
        std::uint64_t seq = e["seq"].get<std::uint64_t>();
        std::size_t depth = 1;
        if (auto cause = e.find("cause"); cause != e.end()) depth = depth_[cause->get<std::uint64_t>()] + 1;
        depth_[seq] = depth;
        std::string text = describe(e);
        if (!text.empty()) out_ << std::string(2 * depth, ' ') << text << '\n';
    }

private:
    // The message `key` in the narration's language, filled in with `args`.
    template <class... Args>
    std::string say(std::string_view key, Args&&... args) const {
        return fmt::format(fmt::runtime(message(key, lang_)), std::forward<Args>(args)...);
    }
    std::string direction(const json& e) const {
        return say(e["events"].get<std::string>() == "r" ? "narrate.readable" : "narrate.writable");
    }

    std::string future_name(const json& id) {
        if (!id.is_number()) return say("narrate.nothing");
        auto found = futures_.find(id.get<std::uint64_t>());
        return found != futures_.end() ? found->second : "Future-" + id.dump();
    }

    std::string describe(const json& e) {
        const std::string kind = e["kind"].get<std::string>();
        if (kind == "trace.begin") {
            curio_ = e["runtime"] == "curio";
            out_ << say("narrate.header", e["scenario"].get<std::string>(), e["runtime"].get<std::string>(),
                        e["clock"].get<std::string>())
                 << "\n" << say(curio_ ? "narrate.kernel.before" : "narrate.before") << "\n";
            return "";
        }
        if (curio_) {
            std::string text = describe_kernel(kind, e);
            if (!text.empty() || kind == "kernel.cycle") return text;
        }
        if (kind == "tick.begin") {
            std::string line = say("narrate.tick", e["tick"].get<std::uint64_t>(), number(e["t"]), e["ready"].get<std::uint64_t>(),
                                   e["scheduled"].get<std::uint64_t>());
            if (!e["dropped"].empty())
                line += say(e["dropped"].size() == 1 ? "narrate.dropped_one" : "narrate.dropped", e["dropped"].size());
            out_ << line << '\n';
            return "";
        }
        if (kind == "select") {
            if (e["timeout"].is_null()) return say("narrate.select_block");
            double timeout = e["timeout"].get<double>();
            if (timeout > 0)
                return say("narrate.select_wait", float_repr(timeout), number(e["t"]));
            if (std::uint64_t n = e["events"].get<std::uint64_t>(); n > 0)
                return say(n == 1 ? "narrate.select_ready_one" : "narrate.select_ready", n);
            return "";
        }
        if (kind == "io.ready")
            return say("narrate.io_ready", e["fd"].get<int>(), e["events"].get<std::string>());
        if (kind == "io.watch")
            return say("narrate.io_watch", e["fd"].get<int>(), direction(e), e["callback"].get<std::string>());
        if (kind == "io.unwatch")
            return say("narrate.io_unwatch", e["fd"].get<int>(), direction(e));
        if (kind == "timer.due")
            return say("narrate.timer_due", number(e["when"]), e["callback"].get<std::string>());
        if (kind == "call_soon") return say("narrate.call_soon", e["callback"].get<std::string>());
        if (kind == "call_at")
            return say("narrate.call_at", number(e["when"]), e["callback"].get<std::string>());
        if (kind == "handle.run") return say("narrate.run", e["callback"].get<std::string>());
        if (kind == "handle.skip") return say("narrate.skip", e["callback"].get<std::string>());
        if (kind == "handle.cancel") return say("narrate.cancel", e["callback"].get<std::string>());
        if (kind == "task.new") {
            std::string name = e["name"].get<std::string>();
            futures_[e["task"].get<std::uint64_t>()] = name;
            coros_[name] = e["coro"].get<std::string>();
            return say("narrate.task_new", name, coros_[name]);
        }
        if (kind == "task.step") {
            std::string name = e["name"].get<std::string>();
            if (e["mode"] == "throw")
                return say("narrate.step_throw", name, e.value("exception", "?"), coros_[name]);
            return say("narrate.step_send", name, coros_[name]);
        }
        if (kind == "task.suspend") {
            std::string name = e["name"].get<std::string>();
            std::string chain;
            for (const auto& frame : e["chain"]) chain += (chain.empty() ? "" : " → ") + frame.get<std::string>();
            std::string reason = e["reason"].get<std::string>();
            if (reason == "yield") return say("narrate.yield", name);
            if (reason == "bad_yield") return say("narrate.bad_yield", name);
            return say("narrate.suspend", name, future_name(e["future"]), chain);
        }
        if (kind == "task.done" || kind == "future.resolve") {
            std::string who = kind == "task.done" ? e["name"].get<std::string>() : future_name(e["future"]);
            std::string outcome = e["outcome"].get<std::string>();
            std::string how = outcome == "result"      ? say("narrate.result", e.value("result", "?"))
                              : outcome == "exception" ? say("narrate.exception", e.value("exception", "?"))
                                                       : say("narrate.cancelled");
            std::uint64_t callbacks = e["callbacks"].get<std::uint64_t>();
            return say(kind == "task.done" ? "narrate.task_done" : "narrate.resolved", who, how) +
                   (callbacks == 0   ? std::string()
                    : callbacks == 1 ? say("narrate.callback_queued")
                                     : say("narrate.callbacks_queued", callbacks));
        }
        if (kind == "future.new") {
            std::uint64_t id = e["future"].get<std::uint64_t>();
            std::string label = e["label"].get<std::string>();
            futures_[id] = fmt::format("Future-{} ({})", id, label);
            return say("narrate.future_new", id, label);
        }
        if (kind == "future.callback") {
            if (e["op"] == "add")
                return say("narrate.callback_add", future_name(e["future"]), e.value("callback", "?"));
            return say("narrate.callback_remove", future_name(e["future"]));
        }
        if (kind == "print") {
            std::string who = e["task"].is_null() ? "main" : e.value("name", "?");
            return say("narrate.print", who, e["text"].get<std::string>());
        }
        if (kind == "loop.exception")
            return say("narrate.loop_exception", e["message"].get<std::string>(), e["exception"].get<std::string>());
        if (kind == "loop.stop") return say("narrate.loop_stop");
        if (kind == "trace.end") {
            std::string line = say(curio_ ? "narrate.kernel.end" : "narrate.end", e["reason"].get<std::string>(),
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
            out_ << say("narrate.kernel.cycle", e["tick"].get<std::uint64_t>(), number(e["t"]),
                        e["ready"].get<std::uint64_t>(), e["sleeping"].get<std::uint64_t>())
                 << '\n';
            return "";
        }
        if (kind == "kernel.phase") {
            std::string phase = e["phase"].get<std::string>();
            return say(phase == "io" ? "narrate.kernel.phase_io" : phase == "time" ? "narrate.kernel.phase_time"
                                                                                   : "narrate.kernel.phase_run");
        }
        if (kind == "io.ready") return say("narrate.kernel.io_ready", e["fd"].get<int>(), e["events"].get<std::string>());
        if (kind == "task.new") {
            coros_[who()] = e["coro"].get<std::string>();
            return say("narrate.kernel.task_new", who(), coros_[who()]);
        }
        if (kind == "task.resume") {
            // send()/throw are the generator protocol's words: the same in every language.
            std::string how = e["mode"] == "throw" ? "throw " + e.value("exception", "?")
                                                   : "send(" + e.value("value", "None") + ")";
            return say(e["via"] == "trap" ? "narrate.kernel.resume_trap" : "narrate.kernel.resume", who(), how, coros_[who()]);
        }
        if (kind == "trap")
            return say("narrate.kernel.trap", who(), e["trap"].get<std::string>(), e["args"].get<std::string>());
        if (kind == "task.park") {
            std::string on = e["on"].get<std::string>();
            if (on == "timer") on = say("narrate.kernel.on_timer");  // the rest are names: Task-2.join, fd 5 (read)…
            if (e.contains("until"))
                return say("narrate.kernel.park_until", who(), e["state"].get<std::string>(), on, number(e["until"]));
            return say("narrate.kernel.park", who(), e["state"].get<std::string>(), on);
        }
        if (kind == "task.wake") return say("narrate.kernel.wake", who(), wake_reason(e["reason"].get<std::string>()));
        if (kind == "task.done") {
            std::string outcome = e["outcome"].get<std::string>();
            std::string how = outcome == "result"      ? say("narrate.result", e.value("result", "?"))
                              : outcome == "exception" ? say("narrate.exception", e.value("exception", "?"))
                                                       : say("narrate.cancelled") + " " + e.value("exception", "?");
            std::uint64_t joiners = e["callbacks"].get<std::uint64_t>();
            return say("narrate.kernel.done", who(), how) +
                   (joiners == 0 ? std::string()
                                 : say(joiners == 1 ? "narrate.kernel.done_joiners_one" : "narrate.kernel.done_joiners", joiners));
        }
        return "";
    }

    // The kernel writes why it woke a task in English, in a few fixed forms
    // (kernel.cpp's reschedule_task calls); each is worded again in the narration's
    // language. Anything else (an exception's repr, thrown in) is shown as it is.
    std::string wake_reason(const std::string& reason) const {
        constexpr std::string_view woken = "woken from ", ready = " is ready", terminated = " terminated";
        if (reason == "its sleep is over") return say("narrate.kernel.wake_sleep");
        if (reason == "sleep(0): back of the ready queue") return say("narrate.kernel.wake_yield");
        if (reason.starts_with(woken)) return say("narrate.kernel.wake_queue", reason.substr(woken.size()));
        if (reason.ends_with(ready)) return say("narrate.kernel.wake_fd", reason.substr(0, reason.size() - ready.size()));
        if (reason.ends_with(terminated))
            return say("narrate.kernel.wake_join", reason.substr(0, reason.size() - terminated.size()));
        return reason;
    }

    bool curio_ = false;
    std::ostream& out_;
    std::string_view lang_;
    std::map<std::uint64_t, std::size_t> depth_;
    std::map<std::uint64_t, std::string> futures_;
    std::map<std::string, std::string> coros_;
};

}  // namespace

void narrate(const Trace& trace, std::ostream& out, std::string_view lang) {
    Narrator narrator(out, lang);
    for (const json& event : trace.events) narrator.event(event);
}

}  // namespace coolio::tracer
