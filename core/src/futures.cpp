#include "coolio/futures.hpp"

#include <algorithm>
#include <utility>

#include "coolio/base_events.hpp"

namespace coolio {

FutureBase::FutureBase(EventLoop& loop) : loop_(loop), id_(loop.next_future_id()) {}

FutureBase::~FutureBase() {
    // Only a future with an unretrieved exception is described: describing a result
    // would call result_repr(), which the derived class, already destroyed, provided.
    if (log_traceback_) report_if_never_retrieved(future_repr(*this));
    clear_weak_references();  // for a future destroyed other than by its last Ref
}

FutureBase::Extra& FutureBase::extra() const {
    if (!extra_) extra_ = std::make_unique<Extra>();
    return *extra_;
}

detail::WeakCell* FutureBase::weak_cell() const {
    Extra& more = extra();
    if (!more.weak_cell) more.weak_cell = new detail::WeakCell;
    return more.weak_cell;
}

void FutureBase::clear_weak_references() const noexcept {
    if (!extra_ || !extra_->weak_cell) return;
    extra_->weak_cell->alive = false;
    detail::release_weak_cell(std::exchange(extra_->weak_cell, nullptr));
}

void FutureBase::mark_retrieved() const noexcept {
    if (!log_traceback_) return;
    log_traceback_ = false;
    loop_.forget_unretrieved(this);
}

void FutureBase::report_if_never_retrieved(const std::string& repr) noexcept {
    if (!log_traceback_) return;
    mark_retrieved();
    std::string message = std::string(is_task() ? "Task" : "Future") + " exception was never retrieved";
    try {
        loop_.call_exception_handler({message, peek_exception(), nullptr, nullptr, "future: " + repr, id_});
    } catch (...) {
        // A destructor cannot throw; the report is lost, the program goes on.
    }
}

void FutureBase::forget_done_callbacks() noexcept {
    CallbackEntry first = std::move(callback0_);
    callback0_ = CallbackEntry{};
    std::vector<CallbackEntry> rest = extra_ ? std::move(extra_->more_callbacks) : std::vector<CallbackEntry>{};
    // `first` and `rest` go here, after the future no longer lists them: destroying
    // them may destroy the last owner of this very future.
}

std::string FutureBase::name() const { return "Future-" + std::to_string(id_); }

void FutureBase::announce_created() {
    if (Observer* o = loop_.observer()) o->on_future_created(*this);
}

std::exception_ptr FutureBase::exception() const {
    if (state_ == FutureState::cancelled) throw make_cancelled_error();
    if (state_ == FutureState::pending) throw InvalidStateError("Exception is not set.");
    mark_retrieved();
    return peek_exception();
}

const char* FutureBase::outcome() const noexcept {
    switch (state_) {
        case FutureState::pending: return "pending";
        case FutureState::cancelled: return "cancelled";
        case FutureState::finished: break;
    }
    return peek_exception() ? "exception" : "result";
}

std::string FutureBase::exception_repr() const {
    if (state_ == FutureState::cancelled) return coolio::exception_repr(std::make_exception_ptr(make_cancelled_error()));
    return coolio::exception_repr(peek_exception());
}

// The words of CPython's C Future (the one asyncio uses): "invalid state". The pure
// Python Future would say "FINISHED: <Future ...>"; programs see the C one.
void FutureBase::require_pending() const {
    if (state_ != FutureState::pending) throw InvalidStateError("invalid state");
}

void FutureBase::throw_unless_result() const {
    if (state_ == FutureState::cancelled) throw make_cancelled_error();
    if (state_ == FutureState::pending) throw InvalidStateError("Result is not ready.");
    mark_retrieved();
    if (std::exception_ptr error = peek_exception()) std::rethrow_exception(error);
}

bool FutureBase::cancel(std::string message) {
    mark_retrieved();
    if (state_ != FutureState::pending) return false;
    finish_cancelled(std::move(message));
    return true;
}

void FutureBase::finish_with_exception(std::exception_ptr error) {
    extra().exception = std::move(error);
    log_traceback_ = true;
    loop_.remember_unretrieved(this);
    state_ = FutureState::finished;
    schedule_callbacks();
}

void FutureBase::finish_with_result() {
    state_ = FutureState::finished;
    schedule_callbacks();
}

namespace {
const std::string no_text;
}

const std::string& FutureBase::cancel_message() const noexcept { return extra_ ? extra_->cancel_message : no_text; }

void FutureBase::set_cancel_message(std::string message) {
    if (!message.empty() || extra_) extra().cancel_message = std::move(message);
}

const std::string& FutureBase::given_name() const noexcept { return extra_ ? extra_->given_name : no_text; }

void FutureBase::set_given_name(std::string name) {
    if (!name.empty() || extra_) extra().given_name = std::move(name);
}

void FutureBase::finish_cancelled(std::string message) {
    set_cancel_message(std::move(message));
    state_ = FutureState::cancelled;
    schedule_callbacks();
}

// asyncio's __schedule_callbacks: every callback goes through call_soon, in the order
// they were added, and the list is emptied (each callback runs once).
void FutureBase::schedule_callbacks() {
    Observer* o = loop_.observer();
    if (o) o->on_future_resolved(*this);
    CallbackEntry first = std::exchange(callback0_, CallbackEntry{});
    if (first.token != 0) schedule_one(std::move(first));
    if (extra_ && !extra_->more_callbacks.empty()) {
        std::vector<CallbackEntry> others = std::move(extra_->more_callbacks);  // leaves it empty
        for (CallbackEntry& callback : others) schedule_one(std::move(callback));
    }
    if (o) o->on_future_resolved_end(*this);
}

void FutureBase::schedule_one(CallbackEntry callback) {
    // The handle calls callback.fn with its argument, this future, which it keeps alive
    // until the callback has run.
    loop_.call_soon(std::move(callback.fn), CallbackInfo{callback.name, std::move(callback.self), Ref<FutureBase>(this)});
}

CallbackToken FutureBase::add_done_callback(DoneCallback callback, const char* name,
                                            Ref<const FutureBase> self) {
    CallbackToken token = next_token_++;
    Observer* o = loop_.observer();
    CallbackInfo described = o ? CallbackInfo(name, self) : CallbackInfo();  // for the observer
    CallbackEntry entry{token, std::move(callback), name, std::move(self)};
    if (done()) {
        // Already done: the callback is queued at once (the report comes first, as the
        // callback was added before it was scheduled).
        if (o) o->on_future_callback_added(*this, token, described);
        schedule_one(std::move(entry));
    } else {
        if (callback0_.token == 0 && callback_count() == 0) {
            callback0_ = std::move(entry);
        } else {
            extra().more_callbacks.push_back(std::move(entry));
        }
        if (o) o->on_future_callback_added(*this, token, described);
    }
    return token;
}

std::size_t FutureBase::remove_done_callback(CallbackToken token) {
    if (token != 0 && callback0_.token == token) {
        callback0_ = CallbackEntry{};
    } else {
        if (!extra_) return 0;
        std::vector<CallbackEntry>& more = extra_->more_callbacks;
        auto found = std::find_if(more.begin(), more.end(), [&](auto& c) { return c.token == token; });
        if (found == more.end()) return 0;
        more.erase(found);
    }
    if (Observer* o = loop_.observer()) o->on_future_callback_removed(*this, token);
    return 1;
}

}  // namespace coolio
