// sinks.hpp — where trace lines go: a file, memory, or nowhere.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace coolio::tracer {

/// Receives complete JSON lines (each ending in '\n').
class Sink {
public:
    virtual ~Sink() = default;
    /// Takes one complete line.
    virtual void write(std::string_view line) = 0;
    /// Called once per loop tick: a chance to push buffered lines out.
    virtual void tick() {}
    /// Pushes out everything buffered.
    virtual void flush() {}
};

/// Streams lines to a file. Lines are buffered and written in whole lines only,
/// when the buffer is full or, at a tick boundary, when 50 ms have passed since the
/// last write: a run that is killed leaves a file whose every line is complete, at
/// most a moment behind, without paying a system call per event.
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
    const std::string& path() const noexcept { return path_; }
    std::uint64_t bytes_written() const noexcept { return bytes_; }

private:
    std::string path_;
    int fd_;
    std::string buffer_;
    std::uint64_t bytes_ = 0;
    std::chrono::steady_clock::time_point last_flush_;
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
