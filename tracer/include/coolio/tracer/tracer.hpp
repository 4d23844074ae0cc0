// tracer.hpp — the observer that writes every report of the runtime as a JSON line.
//
// The format is specified in docs/trace-format.md (and docs/trace-format.schema.json).
// Every line carries seq (0, 1, 2, … without gaps), tick, t (loop time) and kind.
// Events that happen inside a handle run, a task step or a future's resolution carry
// `cause`: the seq of the innermost such event still open. Those links are what let
// the stepper and the viewer draw "this happened because of that".
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coolio/base_events.hpp"
#include "coolio/curio/kernel.hpp"
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

/// Writes the trace of one asyncio loop or one curio kernel to a sink. It attaches
/// itself on construction (writing the header line) and detaches itself when
/// destroyed; finish() writes trace.end.
class Tracer final : public Observer {
public:
    Tracer(EventLoop& loop, Sink& sink, TraceHeader header);
    /// Traces a curio kernel; the header's runtime is "curio".
    Tracer(curio::Kernel& kernel, Sink& sink, TraceHeader header);
    ~Tracer() override;
    Tracer(const Tracer&) = delete;
    Tracer& operator=(const Tracer&) = delete;

    /// Writes the last line, `trace.end`, with why the run ended ("complete", or
    /// "exception" when the program raised) and an error message if any, then
    /// flushes. Later calls do nothing.
    void finish(std::string_view reason = "complete", std::string_view error = {});
    /// Lines written so far.
    std::uint64_t events() const noexcept { return seq_; }

    // For CrashGuard's signal handler: lock-free reads, safe in a handler.
    std::uint64_t current_tick() const noexcept { return tick_.load(std::memory_order_relaxed); }
    double last_time() const noexcept { return last_t_.load(std::memory_order_relaxed); }
    bool finished() const noexcept { return finished_.load(); }

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
    void on_future_callback_added(const FutureBase& future, CallbackToken token, const CallbackInfo& callback) override;
    void on_future_callback_removed(const FutureBase& future, CallbackToken token) override;
    void on_task_created(const TaskBase& task) override;
    void on_task_step(const TaskBase& task, const std::exception_ptr& thrown) override;
    void on_task_suspended(const TaskBase& task, SuspendReason reason, const FutureBase* waiting_on) override;
    void on_task_step_end(const TaskBase& task) override;
    void on_print(std::string_view text, const TaskBase* task) override;

    // ---- Observer: the curio kernel ----
    void on_kernel_cycle(const KernelCycleInfo& info) override;
    void on_kernel_phase(KernelPhase phase) override;
    void on_kernel_task_new(const curio::TaskBase& task) override;
    void on_kernel_trap(const curio::TaskBase& task, const curio::TrapRequest& request) override;
    void on_kernel_resume(const curio::TaskBase& task, bool after_trap, const std::exception_ptr& thrown,
                          std::string_view value) override;
    void on_kernel_resume_end(const curio::TaskBase& task) override;
    void on_kernel_park(const curio::TaskBase& task, std::string_view on, std::optional<double> until) override;
    void on_kernel_wake(const curio::TaskBase& task, std::string_view reason) override;
    void on_kernel_task_done(const curio::TaskBase& task, std::size_t joiners) override;
    void on_kernel_print(std::string_view text, const curio::TaskBase* task) override;

private:
    void write_header(const TraceHeader& header, std::string_view clock);
    void next_tick();
    double now() const { return loop_ ? loop_->time() : kernel_->time(); }
    Observer* attached() const { return loop_ ? loop_->observer() : kernel_->observer(); }
    void detach();
    /// The fields every curio task event starts with.
    void kernel_task_fields(const curio::TaskBase& task);

    /// Starts a line with the fields every event has.
    JsonLine& begin_event(std::string_view kind);
    /// Ends the line, hands it to the sink and returns its seq.
    std::uint64_t emit();
    void handle_fields(const Handle& handle);
    void open_scope(std::uint64_t seq) { scopes_.push_back(seq); }
    void close_scope() {
        if (!scopes_.empty()) scopes_.pop_back();
    }

    EventLoop* loop_ = nullptr;        // the loop traced, or...
    curio::Kernel* kernel_ = nullptr;  // ...the kernel traced
    Sink& sink_;
    JsonLine json_;              // the line being written, reused for every event
    std::vector<std::string_view> chain_;  // reused for every task.suspend's "chain"
    std::string callback_text_;  // reused for every handle's "callback" field
    std::uint64_t seq_ = 0;
    // tick_, last_t_ and finished_ are atomics (relaxed: plain loads and stores) only
    // so that a signal handler may read them (crash_guard.cpp).
    std::atomic<std::uint64_t> tick_{0};
    std::atomic<double> last_t_{0.0};
    std::vector<std::uint64_t> scopes_;  // open handle runs, task steps, resolutions
    std::atomic<bool> finished_{false};
};

}  // namespace coolio::tracer
