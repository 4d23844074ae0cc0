// trace_compare.hpp — one program on two runtimes: asyncio's loop and curio's kernel.
//
// diff_traces (trace_diff.hpp) asks "did these two runs behave the same?". This asks
// the question `coolio-trace compare` shows a newcomer: the prints are the same, so
// what did each runtime do to get there? It counts the machinery each one used
// (ticks or cycles, handles, futures, task resumptions, traps, selector calls) and
// lines up the two runs *turn by turn*: a turn is what one task did between being
// picked to run and giving control back (an asyncio task.step; a curio task's run
// from the ready queue until it blocks, however many traps it went through).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "coolio/tracer/trace_diff.hpp"
#include "coolio/tracer/trace_reader.hpp"

namespace coolio::tracer {

/// What one trace's run used, counted from its events.
struct MachineryCounts {
    std::uint64_t cycles = 0;       ///< tick.begin (asyncio) or kernel.cycle (curio)
    std::uint64_t handles = 0;      ///< call_soon + call_at: handles created
    std::uint64_t futures = 0;      ///< future.new: plain futures created
    std::uint64_t tasks = 0;        ///< task.new
    std::uint64_t resumptions = 0;  ///< task.step (asyncio) or task.resume (curio): coroutine resumed
    std::uint64_t traps = 0;        ///< trap
    std::uint64_t selects = 0;      ///< select: the loop's or kernel's wait for I/O or time
    std::uint64_t events = 0;       ///< lines of the trace
};

/// One turn of one task.
struct Turn {
    std::size_t task = 0;        ///< the task's creation order: 1 for the first
    std::string name;            ///< its name in its trace
    std::uint64_t cycle = 0;     ///< the tick or cycle it ran in
    std::uint64_t resumptions = 0;
    std::vector<std::string> prints;
    std::vector<std::string> traps;  ///< curio: the trap functions it called, in order
    std::string end;             ///< how the turn ended: "waits on sleep", "parks TIME_SLEEP", "done"…
};

/// Two turns side by side; either may be missing where the runs do not match up.
struct TurnRow {
    std::optional<Turn> asyncio, curio;
};

struct Comparison {
    TraceDiff diff;  ///< prints (and the asyncio-style steps, unused here)
    MachineryCounts asyncio, curio;
    std::vector<TurnRow> rows;
    bool same_prints() const { return diff.same_prints(); }
};

MachineryCounts count_machinery(const Trace& trace);
/// The turns of a trace of either runtime, in order.
std::vector<Turn> task_turns(const Trace& trace);
/// Compares an asyncio trace with a curio trace of the same program. The turns are
/// aligned task by task (a weighted longest common subsequence that prefers turns
/// that printed the same lines), so turns that did the same work share a row.
Comparison compare_runtimes(const Trace& asyncio, const Trace& curio);
/// The side-by-side report of `compare`, for a terminal about 100 columns wide.
void write_comparison(const Comparison& comparison, const std::string& scenario, std::ostream& out);

}  // namespace coolio::tracer
