// wait.hpp — asyncio.wait: wait for a group of tasks, all or some of them.
//
// wait() is built from the same parts as everything else: one "waiter" future, and a
// done-callback (_on_completion) on every awaited task. Each finishing task queues
// _on_completion; the call that sees enough of them done sets the waiter's result,
// which queues the wakeup of the task running wait(). Nothing polls.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "coolio/tasks.hpp"

namespace coolio {

/// When wait() returns (asyncio.FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED).
enum class ReturnWhen { FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED };
inline constexpr ReturnWhen FIRST_COMPLETED = ReturnWhen::FIRST_COMPLETED;
inline constexpr ReturnWhen FIRST_EXCEPTION = ReturnWhen::FIRST_EXCEPTION;
inline constexpr ReturnWhen ALL_COMPLETED = ReturnWhen::ALL_COMPLETED;

using FutureBasePtr = Ref<FutureBase>;

/// One entry of wait()'s list: a coroutine, made into a task when wait() starts (as
/// in the asyncio the doc studies), or a future or task, used as it is. Copyable, so
/// that a braced list `wait({a(), b()})` works; copies share the one coroutine.
class Awaitable {
public:
    template <class T>
    Awaitable(Coro<T> coro) : pending_(std::make_shared<PendingCoro<T>>(std::move(coro))) {}
    template <class F>
        requires std::derived_from<F, FutureBase>
    Awaitable(Ref<F> future) : future_(std::move(future)) {}

    /// The future for this entry, creating the task on `loop` the first time.
    FutureBasePtr ensure_future(EventLoop& loop) const;

private:
    struct Pending {
        virtual ~Pending() = default;
        virtual FutureBasePtr make_task(EventLoop& loop) = 0;
        FutureBasePtr made;
    };
    template <class T>
    struct PendingCoro final : Pending {
        explicit PendingCoro(Coro<T> c) : coro(std::move(c)) {}
        FutureBasePtr make_task(EventLoop& loop) override { return loop.create_task(std::move(coro)); }
        Coro<T> coro;
    };
    std::shared_ptr<Pending> pending_;
    FutureBasePtr future_;
};

/// What wait() returns: (done, pending), each in the order the list gave them.
/// (asyncio returns two sets, whose order Python does not define.)
struct WaitResult {
    std::vector<FutureBasePtr> done;
    std::vector<FutureBasePtr> pending;
    /// As Python prints the (done, pending) pair of sets.
    std::string repr() const;
};

/// Waits until `return_when` is met or `timeout` seconds have passed, and returns the
/// futures that are done and those still pending (a timeout raises nothing: the
/// pending ones are simply left running). ValueError for an empty list.
Coro<WaitResult> wait(std::vector<Awaitable> awaitables, std::optional<double> timeout = std::nullopt,
                      ReturnWhen return_when = ALL_COMPLETED);

}  // namespace coolio
