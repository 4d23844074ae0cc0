// timeout_block — asyncio.timeout: a deadline on a block of code in the current task.
//
// timeout(1.5, block) starts a timer and runs the block in the same task. If the
// timer fires first it cancels the task; the CancelledError comes out of the block,
// and timeout() turns it into TimeoutError. No second task is made (compare
// wait_for). The block can take the Timeout& to look at it or move its deadline.
#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

Coro<void> slow_block() {
    print("block: sleeping 10 s");
    co_await sleep(10);
    print("block: never gets here");
}

Coro<void> main_coro() {
    EventLoop& loop = get_running_loop();
    try {
        co_await timeout(1.5, slow_block());
    } catch (const TimeoutError&) {
        print("timed out at", loop.time(), exception_repr(std::current_exception()));
    }
    co_await timeout(5, [&](Timeout& cm) -> Coro<void> {
        co_await sleep(1);
        print("in time at", loop.time(), "expired:", cm.expired());
    });
    co_await timeout(1, [&](Timeout& cm) -> Coro<void> {
        cm.reschedule(loop.time() + 3);
        co_await sleep(2);
        print("rescheduled: still running at", loop.time());
    });
}

}  // namespace

void timeout_block(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios
