// self_pipe.cpp — call_soon_threadsafe and the self-pipe that makes it wake the loop
// (asyncio's _make_self_pipe, _write_to_self and _read_from_self in selector_events.py).
//
// The loop's queues belong to its thread; nothing else may touch them, and nothing
// on the fast path takes a lock. A thread that wants something run on the loop
// therefore appends it to a separate, mutex-guarded list and writes one byte into a
// pipe the loop watches. If the loop is blocked in select, the byte wakes it; the
// pipe's reader, an ordinary reader handle, drains the bytes, takes the list and
// call_soon()s each entry. In a trace this reads as io.ready on the pipe, the reader's
// handle.run, and the call_soon events it causes: no event kind of its own.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "coolio/base_events.hpp"
#include "self_pipe.hpp"

namespace coolio {

void EventLoop::enable_threadsafe_calls() {
    check_closed();
    if (self_pipe_) return;
    int fds[2];
    check_syscall(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), "pipe2");
    auto pipe = std::make_unique<SelfPipe>();
    pipe->read_fd = fds[0];
    pipe->write_fd = fds[1];
    self_pipe_ = std::move(pipe);
    try {
        add_reader(fds[0], [this] { read_from_self(); }, "BaseSelectorEventLoop._read_from_self");
    } catch (...) {
        close_self_pipe();
        self_pipe_.reset();
        throw;
    }
}

void EventLoop::call_soon_threadsafe(std::function<void()> callback, CallbackInfo info) {
    SelfPipe* pipe = self_pipe_.get();  // set before other threads were given the loop
    if (!pipe)
        throw RuntimeError("call_soon_threadsafe needs the loop's self-pipe: call enable_threadsafe_calls() "
                           "on the loop's thread first");
    std::lock_guard lock(pipe->mutex);
    if (pipe->write_fd == -1) throw RuntimeError("Event loop is closed");
    pipe->calls.push_back({std::move(callback), std::move(info)});
    // _write_to_self. A full pipe (EAGAIN) already holds a byte that will wake the
    // loop, so the error is ignored, as asyncio ignores it.
    char byte = 0;
    while (::write(pipe->write_fd, &byte, 1) == -1 && errno == EINTR) {
    }
}

// _read_from_self: drain the pipe first, then take the list. A call appended after
// the take has written its byte after the drain, so it wakes the next select: nothing
// is ever left behind without a byte to announce it.
void EventLoop::read_from_self() {
    SelfPipe& pipe = *self_pipe_;
    char buffer[4096];
    while (true) {
        ssize_t n = ::read(pipe.read_fd, buffer, sizeof buffer);
        if (n > 0) continue;
        if (n == -1 && errno == EINTR) continue;
        break;  // EAGAIN: empty
    }
    std::vector<SelfPipe::Call> calls;
    {
        std::lock_guard lock(pipe.mutex);
        calls.swap(pipe.calls);
    }
    for (SelfPipe::Call& call : calls) call_soon(std::move(call.callback), std::move(call.info));
}

void EventLoop::close_self_pipe() noexcept {
    if (!self_pipe_ || self_pipe_->read_fd == -1) return;
    try {
        remove_reader(self_pipe_->read_fd);
    } catch (...) {
        // epoll could not forget it: closing the descriptor below removes it anyway.
    }
    std::lock_guard lock(self_pipe_->mutex);
    ::close(self_pipe_->read_fd);
    ::close(self_pipe_->write_fd);
    self_pipe_->read_fd = self_pipe_->write_fd = -1;
    self_pipe_->calls.clear();  // never run, as asyncio drops what is queued at close
}

}  // namespace coolio
