#include "coolio/timeouts.hpp"

namespace coolio {

// =====================================================================================
// Timeout (timeouts.py)
// =====================================================================================

namespace {

const char* state_name(Timeout::State state) {
    switch (state) {
        case Timeout::State::created: return "created";
        case Timeout::State::entered: return "active";
        case Timeout::State::expiring: return "expiring";
        case Timeout::State::expired: return "expired";
        case Timeout::State::exited: return "finished";
    }
    return "?";
}

}  // namespace

Timeout::~Timeout() {
    if (timeout_handler_) timeout_handler_->cancel();
}

void Timeout::reschedule(std::optional<double> when) {
    if (state_ != State::entered)
        throw RuntimeError(std::string("Cannot change state of ") + state_name(state_) + " Timeout");
    when_ = when;
    if (timeout_handler_) timeout_handler_->cancel();
    timeout_handler_ = nullptr;
    if (!when) return;
    EventLoop& loop = get_running_loop();
    // A deadline already past fires on the next tick, not in the middle of this one.
    if (*when <= loop.time()) {
        timeout_handler_ = loop.call_soon([this] { on_timeout(); }, "Timeout._on_timeout");
    } else {
        timeout_handler_ = loop.call_at(*when, [this] { on_timeout(); }, "Timeout._on_timeout");
    }
}

void Timeout::enter() {
    state_ = State::entered;
    task_ = current_task();
    if (!task_) throw RuntimeError("Timeout should be used inside a task");
    reschedule(when_);
}

void Timeout::exit(std::exception_ptr raised) {
    if (timeout_handler_) {
        timeout_handler_->cancel();
        timeout_handler_ = nullptr;
    }
    if (state_ == State::expiring) {
        state_ = State::expired;
        // Our cancel() is taken back; if it was the only one, the CancelledError it
        // caused is ours to turn into TimeoutError. Another pending cancel() (someone
        // cancelling the task from outside) wins: the CancelledError goes on.
        bool ours = task_->uncancel() == 0;
        bool cancelled = false;
        if (raised) {
            try {
                std::rethrow_exception(raised);
            } catch (const CancelledError&) {
                cancelled = true;
            } catch (...) {
            }
        }
        if (ours && cancelled) throw TimeoutError();
    } else if (state_ == State::entered) {
        state_ = State::exited;
    }
}

void Timeout::on_timeout() {
    task_->cancel();
    state_ = State::expiring;
    timeout_handler_ = nullptr;  // it has fired
}

}  // namespace coolio
