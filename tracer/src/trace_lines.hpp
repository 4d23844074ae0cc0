// trace_lines.hpp — cuts a trace into lines, from memory or from a file read in blocks.
//
// Both readers (trace_events.cpp, and trace_reader.cpp through it) take a trace one
// line at a time. A line is one event, a few hundred bytes at most, so a line longer
// than MAX_LINE_BYTES is refused as soon as that many bytes have arrived without a
// newline: a hostile file with a 100 MB line costs at most that much memory, and
// the message names the line instead of the reader running out of memory.
// Private to the tracer library.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace coolio::tracer::detail {

/// The longest line a trace may have: 16 MiB, far above any event coolio writes
/// (the longest are prints and await chains, well under a kilobyte).
inline constexpr std::size_t MAX_LINE_BYTES = std::size_t(16) << 20;

/// Called with each line, without its '\n'; `cut` is true for a last line that has none.
using LineFn = std::function<void(std::string_view line, bool cut)>;

/// Calls `each` for every line of `text`. TraceError "NAME:LINE: …" for a line longer
/// than MAX_LINE_BYTES.
void split_lines(std::string_view text, const std::string& name, const LineFn& each);

/// The same for the file at `path`, read in blocks so that it is never all in memory.
/// TraceError "PATH: …" if it is a directory or cannot be opened or read.
void read_lines(const std::string& path, const LineFn& each);

}  // namespace coolio::tracer::detail
