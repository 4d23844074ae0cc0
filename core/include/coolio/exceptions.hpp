// exceptions.hpp — the errors a coolio program can meet, named as asyncio names them.
//
// Two families are kept apart on purpose:
//   * errors that belong to the user's program (a task raised, a future was misused,
//     a system call failed): they derive from coolio::Error and travel the way asyncio
//     moves exceptions around: stored in a future, thrown into a coroutine, reported
//     by the loop's exception handler;
//   * InternalError, a broken invariant inside coolio itself: it is never stored in a
//     future and never swallowed by the loop; it stops the run so the bug is seen.
#pragma once

#include <cerrno>
#include <stdexcept>
#include <string>

namespace coolio {

/// Base of every Python-style error coolio raises. `python_name()` is what a Python
/// programmer would see (e.g. "InvalidStateError"), used when describing the error in
/// a trace or a message.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    /// An error with no message (Python's `raise TimeoutError()`).
    Error() : std::runtime_error("") {}
    virtual const char* python_name() const noexcept { return "Exception"; }
};

/// Raised where Python raises RuntimeError (e.g. a loop that is already running).
class RuntimeError : public Error {
public:
    using Error::Error;
    const char* python_name() const noexcept override { return "RuntimeError"; }
};

/// Raised where Python raises ValueError (e.g. `wait` given an empty list).
class ValueError : public Error {
public:
    using Error::Error;
    const char* python_name() const noexcept override { return "ValueError"; }
};

/// Raised where Python raises TypeError.
class TypeError : public Error {
public:
    using Error::Error;
    const char* python_name() const noexcept override { return "TypeError"; }
};

/// asyncio.InvalidStateError: an operation that the future's state forbids, such as
/// setting the result of a future that is already done or reading an unfinished one.
class InvalidStateError : public Error {
public:
    using Error::Error;
    const char* python_name() const noexcept override { return "InvalidStateError"; }
};

/// TimeoutError (asyncio.TimeoutError is the builtin since Python 3.11).
class TimeoutError : public Error {
public:
    using Error::Error;
    const char* python_name() const noexcept override { return "TimeoutError"; }
};

/// asyncio.QueueEmpty: get_nowait() on an empty queue.
class QueueEmpty : public Error {
public:
    QueueEmpty() : Error("queue is empty") {}
    const char* python_name() const noexcept override { return "QueueEmpty"; }
};

/// asyncio.QueueFull: put_nowait() on a full queue.
class QueueFull : public Error {
public:
    QueueFull() : Error("queue is full") {}
    const char* python_name() const noexcept override { return "QueueFull"; }
};

/// A failed system call, as Python's OSError: the errno and the name of the call.
class OSError : public Error {
public:
    /// `call` names the system call (e.g. "epoll_wait"); `err` is its errno.
    OSError(int err, std::string call);
    int error_number() const noexcept { return errno_; }
    const std::string& call() const noexcept { return call_; }
    const char* python_name() const noexcept override { return "OSError"; }

private:
    int errno_;
    std::string call_;
};

/// asyncio.CancelledError. Like Python (3.8+), where it is a BaseException rather than
/// an Exception, it deliberately does NOT derive from std::exception: a coroutine's
/// `catch (const std::exception&)` must not swallow a cancellation by accident.
class CancelledError {
public:
    CancelledError() = default;
    explicit CancelledError(std::string message) : message_(std::move(message)) {}
    virtual ~CancelledError() = default;
    /// The message given to cancel(msg); empty when none was given.
    const std::string& message() const noexcept { return message_; }
    /// "CancelledError"; curio's cancellations (curio/errors.hpp) name themselves.
    virtual const char* python_name() const noexcept { return "CancelledError"; }

private:
    std::string message_;
};

/// A bug in coolio itself (a broken invariant). Not a user error: the loop lets it
/// propagate out of run_forever instead of reporting and carrying on.
class InternalError : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

/// Throws OSError(errno, call) when `result` is -1; returns `result` otherwise.
/// Every system call coolio makes goes through this, so none is left unchecked.
inline long check_syscall(long result, const char* call) {
    if (result == -1) throw OSError(errno, call);
    return result;
}

}  // namespace coolio
