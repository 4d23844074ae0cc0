#include "coolio/tracer/trace_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <ostream>

namespace coolio::tracer {

namespace {

std::vector<std::string> printed_lines(const Trace& trace) {
    std::vector<std::string> lines;
    for (const auto& e : trace.events)
        if (e["kind"] == "print") lines.push_back(e["text"].get<std::string>());
    return lines;
}

std::vector<StepRecord> task_steps(const Trace& trace) {
    std::map<std::uint64_t, std::size_t> order;  // task id -> creation order
    std::vector<StepRecord> steps;
    for (const auto& e : trace.events) {
        if (e["kind"] == "task.new") order.emplace(e["task"].get<std::uint64_t>(), order.size() + 1);
        if (e["kind"] != "task.step") continue;
        std::uint64_t id = e["task"].get<std::uint64_t>();
        auto found = order.find(id);
        std::size_t ordinal = found != order.end() ? found->second : 0;  // 0: never announced
        steps.push_back({ordinal, e["name"].get<std::string>(), e["mode"].get<std::string>(),
                         e["tick"].get<std::uint64_t>(), e["seq"].get<std::uint64_t>()});
    }
    return steps;
}

template <class T, class Same>
std::optional<std::size_t> first_difference(const std::vector<T>& a, const std::vector<T>& b, Same same) {
    std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i)
        if (!same(a[i], b[i])) return i;
    if (a.size() != b.size()) return n;
    return std::nullopt;
}

std::string step_text(const StepRecord& s) {
    return fmt::format("{} (task #{}) {} at tick {}", s.name, s.task, s.mode, s.tick);
}

// Lines `index` - 2 … `index` + 2 of both sides, marking the differing one.
template <class T, class Show>
void context(std::ostream& out, const std::vector<T>& a, const std::vector<T>& b, std::size_t index,
             const std::string& name_a, const std::string& name_b, Show show) {
    std::size_t from = index >= 2 ? index - 2 : 0;
    for (std::size_t i = from; i <= index + 2 && (i < a.size() || i < b.size()); ++i) {
        std::string left = i < a.size() ? show(a[i]) : "<nothing>";
        std::string right = i < b.size() ? show(b[i]) : "<nothing>";
        if (i == index) {
            out << fmt::format("  > {:>4}  {}: {}\n", i + 1, name_a, left);
            out << fmt::format("  > {:>4}  {}: {}\n", "", name_b, right);
        } else {
            out << fmt::format("    {:>4}  {}\n", i + 1, left == right ? left : left + "  |  " + right);
        }
    }
}

}  // namespace

TraceDiff diff_traces(const Trace& a, const Trace& b) {
    TraceDiff diff;
    diff.prints_a = printed_lines(a);
    diff.prints_b = printed_lines(b);
    diff.steps_a = task_steps(a);
    diff.steps_b = task_steps(b);
    diff.first_print_difference = first_difference(diff.prints_a, diff.prints_b, std::equal_to<>());
    diff.first_step_difference = first_difference(diff.steps_a, diff.steps_b, [](const auto& x, const auto& y) {
        return x.task == y.task && x.mode == y.mode;
    });
    std::size_t agree = diff.first_step_difference.value_or(diff.steps_a.size());
    for (std::size_t i = 0; i < agree; ++i)
        if (diff.steps_a[i].tick != diff.steps_b[i].tick) diff.tick_differences.push_back(i);
    return diff;
}

void write_diff_report(const TraceDiff& diff, const std::string& name_a, const std::string& name_b,
                       std::ostream& out) {
    out << "A = " << name_a << "\nB = " << name_b << "\n\n";
    if (diff.same_prints()) {
        out << fmt::format("prints: identical ({} lines)\n", diff.prints_a.size());
    } else {
        std::size_t i = *diff.first_print_difference;
        out << fmt::format("prints: differ from line {} (A printed {} lines, B {})\n", i + 1, diff.prints_a.size(),
                           diff.prints_b.size());
        context(out, diff.prints_a, diff.prints_b, i, "A", "B", [](const std::string& s) { return s; });
    }
    if (diff.same_steps()) {
        out << fmt::format("task steps: identical order ({} steps)\n", diff.steps_a.size());
    } else {
        std::size_t i = *diff.first_step_difference;
        out << fmt::format("task steps: differ from step {} (A took {} steps, B {})\n", i + 1, diff.steps_a.size(),
                           diff.steps_b.size());
        context(out, diff.steps_a, diff.steps_b, i, "A", "B", step_text);
    }
    if (diff.same_ticks()) {
        out << "ticks: every matching step happens at the same tick\n";
    } else {
        const StepRecord& s = diff.steps_a[diff.tick_differences.front()];
        const StepRecord& t = diff.steps_b[diff.tick_differences.front()];
        out << fmt::format("ticks: {} matching steps happen at other ticks; the first: step {}, {}: tick {} in A, {} in B\n",
                           diff.tick_differences.size(), diff.tick_differences.front() + 1, s.name, s.tick, t.tick);
    }
}

}  // namespace coolio::tracer
