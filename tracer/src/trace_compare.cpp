#include "coolio/tracer/trace_compare.hpp"

#include <fmt/format.h>

#include <ostream>

namespace coolio::tracer {

namespace {

using nlohmann::json;

std::uint64_t whole(const json& e, const char* field) { return e[field].get<std::uint64_t>(); }
std::string text(const json& e, const char* field) { return e.value(field, std::string()); }

// Cut to `width` characters (counting UTF-8 code points), with "…" if cut.
std::string fit(const std::string& s, std::size_t width) {
    std::size_t chars = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
        if (chars == width - 1) break;
        ++chars;
    }
    if (i >= s.size()) return s + std::string(width - chars, ' ');
    return s.substr(0, i) + "…";
}

std::string turn_text(const Turn& turn, std::size_t width) {
    std::string what;
    if (!turn.prints.empty()) what += fmt::format("prints {} · ", turn.prints.size());
    if (!turn.traps.empty()) what += fmt::format("{} trap{} · ", turn.traps.size(), turn.traps.size() == 1 ? "" : "s");
    what += turn.end;
    return fit(fmt::format("{:>3} {:<7} {}", turn.cycle, turn.name, what), width);
}

}  // namespace

MachineryCounts count_machinery(const Trace& trace) {
    MachineryCounts c;
    for (const json& e : trace.events) {
        const std::string& kind = e["kind"].get_ref<const std::string&>();
        if (kind == "tick.begin" || kind == "kernel.cycle") ++c.cycles;
        else if (kind == "call_soon" || kind == "call_at") ++c.handles;
        else if (kind == "future.new") ++c.futures;
        else if (kind == "task.new") ++c.tasks;
        else if (kind == "task.step" || kind == "task.resume") ++c.resumptions;
        else if (kind == "trap") ++c.traps;
        else if (kind == "select") ++c.selects;
    }
    c.events = trace.events.size();
    return c;
}

// A turn opens with task.step (asyncio) or a task.resume taken from the ready queue
// (curio); a curio task.resume via a trap continues the open turn. The turn's prints
// and traps are those its task makes before the next turn opens, and its end is the
// last thing said about it (suspend, park, wake for sleep(0), done).
std::vector<Turn> task_turns(const Trace& trace) {
    std::map<std::uint64_t, std::size_t> order;       // task id -> creation order
    std::map<std::uint64_t, std::string> futures;     // future id -> label
    std::vector<Turn> turns;
    std::optional<std::uint64_t> open;                // the task whose turn is open
    for (const json& e : trace.events) {
        const std::string& kind = e["kind"].get_ref<const std::string&>();
        if (kind == "task.new") order.emplace(whole(e, "task"), order.size() + 1);
        if (kind == "future.new") futures[whole(e, "future")] = text(e, "label");
        bool opens = kind == "task.step" || (kind == "task.resume" && e["via"] == "ready");
        if (opens) {
            std::uint64_t id = whole(e, "task");
            turns.push_back({order.count(id) ? order[id] : 0, text(e, "name"), whole(e, "tick"), 0, {}, {}, "runs"});
            open = id;
        }
        if (!open || turns.empty()) continue;
        Turn& turn = turns.back();
        bool mine = e.contains("task") && e["task"].is_number() && whole(e, "task") == *open;
        if (!mine) continue;
        if (kind == "task.step" || kind == "task.resume") ++turn.resumptions;
        else if (turn.end != "runs") continue;  // the turn is over: a later wake-up belongs to the next one
        else if (kind == "print") turn.prints.push_back(text(e, "text"));
        else if (kind == "trap") turn.traps.push_back(text(e, "trap"));
        else if (kind == "task.done") turn.end = "done";
        else if (kind == "task.park") turn.end = "parks on " + text(e, "on");
        else if (kind == "task.wake") turn.end = "yields (sleep 0)";
        else if (kind == "task.suspend") {
            std::string reason = text(e, "reason");
            if (reason == "yield") turn.end = "yields (sleep 0)";
            else if (e["future"].is_number()) {
                std::uint64_t id = whole(e, "future");
                auto label = futures.find(id);
                turn.end = "awaits " + (label != futures.end() ? label->second + " future" : "Task-" + std::to_string(order[id]));
            } else {
                turn.end = "suspends (" + reason + ")";
            }
        }
    }
    return turns;
}

