#include "coolio/tracer/sinks.hpp"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "coolio/exceptions.hpp"

namespace coolio::tracer {

namespace {
constexpr std::size_t BUFFER_SIZE = 64 * 1024;
constexpr auto FLUSH_INTERVAL = std::chrono::milliseconds(50);

// The clock of the flush interval. tick() reads it once per loop tick, so it should
// be cheap: the coarse clock (a few milliseconds of resolution, plenty to tell 50 ms
// apart) costs a quarter of the precise one, as it reads no hardware counter.
std::chrono::nanoseconds coarse_now() {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

constexpr std::uint64_t pack(std::size_t used, std::uint32_t lines) {
    return std::uint64_t(used) | (std::uint64_t(lines) << 32);
}

// write(2) until everything is out; returns 0, or the errno of the failure, with
// `written` telling how far it got.
int write_all(int fd, const char* data, std::size_t size, std::size_t& written) noexcept {
    written = 0;
    while (written < size) {
        ssize_t n = ::write(fd, data + written, size - written);
        if (n == -1) {
            if (errno == EINTR) continue;
            return errno;
        }
        written += std::size_t(n);
    }
    return 0;
}
}  // namespace

FileSink::FileSink(const std::string& path)
    : path_(path), buffer_(new char[BUFFER_SIZE]), last_flush_(coarse_now()) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ == -1) throw OSError(errno, "open(" + path + ")");
}

FileSink::~FileSink() {
    flush();
    ::close(fd_);
}

void FileSink::write(std::string_view line) {
    if (error_) return;  // the file is broken: the run is being stopped
    if (line.size() > BUFFER_SIZE - used_) flush();
    if (line.size() > BUFFER_SIZE) {  // a huge line goes straight to the file
        write_out(line.data(), line.size(), 1);
        return;
    }
    std::memcpy(buffer_.get() + used_, line.data(), line.size());
    used_ += line.size();
    ++buffered_lines_;
    // Publish only now that the line is whole: a signal handler reading this word
    // never sees a line half-copied.
    published_.store(pack(used_, buffered_lines_), std::memory_order_release);
}

void FileSink::tick() {
    if (used_ == 0) return;
    if (coarse_now() - last_flush_ >= FLUSH_INTERVAL) flush();
}

void FileSink::flush() {
    if (used_ > 0 && !error_) write_out(buffer_.get(), used_, buffered_lines_);
    used_ = 0;
    buffered_lines_ = 0;
    published_.store(0, std::memory_order_release);
    last_flush_ = coarse_now();
}

// While `flushing_` is set a signal handler cannot know how much of the buffer is in
// the file already, so it adds nothing (the file keeps whole lines, without trace.end).
void FileSink::write_out(const char* data, std::size_t size, std::uint64_t lines) {
    flushing_.store(true);
    std::size_t written = 0;
    int err = write_all(fd_, data, size, written);
    if (err == 0) {
        bytes_ += written;
        lines_in_file_.store(lines_in_file_.load(std::memory_order_relaxed) + lines);
    } else {
        fail(err, written, data);
    }
    flushing_.store(false);
}

// Full disk, file size limit, I/O error: remember it (the tracer turns it into the
// end of the run), and cut the file back to its last whole line so that every line
// in it can still be read.
void FileSink::fail(int err, std::size_t written_now, const char* data) {
    broken_.store(true);
    error_ = std::make_exception_ptr(OSError(err, "write(" + path_ + ")"));
    const char* end = data + written_now;
    const char* last_newline = std::find(std::make_reverse_iterator(end), std::make_reverse_iterator(data), '\n').base();
    std::size_t whole = std::size_t(last_newline - data);  // 0 if no newline was written
    if (whole < written_now) {
        // Cutting a file shorter is allowed even past a size limit; on a device such
        // as /dev/full it fails, and there is nothing left to save anyway.
        if (::ftruncate(fd_, off_t(bytes_ + whole)) == 0) written_now = whole;
    }
    bytes_ += written_now;
}

std::int64_t FileSink::write_from_signal_handler() noexcept {
    if (flushing_.load() || broken_.load()) return -1;
    std::uint64_t word = published_.load(std::memory_order_acquire);
    std::size_t used = std::size_t(word & 0xffffffffu);
    std::uint64_t lines = word >> 32;
    std::size_t written = 0;
    if (write_all(fd_, buffer_.get(), used, written) != 0) return -1;
    return std::int64_t(lines_in_file_.load() + lines);
}

void FileSink::append_from_signal_handler(const char* text, std::size_t size) noexcept {
    std::size_t written = 0;
    write_all(fd_, text, size, written);
}

std::string MemorySink::text() const {
    std::string all;
    for (const std::string& line : lines_) all += line;
    return all;
}

}  // namespace coolio::tracer
