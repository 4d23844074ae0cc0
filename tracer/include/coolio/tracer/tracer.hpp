// tracer.hpp — the observer that writes every report of the runtime as a JSON line.
//
// The format is specified in docs/trace-format.md (and docs/trace-format.schema.json).
// Every line carries seq (0, 1, 2, … without gaps), tick, t (loop time) and kind.
// Events that happen inside a handle run, a task step or a future's resolution carry
// `cause`: the seq of the innermost such event still open. Those links are what let
// the stepper and the viewer draw "this happened because of that".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coolio/base_events.hpp"
#include "coolio/tracer/json_line.hpp"
#include "coolio/tracer/sinks.hpp"

namespace coolio::tracer {

/// The version of the trace format this tracer writes (docs/trace-format.md).
inline constexpr int FORMAT_VERSION = 1;
/// The header's "format" field.
inline constexpr std::string_view FORMAT_NAME = "coolio-trace";

/// What the header line says about the run.
struct TraceHeader {
    std::string scenario;             ///< scenario or program name
    std::string runtime = "asyncio";  ///< which runtime produced the trace
};

/// Writes the trace of one loop to a sink. Attach with attach(); it detaches itself
/// when destroyed. Construction writes the header line; finish() writes trace.end.
class Tracer final : public Observer {
public:
    Tracer(EventLoop& loop, Sink& sink, TraceHeader header);
    ~Tracer() override;
    Tracer(const Tracer&) = delete;
    Tracer& operator=(const Tracer&) = delete;

    /// Writes the last line, `trace.end`, with why the run ended ("complete" or
    /// "error") and an error message if any, then flushes. Later calls do nothing.
    void finish(std::string_view reason = "complete", std::string_view error = {});
    /// Lines written so far.
    std::uint64_t events() const noexcept { return seq_; }

    // ---- Observer ----
    void on_tick_begin(const TickInfo& info) override;
    void on_select(std::optional<double> timeout, std::size_t nevents) override;
    void on_io_ready(int fd, std::uint32_t events, const Handle* reader, const Handle* writer) override;
    void on_timer_due(const TimerHandle& timer) override;
    void on_fd_watched(int fd, std::uint32_t event, const Handle& handle) override;
    void on_fd_unwatched(int fd, std::uint32_t event) override;
    void on_handle_scheduled(const Handle& handle) override;
    void on_handle_cancelled(const Handle& handle) override;
    void on_handle_run(const Handle& handle) override;
    void on_handle_end(const Handle& handle) override;
    void on_handle_skipped(const Handle& handle) override;
    void on_exception(const ExceptionContext& context) override;
    void on_stop() override;
    void on_future_created(const FutureBase& future) override;
    void on_future_resolved(const FutureBase& future) override;
    void on_future_resolved_end(const FutureBase& future) override;
    void on_future_callback_added(const FutureBase& future, CallbackToken token, std::string_view callback) override;
    void on_future_callback_removed(const FutureBase& future, CallbackToken token) override;
    void on_task_created(const TaskBase& task) override;
    void on_task_step(const TaskBase& task, const std::exception_ptr& thrown) override;
    void on_task_suspended(const TaskBase& task, SuspendReason reason, const FutureBase* waiting_on) override;
    void on_task_step_end(const TaskBase& task) override;
    void on_print(std::string_view text, const TaskBase* task) override;

private:
    /// Starts a line with the fields every event has.
    JsonLine& begin_event(std::string_view kind);
    /// Ends the line, hands it to the sink and returns its seq.
    std::uint64_t emit();
    void handle_fields(const Handle& handle);
    void open_scope(std::uint64_t seq) { scopes_.push_back(seq); }
    void close_scope() {
        if (!scopes_.empty()) scopes_.pop_back();
    }

    EventLoop& loop_;
    Sink& sink_;
    std::string line_;  // reused for every event
    JsonLine json_{line_};
    std::uint64_t seq_ = 0;
    std::uint64_t tick_ = 0;
    std::vector<std::uint64_t> scopes_;  // open handle runs, task steps, resolutions
    bool finished_ = false;
};

}  // namespace coolio::tracer
