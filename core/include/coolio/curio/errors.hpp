// curio/errors.hpp — the errors of the curio kernel, named as curio names them.
//
// Cancellation errors derive from coolio::CancelledError, so, as in curio (where they
// derive from BaseException), a `catch (const std::exception&)` never swallows one.
#pragma once

#include <exception>
#include <string>

#include "coolio/exceptions.hpp"

namespace coolio::curio {

/// curio.TaskCancelled: thrown into a task, at the trap it is blocked in, when another
/// task cancels it.
class TaskCancelled : public coolio::CancelledError {
public:
    using coolio::CancelledError::CancelledError;
    const char* python_name() const noexcept override { return "TaskCancelled"; }
};

/// curio.TaskTimeout: thrown into a task, at the trap it is blocked in, when the
/// deadline of its timeout_after block has passed.
class TaskTimeout : public coolio::CancelledError {
public:
    using coolio::CancelledError::CancelledError;
    const char* python_name() const noexcept override { return "TaskTimeout"; }
};

/// curio.TaskError: join() on a task that crashed or was cancelled. `cause()` is what
/// the task raised (Python's __cause__).
class TaskError : public coolio::Error {
public:
    TaskError(std::string message, std::exception_ptr cause) : Error(std::move(message)), cause_(cause) {}
    const char* python_name() const noexcept override { return "TaskError"; }
    const std::exception_ptr& cause() const noexcept { return cause_; }

private:
    std::exception_ptr cause_;
};

}  // namespace coolio::curio
