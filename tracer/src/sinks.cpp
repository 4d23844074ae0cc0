#include "coolio/tracer/sinks.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "coolio/exceptions.hpp"

namespace coolio::tracer {

namespace {
constexpr std::size_t BUFFER_LIMIT = 64 * 1024;
constexpr auto FLUSH_INTERVAL = std::chrono::milliseconds(50);
}  // namespace

FileSink::FileSink(const std::string& path)
    : path_(path), last_flush_(std::chrono::steady_clock::now()) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ == -1) throw OSError(errno, "open(" + path + ")");
    buffer_.reserve(BUFFER_LIMIT + 4096);
}

FileSink::~FileSink() {
    try {
        flush();
    } catch (...) {
        // A destructor cannot report; the error was (or will be) seen by flush() calls.
    }
    ::close(fd_);
}

void FileSink::write(std::string_view line) {
    buffer_.append(line);
    if (buffer_.size() >= BUFFER_LIMIT) flush();
}

void FileSink::tick() {
    if (buffer_.empty()) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_flush_ >= FLUSH_INTERVAL) flush();
}

void FileSink::flush() {
    std::size_t done = 0;
    while (done < buffer_.size()) {
        ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
        if (n == -1) {
            if (errno == EINTR) continue;
            int err = errno;
            buffer_.erase(0, done);
            throw OSError(err, "write(" + path_ + ")");
        }
        done += std::size_t(n);
    }
    bytes_ += done;
    buffer_.clear();
    last_flush_ = std::chrono::steady_clock::now();
}

std::string MemorySink::text() const {
    std::string all;
    for (const std::string& line : lines_) all += line;
    return all;
}

}  // namespace coolio::tracer
