#include "coolio/tracer/state_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "coolio/repr.hpp"  // float_repr
#include "coolio/tracer/messages.hpp"

namespace coolio::tracer {

namespace {

class Differ {
public:
    Differ(const LoopState& before, const LoopState& after, const TraceEvents& trace, std::string_view lang)
        : before_(before), after_(after), trace_(trace), lang_(lang) {}

    std::vector<StateChange> run() {
        if (before_.tick != after_.tick)
            add('~', say("state.tick"), std::to_string(before_.tick) + " → " + std::to_string(after_.tick));
        if (before_.t != after_.t) add('~', say("state.time"), float_repr(before_.t) + " → " + float_repr(after_.t));
        queue(say("state.ready"), before_.ready, after_.ready, false);
        queue(say("state.timers"), before_.timers, after_.timers, true);
        for (std::size_t i = 0; i < after_.tasks.size(); ++i)
            task(i < before_.tasks.size() ? &before_.tasks[i] : nullptr, after_.tasks[i]);
        for (std::size_t i = 0; i < after_.futures.size(); ++i)
            future(i < before_.futures.size() ? &before_.futures[i] : nullptr, after_.futures[i]);
        fds();
        if (before_.current_handle != after_.current_handle)
            add('~', say("state.current_handle"), after_.current_handle == NONE ? say("state.none") : str(after_.current_callback));
        if (before_.current_task != after_.current_task)
            add('~', say("state.current_task"), after_.current_task == NONE ? say("state.none") : name(after_.current_task));
        return std::move(changes_);
    }

private:
    template <class... Args>
    std::string say(std::string_view key, const Args&... args) const {
        return fmt::format(fmt::runtime(message(key, lang_)), args...);
    }
    void add(char sign, std::string what, std::string text) { changes_.push_back({sign, std::move(what), std::move(text)}); }
    std::string str(Str id) const { return std::string(trace_.str(id)); }

    std::string name(std::uint64_t id) const {
        if (const TaskInfo* task = after_.task(id)) return str(task->name);
        return "Future-" + std::to_string(id);
    }

    template <class Queue>
    void queue(const std::string& what, const Queue& before, const Queue& after, bool timers) {
        std::unordered_map<std::uint64_t, const QueuedHandle*> old_ids, new_ids;
        for (const QueuedHandle& h : before) old_ids.emplace(h.handle, &h);
        for (const QueuedHandle& h : after) new_ids.emplace(h.handle, &h);
        for (const QueuedHandle& h : before)
            if (!new_ids.count(h.handle)) add('-', what, "-" + str(h.callback));
        for (const QueuedHandle& h : after) {
            auto old = old_ids.find(h.handle);
            if (old == old_ids.end()) {
                add('+', what, "+" + str(h.callback) + (timers ? " (when " + float_repr(h.when) + ")" : ""));
            } else if (h.cancelled && !old->second->cancelled) {
                add('~', what, say("state.is_cancelled", str(h.callback)));
            }
        }
    }

    void callbacks(const std::string& who, const std::vector<PendingCallback>& before,
                   const std::vector<PendingCallback>& after) {
        auto has = [](const std::vector<PendingCallback>& list, std::uint64_t token) {
            return std::any_of(list.begin(), list.end(), [&](const PendingCallback& c) { return c.token == token; });
        };
        for (const PendingCallback& c : before)
            if (!has(after, c.token)) add('-', say("state.callbacks_of", who), "-" + str(c.callback));
        for (const PendingCallback& c : after)
            if (!has(before, c.token)) add('+', say("state.callbacks_of", who), "+" + str(c.callback));
    }

    bool same_chain(ListRef a, ListRef b) const {
        auto x = trace_.strs(a), y = trace_.strs(b);
        return std::equal(x.begin(), x.end(), y.begin(), y.end());
    }

    std::string status(const TaskInfo& task) const {
        std::string text = status_text(task.status, lang_);
        if (task.status == TaskStatus::suspended && task.waiting_on != NONE) text = say("state.on", text, name(task.waiting_on));
        if (task.status == TaskStatus::done && task.outcome) text = say("state.outcome", text, status_text(*task.outcome, lang_));
        return text;
    }

    void task(const TaskInfo* before, const TaskInfo& after) {
        std::string who = str(after.name);
        if (!before) {
            add('+', who, say("state.new_task", str(after.coro), status(after)));
            return;
        }
        if (before->status != after.status || before->waiting_on != after.waiting_on)
            add('~', who, status(*before) + " → " + status(after));
        if (after.status == TaskStatus::suspended && !same_chain(before->chain, after.chain))
            add('~', who, say("state.await_chain", trace_.chain_text(after.chain)));
        callbacks(who, before->callbacks, after.callbacks);
    }

    void future(const FutureInfo* before, const FutureInfo& after) {
        std::string who = "Future-" + std::to_string(after.future);
        if (!before) {
            add('+', who, say("state.new_future", str(after.label), status_text(FutureStatus::pending, lang_)));
            return;
        }
        if (before->status != after.status)
            add('~', who, status_text(before->status, lang_) + " → " + status_text(after.status, lang_));
        callbacks(who, before->callbacks, after.callbacks);
    }

    void fds() {
        auto find = [](const std::vector<FdWatch>& list, std::uint64_t fd) -> const FdWatch* {
            for (const FdWatch& w : list)
                if (w.fd == fd) return &w;
            return nullptr;
        };
        auto side = [&](const std::string& who, const char* direction, const QueuedHandle& old, const QueuedHandle& now) {
            if (old.handle == now.handle) return;
            if (old.handle != NONE) add('-', who, std::string("-") + direction + " " + str(old.callback));
            if (now.handle != NONE) add('+', who, std::string("+") + direction + " " + str(now.callback));
        };
        static const FdWatch none{};
        for (const FdWatch& w : before_.fds)
            if (!find(after_.fds, w.fd)) {
                side("fd " + std::to_string(w.fd), "reader", w.reader, none.reader);
                side("fd " + std::to_string(w.fd), "writer", w.writer, none.writer);
            }
        for (const FdWatch& w : after_.fds) {
            const FdWatch* old = find(before_.fds, w.fd);
            side("fd " + std::to_string(w.fd), "reader", old ? old->reader : none.reader, w.reader);
            side("fd " + std::to_string(w.fd), "writer", old ? old->writer : none.writer, w.writer);
        }
    }

    const LoopState& before_;
    const LoopState& after_;
    const TraceEvents& trace_;
    std::string_view lang_;
    std::vector<StateChange> changes_;
};

}  // namespace

std::vector<StateChange> diff_states(const LoopState& before, const LoopState& after, const TraceEvents& trace,
                                     std::string_view lang) {
    return Differ(before, after, trace, lang).run();
}

std::string status_text(TaskStatus status, std::string_view lang) {
    return std::string(message("state.task." + std::string(status_name(status)), lang));
}
std::string status_text(FutureStatus status, std::string_view lang) {
    return std::string(message("state.future." + std::string(status_name(status)), lang));
}
std::string status_text(FutureOutcome outcome, std::string_view lang) {
    return std::string(message("state.future." + std::string(outcome_name(outcome)), lang));
}

std::string to_string(const StateChange& change, std::string_view lang) {
    return fmt::format(fmt::runtime(message("state.change", lang)), change.what, change.text);
}

}  // namespace coolio::tracer
