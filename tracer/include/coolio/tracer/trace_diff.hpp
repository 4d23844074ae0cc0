// trace_diff.hpp — compares two traces the way the conformance suite needs.
//
// Two runs of "the same program" (coolio's and CPython's, or yours and a classmate's)
// are compared on what a program's behaviour is made of:
//   * the lines it printed, exactly;
//   * the order in which its tasks were stepped, with send or throw (tasks are matched
//     by creation order, since their ids and names may differ);
//   * the tick at which each step happened.
// Everything else (handle numbers, callback names, timings) may differ freely.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "coolio/tracer/trace_reader.hpp"

namespace coolio::tracer {

/// One task step, as compared.
struct StepRecord {
    std::size_t task;    ///< the task's creation order: 1 for the first task made
    std::string name;    ///< its name in that trace
    std::string mode;    ///< "send" or "throw"
    std::uint64_t tick;
    std::uint64_t seq;   ///< where it is in its trace
};

/// The comparison of two traces.
struct TraceDiff {
    std::vector<std::string> prints_a, prints_b;
    std::vector<StepRecord> steps_a, steps_b;
    /// Index of the first differing printed line / step, if any.
    std::optional<std::size_t> first_print_difference;
    std::optional<std::size_t> first_step_difference;  ///< task or mode differs
    /// Steps (by index) that agree on task and mode but happen at another tick.
    std::vector<std::size_t> tick_differences;

    bool same_prints() const { return !first_print_difference; }
    bool same_steps() const { return !first_step_difference; }
    bool same_ticks() const { return tick_differences.empty(); }
};

/// Compares `a` with `b`.
TraceDiff diff_traces(const Trace& a, const Trace& b);
/// Writes a report for people: a verdict per aspect, and the first divergence of each
/// with a few lines of context. `name_a` / `name_b` label the two sides.
void write_diff_report(const TraceDiff& diff, const std::string& name_a, const std::string& name_b,
                       std::ostream& out);

}  // namespace coolio::tracer
