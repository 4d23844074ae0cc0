#include "trace_lines.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "coolio/tracer/trace_reader.hpp"  // TraceError

namespace coolio::tracer::detail {

namespace {

[[noreturn]] void too_long(const std::string& name, std::size_t line_no) {
    throw TraceError(name, line_no,
                     "the line is longer than " + std::to_string(MAX_LINE_BYTES >> 20) +
                         " MiB, the most one event may take: not a coolio trace, or a damaged one");
}

// Numbers the lines and refuses the long ones, for both ways in.
class Lines {
public:
    Lines(const std::string& name, const LineFn& each) : name_(name), each_(each) {}
    void line(std::string_view text, bool cut) {
        ++count_;
        if (text.size() > MAX_LINE_BYTES) too_long(name_, count_);
        each_(text, cut);
    }
    /// A line still unfinished after `bytes` bytes: refused once it is too long.
    void unfinished(std::size_t bytes) const {
        if (bytes > MAX_LINE_BYTES) too_long(name_, count_ + 1);
    }

private:
    const std::string& name_;
    const LineFn& each_;
    std::size_t count_ = 0;
};

}  // namespace

void split_lines(std::string_view text, const std::string& name, const LineFn& each) {
    Lines lines(name, each);
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            lines.line(text.substr(pos), true);
            break;
        }
        lines.line(text.substr(pos, end - pos), false);
        pos = end + 1;
    }
}

void read_lines(const std::string& path, const LineFn& each) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw TraceError(path, 0, "is a directory, not a trace file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TraceError(path, 0, std::string("cannot open: ") + std::strerror(errno));
    Lines lines(path, each);
    // Read in blocks and hand on the complete lines of each: a big file is never all
    // in memory at once, which spares a big allocation and its page faults.
    constexpr std::size_t BLOCK = 1 << 20;
    std::vector<char> buffer(BLOCK);
    std::size_t kept = 0;  // bytes of an unfinished line carried over from the last block
    while (true) {
        if (kept == buffer.size()) buffer.resize(2 * buffer.size());  // a line longer than a block
        in.read(buffer.data() + kept, static_cast<std::streamsize>(buffer.size() - kept));
        if (in.bad()) throw TraceError(path, 0, "read error");
        std::size_t filled = kept + static_cast<std::size_t>(in.gcount());
        std::string_view text(buffer.data(), filled);
        std::size_t parsed = 0;
        for (std::size_t end; (end = text.find('\n', parsed)) != std::string_view::npos; parsed = end + 1)
            lines.line(text.substr(parsed, end - parsed), false);
        if (in.gcount() == 0) {  // the end of the file
            if (parsed < filled) lines.line(text.substr(parsed), true);
            break;
        }
        kept = filled - parsed;
        lines.unfinished(kept);  // before the buffer grows to hold more of it
        std::memmove(buffer.data(), buffer.data() + parsed, kept);
    }
}

}  // namespace coolio::tracer::detail
