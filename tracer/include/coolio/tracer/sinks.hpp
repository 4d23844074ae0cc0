// sinks.hpp — where trace lines go: a file, memory, or nowhere.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace coolio::tracer {

/// Receives complete JSON lines (each ending in '\n').
class Sink {
public:
    virtual ~Sink() = default;
    /// Takes one complete line. Never throws for a failed write: see error().
    virtual void write(std::string_view line) = 0;
    /// Called once per loop tick: a chance to push buffered lines out.
    virtual void tick() {}
    /// Pushes out everything buffered.
    virtual void flush() {}
    /// Why writing failed (an OSError naming the call and the file), or null. After a
    /// failure, lines are dropped: the tracer stops the run at its next tick.
    virtual std::exception_ptr error() const { return nullptr; }
};

/// Streams lines to a file. Lines are buffered and written in whole lines only,
/// when the buffer is full or, at a tick boundary, when 50 ms have passed since the
/// last write: a run that is killed leaves a file whose every line is complete, at
/// most a moment behind, without paying a system call per event.
///
/// The buffer is also readable from a signal handler (write_from_signal_handler):
/// it never moves, and one atomic word says how many bytes of whole lines it holds,
/// so a handler that interrupts write() half-way sees the line either wholly or not
/// at all. That is what lets CrashGuard end the trace on SIGINT, SIGTERM and abort().
///
/// A failed write (full disk, file size limit) is remembered in error(), the file is
/// cut back to its last complete line, and later lines are dropped.
class FileSink final : public Sink {
public:
    /// Creates (truncates) `path`; OSError naming the path if that fails.
    explicit FileSink(const std::string& path);
    ~FileSink() override;
    FileSink(const FileSink&) = delete;
    FileSink& operator=(const FileSink&) = delete;

    void write(std::string_view line) override;
    void tick() override;
    void flush() override;
    std::exception_ptr error() const override { return error_; }
    const std::string& path() const noexcept { return path_; }
    std::uint64_t bytes_written() const noexcept { return bytes_; }

    /// Async-signal-safe: writes the whole lines buffered now with write(2) and
    /// returns how many lines the file then holds, or -1 if that is not known (the
    /// signal came during a flush, or writing failed): the caller must then add
    /// nothing. Touches no heap, no lock, no stdio.
    std::int64_t write_from_signal_handler() noexcept;
    /// Async-signal-safe: appends `text` (whole lines) to the file with write(2).
    void append_from_signal_handler(const char* text, std::size_t size) noexcept;

private:
    void write_out(const char* data, std::size_t size, std::uint64_t lines);
    void fail(int err, std::size_t written_now, const char* data);

    std::string path_;
    int fd_;
    std::unique_ptr<char[]> buffer_;  // fixed: a signal handler may read it
    std::size_t used_ = 0;            // bytes of whole lines in buffer_
    std::uint32_t buffered_lines_ = 0;
    // What a signal handler may read: used_ and buffered_lines_ packed into one word
    // (published after each line is copied in), the lines already in the file, and
    // whether a flush is under way.
    std::atomic<std::uint64_t> published_{0};
    std::atomic<std::uint64_t> lines_in_file_{0};
    std::atomic<bool> flushing_{false};
    std::atomic<bool> broken_{false};  // a write failed: the handler adds nothing
    std::uint64_t bytes_ = 0;
    std::exception_ptr error_;
    std::chrono::nanoseconds last_flush_;  // on CLOCK_MONOTONIC_COARSE
};

/// Keeps every line in memory (for tests and for tools that read back a run).
class MemorySink final : public Sink {
public:
    void write(std::string_view line) override { lines_.emplace_back(line); }
    const std::vector<std::string>& lines() const noexcept { return lines_; }
    /// All lines concatenated, exactly as a file would hold them.
    std::string text() const;

private:
    std::vector<std::string> lines_;
};

/// Drops every line (to measure the cost of building events alone).
class NullSink final : public Sink {
public:
    void write(std::string_view) override {}
};

}  // namespace coolio::tracer