Comparison compare_runtimes(const Trace& asyncio, const Trace& curio) {
    Comparison result;
    result.diff = diff_traces(asyncio, curio);
    result.asyncio = count_machinery(asyncio);
    result.curio = count_machinery(curio);
    std::vector<Turn> a = task_turns(asyncio), b = task_turns(curio);
    // Align the two lists of turns (a weighted longest common subsequence): a pair of
    // turns of the same task scores 2 if they printed the same lines, 1 otherwise.
    auto score = [](const Turn& x, const Turn& y) -> std::size_t {
        if (x.task != y.task) return 0;
        return x.prints == y.prints ? 2 : 1;
    };
    std::vector<std::vector<std::size_t>> best(a.size() + 1, std::vector<std::size_t>(b.size() + 1, 0));
    for (std::size_t i = a.size(); i-- > 0;)
        for (std::size_t j = b.size(); j-- > 0;) {
            std::size_t pair = score(a[i], b[j]);
            best[i][j] = std::max({best[i + 1][j], best[i][j + 1], pair ? best[i + 1][j + 1] + pair : 0});
        }
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        std::size_t pair = i < a.size() && j < b.size() ? score(a[i], b[j]) : 0;
        if (pair && best[i][j] == best[i + 1][j + 1] + pair) result.rows.push_back({a[i++], b[j++]});
        else if (j < b.size() && (i == a.size() || best[i][j] == best[i][j + 1])) result.rows.push_back({std::nullopt, b[j++]});
        else result.rows.push_back({a[i++], std::nullopt});
    }
    return result;
}

void write_comparison(const Comparison& c, const std::string& scenario, std::ostream& out) {
    out << fmt::format("{}: one program, run on asyncio's event loop and on a curio-style kernel\n\n", scenario);
    if (c.same_prints()) {
        out << fmt::format("prints: identical on both ({} lines)\n", c.diff.prints_a.size());
        for (const std::string& line : c.diff.prints_a) out << "  │ " << line << '\n';
    } else {
        std::size_t at = *c.diff.first_print_difference;
        out << fmt::format("prints: DIFFER from line {} (asyncio printed {} lines, curio {})\n", at + 1,
                           c.diff.prints_a.size(), c.diff.prints_b.size());
        for (std::size_t i = 0; i < std::max(c.diff.prints_a.size(), c.diff.prints_b.size()); ++i) {
            std::string left = i < c.diff.prints_a.size() ? c.diff.prints_a[i] : "";
            std::string right = i < c.diff.prints_b.size() ? c.diff.prints_b[i] : "";
            out << fmt::format("  {} {} │ {}\n", left == right ? ' ' : '>', fit(left, 40), right);
        }
    }
    out << fmt::format("\n{:<44}{:>9}{:>9}\n", "what each runtime did to print them", "asyncio", "curio");
    auto row = [&](const char* what, std::uint64_t x, std::uint64_t y) { out << fmt::format("  {:<42}{:>9}{:>9}\n", what, x, y); };
    row("loop ticks / kernel cycles", c.asyncio.cycles, c.curio.cycles);
    row("handles created (call_soon, call_at)", c.asyncio.handles, c.curio.handles);
    row("futures created", c.asyncio.futures, c.curio.futures);
    row("tasks created", c.asyncio.tasks, c.curio.tasks);
    row("coroutine resumptions (send / throw)", c.asyncio.resumptions, c.curio.resumptions);
    row("traps into the kernel", c.asyncio.traps, c.curio.traps);
    row("selector waits (select)", c.asyncio.selects, c.curio.selects);
    row("trace events", c.asyncio.events, c.curio.events);

    constexpr std::size_t W = 48;
    out << "\nturn by turn (a turn: one task runs until it gives control back)\n";
    out << fmt::format("{} │ {}\n", fit("tick task    asyncio", W), "cycle task  curio");
    for (const TurnRow& r : c.rows) {
        std::string line = (r.asyncio ? turn_text(*r.asyncio, W) : std::string(W, ' ')) + " │ " +
                           (r.curio ? turn_text(*r.curio, W) : std::string());
        out << line.substr(0, line.find_last_not_of(' ') + 1) << '\n';
    }
}

}  // namespace coolio::tracer
